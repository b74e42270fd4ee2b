// Decoding the bytes of a text file to UTF-8.
//
// Order of decisions (first match wins):
//   1. a byte-order mark (UTF-8, UTF-32LE/BE, UTF-16LE/BE) names the encoding;
//   2. UTF-16 without a BOM, recognised by NULs in every other byte;
//   3. NUL bytes in the first 8 KiB mean binary content -> Error{bad_input};
//   4. valid UTF-8 is taken as is;
//   5. a charset declared by the container (HTML <meta charset>) is tried;
//   6. mostly valid UTF-8 with some invalid bytes is corrupted UTF-8 ->
//      Error{bad_input} naming the first bad byte;
//   7. otherwise a legacy encoding, detected by uchardet and converted by iconv.
// Conversions are never lossy: a byte sequence the encoding cannot map is an
// Error{bad_input} naming the charset, not a silent replacement character.
// Thread-safety: reentrant (a fresh uchardet/iconv handle per call).
#pragma once

#include <string>
#include <string_view>

namespace lore::parse {

struct DecodedText {
  std::string text;      // UTF-8, no BOM, line endings normalised to '\n'
  std::string encoding;  // the source encoding, e.g. "UTF-8", "GB18030", "UTF-16LE"
};

// `source_name` is used in error messages; `declared_charset` (may be empty)
// is what the file says about itself.
DecodedText decode_text(std::string_view source_name, std::string_view bytes,
                        std::string_view declared_charset = {});

// Replaces CRLF and lone CR with LF.
std::string normalize_newlines(std::string_view s);

}  // namespace lore::parse
