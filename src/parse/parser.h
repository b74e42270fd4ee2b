// Parsing: bytes of a file -> Document.
//
// parse_bytes() picks a parser from the file name's extension (and, for
// unknown extensions, from the content), decodes text to UTF-8 (BOM, then
// uchardet + iconv for legacy encodings such as GBK, Big5, Shift-JIS,
// UTF-16), and returns the Document model.
//
// Errors: throws lore::Error whose message starts with the source name and
// says why, e.g. "notes.txt: empty file (0 bytes)",
// "data.txt: binary content (NUL bytes), not a text file",
// "x.md: invalid UTF-8 at byte 1234", "a.xyz: unsupported file type",
// "old.doc: is a legacy Microsoft Office file; convert it to .docx ..."
// (Error{unsupported}, recognised by the OLE2 signature whatever the name),
// "big.pdf: too many pages (2500, limit 2000)" (too_large),
// "slow.pdf: parsing exceeded the time limit of 600 s (stopped at page 812)" (timeout).
// Thread-safety: parse_bytes is reentrant; call it from many threads at once.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "parse/document.h"

namespace lore::parse {

// OCR of image files and of PDF pages without a text layer (parse/ocr/ocr.h).
struct OcrOptions {
  // Tesseract language codes joined with '+'; each needs <code>.traineddata
  // in the tessdata folder (TESSDATA_PREFIX or the Debian default).
  std::string languages = "eng+chi_sim";
  // Recognition of one page stops after this long (what was read is kept).
  int page_timeout_seconds = 60;
  // Pages recognised at once (process-wide); 0 = one per core.
  int threads = 0;
  // OCR PDF pages whose text layer is (almost) empty. false: such pages keep
  // only the text they have (faster; scans then yield no text).
  bool pdf_pages = true;
};

struct ParseOptions {
  // Hard cap on input size; larger inputs fail with Error{too_large}.
  size_t max_bytes = 200u * 1024 * 1024;
  // Password for encrypted PDFs; without it they fail with a clear error.
  std::string pdf_password;
  // Attachments nested deeper than this (mail in mail in ...) are not parsed.
  int max_nesting = 4;
  // Documents with more pages (PDF pages, PPTX slides) fail with
  // Error{too_large} naming the count and the limit; <= 0 means no limit.
  int max_pages = 2000;
  // Parsing stops with Error{timeout} once this point in time has passed.
  // The check is cooperative, between pages/slides/sheets/rows (see
  // parse/limits.h), so one step may overrun it. timeout_seconds is only
  // quoted in the message. with_timeout() sets both.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  int timeout_seconds = 0;

  // A copy whose deadline is `seconds` from now (<= 0: no deadline).
  ParseOptions with_timeout(int seconds) const {
    ParseOptions o = *this;
    if (seconds > 0) {
      o.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
      o.timeout_seconds = seconds;
    }
    return o;
  }
  OcrOptions ocr;
};

// True if some parser accepts files with this name (by extension).
bool is_supported(std::string_view file_name);

// File extensions Lore can ingest, lower-case with the dot (".txt", ...).
const std::vector<std::string>& supported_extensions();

// `source_name` is used for type detection and in error messages; `bytes`
// is the whole file.
Document parse_bytes(std::string_view source_name, std::string_view bytes, const ParseOptions& options = {});

}  // namespace lore::parse
