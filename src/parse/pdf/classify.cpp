// Block kinds from explainable cues, checked in this order:
//   header/footer  running lines (running_lines.cpp)
//   code           every line in a monospace font
//   caption        starts with "Figure 3", "Fig. 2", "Table 1", "表1", "图2"
//   list           starts with a bullet or an item number
//   title          font notably above the body size (level = size rank), or a
//                  short all-bold line at body size; outline entries win
//   equation       a high share of math-font glyphs and math operators
//   reference      text after a "References" / "Bibliography" / "参考文献" title
//   text           everything else
#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "core/text.h"
#include "parse/pdf/pdf_layout.h"

namespace lore::parse::pdf {

namespace {

// A title's font is at least this much larger than the body font.
constexpr double kTitleSizeRatio = 1.15;
// Titles are short: more words or lines than this is large-print text.
constexpr int kMaxTitleWords = 20;
constexpr size_t kMaxTitleLines = 3;
// Bold run-in headings at body size are shorter still.
constexpr int kMaxBoldTitleWords = 12;
constexpr size_t kMaxBoldTitleLines = 2;
constexpr double kBoldShare = 0.9;
constexpr double kMonoShare = 0.9;
// Share of math glyphs/operators that makes a short block an equation.
constexpr double kEquationShare = 0.35;
constexpr size_t kMaxEquationLines = 4;
constexpr int kMaxLevel = 6;
// Size ranks are compared in steps of this many points.
constexpr double kSizeStep = 0.5;
// An outline title may carry a section number the block shows differently.
constexpr size_t kOutlineSlack = 8;

struct Stats {
  int chars = 0, bold = 0, mono = 0, math = 0;
  double size = 0;
};

Stats stats_of(const PdfBlock& b) {
  Stats s;
  double size_sum = 0;
  for (const Line* l : b.lines) {
    s.chars += l->chars;
    s.bold += l->bold_chars;
    s.mono += l->mono_chars;
    s.math += l->math_chars;
    size_sum += l->font_size * l->chars;
  }
  s.size = s.chars > 0 ? size_sum / s.chars : 0;
  return s;
}

int count_words(std::string_view s) {
  int words = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

bool has_letter(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const char32_t c = text::next_codepoint(s, i);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && !text::is_space(c))) return true;
  }
  return false;
}

bool is_math_symbol(char32_t c) {
  static const std::u32string_view kOps =
      U"=+<>^|\u2212\u00D7\u00F7\u00B1\u2264\u2265\u2260\u2248\u2211\u222B\u220F\u221A\u221E"
      U"\u2202\u2207\u2208\u2209\u2282\u2286\u222A\u2229\u2192\u21D2\u21D4\u2200\u2203\u2261\u221D";
  return kOps.find(c) != std::u32string_view::npos;
}

double math_share(const PdfBlock& b, const Stats& s) {
  if (s.chars == 0) return 0;
  int symbols = 0;
  for (size_t i = 0; i < b.text.size();)
    if (is_math_symbol(text::next_codepoint(b.text, i))) ++symbols;
  return std::min(1.0, static_cast<double>(s.math + symbols) / s.chars);
}

bool starts_with_label(std::string_view s, std::initializer_list<std::string_view> labels) {
  for (std::string_view label : labels) {
    if (!s.starts_with(label)) continue;
    std::string_view rest = s.substr(label.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    // A number, possibly prefixed ("S1", "A.2") or roman ("IV").
    size_t i = 0;
    if (i < rest.size() && std::isupper(static_cast<unsigned char>(rest[i])) && i + 1 < rest.size() &&
        (std::isdigit(static_cast<unsigned char>(rest[i + 1])) || rest[i + 1] == '.'))
      ++i;
    if (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) return true;
    const size_t roman_end = std::min(rest.find_first_not_of("IVX"), rest.size());
    if (roman_end > 0 &&
        (roman_end == rest.size() || !std::isalpha(static_cast<unsigned char>(rest[roman_end]))))
      return true;
  }
  return false;
}

// "Table 2-2 shows ..." is a sentence about a table; a caption goes on with
// a separator, a capital, a digit or nothing after the label's number.
bool is_caption(std::string_view s) {
  const size_t space = s.find(' ');
  if (space != std::string_view::npos) {
    const size_t number_end = s.find(' ', s.find_first_not_of(' ', space));
    if (number_end != std::string_view::npos) {
      const size_t next = s.find_first_not_of(' ', number_end);
      if (next != std::string_view::npos && std::islower(static_cast<unsigned char>(s[next]))) return false;
    }
  }
  return starts_with_label(s, {"Figure", "FIGURE", "Fig.", "FIG.", "Fig", "Table", "TABLE", "Tab.", "Chart",
                               "Exhibit", "Scheme", "Listing", "Algorithm", "\u8868", "\u56FE", "\u5716"});
}

// The title that opens a bibliography, with or without a section number.
bool is_references_heading(std::string_view raw) {
  std::string s = text::ascii_lower(text::trim(raw));
  const size_t start = s.find_first_not_of("0123456789. ");
  if (start == std::string::npos) return false;
  s.erase(0, start);
  while (!s.empty() && (s.back() == ':' || s.back() == '.')) s.pop_back();
  return s == "references" || s == "bibliography" || s == "works cited" || s == "literature cited" ||
         s == "literatur" || s == "\u53C2\u8003\u6587\u732E" || s == "\u53C3\u8003\u6587\u737B";
}

// Letters and digits only, ASCII lower-cased: "1.2 Data Sets" -> "12datasets".
std::string match_key(std::string_view s) {
  std::string key;
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t c = text::next_codepoint(s, i);
    if (c < 0x80) {
      if (std::isalnum(static_cast<int>(c))) key += static_cast<char>(std::tolower(static_cast<int>(c)));
    } else if (!text::is_space(c)) {
      key.append(s.substr(start, i - start));
    }
  }
  return key;
}

bool matches_outline(const std::string& block_key, const std::string& title_key) {
  if (title_key.empty() || block_key.size() > title_key.size() + kOutlineSlack) return false;
  if (block_key == title_key) return true;
  // "3.1 Results" in the text, "Results" in the outline (or the reverse).
  const std::string& longer = block_key.size() > title_key.size() ? block_key : title_key;
  const std::string& shorter = block_key.size() > title_key.size() ? title_key : block_key;
  if (shorter.empty() || !longer.ends_with(shorter)) return false;
  const std::string_view prefix(longer.data(), longer.size() - shorter.size());
  return prefix.find_first_not_of("0123456789ivx") == std::string_view::npos;
}

void apply_outline(const std::vector<PdfBlock>& blocks, const std::vector<OutlineEntry>& outline,
                   std::vector<Block>& out) {
  // out[i] corresponds to blocks[i]. Entries are matched in document order;
  // an entry that matches nothing leaves the cursor where it was.
  std::vector<std::string> keys(blocks.size());
  for (size_t i = 0; i < blocks.size(); ++i)
    if (blocks[i].role == LineRole::body && blocks[i].lines.size() <= kMaxTitleLines)
      keys[i] = match_key(blocks[i].text);
  size_t cursor = 0;
  for (const OutlineEntry& entry : outline) {
    const std::string title_key = match_key(entry.title);
    for (size_t i = cursor; i < blocks.size(); ++i) {
      if (keys[i].empty() || !matches_outline(keys[i], title_key)) continue;
      out[i].kind = BlockKind::title;
      out[i].level = std::clamp(entry.depth, 1, kMaxLevel);
      cursor = i + 1;
      break;
    }
  }
}

// A figure's caption is the caption block right before or after it on the
// same page ("Figure 2: ..." usually below, "Table 1" usually above).
void attach_captions(std::vector<Block>& blocks) {
  std::vector<bool> used(blocks.size(), false);
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].kind != BlockKind::figure && blocks[i].kind != BlockKind::table) continue;
    const bool figure = blocks[i].kind == BlockKind::figure;
    for (long step : {figure ? 1L : -1L, figure ? -1L : 1L}) {
      const long j = static_cast<long>(i) + step;
      if (j < 0 || j >= static_cast<long>(blocks.size())) continue;
      Block& c = blocks[static_cast<size_t>(j)];
      if (c.kind != BlockKind::caption || c.page != blocks[i].page || used[static_cast<size_t>(j)]) continue;
      used[static_cast<size_t>(j)] = true;
      if (blocks[i].image) blocks[i].image->caption = c.text;
      if (figure && text::trim(blocks[i].text).empty()) blocks[i].text = c.text;
      break;
    }
  }
}

}  // namespace

void classify_blocks(const std::vector<PdfBlock>& blocks, const std::vector<OutlineEntry>& outline,
                     double body_size, std::vector<Block>& out) {
  std::vector<Block> result(blocks.size());
  std::vector<bool> bold_title(blocks.size(), false);
  std::set<long, std::greater<>> title_sizes;  // half-points, largest first
  std::vector<long> size_key(blocks.size(), 0);

  for (size_t i = 0; i < blocks.size(); ++i) {
    const PdfBlock& b = blocks[i];
    Block& r = result[i];
    r.page = b.page;
    r.bbox = b.box.to_bbox();
    r.text = b.text;
    const Stats s = stats_of(b);
    size_key[i] = std::lround(s.size / kSizeStep);
    const int words = count_words(b.text);
    const std::string_view first_line =
        b.lines.empty() ? std::string_view() : std::string_view(b.lines[0]->text);

    if (b.region) {
      r.kind = b.region->kind;
      r.table = b.region->table;
      r.image = b.region->image;
      r.text = r.table ? table_to_markdown(*r.table) : b.region->text;
    } else if (b.role == LineRole::header) {
      r.kind = BlockKind::header;
    } else if (b.role == LineRole::footer) {
      r.kind = BlockKind::footer;
    } else if (b.code || (s.chars > 0 && s.mono >= kMonoShare * s.chars)) {
      r.kind = BlockKind::code;
    } else if (is_caption(b.text)) {
      r.kind = BlockKind::caption;
    } else if (starts_list_item(text::trim(first_line))) {
      r.kind = BlockKind::list;
    } else if (s.size >= kTitleSizeRatio * body_size && words <= kMaxTitleWords &&
               b.lines.size() <= kMaxTitleLines && has_letter(b.text)) {
      r.kind = BlockKind::title;
      title_sizes.insert(size_key[i]);
    } else if ((s.bold >= kBoldShare * s.chars && words <= kMaxBoldTitleWords &&
                b.lines.size() <= kMaxBoldTitleLines && !b.text.ends_with(".") && has_letter(b.text) &&
                s.size >= body_size / kTitleSizeRatio) ||
               (is_references_heading(b.text) && b.lines.size() == 1)) {
      r.kind = BlockKind::title;
      bold_title[i] = true;
    } else if (b.lines.size() <= kMaxEquationLines && math_share(b, s) >= kEquationShare) {
      r.kind = BlockKind::equation;
    } else {
      r.kind = BlockKind::text;
    }
  }

  // Levels: larger fonts first; bold body-size headings below all of them.
  const std::vector<long> ranked(title_sizes.begin(), title_sizes.end());
  for (size_t i = 0; i < result.size(); ++i) {
    if (result[i].kind != BlockKind::title) continue;
    int level = static_cast<int>(ranked.size()) + 1;
    if (!bold_title[i])
      level = static_cast<int>(std::find(ranked.begin(), ranked.end(), size_key[i]) - ranked.begin()) + 1;
    result[i].level = std::min(level, kMaxLevel);
  }
  apply_outline(blocks, outline, result);

  // References: body blocks after a bibliography heading, until the next title.
  bool in_references = false;
  for (Block& r : result) {
    if (r.kind == BlockKind::title) {
      in_references = is_references_heading(r.text);
    } else if (in_references && (r.kind == BlockKind::text || r.kind == BlockKind::list)) {
      r.kind = BlockKind::reference;
    }
  }

  attach_captions(result);
  for (Block& r : result)
    if (!text::trim(r.text).empty() || r.kind == BlockKind::table || r.kind == BlockKind::figure)
      out.push_back(std::move(r));
}

}  // namespace lore::parse::pdf
