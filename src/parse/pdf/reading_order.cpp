// Reading order by recursive XY-cut over line boxes.
//
// A region is first cut at vertical whitespace that runs through its whole
// height (column gutters): columns are read left to right. A region with no
// such gutter is sliced into rows at horizontal whitespace, and consecutive
// rows that share a gutter are regrouped, so that
//   - a full-width title above two columns is read first, then the columns
//     (the title row has no gutter, the column rows do), and
//   - a paragraph break that happens to line up in both columns does not
//     interleave them (both rows share the gutter, so they stay one group).
// Each group is then cut recursively; a region that cannot be cut is a leaf,
// read top to bottom.
// Before any of that, a region is split at every band of whitespace across
// its whole width that is at least kSectionGapEm tall (about two blank
// lines): such a band is a section break, and the parts are read top to
// bottom. So a grid of boxes (stanzas, cards, panels) whose rows are spaced
// like that is read row by row, each row left to right, while a paragraph
// break that lines up in two columns (at most a blank line) splits nothing.
#include <algorithm>
#include <numeric>

#include "parse/pdf/pdf_layout.h"

namespace lore::parse::pdf {

namespace {

// Narrowest whitespace (in ems of the body font) that separates columns.
// LaTeX's default two-column gutter is 1 em; word spaces inside a line never
// count because a line is one box.
constexpr double kMinColumnGapEm = 0.8;
// Whitespace across a whole region at least this tall (in ems of the body
// font) is a section break.
constexpr double kSectionGapEm = 2.5;
// Recursion bound for pathological pages (each level strictly shrinks the
// region, so this only guards the stack).
constexpr int kMaxDepth = 64;
// Lines whose centres are closer than this share of the smaller line height
// are on the same row of a leaf.
constexpr double kSameRowShare = 0.5;
constexpr double kEpsilon = 0.01;

struct Interval {
  double lo, hi;
};

// Parts of [lo, hi] not covered by `covered`, at least `min_width` wide.
std::vector<Interval> uncovered(std::vector<Interval> covered, double lo, double hi, double min_width) {
  std::sort(covered.begin(), covered.end(), [](const Interval& a, const Interval& b) { return a.lo < b.lo; });
  std::vector<Interval> gaps;
  double reach = lo;
  for (const Interval& c : covered) {
    if (c.lo - reach >= min_width) gaps.push_back({reach, c.lo});
    reach = std::max(reach, c.hi);
  }
  if (hi - reach >= min_width) gaps.push_back({reach, hi});
  return gaps;
}

std::vector<Interval> intersect(const std::vector<Interval>& a, const std::vector<Interval>& b,
                                double min_width) {
  std::vector<Interval> out;
  for (const Interval& x : a)
    for (const Interval& y : b) {
      const Interval i{std::max(x.lo, y.lo), std::min(x.hi, y.hi)};
      if (i.hi - i.lo >= min_width) out.push_back(i);
    }
  return out;
}

class XYCut {
 public:
  XYCut(const std::vector<Line>& lines, double body_size)
      : lines_(lines), min_gap_(kMinColumnGapEm * body_size), section_gap_(kSectionGapEm * body_size) {}

  void cut(std::vector<int> ids, int depth) {
    if (ids.size() <= 1 || depth >= kMaxDepth) return leaf(std::move(ids));
    if (cut_sections(ids, depth)) return;
    const Rect region = bounds(ids);
    if (cut_columns(ids, region, depth)) return;
    cut_rows(std::move(ids), region, depth);
  }

  std::vector<std::vector<int>> take() { return std::move(leaves_); }

 private:
  Rect bounds(const std::vector<int>& ids) const {
    Rect r = lines_[ids.front()].box;
    for (int id : ids) r.unite(lines_[id].box);
    return r;
  }

  // Splits at whitespace bands at least section_gap_ tall; false when none.
  bool cut_sections(std::vector<int> ids, int depth) {
    std::sort(ids.begin(), ids.end(), [&](int a, int b) { return lines_[a].box.y0 < lines_[b].box.y0; });
    std::vector<std::vector<int>> sections(1);
    double reach = lines_[ids.front()].box.y1;
    for (int id : ids) {
      if (lines_[id].box.y0 - reach >= section_gap_) sections.emplace_back();
      sections.back().push_back(id);
      reach = std::max(reach, lines_[id].box.y1);
    }
    if (sections.size() == 1) return false;
    for (auto& section : sections) cut(std::move(section), depth + 1);
    return true;
  }

  bool cut_columns(const std::vector<int>& ids, const Rect& region, int depth) {
    std::vector<Interval> xs;
    for (int id : ids) xs.push_back({lines_[id].box.x0, lines_[id].box.x1});
    const std::vector<Interval> gutters = uncovered(std::move(xs), region.x0, region.x1, min_gap_);
    if (gutters.empty()) return false;
    std::vector<std::vector<int>> columns(gutters.size() + 1);
    for (int id : ids) {
      size_t col = 0;
      while (col < gutters.size() && gutters[col].hi <= lines_[id].box.x0 + kEpsilon) ++col;
      columns[col].push_back(id);
    }
    for (auto& column : columns)
      if (!column.empty()) cut(std::move(column), depth + 1);
    return true;
  }

  void cut_rows(std::vector<int> ids, const Rect& region, int depth) {
    std::sort(ids.begin(), ids.end(), [&](int a, int b) { return lines_[a].box.y0 < lines_[b].box.y0; });
    std::vector<std::vector<int>> rows;
    double reach = 0;
    for (int id : ids) {
      if (rows.empty() || lines_[id].box.y0 > reach + kEpsilon) {
        rows.emplace_back();
        reach = lines_[id].box.y1;
      }
      rows.back().push_back(id);
      reach = std::max(reach, lines_[id].box.y1);
    }
    if (rows.size() == 1) return leaf(std::move(ids));

    std::vector<std::vector<int>> groups;
    std::vector<Interval> shared;  // gutters common to every row of the current group
    for (auto& row : rows) {
      std::vector<Interval> xs;
      for (int id : row) xs.push_back({lines_[id].box.x0, lines_[id].box.x1});
      // Only interior gaps can be gutters: a short last line of a paragraph
      // leaves whitespace at the region's edge, which separates nothing.
      std::vector<Interval> gaps = uncovered(std::move(xs), region.x0, region.x1, min_gap_);
      std::erase_if(gaps, [&](const Interval& g) { return !is_interior(g, region); });
      if (!groups.empty()) {
        std::vector<Interval> common = intersect(shared, gaps, min_gap_);
        const bool both_spanning = shared.empty() && gaps.empty();
        if (both_spanning || has_interior(common, region)) {
          groups.back().insert(groups.back().end(), row.begin(), row.end());
          shared = std::move(common);
          continue;
        }
      }
      groups.push_back(std::move(row));
      shared = gaps;
    }
    if (groups.size() == 1) return leaf(std::move(groups.front()));
    for (auto& group : groups) cut(std::move(group), depth + 1);
  }

  static bool is_interior(const Interval& g, const Rect& region) {
    return g.lo > region.x0 + kEpsilon && g.hi < region.x1 - kEpsilon;
  }
  static bool has_interior(const std::vector<Interval>& gaps, const Rect& region) {
    return std::any_of(gaps.begin(), gaps.end(), [&](const Interval& g) { return is_interior(g, region); });
  }

  // Top to bottom; lines on one row (centres close) left to right.
  void leaf(std::vector<int> ids) {
    std::sort(ids.begin(), ids.end(),
              [&](int a, int b) { return lines_[a].box.center_y() < lines_[b].box.center_y(); });
    for (size_t start = 0; start < ids.size();) {
      const Line& first = lines_[ids[start]];
      size_t end = start + 1;
      while (end < ids.size()) {
        const Line& l = lines_[ids[end]];
        const double tolerance = kSameRowShare * std::min(first.box.height(), l.box.height());
        if (l.box.center_y() - first.box.center_y() > tolerance) break;
        ++end;
      }
      std::sort(ids.begin() + static_cast<long>(start), ids.begin() + static_cast<long>(end),
                [&](int a, int b) { return lines_[a].box.x0 < lines_[b].box.x0; });
      start = end;
    }
    leaves_.push_back(std::move(ids));
  }

  const std::vector<Line>& lines_;
  const double min_gap_;
  const double section_gap_;
  std::vector<std::vector<int>> leaves_;
};

}  // namespace

std::vector<std::vector<int>> reading_order(const std::vector<Line>& lines, double body_size) {
  std::vector<int> ids;
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].role == LineRole::body) ids.push_back(static_cast<int>(i));
  if (ids.empty()) return {};
  XYCut xy(lines, body_size);
  xy.cut(std::move(ids), 0);
  return xy.take();
}

}  // namespace lore::parse::pdf
