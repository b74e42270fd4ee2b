#include "parse/email/gmime_support.h"

#include <mutex>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "parse/text/encoding.h"

namespace lore::parse::email {

namespace {

// Soft line breaks or escapes needed before an undeclared body counts as
// quoted-printable: one "=20" can be literal text, several cannot.
constexpr int kMinQuotedPrintableEscapes = 3;

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

// iconv names to try for a declared charset, best first. ISO-8859-1 and
// US-ASCII labels are read as windows-1252 first: mailers routinely send
// cp1252 quotes and dashes (0x80-0x9F) under those labels, and cp1252 agrees
// with ISO-8859-1 everywhere else.
std::vector<std::string> charset_candidates(std::string_view charset) {
  const std::string lower = text::ascii_lower(text::trim(charset));
  if (lower.empty()) return {};
  std::vector<std::string> names;
  const char* iconv_name = g_mime_charset_iconv_name(lower.c_str());
  const std::string canonical = text::ascii_lower(iconv_name ? iconv_name : lower.c_str());
  if (canonical == "iso-8859-1" || canonical == "latin1" || canonical == "us-ascii" || canonical == "ascii")
    names.push_back("CP1252");
  names.push_back(iconv_name ? iconv_name : lower);
  return names;
}

bool is_utf8_label(std::string_view charset) {
  const std::string lower = text::ascii_lower(text::trim(charset));
  return lower == "utf-8" || lower == "utf8";
}

// Converts with g_convert; false when the charset is unknown or the bytes are
// not valid in it (no silent replacement here: callers fall back).
bool convert(std::string_view bytes, const std::string& charset, std::string& out) {
  gsize read = 0, written = 0;
  GError* error = nullptr;
  char* converted = g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8", charset.c_str(),
                              &read, &written, &error);
  if (error) g_error_free(error);
  if (!converted) return false;
  out.assign(converted, written);
  g_free(converted);
  return read == bytes.size();
}

std::string without_nuls(std::string s) {
  std::erase(s, '\0');
  return s;
}

}  // namespace

void ensure_gmime_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string part_content(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);  // borrowed
  if (!content) return {};
  // write_to_stream applies the decoder for the wrapper's transfer encoding.
  return collect_stream([&](GMimeStream* stream) { g_mime_data_wrapper_write_to_stream(content, stream); });
}

std::string object_bytes(GMimeObject* object) {
  return collect_stream([&](GMimeStream* stream) { g_mime_object_write_to_stream(object, nullptr, stream); });
}

std::string to_utf8(std::string_view bytes, std::string_view charset) {
  if (bytes.empty()) return {};
  if (!is_utf8_label(charset)) {
    std::string out;
    for (const auto& candidate : charset_candidates(charset))
      if (convert(bytes, candidate, out)) return without_nuls(normalize_newlines(out));
  }
  try {
    // Valid UTF-8 as is; otherwise a BOM, UTF-16 or a detected legacy charset.
    return without_nuls(decode_text("part", bytes).text);
  } catch (const Error&) {
    return without_nuls(normalize_newlines(text::to_valid_utf8(bytes)));
  }
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '=') {
      out += c;
      continue;
    }
    if (i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else if (i + 1 < text.size() && text[i + 1] == '\n') {
      i += 1;  // soft line break
    } else if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') {
      i += 2;
    } else {
      out += c;  // a literal '=' the encoder should have escaped; keep it
    }
  }
  return out;
}

bool looks_quoted_printable(std::string_view text) {
  int escapes = 0;
  for (size_t i = 0; i + 1 < text.size() && escapes < kMinQuotedPrintableEscapes; ++i) {
    if (text[i] != '=') continue;
    if (text[i + 1] == '\n' || (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n')) {
      ++escapes;
    } else if (i + 2 < text.size()) {
      const std::string_view code = text.substr(i + 1, 2);
      // The escapes QP encoders emit most: '=' itself, space, tab, and the
      // lead bytes of UTF-8 sequences.
      if (code == "3D" || code == "20" || code == "09" || code == "C2" || code == "C3" || code == "E2")
        ++escapes;
    }
  }
  return escapes >= kMinQuotedPrintableEscapes;
}

}  // namespace lore::parse::email
