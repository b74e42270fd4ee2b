// Lattice tables: ruling lines -> cell grid -> cells filled from word boxes.
//
// Horizontal and vertical rules are what survives a morphological opening of
// the page's non-text ink with a long thin kernel. Rules that touch form one
// connected frame; a frame with at least two rows and two columns of the
// grid spanned by its rules is a table. Grid cells not separated by a rule
// are merged, which yields row and column spans.
#include <algorithm>
#include <numeric>
#include <opencv2/imgproc.hpp>

#include "parse/pdf/pdf_regions.h"

namespace lore::parse::pdf {

namespace {

// Shortest horizontal / vertical rule, in points. Text is painted out
// before, so only strokes of drawings compete with rules.
constexpr double kMinHRulePt = 14;
constexpr double kMinVRulePt = 8;
// Rules thicker than this (points) are bars or fills, not lines.
constexpr double kMaxRuleThicknessPt = 3;
// Smallest table frame, in points.
constexpr double kMinTableWidthPt = 40, kMinTableHeightPt = 16;
// Rule positions closer than this (points) are one grid line.
constexpr double kSnapPt = 3;
// A separator between two grid cells exists when a rule covers this share
// of their common edge.
constexpr double kEdgeCover = 0.6;
// Share of the width the top and bottom rules must cover.
constexpr double kFrameCover = 0.9;
// A word sticks out of its cell when it passes a border by this much (pt).
constexpr double kStraddlePt = 2;
// Share of a table's words that may stick out of their cells.
constexpr double kMaxStraddleShare = 0.05;
// More words than this in one cell: a text box, not a table.
constexpr size_t kMaxCellWords = 80;
// Frames this wide (share of the page) are page decoration.
constexpr double kMaxWidthShare = 0.95;

std::vector<int> snap(std::vector<int> v, int tolerance) {
  std::sort(v.begin(), v.end());
  std::vector<int> out;
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    long sum = 0;
    while (j < v.size() && v[j] - v[i] <= tolerance) sum += v[j++];
    out.push_back(static_cast<int>(sum / static_cast<long>(j - i)));
    i = j;
  }
  return out;
}

// Share of pixels on the segment (inclusive range, along one axis) of `mask`
// that are set within +-slack pixels across it.
double coverage(const cv::Mat& mask, bool horizontal, int at, int from, int to, int slack) {
  if (to <= from) return 0;
  int hit = 0;
  for (int t = from; t <= to; ++t) {
    bool any = false;
    for (int d = -slack; d <= slack && !any; ++d) {
      const int a = at + d;
      const int y = horizontal ? a : t, x = horizontal ? t : a;
      if (y >= 0 && y < mask.rows && x >= 0 && x < mask.cols && mask.at<uchar>(y, x)) any = true;
    }
    hit += any ? 1 : 0;
  }
  return static_cast<double>(hit) / (to - from + 1);
}

// Is there a word on grid row [y0, y1] (pixels) running across x?
bool crossed(const PageRaster& raster, const std::vector<Word>& words, int x, int y0, int y1) {
  const double xp = x / raster.scale, top = y0 / raster.scale, bottom = y1 / raster.scale;
  for (const Word& w : words) {
    const double cy = w.box.center_y();
    if (cy > top && cy < bottom && w.box.x0 < xp - kStraddlePt && w.box.x1 > xp + kStraddlePt) return true;
  }
  return false;
}

// Is there a word on grid column [x0, x1] (pixels) running across y?
bool crossed_row(const PageRaster& raster, const std::vector<Word>& words, int y, int x0, int x1) {
  const double yp = y / raster.scale, left = x0 / raster.scale, right = x1 / raster.scale;
  for (const Word& w : words) {
    const double cx = (w.box.x0 + w.box.x1) / 2;
    if (cx > left && cx < right && w.box.y0 < yp - kStraddlePt && w.box.y1 > yp + kStraddlePt) return true;
  }
  return false;
}

struct Frame {
  cv::Rect box;
  std::vector<int> xs, ys;  // grid lines, pixels
};

std::optional<Region> build_table(const PageRaster& raster, const cv::Mat& hmask, const cv::Mat& vmask,
                                  const Frame& f, const std::vector<Word>& words) {
  const size_t rows = f.ys.size() - 1, cols = f.xs.size() - 1;
  const int slack = std::max(1, static_cast<int>(kSnapPt * raster.scale / 2));
  // right[r][c]: rule between (r,c) and (r,c+1); down[r][c]: between (r,c) and (r+1,c).
  std::vector<std::vector<bool>> right(rows, std::vector<bool>(cols, true)),
      down(rows, std::vector<bool>(cols, true));
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c + 1 < cols; ++c)
      right[r][c] =
          coverage(vmask, false, f.xs[c + 1], f.ys[r] + slack, f.ys[r + 1] - slack, slack) >= kEdgeCover;
  for (size_t r = 0; r + 1 < rows; ++r)
    for (size_t c = 0; c < cols; ++c)
      down[r][c] =
          coverage(hmask, true, f.ys[r + 1], f.xs[c] + slack, f.xs[c + 1] - slack, slack) >= kEdgeCover;
  // A missing rule merges cells, except between two cells of one row that
  // both hold text no word of which runs across the border: there the rule
  // was lost (a light colour, a gap) rather than left out.
  auto has_text = [&](size_t r, size_t c) {
    const Rect cell =
        raster.to_points(cv::Rect(cv::Point(f.xs[c], f.ys[r]), cv::Point(f.xs[c + 1], f.ys[r + 1])));
    return !words_in(words, cell).empty();
  };
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c + 1 < cols; ++c)
      if (!right[r][c])
        right[r][c] = has_text(r, c) && has_text(r, c + 1) &&
                      !crossed(raster, words, f.xs[c + 1], f.ys[r], f.ys[r + 1]);
  // Between rows the same holds, and a missing rule between two filled
  // cells merges them only when text runs across it: rows drawn as fills
  // leave broken "rules" behind once their text is painted out.
  for (size_t r = 0; r + 1 < rows; ++r)
    for (size_t c = 0; c < cols; ++c)
      if (!down[r][c])
        down[r][c] = has_text(r, c) && has_text(r + 1, c) &&
                     !crossed_row(raster, words, f.ys[r + 1], f.xs[c], f.xs[c + 1]);

  // Merged cells: grow each unclaimed grid cell right and down while no rule
  // separates it, keeping the span rectangular.
  std::vector<std::vector<int>> owner(rows, std::vector<int>(cols, -1));
  struct Span {
    size_t r, c, rs, cs;
  };
  std::vector<Span> spans;
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < cols; ++c) {
      if (owner[r][c] >= 0) continue;
      size_t cs = 1, rs = 1;
      while (c + cs < cols && !right[r][c + cs - 1] && owner[r][c + cs] < 0) ++cs;
      auto row_open = [&](size_t rr) {
        for (size_t k = c; k < c + cs; ++k)
          if (down[rr][k] || owner[rr + 1][k] >= 0) return false;
        return true;
      };
      while (r + rs < rows && row_open(r + rs - 1)) ++rs;
      for (size_t rr = r; rr < r + rs; ++rr)
        for (size_t cc = c; cc < c + cs; ++cc) owner[rr][cc] = static_cast<int>(spans.size());
      spans.push_back({r, c, rs, cs});
    }

  Table table;
  table.rows.resize(rows);
  int filled = 0;
  size_t inside = 0, straddling = 0;
  for (const Span& s : spans) {
    const Rect cell = raster.to_points(
        cv::Rect(cv::Point(f.xs[s.c], f.ys[s.r]), cv::Point(f.xs[s.c + s.cs], f.ys[s.r + s.rs])));
    const std::vector<const Word*> in = words_in(words, cell);
    inside += in.size();
    for (const Word* w : in)
      if (w->box.x0 < cell.x0 - kStraddlePt || w->box.x1 > cell.x1 + kStraddlePt ||
          w->box.y0 < cell.y0 - kStraddlePt || w->box.y1 > cell.y1 + kStraddlePt)
        ++straddling;
    // A "cell" holding a page of prose is page design (a sidebar), not data.
    if (in.size() > kMaxCellWords) return std::nullopt;
    TableCell tc;
    tc.text = text_of(in);
    tc.row_span = static_cast<int>(s.rs);
    tc.col_span = static_cast<int>(s.cs);
    filled += tc.text.empty() ? 0 : 1;
    table.rows[s.r].push_back(std::move(tc));
  }
  // A framed paragraph or a box around a picture is not a table.
  size_t effective_cols = 0;
  for (const auto& row : table.rows) effective_cols = std::max(effective_cols, row.size());
  if (rows < 2 || effective_cols < 2 || filled < 3) return std::nullopt;
  // Text that runs across cell borders: boxes and arrows of a diagram.
  if (static_cast<double>(straddling) > kMaxStraddleShare * static_cast<double>(inside)) return std::nullopt;
  table.has_header = true;
  Region region;
  region.kind = BlockKind::table;
  region.box = raster.to_points(f.box);
  region.table = std::move(table);
  return region;
}

}  // namespace

std::vector<Region> find_lattice_tables(const PageRaster& raster, const std::vector<Word>& words) {
  const double s = raster.scale;
  auto opened = [&](int w, int h) {
    cv::Mat out;
    cv::morphologyEx(raster.ink, out, cv::MORPH_OPEN,
                     cv::getStructuringElement(cv::MORPH_RECT, cv::Size(w, h)));
    return out;
  };
  cv::Mat hmask = opened(static_cast<int>(kMinHRulePt * s), 1);
  cv::Mat vmask = opened(1, static_cast<int>(kMinVRulePt * s));
  // Thick bars and filled areas survive both openings: drop them.
  const int thick = static_cast<int>(kMaxRuleThicknessPt * s) + 1;
  cv::Mat hbars = opened(static_cast<int>(kMinHRulePt * s), thick),
          vbars = opened(thick, static_cast<int>(kMinVRulePt * s));
  hmask &= ~hbars;
  vmask &= ~vbars;
  if (cv::countNonZero(vmask) == 0 || cv::countNonZero(hmask) == 0) return {};

  cv::Mat frame_mask = hmask | vmask, labels, stats, centroids;
  cv::dilate(frame_mask, frame_mask, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
  const int n = cv::connectedComponentsWithStats(frame_mask, labels, stats, centroids, 8, CV_32S);
  std::vector<Region> out;
  for (int i = 1; i < n; ++i) {
    const cv::Rect box(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                       stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    if (box.width < kMinTableWidthPt * s || box.height < kMinTableHeightPt * s) continue;
    if (box.width > kMaxWidthShare * raster.page_width_px) continue;
    // Grid lines: rows of the horizontal mask (columns of the vertical one)
    // inside this frame that carry a rule at least kMinHRulePt long.
    Frame f;
    f.box = box;
    const cv::Mat lab = labels(box), hm = hmask(box), vm = vmask(box);
    for (int y = 0; y < box.height; ++y) {
      int run = 0, best = 0;
      for (int x = 0; x < box.width; ++x) {
        run = (hm.at<uchar>(y, x) && lab.at<int>(y, x) == i) ? run + 1 : 0;
        best = std::max(best, run);
      }
      if (best >= kMinHRulePt * s) f.ys.push_back(box.y + y);
    }
    for (int x = 0; x < box.width; ++x) {
      int run = 0, best = 0;
      for (int y = 0; y < box.height; ++y) {
        run = (vm.at<uchar>(y, x) && lab.at<int>(y, x) == i) ? run + 1 : 0;
        best = std::max(best, run);
      }
      if (best >= kMinVRulePt * s) f.xs.push_back(box.x + x);
    }
    const int tol = static_cast<int>(kSnapPt * s);
    f.ys = snap(std::move(f.ys), tol);
    f.xs = snap(std::move(f.xs), tol);
    // The frame's outer edges bound the grid even where a rule is missing.
    if (f.ys.empty() || f.ys.front() - box.y > tol) f.ys.insert(f.ys.begin(), box.y);
    if (box.y + box.height - 1 - f.ys.back() > tol) f.ys.push_back(box.y + box.height - 1);
    if (f.xs.empty() || f.xs.front() - box.x > tol) f.xs.insert(f.xs.begin(), box.x);
    if (box.x + box.width - 1 - f.xs.back() > tol) f.xs.push_back(box.x + box.width - 1);
    if (f.ys.size() < 3 || f.xs.size() < 3) continue;
    // A table is closed at the top and the bottom by rules across its width
    // (sides may be open). Fragments of coloured layouts are not.
    const int slack = static_cast<int>(kSnapPt * s / 2) + 1;
    if (coverage(hmask, true, f.ys.front(), box.x, box.x + box.width - 1, slack) < kFrameCover ||
        coverage(hmask, true, f.ys.back(), box.x, box.x + box.width - 1, slack) < kFrameCover)
      continue;
    if (auto region = build_table(raster, hmask, vmask, f, words)) out.push_back(std::move(*region));
  }
  return out;
}

}  // namespace lore::parse::pdf
