// Internal to src/parse: the per-format parsers behind parse_bytes().
//
// Each parse_* function takes text that is already UTF-8 with LF line endings
// (see text/encoding.h) and appends blocks to `doc`, which arrives with
// source_name, mime, pages and metadata["encoding"] set. Errors are thrown as
// lore::Error whose message starts with doc.source_name.
#pragma once

#include <string>
#include <string_view>

#include "parse/document.h"
#include "parse/parser.h"

namespace lore::parse::detail {

void parse_plain_text(std::string_view text, Document& doc);
void parse_markdown(std::string_view text, Document& doc);
void parse_html(std::string_view text, Document& doc);
void parse_delimited(std::string_view text, char delimiter, Document& doc);
void parse_json(std::string_view text, Document& doc);
void parse_json_lines(std::string_view text, Document& doc);

// Binary container formats. They receive the raw file bytes and fill `doc`
// completely (pages with geometry where the format has it, blocks, metadata);
// doc arrives with source_name and mime set. Each lives in its own folder:
// pdf/ (poppler-cpp), office/ (libzip + pugixml), email/ (GMime).
void parse_pdf(std::string_view bytes, const ParseOptions& options, Document& doc);
void parse_docx(std::string_view bytes, Document& doc);
void parse_xlsx(std::string_view bytes, Document& doc);
void parse_pptx(std::string_view bytes, Document& doc);
void parse_eml(std::string_view bytes, const ParseOptions& options, Document& doc);
// Image files (ocr/image_parser.cpp): one page per image (per TIFF frame),
// geometry in points (pixels x 72 / dpi; 300 dpi when the file has none),
// text blocks from OCR with bboxes in the same frame and confidence.
void parse_image(std::string_view bytes, const ParseOptions& options, Document& doc);

// The visible text of an HTML fragment (tags dropped, entities decoded,
// script/style skipped), one line per block-level element.
std::string html_fragment_text(std::string_view html);

// The charset an HTML document declares in <meta charset=...> or
// <meta http-equiv="Content-Type" content="...; charset=...">, searched in the
// first bytes only (as browsers do); empty when none.
std::string html_declared_charset(std::string_view bytes);

}  // namespace lore::parse::detail
