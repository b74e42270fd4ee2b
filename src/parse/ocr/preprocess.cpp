// Page preparation with leptonica: grayscale, glyph size, rotation, scale,
// deskew, border; and mapping boxes back.
#include <algorithm>
#include <cmath>
#include <vector>

#include "parse/ocr/pix.h"

namespace lore::parse::ocr {

namespace {

// Components outside these bounds are noise, rules or pictures, not glyphs.
constexpr int kMinGlyphPx = 4;
constexpr int kMinGlyphs = 12;
constexpr int kBorderPx = 24;
// Deskew smaller angles is not worth the interpolation blur.
constexpr double kMinDeskewDegrees = 0.3;
// Upper quantile of component heights: whole letters with ascenders in Latin
// text, whole characters (not their separate strokes) in CJK text.
constexpr double kGlyphQuantile = 0.8;

}  // namespace

PixPtr to_gray(const Pix* image) {
  Pix* src = const_cast<Pix*>(image);  // leptonica's API is not const-correct; it does not modify here
  PixPtr no_cmap = own(pixRemoveColormap(src, REMOVE_CMAP_BASED_ON_SRC));
  Pix* base = no_cmap ? no_cmap.get() : src;
  if (pixGetDepth(base) == 32) return own(pixConvertRGBToLuminance(base));
  return own(pixConvertTo8(base, 0));
}

double glyph_height(Pix* gray) {
  PixPtr binary = own(pixConvertTo1(gray, 128));
  if (!binary) return 0;
  BOXA* boxes = pixConnComp(binary.get(), nullptr, 8);
  if (!boxes) return 0;
  const int max_h = std::max(kMinGlyphPx, pixGetHeight(gray) / 8);
  std::vector<int> heights;
  const int n = boxaGetCount(boxes);
  for (int i = 0; i < n; ++i) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h) != 0) continue;
    if (h >= kMinGlyphPx && h <= max_h && w <= 3 * h && w * 8 >= h) heights.push_back(h);
  }
  boxaDestroy(&boxes);
  if (static_cast<int>(heights.size()) < kMinGlyphs) return 0;
  const size_t k =
      std::min(heights.size() - 1, static_cast<size_t>(kGlyphQuantile * static_cast<double>(heights.size())));
  std::nth_element(heights.begin(), heights.begin() + static_cast<long>(k), heights.end());
  return heights[k];
}

PixPtr prepare(Pix* gray, int quads, double scale, Transform& t) {
  t.in_width = pixGetWidth(gray);
  t.in_height = pixGetHeight(gray);
  t.quads = ((quads % 4) + 4) % 4;
  t.scale = scale;
  t.skew_radians = 0;
  t.border = 0;
  PixPtr rotated = t.quads ? own(pixRotateOrth(gray, t.quads)) : own(pixClone(gray));
  PixPtr scaled =
      scale == 1.0 ? std::move(rotated)
                   : own(pixScaleGrayLI(rotated.get(), static_cast<float>(scale), static_cast<float>(scale)));
  if (!scaled) scaled = own(pixClone(gray));
  l_float32 angle = 0, conf = 0;
  PixPtr deskewed = own(pixFindSkewAndDeskew(scaled.get(), 0, &angle, &conf));
  // leptonica returns a clone when it is not confident enough to rotate.
  if (deskewed && deskewed.get() != scaled.get() && std::abs(angle) >= kMinDeskewDegrees &&
      pixGetWidth(deskewed.get()) == pixGetWidth(scaled.get())) {
    t.skew_radians = angle * M_PI / 180.0;
  } else {
    deskewed = std::move(scaled);
  }
  t.width = pixGetWidth(deskewed.get());
  t.height = pixGetHeight(deskewed.get());
  // A white margin: tesseract misses glyphs that touch the image edge.
  PixPtr framed = own(pixAddBorder(deskewed.get(), kBorderPx, 255));
  if (!framed) return deskewed;
  t.border = kBorderPx;
  return framed;
}

BBox Transform::map_back(const BBox& b) const {
  const double cx = width / 2.0, cy = height / 2.0;
  double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
  const double c = std::cos(-skew_radians), s = std::sin(-skew_radians);
  const double rw = quads % 2 ? in_height : in_width;  // width of the rotated input
  const double rh = quads % 2 ? in_width : in_height;
  for (auto [px, py] : {std::pair{b.x0, b.y0}, {b.x1, b.y0}, {b.x0, b.y1}, {b.x1, b.y1}}) {
    px -= border;
    py -= border;
    // Undo the deskew (a rotation about the centre), then the scale.
    double x = (cx + (px - cx) * c - (py - cy) * s) / scale;
    double y = (cy + (px - cx) * s + (py - cy) * c) / scale;
    // Undo the clockwise quarter turns.
    double ox = x, oy = y;
    switch (quads) {
      case 1:
        ox = y;
        oy = rw - x;
        break;
      case 2:
        ox = rw - x;
        oy = rh - y;
        break;
      case 3:
        ox = rh - y;
        oy = x;
        break;
      default:
        break;
    }
    x0 = std::min(x0, ox);
    y0 = std::min(y0, oy);
    x1 = std::max(x1, ox);
    y1 = std::max(y1, oy);
  }
  auto clamp = [](double v, double hi) { return std::clamp(v, 0.0, hi); };
  return BBox{clamp(x0, in_width), clamp(y0, in_height), clamp(x1, in_width), clamp(y1, in_height)};
}

}  // namespace lore::parse::ocr
