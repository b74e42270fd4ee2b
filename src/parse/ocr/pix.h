// Internal to src/parse/ocr: owning leptonica images and the page
// preparation steps that run before recognition.
#pragma once

#include <leptonica/allheaders.h>

#include <memory>

#include "parse/document.h"

namespace lore::parse::ocr {

struct PixDeleter {
  void operator()(Pix* p) const {
    if (p) pixDestroy(&p);
  }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// Takes ownership of a leptonica result (nullptr stays nullptr).
inline PixPtr own(Pix* p) { return PixPtr(p); }

// An 8-bit grayscale copy of `image` (colour maps removed, alpha dropped).
PixPtr to_gray(const Pix* image);

// Typical glyph height in pixels: an upper quantile of the heights of
// character-sized connected components of a gray page (dark on light), or 0
// when there are too few to tell.
double glyph_height(Pix* gray);

// How a prepared image relates to the image the caller gave: prepared =
// border(deskew(scale(rotate(input)))). map_back() undoes it for a box.
struct Transform {
  int in_width = 0, in_height = 0;  // input image
  int quads = 0;                    // clockwise quarter turns applied first
  double scale = 1;                 // prepared pixels per input pixel
  double skew_radians = 0;          // rotation of the deskew step (leptonica's sign), about the centre
  int width = 0, height = 0;        // prepared image, before the border
  int border = 0;                   // white margin added on every side
  BBox map_back(const BBox& prepared) const;
};

// Rotates by quads x 90 degrees clockwise, scales by `scale` and deskews
// (leptonica pixFindSkewAndDeskew; tiny skews are left alone: rotating
// blurs more than tesseract's own line finder loses), then adds a white
// border. Fills `t`.
PixPtr prepare(Pix* gray, int quads, double scale, Transform& t);

}  // namespace lore::parse::ocr
