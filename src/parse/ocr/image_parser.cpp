// parse_image(): image files (PNG, JPEG, TIFF with one page per frame, BMP,
// WebP, GIF) decoded by leptonica and read by the OCR engine.
#include <leptonica/allheaders.h>

#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "parse/formats.h"
#include "parse/ocr/ocr.h"
#include "parse/ocr/pix.h"

namespace lore::parse::detail {

namespace {

constexpr int kMaxPages = 2000;
// Decoded pixels per page and per file: a small file can declare a huge
// canvas (decompression bomb); refuse before allocating.
constexpr double kMaxPagePixels = 150e6;
constexpr double kMaxFilePixels = 2e9;
// Resolutions outside this range are missing or bogus metadata.
constexpr int kMinDpi = 50, kMaxDpi = 2400, kAssumedDpi = 300;

[[noreturn]] void fail(ErrorCode code, const Document& doc, const std::string& why) {
  throw Error(code, doc.source_name + ": " + why);
}

void quiet_leptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

void check_size(const Document& doc, double w, double h, double& total) {
  if (w * h > kMaxPagePixels)
    fail(ErrorCode::too_large, doc,
         "image too large (" + std::to_string(static_cast<long long>(w)) + "x" +
             std::to_string(static_cast<long long>(h)) + " pixels)");
  total += w * h;
  if (total > kMaxFilePixels) fail(ErrorCode::too_large, doc, "images too large in total");
}

std::vector<ocr::PixPtr> decode(std::string_view bytes, const Document& doc) {
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = IFF_UNKNOWN, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (findFileFormatBuffer(data, &format) != 0 || format == IFF_UNKNOWN)
    fail(ErrorCode::bad_input, doc, "not a readable image (unknown image format)");
  if (pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0)
    fail(ErrorCode::bad_input, doc, "not a readable image (damaged header)");
  double total = 0;
  check_size(doc, w, h, total);
  std::vector<ocr::PixPtr> pages;
  if (L_FORMAT_IS_TIFF(format)) {
    size_t offset = 0;
    do {
      if (static_cast<int>(pages.size()) >= kMaxPages)
        fail(ErrorCode::too_large, doc, "too many pages (limit " + std::to_string(kMaxPages) + ")");
      ocr::PixPtr page = ocr::own(pixReadMemFromMultipageTiff(data, bytes.size(), &offset));
      if (!page) break;
      check_size(doc, pixGetWidth(page.get()), pixGetHeight(page.get()), total);
      pages.push_back(std::move(page));
    } while (offset != 0);
  } else if (ocr::PixPtr pix = ocr::own(pixReadMem(data, bytes.size()))) {
    pages.push_back(std::move(pix));
  }
  if (pages.empty()) fail(ErrorCode::bad_input, doc, "not a readable image (damaged or truncated)");
  return pages;
}

}  // namespace

void parse_image(std::string_view bytes, const ParseOptions& options, Document& doc) {
  quiet_leptonica();
  std::vector<ocr::PixPtr> images = decode(bytes, doc);
  std::vector<ocr::OcrResult> results(images.size());
  std::vector<int> dpis(images.size());
  for (size_t i = 0; i < images.size(); ++i) {
    const int dpi = pixGetXRes(images[i].get());
    dpis[i] = dpi >= kMinDpi && dpi <= kMaxDpi ? dpi : kAssumedDpi;
  }
  ocr::for_each_page(images.size(), options.ocr,
                     [&](size_t i) { results[i] = ocr::recognize(images[i].get(), dpis[i], options.ocr); });

  nlohmann::json timed_out = nlohmann::json::array(), rotated = nlohmann::json::object();
  for (size_t i = 0; i < images.size(); ++i) {
    const int number = static_cast<int>(i) + 1;
    const double k = 72.0 / dpis[i];  // pixels -> points
    doc.pages.push_back(Page{number, pixGetWidth(images[i].get()) * k, pixGetHeight(images[i].get()) * k});
    if (results[i].timed_out) timed_out.push_back(number);
    if (results[i].rotation) rotated[std::to_string(number)] = results[i].rotation;
    for (auto& b : results[i].blocks) {
      Block block;
      block.page = number;
      block.bbox = BBox{b.bbox.x0 * k, b.bbox.y0 * k, b.bbox.x1 * k, b.bbox.y1 * k};
      block.text = std::move(b.text);
      block.confidence = b.confidence;
      doc.blocks.push_back(std::move(block));
    }
  }
  doc.metadata["page_count"] = images.size();
  doc.metadata["ocr_languages"] = options.ocr.languages;
  if (!timed_out.empty()) doc.metadata["ocr_timed_out_pages"] = timed_out;
  if (!rotated.empty()) doc.metadata["ocr_rotated_pages"] = rotated;
}

}  // namespace lore::parse::detail
