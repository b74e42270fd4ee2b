// Renders a page in gray and paints its words out, leaving the non-text ink
// (ruling lines, fills, pictures) that table and figure detection look at.
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "parse/pdf/pdf_regions.h"

namespace lore::parse::pdf {

namespace {

// 1.25 px per point (90 dpi): a 0.4 pt rule is still one solid pixel (thin
// lines are drawn solid), cells of 8 pt text are 10 px tall, and an A4 page
// is ~0.7 Mpx, which poppler renders in a few milliseconds.
constexpr double kScale = 1.25;
// Gray levels this far below the local background are ink.
constexpr int kInkContrast = 40;
// ... and darker than this absolute level.
constexpr int kMaxInkGray = 170;
// Pixels a dark row must run on beyond both sides of a word box to be a
// rule crossing it.
constexpr int kRuleOverhangPx = 2;
// Pages with fewer ink pixels than this share have no rules or pictures.
constexpr double kMinInkShare = 0.0005;

// A light gray level of the one-pixel ring around `r` (clipped): the 90th
// percentile, so that rules the box touches and neighbouring glyphs (dark)
// do not decide the colour, while a shaded cell keeps its shade.
uchar ring_background(const cv::Mat& gray, const cv::Rect& r) {
  std::vector<uchar> v;
  const cv::Rect page(0, 0, gray.cols, gray.rows);
  const cv::Rect ring = cv::Rect(r.x - 1, r.y - 1, r.width + 2, r.height + 2) & page;
  for (int x = ring.x; x < ring.x + ring.width; ++x) {
    v.push_back(gray.at<uchar>(ring.y, x));
    v.push_back(gray.at<uchar>(ring.y + ring.height - 1, x));
  }
  for (int y = ring.y; y < ring.y + ring.height; ++y) {
    v.push_back(gray.at<uchar>(y, ring.x));
    v.push_back(gray.at<uchar>(y, ring.x + ring.width - 1));
  }
  if (v.empty()) return 255;
  const size_t k = v.size() * 9 / 10;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

}  // namespace

std::optional<PageRaster> render_graphics(const poppler::page& page, const PdfPage& layout,
                                          const std::vector<Word>& words) {
  if (layout.width <= 0 || layout.height <= 0) return std::nullopt;
  poppler::page_renderer renderer;
  renderer.set_render_hints(0);  // no antialiasing: crisp rules, fewer gray fringes
  renderer.set_line_mode(poppler::page_renderer::line_solid);
  renderer.set_image_format(poppler::image::format_gray8);
  poppler::image img = renderer.render_page(&page, 72.0 * kScale, 72.0 * kScale);
  if (!img.is_valid() || img.format() != poppler::image::format_gray8) return std::nullopt;
  PageRaster r;
  r.scale = kScale;
  r.page_width_px = img.width();
  r.page_height_px = img.height();
  // The render must be in the text boxes' frame (displayed orientation).
  if (std::abs(img.width() - layout.width * kScale) > 3 ||
      std::abs(img.height() - layout.height * kScale) > 3)
    return std::nullopt;
  cv::Mat gray =
      cv::Mat(img.height(), img.width(), CV_8UC1, img.data(), static_cast<size_t>(img.bytes_per_row()))
          .clone();

  // Paint each word with the colour around it (a shaded cell stays shaded,
  // so no false edges appear where the text was).
  // Poppler's word boxes run from the font's ascent to its descent, past the
  // glyphs: in tight table cells they reach over the rule above or below. A
  // pixel row of a box that is dark all across it and kRuleOverhangPx beyond
  // both sides is such a rule (glyphs end with their word, and words are
  // apart): it is put back after painting.
  const cv::Rect page_px(0, 0, gray.cols, gray.rows);
  auto crossed_by_rule = [&](const cv::Rect& box, int y) {
    const int from = box.x - kRuleOverhangPx, to = box.x + box.width - 1 + kRuleOverhangPx;
    if (from < 0 || to >= gray.cols) return false;
    const uchar* row = gray.ptr<uchar>(y);
    for (int x = from; x <= to; ++x)
      if (row[x] > kMaxInkGray) return false;
    return true;
  };
  std::vector<std::pair<cv::Rect, cv::Mat>> rules;  // pixel rows to put back, with their pixels
  std::vector<cv::Rect> boxes;
  for (const Word& w : words) {
    const cv::Rect box =
        cv::Rect(cv::Point(static_cast<int>(w.box.x0 * kScale), static_cast<int>(w.box.y0 * kScale)),
                 cv::Point(static_cast<int>(std::ceil(w.box.x1 * kScale)),
                           static_cast<int>(std::ceil(w.box.y1 * kScale)))) &
        page_px;
    if (box.area() <= 0) continue;
    boxes.push_back(box);
    for (int y = box.y; y < box.y + box.height; ++y)
      if (crossed_by_rule(box, y)) {
        const cv::Rect row(box.x, y, box.width, 1);
        rules.emplace_back(row, gray(row).clone());
      }
  }
  for (const cv::Rect& box : boxes) gray(box).setTo(ring_background(gray, box));
  for (const auto& [row, pixels] : rules) pixels.copyTo(gray(row));

  // Ink: darker than the local background by kInkContrast, or darker than
  // the paper where a region is uniformly dark.
  cv::Mat background;
  cv::blur(gray, background, cv::Size(15, 15));
  cv::Mat diff;
  cv::subtract(background, gray, diff);
  cv::threshold(diff, r.ink, kInkContrast - 1, 255, cv::THRESH_BINARY);
  cv::Mat dark_enough;  // rules are drawn dark; edges of light fills are not rules
  cv::threshold(gray, dark_enough, kMaxInkGray, 255, cv::THRESH_BINARY_INV);
  r.ink &= dark_enough;
  if (cv::countNonZero(r.ink) < kMinInkShare * static_cast<double>(r.ink.total())) {
    cv::Mat dark;
    cv::threshold(gray, dark, 200, 255, cv::THRESH_BINARY_INV);
    if (cv::countNonZero(dark) < kMinInkShare * static_cast<double>(dark.total())) return std::nullopt;
  }
  r.gray = std::move(gray);
  return r;
}

}  // namespace lore::parse::pdf
