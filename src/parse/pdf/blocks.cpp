// Lines of a reading-order leaf -> paragraph blocks, and line texts -> block
// text (hyphenation repair, CJK joins, code indentation).
#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/text.h"
#include "parse/pdf/pdf_layout.h"

namespace lore::parse::pdf {

namespace {

// Lines whose font sizes differ by more than this share are different
// blocks (a heading above its paragraph).
constexpr double kSizeTolerance = 0.15;
// Baseline-to-baseline distance (in ems) above which a line starts a new
// block: body text is set at ~1.2 em.
constexpr double kMaxPitchEm = 1.6;
// Pitches up to this (in ems) can be a page's normal line spacing (double
// spacing is ~2.3 em); the usual pitch needs this many samples to count.
constexpr double kMaxTypicalPitchEm = 2.6;
constexpr int kMinPitchSamples = 5;
// A pitch this much (in ems) larger than the block's own pitch is a
// paragraph gap even when it is below kMaxPitchEm.
constexpr double kExtraPitchEm = 0.4;
// A line is bold / monospace when this share of its characters are.
constexpr double kTraitShare = 0.9;
// Lines whose centres are closer than this share of the smaller height are
// fragments of one row (e.g. split at a wide gap).
constexpr double kSameRowShare = 0.5;

bool is_bold(const Line& l) { return l.bold_chars >= kTraitShare * l.chars; }
bool is_mono(const Line& l) { return l.mono_chars >= kTraitShare * l.chars; }

char32_t first_cp(std::string_view s) {
  size_t i = 0;
  return s.empty() ? 0 : text::next_codepoint(s, i);
}

// The last code point of s and the byte offset where it starts.
char32_t last_cp(std::string_view s, size_t* start_out = nullptr) {
  if (s.empty()) return 0;
  size_t start = s.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  if (start_out) *start_out = start;
  size_t i = start;
  return text::next_codepoint(s, i);
}

bool is_lower(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) ||
         (c >= 0x100 && c <= 0x17F && (c % 2) == 1) || (c >= 0x3B1 && c <= 0x3C9) ||
         (c >= 0x430 && c <= 0x44F);
}

bool is_letter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC0 && c < 0x2000 && c != 0xD7 && c != 0xF7);
}

bool is_upper_or_digit(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

}  // namespace

bool starts_list_item(std::string_view s) {
  static constexpr std::string_view kBullets[] = {"\u2022", "\u25E6", "\u25AA", "\u25CF", "\u25CB", "\u25A0",
                                                  "\u25A1", "\u2023", "\u2043", "\u00B7", "\u27A2", "\u2713",
                                                  "\u2013", "\u2014", "-",      "*",      "\u2219", "\uF0B7"};
  for (std::string_view b : kBullets)
    if (s.starts_with(b)) return s.size() == b.size() || s[b.size()] == ' ';
  size_t i = 0;
  const bool paren = !s.empty() && s[0] == '(';
  if (paren) ++i;
  const size_t start = i;
  while (i < s.size() && i - start < 3 && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == start) {  // a single letter or a short roman numeral
    while (i < s.size() && i - start < 4 &&
           std::string_view("ivxabcdefgh").find(s[i]) != std::string_view::npos)
      ++i;
    if (i - start > 1 && s.substr(start, i - start).find_first_not_of("ivx") != std::string_view::npos)
      return false;
  }
  if (i == start || i >= s.size()) return false;
  const char close = s[i];
  const bool closes = paren ? close == ')' : (close == '.' || close == ')');
  return closes && i + 1 < s.size() && s[i + 1] == ' ';
}

namespace {

bool same_row(const Line& a, const Line& b) {
  return std::abs(a.box.center_y() - b.box.center_y()) <
         kSameRowShare * std::min(a.box.height(), b.box.height());
}

// Can `line` continue the block whose last line is `prev`?
bool continues(const PdfBlock& block, const Line& prev, const Line& line, double first_pitch,
               double max_pitch_em) {
  if (prev.region >= 0 || line.region >= 0) return false;  // tables and figures stand alone
  if (line.rotation != prev.rotation) return false;
  if (is_mono(line) != block.code) return false;
  const double size = std::max(prev.font_size, line.font_size);
  if (std::abs(prev.font_size - line.font_size) > kSizeTolerance * size) return false;
  if (same_row(prev, line)) return true;
  if (line.rotation != 0) return false;
  if (is_bold(prev) != is_bold(line)) return false;
  if (line.box.x0 >= block.box.x1 || line.box.x1 <= block.box.x0) return false;
  const double pitch = line.box.y1 - prev.box.y1;
  if (pitch <= 0 || pitch > max_pitch_em * size) return false;
  if (first_pitch > 0 && pitch > first_pitch + kExtraPitchEm * size) return false;
  return block.code || !starts_list_item(line.text);
}

// Monospace lines keep their indentation (from the x offset and the average
// glyph width) and their line breaks.
std::string join_code(const std::vector<const Line*>& lines, double x0) {
  std::string out;
  for (const Line* l : lines) {
    if (!out.empty()) out += '\n';
    size_t cps = 0;
    for (size_t i = 0; i < l->text.size();) text::next_codepoint(l->text, i), ++cps;
    const double glyph = cps > 0 ? l->box.width() / static_cast<double>(cps) : 0;
    if (glyph > 0) out.append(static_cast<size_t>(std::lround((l->box.x0 - x0) / glyph)), ' ');
    out += l->text;
  }
  return out;
}

// The page's usual line pitch in ems: the most common baseline distance
// between consecutive same-size, overlapping lines of a leaf (0.1 em bins).
// Double-spaced documents set body text at ~2.3 em, which must not split
// every line into its own paragraph.
double typical_pitch_em(const PdfPage& page, const std::vector<std::vector<int>>& leaves) {
  std::vector<int> bins(static_cast<size_t>(kMaxTypicalPitchEm * 10) + 1, 0);
  for (const auto& leaf : leaves)
    for (size_t i = 1; i < leaf.size(); ++i) {
      const Line& a = page.lines[static_cast<size_t>(leaf[i - 1])];
      const Line& b = page.lines[static_cast<size_t>(leaf[i])];
      const double size = std::max(a.font_size, b.font_size);
      if (size <= 0 || a.rotation != 0 || b.rotation != 0) continue;
      if (std::abs(a.font_size - b.font_size) > kSizeTolerance * size) continue;
      if (b.box.x0 >= a.box.x1 || b.box.x1 <= a.box.x0) continue;
      const double em = (b.box.y1 - a.box.y1) / size;
      if (em <= 0.8 || em > kMaxTypicalPitchEm) continue;
      ++bins[static_cast<size_t>(std::lround(em * 10))];
    }
  const auto best = std::max_element(bins.begin(), bins.end());
  if (*best < kMinPitchSamples) return 0;
  return static_cast<double>(best - bins.begin()) / 10.0;
}

void finish_block(PdfBlock& b) {
  if (b.code) {
    b.text = join_code(b.lines, b.box.x0);
    return;
  }
  std::vector<std::string_view> texts;
  for (const Line* l : b.lines) texts.push_back(l->text);
  b.text = join_lines(texts);
}

}  // namespace

std::string join_lines(const std::vector<std::string_view>& lines) {
  std::string out;
  for (std::string_view next : lines) {
    next = text::trim(next);
    if (next.empty()) continue;
    if (out.empty()) {
      out = next;
      continue;
    }
    size_t last_start = 0;
    const char32_t last = last_cp(out, &last_start);
    const char32_t first = first_cp(next);
    if (last == 0x00AD) {  // soft hyphen: the typesetter broke the word here
      out.resize(last_start);
    } else if ((last == '-' || last == 0x2010) && last_start > 0 &&
               is_letter(last_cp(out.substr(0, last_start)))) {
      const size_t word_start = out.find_last_of(' ', last_start) + 1;  // npos + 1 == 0
      const bool compound = out.substr(word_start, last_start - word_start).find('-') != std::string::npos;
      // "repre-" + "sentation" is one word; "state-of-the-" + "art" and
      // "COVID-" + "19" keep their hyphen. A lowercase continuation of a
      // plain word is the only case where the hyphen goes.
      if (is_lower(first) && !compound)
        out.resize(last_start);
      else if (!is_lower(first) && !is_upper_or_digit(first))
        out += ' ';
    } else if (!(text::is_cjk(last) && text::is_cjk(first))) {
      out += ' ';
    }
    out += next;
  }
  // Any soft hyphen left is an invisible break opportunity.
  for (size_t p; (p = out.find("\u00AD")) != std::string::npos;) out.erase(p, 2);
  return out;
}

void build_blocks(const PdfPage& page, const std::vector<std::vector<int>>& leaves, double /*body_size*/,
                  std::vector<PdfBlock>& out) {
  const double max_pitch_em = std::max(kMaxPitchEm, typical_pitch_em(page, leaves) + kExtraPitchEm / 2);
  for (const std::vector<int>& leaf : leaves) {
    PdfBlock block;
    double first_pitch = 0;
    for (int id : leaf) {
      const Line& line = page.lines[static_cast<size_t>(id)];
      if (!block.lines.empty() && continues(block, *block.lines.back(), line, first_pitch, max_pitch_em)) {
        if (block.lines.size() == 1 && !same_row(*block.lines.back(), line))
          first_pitch = line.box.y1 - block.lines.back()->box.y1;
        block.lines.push_back(&line);
        block.box.unite(line.box);
        continue;
      }
      if (!block.lines.empty()) {
        finish_block(block);
        out.push_back(std::move(block));
      }
      block = PdfBlock{};
      block.page = page.number;
      if (line.region >= 0) block.region = &page.regions[static_cast<size_t>(line.region)];
      block.box = line.box;
      block.code = is_mono(line);
      block.lines.push_back(&line);
      first_pitch = 0;
    }
    if (!block.lines.empty()) {
      finish_block(block);
      out.push_back(std::move(block));
    }
  }
}

void build_running_blocks(const PdfPage& page, LineRole role, std::vector<PdfBlock>& out) {
  std::vector<const Line*> lines;
  for (const Line& l : page.lines)
    if (l.role == role) lines.push_back(&l);
  // Top to bottom, then left to right within a row (a header often has a
  // left and a right part). Sorting by a "same row" relation directly would
  // not be a strict weak order, so rows are formed after the vertical sort.
  std::sort(lines.begin(), lines.end(),
            [](const Line* a, const Line* b) { return a->box.center_y() < b->box.center_y(); });
  for (size_t start = 0; start < lines.size();) {
    size_t end = start + 1;
    while (end < lines.size() && same_row(*lines[start], *lines[end])) ++end;
    std::sort(lines.begin() + static_cast<long>(start), lines.begin() + static_cast<long>(end),
              [](const Line* a, const Line* b) { return a->box.x0 < b->box.x0; });
    start = end;
  }
  for (const Line* l : lines) {
    PdfBlock b;
    b.page = page.number;
    b.box = l->box;
    b.text = std::string(text::trim(l->text));
    b.lines = {l};
    b.role = role;
    out.push_back(std::move(b));
  }
}

}  // namespace lore::parse::pdf
