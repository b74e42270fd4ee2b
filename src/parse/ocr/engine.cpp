// recognize(): preparation, orientation, recognition, paragraphs.
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "core/error.h"
#include "core/text.h"
#include "parse/ocr/engine_pool.h"
#include "parse/ocr/ocr.h"
#include "parse/ocr/pix.h"
#include "parse/pdf/pdf_layout.h"

namespace lore::parse::ocr {

namespace {

// Tesseract's LSTM reads best with glyphs roughly this tall (pixels, see
// glyph_height(): about the cap height of Latin text).
constexpr double kTargetGlyph = 32;
constexpr double kMinGlyph = 24;   // smaller: upscale to kTargetGlyph
constexpr double kMaxGlyph = 100;  // larger: downscale (speed; accuracy is flat)
constexpr double kMaxUpscale = 4;
// Never hand tesseract more pixels than this (memory and time).
constexpr double kMaxPixels = 80e6;
// Orientation: OSD confidence at or above kSureOrientation is trusted; in
// [kMinOrientation, kSureOrientation) both readings are tried and the more
// confident one wins; below, the page is read as it is.
constexpr float kSureOrientation = 6.0f;
constexpr float kMinOrientation = 0.5f;
constexpr int kAssumedDpi = 300;
// Images up to this many pixels (after scaling) are read at several scales.
constexpr double kSmallImagePixels = 1.5e6;
// A reading this CJK (share of letters) is redone with the CJK language first.
constexpr double kCjkMajority = 0.5;
// Script guesses below this OSD confidence are ignored.
constexpr float kMinScriptConfidence = 1.0f;

struct Reading {
  std::vector<OcrBlock> blocks;
  double confidence = -1;  // mean word confidence weighted by characters
  bool timed_out = false;
};

using Deadline = std::chrono::steady_clock::time_point;

int remaining_ms(Deadline deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<long long>(left.count(), 1, INT32_MAX));
}

struct Orientation {
  int quads = 0;  // clockwise quarter turns that make the page upright
  float confidence = 0;
  std::string script;  // dominant script ("Latin", "Han", ...), "" when unknown
};

Orientation detect_orientation(Pix* gray, int dpi, int limit) {
  static std::atomic<bool> unavailable{false};  // no osd.traineddata: pages are read as they are
  if (unavailable) return {};
  std::optional<EngineLease> lease;
  try {
    lease.emplace(kOsdLanguages, limit);
  } catch (const Error&) {
    unavailable = true;
    return {};
  }
  tesseract::TessBaseAPI& osd = *(*lease)->api;
  osd.SetPageSegMode(tesseract::PSM_OSD_ONLY);
  osd.SetImage(gray);
  osd.SetSourceResolution(dpi);
  int degrees = 0;
  float conf = 0, script_conf = 0;
  const char* script = nullptr;
  const bool ok = osd.DetectOrientationScript(&degrees, &conf, &script, &script_conf);
  osd.Clear();
  if (!ok) return {};
  // OSD reports the page's orientation counter-clockwise; turning it back is clockwise.
  return {((360 - degrees) % 360) / 90, conf, script && script_conf >= kMinScriptConfidence ? script : ""};
}

// Tesseract treats the first language as the primary one: with "eng" first,
// lines of Chinese are sometimes read as Latin garbage. When OSD says the
// page is mostly in a CJK script and a language for it is configured, that
// language goes first.
std::string order_languages(const std::string& languages, const std::string& script) {
  static const std::pair<const char*, std::vector<std::string>> kScripts[] = {
      {"Han", {"chi_sim", "chi_tra", "jpn", "chi_sim_vert", "chi_tra_vert"}},
      {"Japanese", {"jpn", "jpn_vert"}},
      {"Katakana", {"jpn"}},
      {"Hiragana", {"jpn"}},
      {"Hangul", {"kor", "kor_vert"}},
  };
  std::vector<std::string> codes;
  std::stringstream in(languages);
  for (std::string code; std::getline(in, code, '+');) codes.push_back(code);
  for (const auto& [name, preferred] : kScripts) {
    if (script != name) continue;
    for (const auto& want : preferred) {
      auto it = std::find(codes.begin(), codes.end(), want);
      if (it == codes.end()) continue;
      std::rotate(codes.begin(), it, it + 1);
      std::string out;
      for (const auto& c : codes) out += (out.empty() ? "" : "+") + c;
      return out;
    }
  }
  return languages;
}

struct Para {
  std::vector<std::string> lines;
  BBox box{1e18, 1e18, -1e18, -1e18};
  double conf_sum = 0;
  double chars = 0;
};

Reading read_page(Engine& engine, Pix* prepared, const Transform& t, int dpi, Deadline deadline) {
  Reading out;
  tesseract::TessBaseAPI& api = *engine.api;
  api.SetPageSegMode(tesseract::PSM_AUTO);
  api.SetImage(prepared);
  api.SetSourceResolution(dpi);
  tesseract::ETEXT_DESC monitor;
  monitor.set_deadline_msecs(remaining_ms(deadline));
  const int status = api.Recognize(&monitor);
  if (status != 0 || monitor.deadline_exceeded()) {
    // Results of an interrupted page are incomplete and unsafe to iterate;
    // a failure without timeout is a page tesseract found nothing on.
    out.timed_out = monitor.deadline_exceeded();
    api.Clear();
    return out;
  }
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  std::vector<Para> paras;
  double conf_sum = 0, chars_sum = 0;
  if (it) {
    do {
      if (it->Empty(tesseract::RIL_WORD)) continue;
      std::unique_ptr<char[]> raw(it->GetUTF8Text(tesseract::RIL_WORD));
      const std::string word = raw ? std::string(text::trim(raw.get())) : std::string();
      if (word.empty()) continue;
      if (paras.empty() || it->IsAtBeginningOf(tesseract::RIL_PARA)) paras.emplace_back();
      Para& p = paras.back();
      if (p.lines.empty() || it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) p.lines.emplace_back();
      if (!p.lines.back().empty()) p.lines.back() += ' ';
      p.lines.back() += word;
      const double conf = std::clamp<double>(it->Confidence(tesseract::RIL_WORD), 0, 100);
      const double n = static_cast<double>(word.size());
      p.conf_sum += conf * n;
      p.chars += n;
      conf_sum += conf * n;
      chars_sum += n;
      int l = 0, tp = 0, r = 0, b = 0;
      if (it->BoundingBox(tesseract::RIL_WORD, &l, &tp, &r, &b)) {
        p.box.x0 = std::min<double>(p.box.x0, l);
        p.box.y0 = std::min<double>(p.box.y0, tp);
        p.box.x1 = std::max<double>(p.box.x1, r);
        p.box.y1 = std::max<double>(p.box.y1, b);
      }
    } while (it->Next(tesseract::RIL_WORD));
  }
  it.reset();
  api.Clear();
  for (Para& p : paras) {
    std::vector<std::string> cleaned;
    for (const auto& line : p.lines) cleaned.push_back(remove_cjk_spaces(line));
    const std::vector<std::string_view> views(cleaned.begin(), cleaned.end());
    OcrBlock block;
    block.text = pdf::join_lines(views);
    if (block.text.empty()) continue;
    block.confidence = p.chars > 0 ? p.conf_sum / p.chars : 0;
    block.bbox = p.box.empty() ? BBox{} : t.map_back(p.box);
    out.blocks.push_back(std::move(block));
  }
  out.confidence = chars_sum > 0 ? conf_sum / chars_sum : -1;
  return out;
}

int scaled(int dpi, double scale) { return std::max(1, static_cast<int>(std::lround(dpi * scale))); }

// Share of CJK characters among the letters of a reading.
double cjk_share(const Reading& r) {
  double cjk = 0, all = 0;
  for (const auto& b : r.blocks)
    for (size_t i = 0; i < b.text.size();) {
      const char32_t c = text::next_codepoint(b.text, i);
      if (text::is_cjk(c))
        ++cjk, ++all;
      else if (c < 0x80 ? std::isalnum(static_cast<int>(c)) != 0 : !text::is_space(c))
        ++all;
    }
  return all > 0 ? cjk / all : 0;
}

bool is_joinable_punct(char32_t c) {
  return (c < 0x80 && std::ispunct(static_cast<int>(c)) && c != '#' && c != '&' && c != '@') ||
         (c >= 0x2018 && c <= 0x201F) || c == 0x2026 || c == 0x00B7;
}

}  // namespace

std::string remove_cjk_spaces(std::string_view s) {
  std::vector<char32_t> cps;
  for (size_t i = 0; i < s.size();) cps.push_back(text::next_codepoint(s, i));
  std::string out;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (cps[i] == ' ' && i > 0 && i + 1 < cps.size()) {
      const char32_t a = cps[i - 1], b = cps[i + 1];
      const bool cjk_a = text::is_cjk(a), cjk_b = text::is_cjk(b);
      if ((cjk_a && (cjk_b || is_joinable_punct(b))) || (cjk_b && is_joinable_punct(a))) continue;
    }
    text::append_utf8(out, cps[i]);
  }
  return out;
}

int worker_count(const OcrOptions& options) {
  if (options.threads > 0) return options.threads;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

OcrResult recognize(const Pix* image, int dpi, const OcrOptions& options) {
  const Deadline deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(std::max(1, options.page_timeout_seconds));
  if (dpi <= 0 || dpi > 4800) dpi = kAssumedDpi;
  PixPtr gray = to_gray(image);
  if (!gray) throw Error(ErrorCode::bad_input, "OCR: unsupported image depth");
  const double w = pixGetWidth(gray.get()), h = pixGetHeight(gray.get());
  const double max_scale = std::sqrt(kMaxPixels / std::max(1.0, w * h));
  const double glyph = glyph_height(gray.get());
  double scale = 1;
  if (glyph > 0 && glyph < kMinGlyph)
    scale = std::min(kMaxUpscale, kTargetGlyph / glyph);
  else if (glyph > kMaxGlyph)
    scale = kTargetGlyph / glyph;
  scale = std::min(scale, max_scale);
  const int workers = worker_count(options);

  Transform upright;
  PixPtr page = prepare(gray.get(), 0, scale, upright);
  const Orientation orientation = detect_orientation(page.get(), scaled(dpi, scale), workers);
  page.reset();
  // Quarter turns to try: OSD's when confident, both readings when unsure.
  std::vector<int> turns = {0};
  if (orientation.quads != 0 && orientation.confidence >= kMinOrientation) {
    turns = {orientation.quads};
    if (orientation.confidence < kSureOrientation) turns.push_back(0);
  }
  // Small images (snippets, screenshots) are cheap: tesseract's accuracy on
  // them swings with the exact glyph size, so a few scales are tried and its
  // own confidence picks the reading.
  std::vector<double> scales = {scale};
  if (w * h * scale * scale <= kSmallImagePixels)
    for (double f : {0.7, 1.4}) scales.push_back(std::min({scale * f, kMaxUpscale, max_scale}));

  OcrResult result;
  Reading best;
  std::string languages = order_languages(options.languages, orientation.script);
  auto attempt = [&](int quads, double s, const std::string& langs) {
    Transform t;
    PixPtr prepared = prepare(gray.get(), quads, s, t);
    Reading r;
    {
      EngineLease engine(langs, workers);
      r = read_page(*engine, prepared.get(), t, scaled(dpi, s), deadline);
    }
    if (r.timed_out) result.timed_out = true;
    if (!r.timed_out && (best.confidence < 0 || r.confidence > best.confidence)) {
      best = std::move(r);
      result.rotation = quads * 90;
      result.skew_degrees = t.skew_radians * 180 / M_PI;
      return true;
    }
    return false;
  };
  for (int quads : turns)
    for (double s : scales)
      if (!result.timed_out) attempt(quads, s, languages);
  // Mostly CJK text read with a Latin primary language: read again with the
  // CJK language first (see order_languages) and keep that reading.
  if (!result.timed_out && cjk_share(best) >= kCjkMajority) {
    const std::string cjk_first = order_languages(options.languages, "Han");
    if (cjk_first != languages) {
      best.confidence = -1;  // the CJK-first reading wins unless it times out
      Reading previous = best;
      for (double s : scales)
        if (!result.timed_out) attempt(result.rotation / 90, s, cjk_first);
      if (best.confidence < 0) best = std::move(previous);
    }
    // Short lines of CJK text can still come out as Latin garbage while a
    // Latin language is loaded at all ("EMO. Get." for 倍感嫩白柔滑); the
    // CJK model reads digits and Latin letters too, so a reading with the
    // CJK language alone competes on tesseract's confidence.
    const std::string cjk_only = cjk_first.substr(0, cjk_first.find('+'));
    const bool cjk_model =
        cjk_only.rfind("chi_", 0) == 0 || cjk_only.rfind("jpn", 0) == 0 || cjk_only.rfind("kor", 0) == 0;
    if (cjk_model && cjk_only != cjk_first)
      for (double s : scales)
        if (!result.timed_out) attempt(result.rotation / 90, s, cjk_only);
  }
  result.blocks = std::move(best.blocks);
  if (!result.blocks.empty()) result.timed_out = false;  // a later attempt ran out of time, not the page
  return result;
}

void for_each_page(size_t count, const OcrOptions& options, const std::function<void(size_t)>& job) {
  const size_t workers = std::min(count, static_cast<size_t>(worker_count(options)));
  if (workers <= 1) {
    for (size_t i = 0; i < count; ++i) job(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto work = [&] {
    for (size_t i; !failed && (i = next++) < count;) {
      try {
        job(i);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        failed = true;
      }
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace lore::parse::ocr
