// Page images for viewers: one page of a PDF or image file rendered as PNG,
// in the frame of the parsed blocks' bboxes (points, top-left origin, page
// as displayed), so a bbox times `scale` is a pixel rectangle of the image.
//
// Contract:
// - has_page_images(name) is true for PDFs and the image types parse_image
//   reads (by extension); other formats have no page geometry.
// - page_sizes() lists every page's size in points (for images: pixels x 72
//   / dpi, 300 dpi when the file has none — the same rule as parse_image).
// - render_page_png(): page is 1-based; scale in [0.1, 6] px per point.
//   Errors are lore::Error naming the file: not_found for a page out of
//   range, invalid_argument for a bad scale, bad_input for a damaged file,
//   too_large for a page over 40 Mpx at the requested scale.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lore::parse {

struct PageSize {
  int number = 1;
  double width = 0, height = 0;  // points
};

struct PageImage {
  std::string png;
  int width_px = 0, height_px = 0;
  double width_pt = 0, height_pt = 0;
};

// Where a passage (e.g. a citation's quote) is printed in a PDF: searched on
// `pages` only (1-based, in order), and on each page only among words whose
// centre lies in one of `regions` for that page (none listed for a page: the
// whole page). Words are compared case-folded on letters and digits, so line
// breaks, hyphens and punctuation do not matter. The best page is the one
// with the longest contiguous run of the passage's words; a run shorter than
// min(4, passage words) is no match. Boxes: one per printed line of the run.
struct TextRegion {
  int page = 1;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};
struct TextMatch {
  int page = 0;  // 0: not found
  std::vector<TextRegion> lines;
  size_t matched_words = 0, passage_words = 0;
};
TextMatch locate_text(std::string_view source_name, std::string_view bytes, const std::vector<int>& pages,
                      const std::vector<TextRegion>& regions, std::string_view passage);

bool has_page_images(std::string_view source_name);
std::vector<PageSize> page_sizes(std::string_view source_name, std::string_view bytes);
PageImage render_page_png(std::string_view source_name, std::string_view bytes, int page, double scale);

}  // namespace lore::parse
