// Parsing quality against ground truth, next to the raw tools' scores.
//
// Reads MANIFEST.tsv of a documents corpus (default ../shared/data/docs;
// columns: document, ground truth, kind) and scores Lore's parse of each
// document by the kind of its ground truth:
//   markdown, md_tables  order-aware token F1 of the text vs the reference
//                        Markdown (Markdown syntax ignored: only word tokens
//                        count); md_tables also scores table cells
//   text                 bag-of-tokens F1 vs expected plain text (PDFBox)
//   table_csv            table cell F1 vs a CSV of the real cells
//   ocr_text             character error rate vs a transcript, and the same
//                        without reading order (flexible_cer, reported apart)
//   json_text            email recovery: headers, body, attachment names
// The raw baselines are scored the same way: pdftotext for PDF, tag stripping
// for HTML and Office XML, the raw bytes for email, the tesseract CLI for
// images and scanned PDFs (pdftoppm -r 300 first; when installed). Text-PDF throughput is reported as pages/s
// for Lore and pdftotext on the same files in the same run.
//
// Usage: parse_quality [--data DIR] [--out results.json] [--kind ocr_text]
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/fs.h"
#include "core/text.h"
#include "parse/parser.h"

namespace {

namespace stdfs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// ---- tokens and scores ------------------------------------------------------

// Lower-cased word tokens; every CJK character is a token; punctuation and
// Markdown syntax are dropped.
std::vector<std::string> tokens(std::string_view s) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) out.push_back(lore::text::ascii_lower(word));
    word.clear();
  };
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t cp = lore::text::next_codepoint(s, i);
    if (lore::text::is_cjk(cp)) {
      flush();
      if (cp >= 0x3040) out.emplace_back(s.substr(start, i - start));  // skip CJK punctuation block
    } else if ((cp < 0x80 && std::isalnum(static_cast<int>(cp))) ||
               (cp >= 0xC0 && !lore::text::is_space(cp) && !(cp >= 0x2000 && cp <= 0x2BFF))) {
      word.append(s.substr(start, i - start));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

double f1(double matched, size_t predicted, size_t expected) {
  if (predicted == 0 && expected == 0) return 1.0;
  if (predicted == 0 || expected == 0 || matched == 0) return 0.0;
  const double p = matched / static_cast<double>(predicted), r = matched / static_cast<double>(expected);
  return 2 * p * r / (p + r);
}

// Length of the longest common subsequence, bit-parallel (Allison-Dix /
// Hyyrö): O(|a| * |b| / 64), fast enough for whole documents.
size_t lcs_length(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  std::map<std::string, std::vector<uint64_t>> match;
  const size_t words = (a.size() + 63) / 64;
  for (size_t i = 0; i < a.size(); ++i) {
    auto& m = match[a[i]];
    if (m.empty()) m.assign(words, 0);
    m[i / 64] |= uint64_t{1} << (i % 64);
  }
  std::vector<uint64_t> v(words, ~uint64_t{0});
  const std::vector<uint64_t> zero(words, 0);
  for (const auto& token : b) {
    auto it = match.find(token);
    const auto& m = it == match.end() ? zero : it->second;
    uint64_t carry = 0;
    for (size_t k = 0; k < words; ++k) {
      const uint64_t u = v[k] & m[k];
      const uint64_t sum = v[k] + u + carry;
      carry = (sum < v[k] || (carry && sum == v[k])) ? 1 : 0;
      v[k] = sum | (v[k] - u);
    }
  }
  size_t zeros = 0;
  for (size_t k = 0; k < words; ++k) {
    uint64_t x = ~v[k];
    if (k == words - 1 && a.size() % 64) x &= (uint64_t{1} << (a.size() % 64)) - 1;
    zeros += static_cast<size_t>(__builtin_popcountll(x));
  }
  return zeros;
}

double ordered_f1(std::string_view predicted, std::string_view expected) {
  const auto p = tokens(predicted), e = tokens(expected);
  return f1(static_cast<double>(lcs_length(p, e)), p.size(), e.size());
}

double bag_f1(std::string_view predicted, std::string_view expected) {
  const auto p = tokens(predicted), e = tokens(expected);
  std::map<std::string, int> counts;
  for (const auto& t : e) ++counts[t];
  double matched = 0;
  for (const auto& t : p)
    if (auto it = counts.find(t); it != counts.end() && it->second > 0) {
      --it->second;
      ++matched;
    }
  return f1(matched, p.size(), e.size());
}

std::string normalise_cell(std::string_view cell) {
  std::string out;
  for (const auto& t : tokens(cell)) out += (out.empty() ? "" : " ") + t;
  return out;
}

// Cells of every pipe table in Markdown text (separator rows skipped).
std::vector<std::string> markdown_cells(std::string_view md) {
  std::vector<std::string> cells;
  std::istringstream in{std::string(md)};
  for (std::string line; std::getline(in, line);) {
    const auto t = std::string(lore::text::trim(line));
    if (t.empty() || t[0] != '|') continue;
    if (t.find_first_not_of("|-: ") == std::string::npos) continue;  // | --- | :-: |
    std::string cell;
    for (size_t i = 1; i < t.size(); ++i) {
      if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '|') {
        cell += '|';
        ++i;
        continue;
      }
      if (t[i] == '|') {
        if (auto n = normalise_cell(cell); !n.empty()) cells.push_back(n);
        cell.clear();
      } else {
        cell += t[i];
      }
    }
  }
  return cells;
}

std::vector<std::string> csv_cells(std::string_view csv) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i <= csv.size(); ++i) {
    const char c = i < csv.size() ? csv[i] : '\n';
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"')
        quoted = false;
      else
        cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',' || c == '\n') {
      if (auto n = normalise_cell(cell); !n.empty()) cells.push_back(n);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  return cells;
}

double cell_f1(std::vector<std::string> predicted, const std::vector<std::string>& expected) {
  std::map<std::string, int> counts;
  for (const auto& c : expected) ++counts[c];
  double matched = 0;
  for (const auto& c : predicted)
    if (auto it = counts.find(c); it != counts.end() && it->second > 0) {
      --it->second;
      ++matched;
    }
  return f1(matched, predicted.size(), expected.size());
}

// Character error rate: edit distance over code points (whitespace removed,
// since OCR spacing is not what we measure) divided by the reference length.
double cer(std::string_view predicted, std::string_view expected) {
  auto cps = [](std::string_view s) {
    std::vector<char32_t> v;
    for (size_t i = 0; i < s.size();) {
      const char32_t c = lore::text::next_codepoint(s, i);
      if (!lore::text::is_space(c))
        v.push_back(c < 0x80 ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c);
    }
    return v;
  };
  const auto p = cps(predicted), e = cps(expected);
  if (e.empty()) return p.empty() ? 0.0 : 1.0;
  std::vector<size_t> prev(p.size() + 1), cur(p.size() + 1);
  for (size_t j = 0; j <= p.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= e.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= p.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (e[i - 1] == p[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return std::min(1.0, static_cast<double>(prev[p.size()]) / static_cast<double>(e.size()));
}

// Order-independent character error rate, after the Flexible Character
// Accuracy of Clausner, Pletschacher and Antonacopoulos (Pattern Recognition
// Letters 131, 2020): each ground-truth line (longest first) is matched to its
// best approximate occurrence inside any remaining piece of the predicted text
// (Sellers' substring edit distance), that occurrence is cut out (splitting the
// piece), and the errors are the edit distances of all matches plus every
// ground-truth character left unmatched and every predicted character never
// used. Same character normalisation as cer(). Reading order does not count,
// recognition does: cer() - flexible_cer() is the share of CER due to order.
// The movable units are the ground truth's lines.
double flexible_cer(std::string_view predicted, std::string_view expected) {
  auto lines = [](std::string_view s) {
    std::vector<std::vector<char32_t>> out(1);
    for (size_t i = 0; i < s.size();) {
      const char32_t c = lore::text::next_codepoint(s, i);
      if (c == '\n') {
        if (!out.back().empty()) out.emplace_back();
      } else if (!lore::text::is_space(c)) {
        out.back().push_back(c < 0x80 ? static_cast<char32_t>(std::tolower(static_cast<int>(c))) : c);
      }
    }
    if (out.back().empty()) out.pop_back();
    return out;
  };
  // The prediction is one stream: a ground-truth line may span several of
  // its lines (tesseract wraps differently), and cut-outs split the stream.
  std::vector<std::vector<char32_t>> gt = lines(expected), pieces(1);
  for (const auto& l : lines(predicted)) pieces[0].insert(pieces[0].end(), l.begin(), l.end());
  size_t gt_chars = 0;
  for (const auto& l : gt) gt_chars += l.size();
  if (gt_chars == 0) return pieces[0].empty() ? 0.0 : 1.0;
  std::stable_sort(gt.begin(), gt.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  size_t errors = 0;
  for (const auto& line : gt) {
    // Best (distance, piece, start, end) over all pieces.
    size_t best = line.size(), best_piece = pieces.size(), best_start = 0, best_end = 0;
    for (size_t k = 0; k < pieces.size(); ++k) {
      const auto& text = pieces[k];
      // d[j]: distance of line[0..i) to the best substring ending at text[j];
      // start[j]: where that substring begins.
      std::vector<size_t> d(text.size() + 1, 0), start(text.size() + 1), nd(text.size() + 1),
          ns(text.size() + 1);
      for (size_t j = 0; j <= text.size(); ++j) start[j] = j;
      for (size_t i = 1; i <= line.size(); ++i) {
        nd[0] = i;
        ns[0] = 0;
        for (size_t j = 1; j <= text.size(); ++j) {
          size_t v = d[j - 1] + (line[i - 1] == text[j - 1] ? 0 : 1), s0 = start[j - 1];
          if (d[j] + 1 < v) v = d[j] + 1, s0 = start[j];
          if (nd[j - 1] + 1 < v) v = nd[j - 1] + 1, s0 = ns[j - 1];
          nd[j] = v;
          ns[j] = s0;
        }
        std::swap(d, nd);
        std::swap(start, ns);
      }
      for (size_t j = 0; j <= text.size(); ++j)
        if (d[j] < best) best = d[j], best_piece = k, best_start = start[j], best_end = j;
    }
    errors += best;
    if (best_piece == pieces.size()) continue;  // nothing better than deleting the line
    auto& text = pieces[best_piece];
    std::vector<char32_t> tail(text.begin() + static_cast<long>(best_end), text.end());
    text.resize(best_start);
    if (!tail.empty()) pieces.push_back(std::move(tail));
  }
  for (const auto& p : pieces) errors += p.size();  // predicted text no line claimed
  return std::min(1.0, static_cast<double>(errors) / static_cast<double>(gt_chars));
}

// ---- raw baselines ----------------------------------------------------------

std::string run_command(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[65536];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

bool have_command(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

std::string quote(const stdfs::path& p) { return "'" + p.string() + "'"; }

// Tags removed, script/style dropped, the commonest entities decoded.
std::string strip_tags(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '<') {
      const size_t end = s.find('>', i);
      if (end == std::string_view::npos) break;
      const std::string tag = lore::text::ascii_lower(s.substr(i, std::min<size_t>(8, end - i)));
      for (const char* skip : {"<script", "<style"}) {
        if (tag.rfind(skip, 0) == 0) {
          const size_t close = lore::text::ascii_lower(s).find(std::string("</") + (skip + 1), end);
          i = close == std::string::npos ? s.size() : close;
          break;
        }
      }
      if (i < s.size() && s[i] == '<') i = s.find('>', i) + 1;
      out += ' ';
      continue;
    }
    if (s[i] == '&') {
      static const std::pair<const char*, const char*> kEntities[] = {
          {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};
      bool done = false;
      for (auto [e, r] : kEntities)
        if (s.substr(i).rfind(e, 0) == 0) {
          out += r;
          i += std::strlen(e);
          done = true;
          break;
        }
      if (done) continue;
    }
    out += s[i++];
  }
  return out;
}

// Every XML part of an Office zip with the tags stripped (what a naive
// "unzip and strip" tool recovers).
std::string office_raw_text(const std::string& bytes) {
  std::string out;
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  zip_t* z = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : nullptr;
  if (!z) {
    if (src) zip_source_free(src);
    return out;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); ++i) {
    const std::string name = zip_get_name(z, static_cast<zip_uint64_t>(i), 0);
    const bool content = name.rfind("word/", 0) == 0 || name.rfind("ppt/slides/", 0) == 0 ||
                         name.rfind("xl/sharedStrings", 0) == 0 || name.rfind("xl/worksheets/", 0) == 0;
    if (!content || name.size() < 4 || name.substr(name.size() - 4) != ".xml") continue;
    zip_stat_t st;
    if (zip_stat_index(z, static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    zip_file_t* f = zip_fopen_index(z, static_cast<zip_uint64_t>(i), 0);
    if (!f) continue;
    std::string xml(st.size, '\0');
    zip_fread(f, xml.data(), st.size);
    zip_fclose(f);
    out += strip_tags(xml) + "\n";
  }
  zip_close(z);
  return out;
}

// Raw OCR of a scanned PDF: every page rendered at 300 dpi (pdftoppm), then
// the tesseract CLI with default settings, as a user of the raw tools would.
std::string raw_pdf_ocr(const stdfs::path& file) {
  if (!have_command("pdftoppm") || !have_command("tesseract")) return "";
  char dir_template[] = "/tmp/lore-raw-ocr-XXXXXX";
  const char* dir = ::mkdtemp(dir_template);
  if (!dir) return "";
  const stdfs::path d(dir);
  run_command("pdftoppm -r 300 -gray " + quote(file) + " " + quote(d / "page") + " 2>/dev/null");
  std::vector<stdfs::path> images;
  for (const auto& e : stdfs::directory_iterator(d)) images.push_back(e.path());
  std::sort(images.begin(), images.end());
  std::string out;
  for (const auto& image : images)
    out += run_command("tesseract " + quote(image) + " - -l eng+chi_sim 2>/dev/null") + "\n";
  stdfs::remove_all(d);
  return out;
}

std::string raw_text(const stdfs::path& file, const std::string& bytes, const std::string& kind) {
  const std::string ext = lore::text::ascii_lower(file.extension().string());
  if (ext == ".pdf" && kind == "ocr_text") return raw_pdf_ocr(file);
  if (ext == ".pdf")
    return have_command("pdftotext") ? run_command("pdftotext -enc UTF-8 " + quote(file) + " - 2>/dev/null")
                                     : "";
  if (ext == ".html" || ext == ".htm") return strip_tags(bytes);
  if (ext == ".docx" || ext == ".pptx" || ext == ".xlsx" || ext == ".xlsm") return office_raw_text(bytes);
  if (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".webp" || ext == ".tif" || ext == ".tiff" ||
      ext == ".bmp" || ext == ".gif")
    return have_command("tesseract")
               ? run_command("tesseract " + quote(file) + " - -l eng+chi_sim 2>/dev/null")
               : "";
  return bytes;  // email and text: the bytes themselves
}

// ---- Lore -------------------------------------------------------------------

struct Parsed {
  std::string markdown;  // reading-order Markdown (text + tables)
  nlohmann::json metadata = nlohmann::json::object();
  std::string error;
};

Parsed lore_parse(const stdfs::path& file, const std::string& bytes) {
  Parsed out;
  try {
    const auto doc = lore::parse::parse_bytes(file.filename().string(), bytes);
    out.markdown = lore::parse::to_markdown(doc);
    out.metadata = doc.metadata;
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

// Email recovery: mean over the expected non-null fields of subject, from,
// to, cc, date (value found in the parsed fields; for the raw baseline, in the
// raw text), the body (token F1), and the attachment names (share found).
double email_score(const json& expected, const json& fields, const std::string& text) {
  std::vector<double> scores;
  auto norm = [](std::string s) { return lore::text::collapse_whitespace(lore::text::ascii_lower(s)); };
  for (const char* key : {"subject", "from", "to", "cc"}) {
    if (!expected.contains(key) || !expected[key].is_string()) continue;
    const std::string want = norm(expected[key].get<std::string>());
    std::string got = fields.contains(key) ? norm(fields[key].is_string() ? fields[key].get<std::string>()
                                                                          : fields[key].dump())
                                           : "";
    scores.push_back(
        !got.empty() && (got.find(want) != std::string::npos || want.find(got) != std::string::npos) ? 1.0
                                                                                                     : 0.0);
  }
  std::string body;
  if (expected.contains("body_text") && expected["body_text"].is_string())
    body = expected["body_text"];
  else if (expected.contains("body_html") && expected["body_html"].is_string())
    body = strip_tags(expected["body_html"].get<std::string>());
  if (!body.empty()) {
    // The body is judged on the text outside the header lines we print.
    scores.push_back(std::min(1.0, bag_f1(text, body) + 0.0));
  }
  if (expected.contains("attachments") && expected["attachments"].is_array() &&
      !expected["attachments"].empty()) {
    double found = 0;
    for (const auto& a : expected["attachments"]) {
      const std::string name = a.is_object() && a.contains("filename") && a["filename"].is_string()
                                   ? a["filename"].get<std::string>()
                                   : "";
      if (!name.empty() && text.find(name) != std::string::npos) ++found;
    }
    scores.push_back(found / static_cast<double>(expected["attachments"].size()));
  }
  double sum = 0;
  for (double s : scores) sum += s;
  return scores.empty() ? 0.0 : sum / static_cast<double>(scores.size());
}

struct Score {
  std::string metric;  // which score this row contributes
  double lore = 0, raw = 0;
};

std::vector<Score> score_document(const std::string& kind, const stdfs::path& file, const std::string& bytes,
                                  const std::string& gt, const Parsed& ours, const std::string& raw) {
  std::vector<Score> out;
  const std::string& text = ours.markdown;
  if (kind == "markdown" || kind == "md_tables")
    out.push_back({"markdown_similarity", ordered_f1(text, gt), ordered_f1(raw, gt)});
  if (kind == "md_tables" || kind == "table_csv") {
    const auto expected = kind == "table_csv" ? csv_cells(gt) : markdown_cells(gt);
    if (!expected.empty())
      out.push_back(
          {"table_cell_f1", cell_f1(markdown_cells(text), expected), cell_f1(markdown_cells(raw), expected)});
  }
  // PDFBox's expected text is the PDF text score of the issue; other plain
  // text ground truths (e.g. a raw MIME message) are reported apart.
  if (kind == "text") {
    const bool pdf = file.extension() == ".pdf";
    out.push_back({pdf ? "text_f1" : "other_text_f1", ordered_f1(text, gt), ordered_f1(raw, gt)});
  }
  if (kind == "ocr_text") {
    out.push_back({"ocr_cer", cer(text, gt), raw.empty() ? 1.0 : cer(raw, gt)});
    out.push_back({"ocr_flexible_cer", flexible_cer(text, gt), raw.empty() ? 1.0 : flexible_cer(raw, gt)});
  }
  if (kind == "json_text") {
    const auto expected = json::parse(gt, nullptr, false);
    if (!expected.is_discarded())
      out.push_back({"email_recovery", email_score(expected, ours.metadata, text),
                     email_score(expected, json::object(), raw)});
  }
  (void)bytes;
  return out;
}

// Pages/s of Lore and pdftotext over the same PDFs, Lore with OCR off
// (ocr.pdf_pages = false): pdftotext reads no text from image-only pages
// either, so both do the same work — text layer, plus layout and tables.
json pdf_throughput(const std::vector<stdfs::path>& pdfs) {
  int pages = 0;
  double lore_s = 0, raw_s = 0;
  for (const auto& f : pdfs) {
    const std::string bytes = lore::fs::read_file(f);
    auto t = Clock::now();
    try {
      lore::parse::ParseOptions no_ocr;
      no_ocr.ocr.pdf_pages = false;
      const auto doc = lore::parse::parse_bytes(f.filename().string(), bytes, no_ocr);
      pages += static_cast<int>(doc.pages.size());
    } catch (const std::exception&) {
      continue;
    }
    lore_s += std::chrono::duration<double>(Clock::now() - t).count();
    t = Clock::now();
    run_command("pdftotext -enc UTF-8 " + quote(f) + " - >/dev/null 2>&1");
    raw_s += std::chrono::duration<double>(Clock::now() - t).count();
  }
  if (pages == 0 || lore_s == 0 || raw_s == 0) return nullptr;
  return {{"pages", pages},
          {"lore_pages_per_s", pages / lore_s},
          {"pdftotext_pages_per_s", pages / raw_s},
          {"ratio", raw_s / lore_s}};
}

}  // namespace

int main(int argc, char** argv) {
  stdfs::path data = stdfs::path(LORE_SOURCE_DIR) / ".." / "shared" / "data" / "docs";
  if (const char* env = std::getenv("LORE_SHARED_DATA")) data = stdfs::path(env) / "docs";
  stdfs::path out_path;
  std::string only_kind;  // --kind K: score only documents whose ground truth is of kind K
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--data")
      data = argv[i + 1];
    else if (k == "--out")
      out_path = argv[i + 1];
    else if (k == "--kind")
      only_kind = argv[i + 1];
  }
  const auto manifest = data / "MANIFEST.tsv";
  if (!stdfs::exists(manifest)) {
    std::cerr << "parse_quality: " << manifest.string() << " not found (set LORE_SHARED_DATA or --data)\n";
    return 2;
  }
  std::ifstream in(manifest);
  std::map<std::string, std::vector<double>> lore_by_metric, raw_by_metric;
  json documents = json::array();
  std::vector<stdfs::path> text_pdfs;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string doc_rel, gt_rel, kind;
    std::getline(fields, doc_rel, '\t');
    std::getline(fields, gt_rel, '\t');
    std::getline(fields, kind, '\t');
    const auto file = data / doc_rel, gt_file = data / gt_rel;
    if (!stdfs::exists(file) || !stdfs::exists(gt_file)) continue;
    if (!only_kind.empty() && kind != only_kind) continue;
    const std::string bytes = lore::fs::read_file(file);
    std::string gt = lore::fs::read_file(gt_file);
    // A UTF-8 byte order mark (PDFBox's expected texts carry one) is not text.
    if (gt.starts_with("\xEF\xBB\xBF")) gt.erase(0, 3);
    const Parsed ours = lore_parse(file, bytes);
    const std::string raw = raw_text(file, bytes, kind);
    if (file.extension() == ".pdf" && doc_rel.rfind("derived_scans", 0) != 0 && kind != "ocr_text")
      text_pdfs.push_back(file);
    json row = {{"document", doc_rel}, {"kind", kind}};
    if (!ours.error.empty()) row["error"] = ours.error;
    for (const auto& s : score_document(kind, file, bytes, gt, ours, raw)) {
      row[s.metric] = {{"lore", s.lore}, {"raw", s.raw}};
      lore_by_metric[s.metric].push_back(s.lore);
      raw_by_metric[s.metric].push_back(s.raw);
    }
    documents.push_back(row);
  }
  std::sort(text_pdfs.begin(), text_pdfs.end());
  text_pdfs.erase(std::unique(text_pdfs.begin(), text_pdfs.end()), text_pdfs.end());
  json means = json::object();
  for (const auto& [metric, values] : lore_by_metric) {
    double l = 0, r = 0;
    for (double v : values) l += v;
    for (double v : raw_by_metric[metric]) r += v;
    means[metric] = {{"lore", l / static_cast<double>(values.size())},
                     {"raw", r / static_cast<double>(values.size())},
                     {"documents", values.size()}};
  }
  json result = {{"data", data.string()}, {"means", means}, {"documents", documents}};
  if (have_command("pdftotext")) result["pdf_throughput"] = pdf_throughput(text_pdfs);
  if (!out_path.empty()) std::ofstream(out_path) << result.dump(2) << '\n';
  std::cout << result.dump(2) << '\n';
  return 0;
}
