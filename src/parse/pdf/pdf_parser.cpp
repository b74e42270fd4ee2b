// parse_pdf(): open with poppler, check the limits, read metadata and the
// outline, then run the layout pipeline of pdf_layout.h over every page.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <poppler-toc.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "parse/formats.h"
#include "parse/limits.h"
#include "parse/pdf/pdf_layout.h"
#include "parse/pdf/pdf_ocr.h"
#include "parse/pdf/pdf_regions.h"

namespace lore::parse::detail {

namespace {

// Readers accept a "%PDF-" header anywhere in the first KiB (Acrobat does).
constexpr size_t kHeaderSearchBytes = 1024;
// Outline entries beyond this are ignored (hostile files can have millions).
constexpr size_t kMaxOutlineEntries = 5000;
constexpr int kMaxOutlineDepth = 16;

// Poppler reports problems through one process-wide callback. We keep the
// last message per thread so an error can say why poppler gave up, and so
// that nothing is printed to stderr.
thread_local std::string t_last_poppler_error;
void remember_poppler_error(const std::string& message, void*) { t_last_poppler_error = message; }
void install_poppler_error_sink() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(remember_poppler_error, nullptr); });
}

std::string to_utf8(const poppler::ustring& u) {
  return std::string(
      text::trim(pdf::normalize_pdf_text(std::basic_string_view<unsigned short>(u.data(), u.size()))));
}

std::string iso8601(time_t t) {
  std::tm tm{};
  if (t == static_cast<time_t>(-1) || !gmtime_r(&t, &tm)) return "";
  char buf[32];
  return std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) ? std::string(buf) : std::string();
}

[[noreturn]] void fail(ErrorCode code, const Document& doc, const std::string& why) {
  throw Error(code, doc.source_name + ": " + why);
}

std::unique_ptr<poppler::document> open_document(const std::vector<char>& data, const ParseOptions& options,
                                                 const Document& doc) {
  const std::string_view head(data.data(), std::min(data.size(), kHeaderSearchBytes));
  if (head.find("%PDF-") == std::string_view::npos)
    fail(ErrorCode::bad_input, doc, "not a valid PDF (no %PDF header)");
  if (data.size() > static_cast<size_t>(INT_MAX))
    fail(ErrorCode::too_large, doc, "PDF too large for the parser");
  t_last_poppler_error.clear();
  std::unique_ptr<poppler::document> pdf(poppler::document::load_from_raw_data(
      data.data(), static_cast<int>(data.size()), options.pdf_password, options.pdf_password));
  if (!pdf) {
    const std::string why = t_last_poppler_error.empty() ? "damaged or truncated"
                                                         : "damaged or truncated: " + t_last_poppler_error;
    fail(ErrorCode::bad_input, doc, "not a valid PDF (" + why + ")");
  }
  if (pdf->is_locked()) {
    fail(ErrorCode::bad_input, doc,
         options.pdf_password.empty() ? "encrypted PDF, no password given (use --pdf-password)"
                                      : "encrypted PDF, wrong password");
  }
  return pdf;
}

void read_metadata(const poppler::document& pdf, Document& doc) {
  auto put = [&](const char* key, const std::string& value) {
    if (!value.empty()) doc.metadata[key] = value;
  };
  put("title", to_utf8(pdf.get_title()));
  put("author", to_utf8(pdf.get_author()));
  put("subject", to_utf8(pdf.get_subject()));
  put("keywords", to_utf8(pdf.get_keywords()));
  put("creator", to_utf8(pdf.get_creator()));
  put("producer", to_utf8(pdf.get_producer()));
  put("created", iso8601(pdf.get_creation_date_t()));
  put("modified", iso8601(pdf.get_modification_date_t()));
}

void collect_outline(const poppler::toc_item& item, int depth, std::vector<pdf::OutlineEntry>& out) {
  for (const poppler::toc_item* child : item.children()) {
    if (out.size() >= kMaxOutlineEntries || depth > kMaxOutlineDepth) return;
    if (!child) continue;
    if (std::string title = to_utf8(child->title()); !title.empty()) out.push_back({std::move(title), depth});
    collect_outline(*child, depth + 1, out);
  }
}

std::vector<pdf::OutlineEntry> read_outline(const poppler::document& pdf) {
  std::vector<pdf::OutlineEntry> outline;
  std::unique_ptr<poppler::toc> toc(pdf.create_toc());
  if (toc && toc->root()) collect_outline(*toc->root(), 1, outline);
  return outline;
}

// Page size as displayed: the crop box (the coordinate frame poppler's text
// boxes use), with width and height swapped for pages rotated a quarter turn.
pdf::PdfPage read_page(const poppler::page& page, int number) {
  pdf::PdfPage p;
  p.number = number;
  const poppler::rectf box = page.page_rect(poppler::crop_box);
  p.width = box.width();
  p.height = box.height();
  const auto o = page.orientation();
  if (o == poppler::page::landscape || o == poppler::page::seascape) std::swap(p.width, p.height);
  const std::vector<pdf::Word> words = pdf::extract_words(page);
  p.lines = pdf::build_lines(words);
  pdf::detect_regions(page, words, p);
  return p;
}

}  // namespace

void parse_pdf(std::string_view bytes, const ParseOptions& options, Document& doc) {
  install_poppler_error_sink();
  const std::vector<char> data(bytes.begin(), bytes.end());  // poppler reads from it until `pdf` dies
  const std::unique_ptr<poppler::document> pdf = open_document(data, options, doc);

  const int page_count = pdf->pages();
  if (page_count <= 0) fail(ErrorCode::bad_input, doc, "not a valid PDF (no pages)");
  check_page_count(doc.source_name, page_count);  // options.max_pages (parse/limits.h)
  read_metadata(*pdf, doc);
  doc.metadata["page_count"] = page_count;

  std::vector<pdf::PdfPage> pages;
  pages.reserve(static_cast<size_t>(page_count));
  nlohmann::json without_text = nlohmann::json::array(), damaged = nlohmann::json::array();
  for (int i = 0; i < page_count; ++i) {
    check_deadline(doc.source_name, "page " + std::to_string(i + 1));  // options.deadline
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) {
      damaged.push_back(i + 1);
      pages.push_back(pdf::PdfPage{i + 1, 0, 0, {}, {}});
    } else {
      pages.push_back(read_page(*page, i + 1));
    }
    // Figure placeholders (Line::region) are not text.
    const auto& lines = pages.back().lines;
    if (page && std::all_of(lines.begin(), lines.end(), [](const pdf::Line& l) { return l.region >= 0; }))
      without_text.push_back(i + 1);
    doc.pages.push_back(Page{i + 1, pages.back().width, pages.back().height});
  }
  if (!damaged.empty()) doc.metadata["damaged_pages"] = damaged;
  if (static_cast<int>(without_text.size() + damaged.size()) == page_count) {
    // Poppler rebuilds a cut-off file's cross-reference table and may find
    // pages whose content is gone: say "truncated" rather than "scanned".
    if (bytes.find("%%EOF") == std::string_view::npos)
      fail(ErrorCode::bad_input, doc, "not a valid PDF (truncated: no text and no %%EOF marker)");
  }
  if (!without_text.empty()) doc.metadata["pages_without_text"] = without_text;
  std::vector<Block> ocr_blocks =
      pdf::ocr_pages(*pdf, pages, options, doc.metadata);  // scanned pages (pdf_ocr.h)

  pdf::mark_running_lines(pages);
  const double body_size = pdf::body_font_size(pages);
  std::vector<pdf::PdfBlock> blocks;
  for (const pdf::PdfPage& page : pages) {
    check_deadline(doc.source_name, "layout of page " + std::to_string(page.number));
    pdf::build_running_blocks(page, pdf::LineRole::header, blocks);
    pdf::build_blocks(page, pdf::reading_order(page.lines, body_size), body_size, blocks);
    pdf::build_running_blocks(page, pdf::LineRole::footer, blocks);
  }
  pdf::classify_blocks(blocks, read_outline(*pdf), body_size, doc.blocks);
  pdf::merge_page_blocks(doc.blocks, std::move(ocr_blocks));
  const bool any_text = std::any_of(doc.blocks.begin(), doc.blocks.end(),
                                    [](const Block& b) { return !text::trim(b.text).empty(); });
  if (!any_text && static_cast<int>(without_text.size() + damaged.size()) == page_count)
    fail(ErrorCode::bad_input, doc,
         options.ocr.pdf_pages
             ? "no text found (no text layer, and OCR recognised none)"
             : "no text found (no text layer, and OCR of PDF pages is off: ocr.pdf_pages = false)");
}

}  // namespace lore::parse::detail
