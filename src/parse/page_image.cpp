// Page images: PDFs rendered by poppler's page_renderer, image files decoded
// and scaled by leptonica; both encoded as PNG (OpenCV / leptonica).
#include "parse/page_image.h"

#include <leptonica/allheaders.h>
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/error.h"
#include "core/text.h"
#include "parse/ocr/pix.h"

namespace lore::parse {

namespace {

constexpr double kMinScale = 0.1, kMaxScale = 6;
constexpr double kMaxPixels = 40e6;  // per rendered page
constexpr int kMaxFrames = 2000;
// As parse_image (ocr/image_parser.cpp): resolutions outside this range are
// missing or bogus metadata, and 300 dpi is assumed.
constexpr int kMinDpi = 50, kMaxDpi = 2400, kAssumedDpi = 300;

std::string extension_of(std::string_view name) {
  const auto slash = name.find_last_of('/');
  const auto base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  const auto dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  return text::ascii_lower(base.substr(dot));
}

bool is_pdf(std::string_view name) { return extension_of(name) == ".pdf"; }

[[noreturn]] void fail(ErrorCode code, std::string_view name, const std::string& why) {
  throw Error(code, std::string(name) + ": " + why);
}

std::string encode_png(std::string_view name, Pix* pix) {
  l_uint8* buf = nullptr;
  size_t size = 0;
  if (pixWriteMemPng(&buf, &size, pix, 0.0F) != 0 || !buf)
    fail(ErrorCode::internal, name, "PNG encoding failed");
  std::string out(reinterpret_cast<const char*>(buf), size);
  lept_free(buf);
  return out;
}

// --- PDF -------------------------------------------------------------------

struct Pdf {
  std::vector<char> data;  // poppler reads from it while `doc` lives
  std::unique_ptr<poppler::document> doc;
};

Pdf open_pdf(std::string_view name, std::string_view bytes) {
  Pdf p;
  p.data.assign(bytes.begin(), bytes.end());
  p.doc.reset(poppler::document::load_from_raw_data(p.data.data(), static_cast<int>(p.data.size())));
  if (!p.doc) fail(ErrorCode::bad_input, name, "not a valid PDF (damaged or truncated)");
  if (p.doc->is_locked()) fail(ErrorCode::bad_input, name, "PDF is encrypted");
  return p;
}

// The crop box as displayed (quarter turns swap width and height), the frame
// of poppler's text boxes and so of the parsed bboxes.
PageSize displayed_size(const poppler::page& page, int number) {
  const poppler::rectf box = page.page_rect(poppler::crop_box);
  PageSize s{number, box.width(), box.height()};
  const auto o = page.orientation();
  if (o == poppler::page::landscape || o == poppler::page::seascape) std::swap(s.width, s.height);
  return s;
}

PageImage render_pdf_page(std::string_view name, std::string_view bytes, int number, double scale) {
  const Pdf pdf = open_pdf(name, bytes);
  if (number < 1 || number > pdf.doc->pages())
    fail(ErrorCode::not_found, name,
         "no page " + std::to_string(number) + " (the PDF has " + std::to_string(pdf.doc->pages()) + ")");
  const std::unique_ptr<poppler::page> page(pdf.doc->create_page(number - 1));
  if (!page) fail(ErrorCode::bad_input, name, "page " + std::to_string(number) + " cannot be read");
  const PageSize size = displayed_size(*page, number);
  if (size.width * size.height * scale * scale > kMaxPixels)
    fail(ErrorCode::too_large, name,
         "page " + std::to_string(number) + " is too large at scale " + std::to_string(scale) +
             "; ask for a smaller scale");
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_argb32);
  poppler::image img = renderer.render_page(page.get(), 72.0 * scale, 72.0 * scale);
  if (!img.is_valid())
    fail(ErrorCode::bad_input, name, "page " + std::to_string(number) + " cannot be rendered");
  // argb32 is native-endian 0xAARRGGBB; leptonica's 32 bpp is 0xRRGGBBxx.
  ocr::PixPtr pix = ocr::own(pixCreate(img.width(), img.height(), 32));
  if (!pix) fail(ErrorCode::too_large, name, "page " + std::to_string(number) + " is too large to render");
  l_uint32* dst = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < img.height(); ++y) {
    const auto* src =
        reinterpret_cast<const uint32_t*>(img.const_data() + static_cast<size_t>(y) * img.bytes_per_row());
    for (int x = 0; x < img.width(); ++x) dst[y * wpl + x] = src[x] << 8;
  }
  const std::string png = encode_png(name, pix.get());
  return {png, img.width(), img.height(), size.width, size.height};
}

// --- images ----------------------------------------------------------------

std::vector<ocr::PixPtr> decode_frames(std::string_view name, std::string_view bytes, int wanted) {
  static const bool quiet = [] {
    setMsgSeverity(L_SEVERITY_NONE);
    return true;
  }();
  (void)quiet;
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = IFF_UNKNOWN;
  if (findFileFormatBuffer(data, &format) != 0 || format == IFF_UNKNOWN)
    fail(ErrorCode::bad_input, name, "not a readable image (unknown image format)");
  std::vector<ocr::PixPtr> frames;
  if (L_FORMAT_IS_TIFF(format)) {
    size_t offset = 0;
    do {
      ocr::PixPtr frame = ocr::own(pixReadMemFromMultipageTiff(data, bytes.size(), &offset));
      if (!frame) break;
      frames.push_back(std::move(frame));
      if (static_cast<int>(frames.size()) == wanted || static_cast<int>(frames.size()) >= kMaxFrames) break;
    } while (offset != 0);
  } else if (ocr::PixPtr pix = ocr::own(pixReadMem(data, bytes.size()))) {
    frames.push_back(std::move(pix));
  }
  if (frames.empty()) fail(ErrorCode::bad_input, name, "not a readable image (damaged or truncated)");
  return frames;
}

double points_per_pixel(Pix* pix) {
  const int dpi = pixGetXRes(pix);
  return 72.0 / (dpi >= kMinDpi && dpi <= kMaxDpi ? dpi : kAssumedDpi);
}

PageImage render_image_page(std::string_view name, std::string_view bytes, int number, double scale) {
  auto frames = decode_frames(name, bytes, number);
  if (number < 1 || number > static_cast<int>(frames.size()))
    fail(ErrorCode::not_found, name,
         "no page " + std::to_string(number) + " (the image has " + std::to_string(frames.size()) + ")");
  Pix* pix = frames[static_cast<size_t>(number - 1)].get();
  const double k = points_per_pixel(pix);
  const double w_pt = pixGetWidth(pix) * k, h_pt = pixGetHeight(pix) * k;
  if (w_pt * h_pt * scale * scale > kMaxPixels)
    fail(ErrorCode::too_large, name, "image is too large at scale " + std::to_string(scale));
  const float factor = static_cast<float>(k * scale);  // output pixels per input pixel
  ocr::PixPtr out = ocr::own(std::abs(factor - 1.0F) < 1e-3F ? pixClone(pix) : pixScale(pix, factor, factor));
  if (!out) fail(ErrorCode::bad_input, name, "image cannot be scaled");
  return {encode_png(name, out.get()), pixGetWidth(out.get()), pixGetHeight(out.get()), w_pt, h_pt};
}

}  // namespace

bool has_page_images(std::string_view source_name) {
  static const std::vector<std::string> kTypes = {".pdf",  ".png", ".jpg",  ".jpeg", ".tif",
                                                  ".tiff", ".bmp", ".webp", ".gif"};
  const auto ext = extension_of(source_name);
  return std::find(kTypes.begin(), kTypes.end(), ext) != kTypes.end();
}

std::vector<PageSize> page_sizes(std::string_view name, std::string_view bytes) {
  if (!has_page_images(name)) fail(ErrorCode::unsupported, name, "this file type has no page images");
  std::vector<PageSize> out;
  if (is_pdf(name)) {
    const Pdf pdf = open_pdf(name, bytes);
    for (int i = 0; i < pdf.doc->pages(); ++i) {
      const std::unique_ptr<poppler::page> page(pdf.doc->create_page(i));
      out.push_back(page ? displayed_size(*page, i + 1) : PageSize{i + 1, 0, 0});
    }
    return out;
  }
  const auto frames = decode_frames(name, bytes, 0);
  for (size_t i = 0; i < frames.size(); ++i) {
    const double k = points_per_pixel(frames[i].get());
    out.push_back(
        {static_cast<int>(i) + 1, pixGetWidth(frames[i].get()) * k, pixGetHeight(frames[i].get()) * k});
  }
  return out;
}

PageImage render_page_png(std::string_view name, std::string_view bytes, int page, double scale) {
  if (!std::isfinite(scale) || scale < kMinScale || scale > kMaxScale)
    throw Error(ErrorCode::invalid_argument, "scale must be a number from 0.1 to 6 (pixels per point)");
  if (!has_page_images(name)) fail(ErrorCode::unsupported, name, "this file type has no page images");
  return is_pdf(name) ? render_pdf_page(name, bytes, page, scale)
                      : render_image_page(name, bytes, page, scale);
}

}  // namespace lore::parse
