// parse_bytes(): size checks, format choice, decoding, then the format parser.
#include "parse/parser.h"

#include <string>

#include "core/error.h"
#include "core/text.h"
#include "parse/formats.h"
#include "parse/limits.h"
#include "parse/office/legacy_office.h"
#include "parse/text/encoding.h"

namespace lore::parse {

namespace {

enum class Format {
  plain,
  markdown,
  html,
  csv,
  tsv,
  json,
  jsonl,
  pdf,
  docx,
  xlsx,
  pptx,
  eml,
  legacy_office,
  png,
  jpeg,
  tiff,
  bmp,
  webp,
  gif,
  unknown
};

struct FormatInfo {
  const char* extension;
  Format format;
};

constexpr FormatInfo kFormats[] = {
    {".txt", Format::plain},
    {".text", Format::plain},
    {".log", Format::plain},
    {".md", Format::markdown},
    {".markdown", Format::markdown},
    {".html", Format::html},
    {".htm", Format::html},
    {".xhtml", Format::html},
    {".csv", Format::csv},
    {".tsv", Format::tsv},
    {".json", Format::json},
    {".jsonl", Format::jsonl},
    {".ndjson", Format::jsonl},
    {".pdf", Format::pdf},
    {".docx", Format::docx},
    {".xlsx", Format::xlsx},
    {".xlsm", Format::xlsx},
    {".pptx", Format::pptx},
    {".eml", Format::eml},
    {".mbox", Format::eml},
    // Recognised so that they fail with "convert it" advice (office/legacy_office.h).
    {".doc", Format::legacy_office},
    {".dot", Format::legacy_office},
    {".xls", Format::legacy_office},
    {".xlt", Format::legacy_office},
    {".ppt", Format::legacy_office},
    {".pps", Format::legacy_office},
    {".pot", Format::legacy_office},
    {".png", Format::png},
    {".jpg", Format::jpeg},
    {".jpeg", Format::jpeg},
    {".tif", Format::tiff},
    {".tiff", Format::tiff},
    {".bmp", Format::bmp},
    {".webp", Format::webp},
    {".gif", Format::gif},
};

// Unknown extensions count as text only when control characters (other than
// tab, newline, form feed) are this rare: legacy decoders accept any bytes,
// so "it decoded" alone does not mean "it is text".
constexpr double kMaxControlShare = 0.01;
// How far into the text to look for HTML markers when sniffing.
constexpr size_t kHtmlSniffBytes = 1024;

// ".ext" of the last path component, lower-cased; "" when there is none
// (a leading dot, as in ".bashrc", names a file, not an extension).
std::string extension_of(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return "";
  return text::ascii_lower(name.substr(dot));
}

Format format_of(std::string_view ext) {
  for (const auto& f : kFormats)
    if (ext == f.extension) return f.format;
  return Format::unknown;
}

const char* mime_of(Format format) {
  switch (format) {
    case Format::markdown:
      return "text/markdown";
    case Format::html:
      return "text/html";
    case Format::csv:
      return "text/csv";
    case Format::tsv:
      return "text/tab-separated-values";
    case Format::json:
      return "application/json";
    case Format::jsonl:
      return "application/x-ndjson";
    case Format::pdf:
      return "application/pdf";
    case Format::docx:
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case Format::xlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case Format::pptx:
      return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    case Format::eml:
      return "message/rfc822";
    case Format::png:
      return "image/png";
    case Format::jpeg:
      return "image/jpeg";
    case Format::tiff:
      return "image/tiff";
    case Format::bmp:
      return "image/bmp";
    case Format::webp:
      return "image/webp";
    case Format::gif:
      return "image/gif";
    default:
      return "text/plain";
  }
}

bool looks_like_html(std::string_view text) {
  const std::string head = text::ascii_lower(text::trim(text.substr(0, kHtmlSniffBytes)));
  if (head.starts_with("<!doctype html") || head.starts_with("<html")) return true;
  return head.starts_with("<") &&
         (head.find("<html") != std::string::npos || head.find("<body") != std::string::npos ||
          head.find("<head") != std::string::npos);
}

bool looks_like_text(std::string_view text) {
  size_t control = 0;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && c != '\t' && c != '\n' && c != '\f') || b == 0x7F) ++control;
  }
  return static_cast<double>(control) <= kMaxControlShare * static_cast<double>(text.size());
}

[[noreturn]] void unsupported(std::string_view name, const std::string& ext) {
  throw Error(ErrorCode::unsupported, std::string(name) + ": unsupported file type (" +
                                          (ext.empty() ? std::string("no extension") : ext) + ")");
}

// Formats that are not text: the parser gets the raw bytes. Returns false for
// text formats.
bool parse_container(Format format, std::string_view bytes, const ParseOptions& options, Document& doc,
                     const std::string& name) {
  doc.source_name = name;
  doc.mime = mime_of(format);
  switch (format) {
    case Format::pdf: detail::parse_pdf(bytes, options, doc); return true;
    case Format::docx: detail::parse_docx(bytes, doc); return true;
    case Format::xlsx: detail::parse_xlsx(bytes, doc); return true;
    case Format::pptx: detail::parse_pptx(bytes, doc); return true;
    case Format::eml: detail::parse_eml(bytes, options, doc); return true;
    case Format::png:
    case Format::jpeg:
    case Format::tiff:
    case Format::bmp:
    case Format::webp:
    case Format::gif: detail::parse_image(bytes, options, doc); return true;
    default: return false;
  }
}

}  // namespace

bool is_supported(std::string_view file_name) {
  return format_of(extension_of(file_name)) != Format::unknown;
}

const std::vector<std::string>& supported_extensions() {
  static const std::vector<std::string> extensions = [] {
    std::vector<std::string> v;
    for (const auto& f : kFormats)
      if (f.format != Format::legacy_office) v.emplace_back(f.extension);
    return v;
  }();
  return extensions;
}

Document parse_bytes(std::string_view source_name, std::string_view bytes, const ParseOptions& options) {
  const std::string name(source_name);
  if (bytes.size() > options.max_bytes)
    throw Error(ErrorCode::too_large, name + ": file too large (" + std::to_string(bytes.size()) +
                                          " bytes, limit " + std::to_string(options.max_bytes) + " bytes)");
  if (bytes.empty()) throw Error(ErrorCode::bad_input, name + ": empty file (0 bytes)");
  const detail::LimitsScope limits(options);
  detail::check_deadline(name, "the start");

  const std::string ext = extension_of(source_name);
  // Whatever the name says: a .doc renamed to .docx (or .txt) still gets the advice.
  office::reject_compound_file(name, ext, bytes);
  Format format = format_of(ext);
  // A legacy extension on a file that is not a compound file (Word can save
  // RTF or HTML as .doc): sniff the content like an unknown type.
  if (format == Format::legacy_office) format = Format::unknown;
  if (Document doc; parse_container(format, bytes, options, doc, name)) return doc;
  DecodedText decoded;
  if (format == Format::unknown) {
    // Sniff: text we can decode is plain text (or HTML); anything else is a
    // type we do not handle, which is "unsupported" rather than "bad input".
    try {
      decoded = decode_text(source_name, bytes, detail::html_declared_charset(bytes));
    } catch (const Error& e) {
      if (e.code() != ErrorCode::bad_input) throw;
      unsupported(source_name, ext);
    }
    if (!looks_like_text(decoded.text)) unsupported(source_name, ext);
    format = looks_like_html(decoded.text) ? Format::html : Format::plain;
  } else {
    const std::string declared = format == Format::html ? detail::html_declared_charset(bytes) : "";
    decoded = decode_text(source_name, bytes, declared);
    // Legacy decoders accept any bytes: random or binary data "decodes" too.
    if (!looks_like_text(decoded.text))
      throw Error(ErrorCode::bad_input, name + ": binary content (control characters), not a text file");
  }

  Document doc;
  doc.source_name = name;
  doc.mime = mime_of(format);
  doc.pages = {Page{1, 0, 0}};
  doc.metadata["encoding"] = decoded.encoding;
  const std::string_view text = decoded.text;
  switch (format) {
    case Format::markdown:
      detail::parse_markdown(text, doc);
      break;
    case Format::html:
      detail::parse_html(text, doc);
      break;
    case Format::csv:
      detail::parse_delimited(text, ',', doc);
      break;
    case Format::tsv:
      detail::parse_delimited(text, '\t', doc);
      break;
    case Format::json:
      detail::parse_json(text, doc);
      break;
    case Format::jsonl:
      detail::parse_json_lines(text, doc);
      break;
    default:
      detail::parse_plain_text(text, doc);
      break;
  }
  return doc;
}

}  // namespace lore::parse
