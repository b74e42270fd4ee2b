// Internal to src/parse/pdf: tables and figures of a page.
//
//   poppler page --render_graphics--> PageRaster  (page_raster.cpp: gray page
//                                                  with the words painted out,
//                                                  so only rules and pictures
//                                                  are left as ink)
//   PageRaster + words --find_lattice_tables--> table Regions (ruling lines)
//   PageRaster + words + tables --find_figures--> figure Regions (figures.cpp:
//                                                  large filled or dense
//                                                  non-text ink), each cropped
//                                                  from a colour render as PNG
//   lines + words outside those tables --find_stream_tables--> table Regions
//                                                  without rules (column
//                                                  alignment; every page)
//   The lines inside a region get LineRole::region
//   and one placeholder Line per region (Line::region) takes their place in
//   reading order, so the table/figure block lands where its text was.
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <vector>

#include "parse/pdf/pdf_layout.h"

namespace lore::parse::pdf {

struct PageRaster {
  cv::Mat gray;      // CV_8UC1 page render with the words painted out
  cv::Mat ink;       // CV_8UC1, 255 where gray is darker than its surroundings
  double scale = 1;  // pixels per PDF point
  int page_width_px = 0, page_height_px = 0;

  Rect to_points(const cv::Rect& r) const {
    return Rect{r.x / scale, r.y / scale, (r.x + r.width) / scale, (r.y + r.height) / scale};
  }
};

// The page's non-text ink, or nothing when the page has none worth looking
// at (the common case for plain text pages: then no table or figure search
// runs). Rendering is the one costly step; it runs once per page.
std::optional<PageRaster> render_graphics(const poppler::page& page, const PdfPage& layout,
                                          const std::vector<Word>& words);

// Words grouped into text: words on one row are joined left to right, rows
// top to bottom with join_lines.
std::string text_of(std::vector<const Word*> words);
// The words whose centre lies inside `box`.
std::vector<const Word*> words_in(const std::vector<Word>& words, const Rect& box);

// tables_lattice.cpp: tables drawn with ruling lines. Cells come from the
// grid of lines; a cell whose separating line is missing spans the grid
// cells it covers.
std::vector<Region> find_lattice_tables(const PageRaster& raster, const std::vector<Word>& words);

// tables_stream.cpp: tables without ruling lines, from the alignment of the
// page's lines (text runs) into at least three columns over at least three
// rows of short cells. Lines inside `taken` are ignored. Conservative: prose
// columns, code and gutter-crossing text are not tables.
std::vector<Region> find_stream_tables(const std::vector<Line>& lines, const std::vector<Region>& taken);

// figures.cpp: pictures and drawings: blobs of non-paper ink (words painted
// out) at least ~0.5 inch a side, not hollow (frames), not mostly words
// (shaded text boxes), not a page background, not inside a table.
std::vector<Region> find_figures(const PageRaster& raster, const std::vector<Word>& words,
                                 const std::vector<Region>& tables);
// The page area `box` (points) and a 10 pt margin rendered in colour as a PNG Image (at most
// ~150 dpi and 4 Mpx); nothing when poppler cannot render it.
std::optional<Image> crop_figure(const poppler::page& page, const Rect& box);

// regions.cpp: all of the above for one page; fills page.regions, retires
// the lines inside them and adds their placeholders.
void detect_regions(const poppler::page& page, const std::vector<Word>& words, PdfPage& layout);

}  // namespace lore::parse::pdf
