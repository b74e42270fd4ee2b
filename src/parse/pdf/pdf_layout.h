// Internal to src/parse/pdf: the layout pipeline behind parse_pdf().
//
//   poppler page --extract_words--> Word[]      (pdf_text.cpp: text, glyph boxes, fonts, normalised Unicode)
//   Word[]       --build_lines----> Line[]      (lines.cpp: same baseline, small gaps)
//   Line[] (all pages) --mark_running_lines--> header/footer roles (running_lines.cpp)
//   body Line[]  --reading_order--> leaves      (reading_order.cpp: recursive XY-cut)
//   leaf lines   --build_blocks---> PdfBlock[]  (blocks.cpp: paragraphs, hyphenation, CJK joins)
//   PdfBlock[]   --classify_blocks--> Block kinds and levels (classify.cpp)
//
// Coordinates are PDF points, top-left origin, in the page's displayed
// (rotated) orientation. Nothing here touches the Document until
// classify_blocks/emit; every stage is a pure function of its inputs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/document.h"

namespace poppler {
class page;
}

namespace lore::parse::pdf {

struct Rect {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  double center_y() const { return (y0 + y1) / 2; }
  void unite(const Rect& r);
  BBox to_bbox() const { return BBox{x0, y0, x1, y1}; }
};

// Font traits read from the font name (e.g. "ABCDEF+Times-Bold").
struct FontTraits {
  bool bold = false;
  bool mono = false;
  bool math = false;
};
FontTraits font_traits(std::string_view font_name);

// One poppler text box: a word in one font, normalised (ligatures expanded,
// NBSP -> space, zero-width characters dropped). A trailing U+00AD (soft
// hyphen) is kept: it marks a hyphenated line end for the block joiner.
struct Word {
  std::string text;
  Rect box;
  double font_size = 0;
  bool space_after = false;
  int rotation = 0;  // 0..3, quarter turns of the text direction
  FontTraits font;
  int chars = 0;  // code points, spaces excluded
};

// `region`: the line lies inside a table or figure region; its text lives in
// the region and it takes no part in reading order or paragraphs.
enum class LineRole { body, header, footer, region };

// Words on one baseline, joined with the spaces the gaps call for.
struct Line {
  std::string text;
  Rect box;
  double font_size = 0;  // char-weighted mean of its words
  int rotation = 0;
  int chars = 0;
  int bold_chars = 0, mono_chars = 0, math_chars = 0;
  LineRole role = LineRole::body;
  // >= 0: a placeholder (no text) standing for PdfPage::regions[region] in
  // reading order; its box is the region's box.
  int region = -1;
};

// A table or figure found on the page (pdf_regions.h).
struct Region {
  BlockKind kind = BlockKind::table;  // table | figure
  Rect box;
  std::optional<Table> table;
  std::optional<Image> image;
  std::string text;  // figures: the text inside them, kept out of the flow
};

struct PdfPage {
  int number = 1;
  double width = 0, height = 0;
  std::vector<Line> lines;  // in poppler's word order until reading_order runs
  std::vector<Region> regions;
};

// A paragraph-like group of lines, before classification.
struct PdfBlock {
  int page = 1;
  Rect box;
  std::string text;
  std::vector<const Line*> lines;  // points into PdfPage::lines (stable: pages are not modified after)
  LineRole role = LineRole::body;
  bool code = false;               // every line monospace: joined with newlines, indentation kept
  const Region* region = nullptr;  // set for a table/figure placeholder block
};

// pdf_text.cpp: the words of a page, in poppler's reading order.
std::vector<Word> extract_words(const poppler::page& page);

// normalize.cpp: Unicode clean-up of a poppler UTF-16 string into UTF-8.
std::string normalize_pdf_text(std::basic_string_view<unsigned short> utf16);

// lines.cpp
std::vector<Line> build_lines(const std::vector<Word>& words);

// running_lines.cpp: marks lines in the top/bottom band that repeat across
// pages (digits ignored) as header/footer, and lone page numbers as footer.
void mark_running_lines(std::vector<PdfPage>& pages);

// The most common font size over body lines, weighted by characters
// (rounded to half points); 10 when there is no text.
double body_font_size(const std::vector<PdfPage>& pages);

// reading_order.cpp: groups of line indices ("leaves"), in reading order,
// each leaf's lines sorted top to bottom and left to right within a row.
// Only lines with role body are considered.
std::vector<std::vector<int>> reading_order(const std::vector<Line>& lines, double body_size);

// blocks.cpp: splits each leaf into paragraph blocks and joins their text.
void build_blocks(const PdfPage& page, const std::vector<std::vector<int>>& leaves, double body_size,
                  std::vector<PdfBlock>& out);
// Header/footer lines of a page as one block each, sorted top to bottom.
void build_running_blocks(const PdfPage& page, LineRole role, std::vector<PdfBlock>& out);
// "• item", "- item", "1. item", "2) item", "(a) item", "iv. item".
bool starts_list_item(std::string_view line);
// Joins line texts into block text: hyphenation repair, no space between CJK.
std::string join_lines(const std::vector<std::string_view>& lines);

// classify.cpp: block kinds and heading levels. `outline` holds the PDF's
// bookmarks as (title, depth >= 1) in document order; they win over the
// font-size heuristics.
struct OutlineEntry {
  std::string title;
  int depth = 1;
};
void classify_blocks(const std::vector<PdfBlock>& blocks, const std::vector<OutlineEntry>& outline,
                     double body_size, std::vector<Block>& out);

}  // namespace lore::parse::pdf
