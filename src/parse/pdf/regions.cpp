// detect_regions(): tables and figures of one page, and their place in the
// text flow (pdf_regions.h).
#include <algorithm>

#include "core/text.h"
#include "parse/pdf/pdf_regions.h"

namespace lore::parse::pdf {

namespace {

// Words whose centres are closer than this share of the smaller height are
// on one row of a cell.
constexpr double kSameRowShare = 0.5;
// A line belongs to a region when its centre is inside the region grown by
// this many points (rounding of the raster).
constexpr double kRegionSlackPt = 1.5;
// A gap wider than this (in ems) between words of a row is a space (lines.cpp).
constexpr double kSpaceGapEm = 0.15;

bool inside(const Rect& box, double x, double y, double slack) {
  return x >= box.x0 - slack && x <= box.x1 + slack && y >= box.y0 - slack && y <= box.y1 + slack;
}

char32_t edge_cp(std::string_view s, bool last) {
  if (s.empty()) return 0;
  size_t i = 0;
  if (last) {
    i = s.size() - 1;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  }
  return text::next_codepoint(s, i);
}

}  // namespace

std::vector<const Word*> words_in(const std::vector<Word>& words, const Rect& box) {
  std::vector<const Word*> out;
  for (const Word& w : words)
    if (inside(box, (w.box.x0 + w.box.x1) / 2, w.box.center_y(), 0)) out.push_back(&w);
  return out;
}

std::string text_of(std::vector<const Word*> words) {
  std::sort(words.begin(), words.end(),
            [](const Word* a, const Word* b) { return a->box.center_y() < b->box.center_y(); });
  std::vector<std::string> rows;
  for (size_t start = 0; start < words.size();) {
    size_t end = start + 1;
    while (end < words.size() &&
           words[end]->box.center_y() - words[start]->box.center_y() <
               kSameRowShare * std::min(words[start]->box.height(), words[end]->box.height()))
      ++end;
    std::sort(words.begin() + static_cast<long>(start), words.begin() + static_cast<long>(end),
              [](const Word* a, const Word* b) { return a->box.x0 < b->box.x0; });
    std::string row;
    for (size_t i = start; i < end; ++i) {
      const std::string_view t = words[i]->text;
      // Same spacing rule as lines.cpp: poppler splits a word where the font
      // changes (a larger initial, "T HRESHOLD"); only a real gap is a space.
      const bool gap = i == start || words[i - 1]->space_after ||
                       words[i]->box.x0 - words[i - 1]->box.x1 >
                           kSpaceGapEm * std::max(words[i - 1]->font_size, words[i]->font_size);
      if (!row.empty() && gap && !(text::is_cjk(edge_cp(row, true)) && text::is_cjk(edge_cp(t, false))))
        row += ' ';
      row += t;
    }
    rows.push_back(std::move(row));
    start = end;
  }
  std::vector<std::string_view> views(rows.begin(), rows.end());
  return join_lines(views);
}

void detect_regions(const poppler::page& page, const std::vector<Word>& words, PdfPage& layout) {
  std::vector<Region> regions;
  const std::optional<PageRaster> raster = render_graphics(page, layout, words);
  if (raster) regions = find_lattice_tables(*raster, words);
  for (Region& table : find_stream_tables(layout.lines, regions)) regions.push_back(std::move(table));
  if (raster) {
    for (Region& figure : find_figures(*raster, words, regions)) {
      figure.image = crop_figure(page, figure.box);
      regions.push_back(std::move(figure));
    }
  }
  if (regions.empty()) return;

  for (size_t i = 0; i < regions.size(); ++i) {
    Region& region = regions[i];
    std::vector<std::string_view> inner;
    for (Line& line : layout.lines) {
      if (line.role != LineRole::body || line.region >= 0) continue;
      if (!inside(region.box, (line.box.x0 + line.box.x1) / 2, line.box.center_y(), kRegionSlackPt)) continue;
      line.role = LineRole::region;
      inner.push_back(line.text);
    }
    if (region.kind == BlockKind::figure) {
      region.text = join_lines(inner);
      if (region.image) region.image->ocr_text = region.text;
    }
  }
  for (size_t i = 0; i < regions.size(); ++i) {
    Line placeholder;
    placeholder.box = regions[i].box;
    placeholder.region = static_cast<int>(i);
    layout.lines.push_back(std::move(placeholder));
  }
  layout.regions = std::move(regions);
}

}  // namespace lore::parse::pdf
