// find_figures() and crop_figure(): pictures and drawings of a text page
// (pdf_regions.h).
//
// A figure is a large blob of non-paper pixels once the words are painted
// out: photos and charts are filled or dense with strokes. What is not a
// figure: ruling lines and frames (hollow), tables (found before), shaded
// text boxes (mostly words), page backgrounds (nearly the whole page).
#include <leptonica/allheaders.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "parse/ocr/pix.h"
#include "parse/pdf/pdf_regions.h"

namespace lore::parse::pdf {

namespace {

// Gray below this is not paper (light tints of photos included).
constexpr int kPaperGray = 235;
// Parts of one figure closer than this (points) are merged.
constexpr double kMergePt = 6;
// Smallest figure: both sides and the area (points, points²). Icons and
// bullets stay text decoration.
constexpr double kMinSidePt = 36;
constexpr double kMinAreaPt2 = 4000;
// A box covering more than this share of the page, or running across nearly
// its whole width (a tinted band behind text), is a background.
constexpr double kMaxPageShare = 0.8;
constexpr double kMaxWidthShare = 0.95;
// Non-paper pixels needed inside the box shrunk by kInnerMargin on each side:
// frames and rules around text are hollow.
constexpr double kMinInnerInk = 0.04;
constexpr double kInnerMargin = 0.15;
// A box whose words cover more than this share of it is a shaded text box.
constexpr double kMaxWordShare = 0.25;
// A box overlapping a table by more than this share of its area is the table.
constexpr double kMaxTableOverlap = 0.3;
// Figure crops: rendered at this resolution, capped in pixels.
constexpr double kCropDpi = 150;
constexpr double kMaxCropPixels = 4e6;
// The crop reaches this far past the ink (points): axis labels and tick
// numbers are words, painted out before detection, but belong in the picture.
constexpr double kCropPadPt = 10;

double area(const Rect& r) { return std::max(0.0, r.width()) * std::max(0.0, r.height()); }

double overlap(const Rect& a, const Rect& b) {
  const Rect i{std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1), std::min(a.y1, b.y1)};
  return i.x1 > i.x0 && i.y1 > i.y0 ? area(i) : 0;
}

}  // namespace

std::vector<Region> find_figures(const PageRaster& raster, const std::vector<Word>& words,
                                 const std::vector<Region>& tables) {
  std::vector<Region> out;
  cv::Mat ink;
  cv::threshold(raster.gray, ink, kPaperGray, 255, cv::THRESH_BINARY_INV);
  cv::bitwise_or(ink, raster.ink, ink);
  const int merge = std::max(1, static_cast<int>(std::lround(kMergePt * raster.scale)));
  cv::Mat closed;
  cv::morphologyEx(ink, closed, cv::MORPH_CLOSE,
                   cv::getStructuringElement(cv::MORPH_RECT, cv::Size(merge, merge)));
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(closed, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const double page_area =
      static_cast<double>(raster.page_width_px) * raster.page_height_px / (raster.scale * raster.scale);
  for (const auto& contour : contours) {
    const cv::Rect px = cv::boundingRect(contour);
    const Rect box = raster.to_points(px);
    if (box.width() < kMinSidePt || box.height() < kMinSidePt || area(box) < kMinAreaPt2) continue;
    if (area(box) > kMaxPageShare * page_area ||
        px.width > kMaxWidthShare * static_cast<double>(raster.page_width_px))
      continue;
    bool in_table = false;
    for (const Region& t : tables) in_table = in_table || overlap(box, t.box) > kMaxTableOverlap * area(box);
    if (in_table) continue;
    const int mx = static_cast<int>(px.width * kInnerMargin), my = static_cast<int>(px.height * kInnerMargin);
    const cv::Rect inner(px.x + mx, px.y + my, px.width - 2 * mx, px.height - 2 * my);
    if (inner.area() <= 0 || cv::countNonZero(ink(inner)) < kMinInnerInk * static_cast<double>(inner.area()))
      continue;
    double word_area = 0;
    for (const Word* w : words_in(words, box)) word_area += overlap(w->box, box);
    if (word_area > kMaxWordShare * area(box)) continue;
    Region r;
    r.kind = BlockKind::figure;
    r.box = box;
    out.push_back(std::move(r));
  }
  // Top to bottom, left to right (the order placeholders are added in).
  std::sort(out.begin(), out.end(), [](const Region& a, const Region& b) {
    return a.box.y0 != b.box.y0 ? a.box.y0 < b.box.y0 : a.box.x0 < b.box.x0;
  });
  return out;
}

std::optional<Image> crop_figure(const poppler::page& page, const Rect& ink_box) {
  const Rect box{std::max(0.0, ink_box.x0 - kCropPadPt), std::max(0.0, ink_box.y0 - kCropPadPt),
                 ink_box.x1 + kCropPadPt, ink_box.y1 + kCropPadPt};
  const double dpi = std::min(kCropDpi, 72.0 * std::sqrt(kMaxCropPixels / std::max(1.0, area(box))));
  const double s = dpi / 72.0;
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_argb32);
  const int x = static_cast<int>(std::floor(box.x0 * s)), y = static_cast<int>(std::floor(box.y0 * s));
  const int w = static_cast<int>(std::ceil(box.width() * s)),
            h = static_cast<int>(std::ceil(box.height() * s));
  if (w <= 0 || h <= 0) return std::nullopt;
  const poppler::image img = renderer.render_page(&page, dpi, dpi, x, y, w, h);
  if (!img.is_valid() || img.width() <= 0 || img.height() <= 0 ||
      img.format() != poppler::image::format_argb32)
    return std::nullopt;
  ocr::PixPtr pix = ocr::own(pixCreate(img.width(), img.height(), 32));
  if (!pix) return std::nullopt;
  l_uint32* dst = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  for (int row = 0; row < img.height(); ++row) {
    // argb32 is native-endian 0xAARRGGBB per pixel.
    const auto* src = reinterpret_cast<const uint32_t*>(img.const_data() +
                                                        static_cast<ptrdiff_t>(row) * img.bytes_per_row());
    l_uint32* line = dst + static_cast<ptrdiff_t>(row) * wpl;
    for (int col = 0; col < img.width(); ++col) {
      const uint32_t v = src[col];
      l_uint32 pixel = 0;
      composeRGBPixel(static_cast<l_int32>((v >> 16) & 0xFF), static_cast<l_int32>((v >> 8) & 0xFF),
                      static_cast<l_int32>(v & 0xFF), &pixel);
      line[col] = pixel;
    }
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixWriteMem(&data, &size, pix.get(), IFF_PNG) != 0 || !data) return std::nullopt;
  Image image;
  image.format = "png";
  image.bytes.assign(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  image.width = img.width();
  image.height = img.height();
  return image;
}

}  // namespace lore::parse::pdf
