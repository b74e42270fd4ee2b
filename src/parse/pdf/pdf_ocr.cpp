// OCR of scanned PDF pages: render with poppler, read with parse/ocr.
#include "parse/pdf/pdf_ocr.h"

#include <leptonica/allheaders.h>
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>

#include "parse/ocr/ocr.h"
#include "parse/ocr/pix.h"

namespace lore::parse::pdf {

namespace {

constexpr double kRenderDpi = 300;
// Rendered pages are capped at this many pixels (huge pages get fewer dpi).
constexpr double kMaxRenderPixels = 60e6;

int text_chars(const PdfPage& page) {
  int n = 0;
  for (const Line& line : page.lines) n += line.chars;
  return n;
}

// Renders page `index` in its displayed orientation as 8-bit gray.
ocr::PixPtr render(const poppler::document& pdf, int index, double dpi) {
  std::unique_ptr<poppler::page> page(pdf.create_page(index));
  if (!page) return nullptr;
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_gray8);
  const poppler::image img = renderer.render_page(page.get(), dpi, dpi);
  if (!img.is_valid() || img.width() <= 0 || img.height() <= 0) return nullptr;
  ocr::PixPtr pix = ocr::own(pixCreate(img.width(), img.height(), 8));
  if (!pix) return nullptr;
  const char* data = img.const_data();
  l_uint32* dst = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < img.height(); ++y) {
    const auto* row =
        reinterpret_cast<const unsigned char*>(data + static_cast<ptrdiff_t>(y) * img.bytes_per_row());
    l_uint32* line = dst + static_cast<ptrdiff_t>(y) * wpl;
    for (int x = 0; x < img.width(); ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  pixSetResolution(pix.get(), static_cast<int>(dpi), static_cast<int>(dpi));
  return pix;
}

}  // namespace

std::vector<Block> ocr_pages(const poppler::document& pdf, std::vector<PdfPage>& pages,
                             const ParseOptions& options, nlohmann::json& metadata) {
  if (!options.ocr.pdf_pages) return {};
  std::vector<size_t> todo;
  for (size_t i = 0; i < pages.size(); ++i)
    if (text_chars(pages[i]) < kMinTextChars && pages[i].width > 0 && pages[i].height > 0) todo.push_back(i);
  if (todo.empty()) return {};

  std::vector<ocr::OcrResult> results(todo.size());
  std::vector<double> dpis(todo.size(), kRenderDpi);
  std::mutex poppler_mutex;  // one poppler::document is not safe to render from several threads
  ocr::for_each_page(todo.size(), options.ocr, [&](size_t k) {
    const PdfPage& page = pages[todo[k]];
    const double area_in2 = page.width * page.height / (72.0 * 72.0);
    dpis[k] = std::min(kRenderDpi, std::sqrt(kMaxRenderPixels / std::max(area_in2, 1e-6)));
    ocr::PixPtr pix;
    {
      std::lock_guard lock(poppler_mutex);
      pix = render(pdf, page.number - 1, dpis[k]);
    }
    if (pix) results[k] = ocr::recognize(pix.get(), static_cast<int>(std::lround(dpis[k])), options.ocr);
  });

  std::vector<Block> out;
  nlohmann::json used = nlohmann::json::array(), timed_out = nlohmann::json::array(),
                 rotated = nlohmann::json::object();
  for (size_t k = 0; k < todo.size(); ++k) {
    PdfPage& page = pages[todo[k]];
    if (results[k].timed_out) timed_out.push_back(page.number);
    size_t chars = 0;
    for (const auto& b : results[k].blocks) chars += b.text.size();
    if (chars <= static_cast<size_t>(text_chars(page))) continue;  // the text layer says as much
    used.push_back(page.number);
    if (results[k].rotation) rotated[std::to_string(page.number)] = results[k].rotation;
    page.lines.clear();
    const double s = 72.0 / dpis[k];  // pixels -> points
    for (auto& b : results[k].blocks) {
      Block block;
      block.page = page.number;
      block.bbox = BBox{b.bbox.x0 * s, b.bbox.y0 * s, b.bbox.x1 * s, b.bbox.y1 * s};
      block.text = std::move(b.text);
      block.confidence = b.confidence;
      out.push_back(std::move(block));
    }
  }
  if (!used.empty()) {
    metadata["ocr_pages"] = used;
    metadata["ocr_languages"] = options.ocr.languages;
  }
  if (!timed_out.empty()) metadata["ocr_timed_out_pages"] = timed_out;
  if (!rotated.empty()) metadata["ocr_rotated_pages"] = rotated;
  return out;
}

void merge_page_blocks(std::vector<Block>& blocks, std::vector<Block> ocr_blocks) {
  if (ocr_blocks.empty()) return;
  std::vector<Block> merged;
  merged.reserve(blocks.size() + ocr_blocks.size());
  std::merge(std::make_move_iterator(blocks.begin()), std::make_move_iterator(blocks.end()),
             std::make_move_iterator(ocr_blocks.begin()), std::make_move_iterator(ocr_blocks.end()),
             std::back_inserter(merged), [](const Block& a, const Block& b) { return a.page < b.page; });
  blocks = std::move(merged);
}

}  // namespace lore::parse::pdf
