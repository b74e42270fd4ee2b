// Internal to src/parse/pdf: OCR of pages without a usable text layer
// (scanned pages, or pages whose text is only in images).
//
// A page qualifies when its text layer has fewer than kMinTextChars
// characters. It is rendered with poppler (300 dpi, less for huge pages) in
// its displayed orientation and read by the OCR engine (parse/ocr/ocr.h);
// the OCR reading replaces the text layer when it found more text. Blocks
// come back with page numbers and bboxes in PDF points, top-left origin, the
// frame of the text-layer path.
#pragma once

#include <vector>

#include "parse/document.h"
#include "parse/parser.h"
#include "parse/pdf/pdf_layout.h"

namespace poppler {
class document;
}

namespace lore::parse::pdf {

// Text layers shorter than this (characters, spaces excluded) are OCRed.
inline constexpr int kMinTextChars = 16;

// OCRs the qualifying pages of `pages` (in parallel, options.ocr). Pages
// whose OCR reading is used get their text-layer lines cleared, so the layout
// path skips them; their blocks are returned in page order. Records
// metadata "ocr_pages" (and "ocr_timed_out_pages", "ocr_rotated_pages").
std::vector<Block> ocr_pages(const poppler::document& pdf, std::vector<PdfPage>& pages,
                             const ParseOptions& options, nlohmann::json& metadata);

// Inserts OCR blocks among the text-layer blocks, keeping page order
// (stable: blocks of one page stay in their order).
void merge_page_blocks(std::vector<Block>& blocks, std::vector<Block> ocr_blocks);

}  // namespace lore::parse::pdf
