#include "parse/text/encoding.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <memory>
#include <vector>

#include "core/error.h"
#include "core/text.h"

namespace lore::parse {

namespace {

// Binary sniffing looks at the head only, like git and file(1): a text file
// does not start with NULs, and scanning all of a large file would be waste.
constexpr size_t kSniffBytes = 8 * 1024;
// uchardet is confident long before this; feeding it a 200 MB file is waste.
constexpr size_t kDetectBytes = 1024 * 1024;

// UTF-16 without a BOM: in Latin-script text nearly every other byte is NUL.
// The other half must be nearly NUL-free, or it is binary (or UTF-32).
constexpr double kUtf16NulShare = 0.3;
constexpr double kUtf16OtherNulShare = 0.02;

[[noreturn]] void fail(std::string_view name, const std::string& why) {
  throw Error(ErrorCode::bad_input, std::string(name) + ": " + why);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// Converts `bytes` from `charset` to UTF-8 with iconv. Returns false (and
// sets *bad_offset) when the input has a sequence the charset cannot decode.
bool iconv_to_utf8(std::string_view bytes, const std::string& charset, std::string& out, size_t* bad_offset) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    *bad_offset = 0;
    return false;
  }
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
  out.assign(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());  // iconv's API is not const-correct
  size_t in_left = bytes.size();
  size_t written = 0;
  while (in_left > 0) {
    char* dst = out.data() + written;
    size_t dst_left = out.size() - written;
    const size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
    written = out.size() - dst_left;
    if (rc != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    *bad_offset = bytes.size() - in_left;  // EILSEQ or EINVAL (truncated at the end)
    return false;
  }
  out.resize(written);
  return true;
}

DecodedText convert_or_fail(std::string_view name, std::string_view bytes, const std::string& charset,
                            size_t offset_base = 0) {
  DecodedText result;
  size_t bad = 0;
  if (!iconv_to_utf8(bytes, charset, result.text, &bad))
    fail(name, "cannot decode as " + charset + " at byte " + std::to_string(bad + offset_base) +
                   " (invalid or truncated sequence)");
  result.encoding = charset;
  return result;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// iconv names to try, in order, for a charset name from uchardet or a
// <meta charset>. Supersets come first where the web treats them as aliases
// (WHATWG Encoding: gb2312 and gbk mean GB18030-ish, latin1 means windows-1252).
std::vector<std::string> iconv_candidates(std::string_view charset) {
  const std::string c = upper(charset);
  if (c == "GB2312" || c == "GBK" || c == "GB18030" || c == "EUC-CN" || c == "X-GBK") return {"GB18030"};
  if (c == "BIG5" || c == "BIG-5" || c == "CP950" || c == "BIG5-HKSCS")
    return {"BIG5", "CP950", "BIG5-HKSCS"};
  if (c == "SHIFT_JIS" || c == "SHIFT-JIS" || c == "SJIS" || c == "CP932" || c == "WINDOWS-31J")
    return {"SHIFT_JIS", "CP932"};
  if (c == "EUC-KR" || c == "UHC" || c == "CP949") return {"EUC-KR", "CP949"};
  if (c == "ISO-8859-1" || c == "LATIN1" || c == "US-ASCII" || c == "ASCII" || c == "WINDOWS-1252")
    return {"WINDOWS-1252", "ISO-8859-1"};
  return {c};
}

// Tries each candidate; returns false if none decodes the bytes.
bool try_charset(std::string_view bytes, std::string_view charset, DecodedText& out) {
  for (const auto& candidate : iconv_candidates(charset)) {
    size_t bad = 0;
    if (iconv_to_utf8(bytes, candidate, out.text, &bad)) {
      out.encoding = candidate;
      return true;
    }
  }
  return false;
}

// Detects UTF-16 without a BOM from the NUL pattern of the head; returns
// "UTF-16LE", "UTF-16BE" or "".
std::string sniff_utf16(std::string_view bytes) {
  const size_t n = std::min(bytes.size(), kSniffBytes) & ~size_t{1};
  if (n < 4) return "";
  size_t even_nuls = 0, odd_nuls = 0;
  for (size_t i = 0; i < n; i += 2) {
    if (bytes[i] == '\0') ++even_nuls;
    if (bytes[i + 1] == '\0') ++odd_nuls;
  }
  const double pairs = static_cast<double>(n / 2);
  if (odd_nuls >= kUtf16NulShare * pairs && even_nuls <= kUtf16OtherNulShare * pairs) return "UTF-16LE";
  if (even_nuls >= kUtf16NulShare * pairs && odd_nuls <= kUtf16OtherNulShare * pairs) return "UTF-16BE";
  return "";
}

// Corrupted UTF-8 versus a legacy encoding: in a legacy file, byte pairs that
// happen to form valid UTF-8 sequences are rare accidents, so invalid bytes
// far outnumber them. In damaged UTF-8 the valid multi-byte sequences
// dominate.
bool looks_like_damaged_utf8(std::string_view s) {
  size_t valid_multibyte = 0, invalid = 0;
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    const char32_t cp = text::next_codepoint(s, i);
    if (cp == 0xFFFD && i - start == 1 && static_cast<unsigned char>(s[start]) >= 0x80)
      ++invalid;
    else if (i - start > 1)
      ++valid_multibyte;
  }
  return valid_multibyte > 0 && valid_multibyte >= invalid;
}

std::string detect_charset(std::string_view bytes) {
  uchardet_t ud = uchardet_new();
  std::unique_ptr<uchardet, void (*)(uchardet_t)> guard(ud, uchardet_delete);
  uchardet_handle_data(ud, bytes.data(), std::min(bytes.size(), kDetectBytes));
  uchardet_data_end(ud);
  const char* charset = uchardet_get_charset(ud);
  return charset ? std::string(charset) : std::string();
}

// Bytes a UTF-8 sequence starting with `lead` occupies (0 for a non-lead byte).
size_t utf8_sequence_length(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool has_multibyte(std::string_view valid_utf8) {
  return std::any_of(valid_utf8.begin(), valid_utf8.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// A declared charset comes from the file itself: only a name made of the
// characters IANA charset names use (RFC 2978: at most 40 of them) is
// handed to iconv. glibc's iconv ignores other characters when it matches
// names, so "iso-\xFF8859-1" would open ISO-8859-1 and the raw bytes would
// end up as the document's encoding name and in error messages.
bool plausible_charset_name(std::string_view name) {
  if (name.empty() || name.size() > 40) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' && c != ':' &&
        c != '+')
      return false;
  return true;
}

DecodedText decode_raw(std::string_view name, std::string_view bytes, std::string_view declared) {
  // 1. Byte-order marks. UTF-32LE's BOM starts with UTF-16LE's, so it goes first.
  if (starts_with(bytes, "\xEF\xBB\xBF")) {
    const std::string_view body = bytes.substr(3);
    const size_t bad = text::find_invalid_utf8(body);
    if (bad != std::string_view::npos) fail(name, "invalid UTF-8 at byte " + std::to_string(bad + 3));
    return {std::string(body), "UTF-8"};
  }
  if (starts_with(bytes, std::string_view("\xFF\xFE\0\0", 4)))
    return convert_or_fail(name, bytes.substr(4), "UTF-32LE", 4);
  if (starts_with(bytes, std::string_view("\0\0\xFE\xFF", 4)))
    return convert_or_fail(name, bytes.substr(4), "UTF-32BE", 4);
  if (starts_with(bytes, "\xFF\xFE")) return convert_or_fail(name, bytes.substr(2), "UTF-16LE", 2);
  if (starts_with(bytes, "\xFE\xFF")) return convert_or_fail(name, bytes.substr(2), "UTF-16BE", 2);

  // 2-3. UTF-16 without a BOM, else NULs mean binary.
  if (const std::string utf16 = sniff_utf16(bytes); !utf16.empty())
    return convert_or_fail(name, bytes, utf16);
  if (bytes.substr(0, kSniffBytes).find('\0') != std::string_view::npos)
    fail(name, "binary content (NUL bytes), not a text file");

  // 4. UTF-8 (ASCII included).
  const size_t bad = text::find_invalid_utf8(bytes);
  if (bad == std::string_view::npos) return {std::string(bytes), "UTF-8"};
  // 4b. UTF-8 cut off inside its last character (a truncated download): the
  // rest is UTF-8 — it has multi-byte characters of its own — so drop the
  // partial character rather than misreading the whole file as a legacy code page.
  if (bad > 0 && bytes.size() - bad < 4 &&
      utf8_sequence_length(static_cast<unsigned char>(bytes[bad])) > bytes.size() - bad &&
      has_multibyte(bytes.substr(0, bad)))
    return {std::string(bytes.substr(0, bad)), "UTF-8"};

  // 5. What the file declares, unless it claims UTF-8 (which it is not).
  DecodedText out;
  const std::string declared_upper = upper(declared);
  if (plausible_charset_name(declared) && declared_upper != "UTF-8" && declared_upper != "UTF8" &&
      try_charset(bytes, declared, out))
    return out;

  // 6. Damaged UTF-8.
  if (looks_like_damaged_utf8(bytes)) fail(name, "invalid UTF-8 at byte " + std::to_string(bad));

  // 7. Legacy encodings. uchardet answers "" when unsure; Windows-1252 then
  // decodes any Western text, and ISO-8859-1 decodes every byte.
  const std::string detected = detect_charset(bytes);
  if (upper(detected) == "UTF-8") fail(name, "invalid UTF-8 at byte " + std::to_string(bad));
  if (!detected.empty()) {
    if (try_charset(bytes, detected, out)) return out;
    size_t offset = 0;
    iconv_to_utf8(bytes, iconv_candidates(detected).front(), out.text, &offset);
    fail(name, "cannot decode as " + detected + " (detected) at byte " + std::to_string(offset));
  }
  if (try_charset(bytes, "WINDOWS-1252", out)) return out;
  fail(name, "unknown text encoding (not UTF-8, and no legacy encoding detected)");
}

}  // namespace

std::string normalize_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

DecodedText decode_text(std::string_view source_name, std::string_view bytes,
                        std::string_view declared_charset) {
  DecodedText decoded = decode_raw(source_name, bytes, declared_charset);
  // A BOM can survive conversion when the file repeated it; it is never content.
  if (starts_with(decoded.text, "\xEF\xBB\xBF")) decoded.text.erase(0, 3);
  if (decoded.text.find('\r') != std::string::npos) decoded.text = normalize_newlines(decoded.text);
  return decoded;
}

}  // namespace lore::parse
