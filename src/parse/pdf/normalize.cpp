// Unicode clean-up of PDF text: an NFKC-like mapping restricted to what PDFs
// get wrong for search. Ligature glyphs become their letters (so "ﬁnd" matches
// "find"), exotic spaces become spaces, invisible characters disappear.
// Fullwidth CJK punctuation is kept as typeset: it is meaningful text there.
#include <string>

#include "core/text.h"
#include "parse/pdf/pdf_layout.h"

namespace lore::parse::pdf {

namespace {

constexpr char32_t kSoftHyphen = 0x00AD;

// Expansion of the Latin ligatures in Alphabetic Presentation Forms
// (U+FB00..U+FB06), or nullptr.
const char* ligature(char32_t cp) {
  switch (cp) {
    case 0xFB00:
      return "ff";
    case 0xFB01:
      return "fi";
    case 0xFB02:
      return "fl";
    case 0xFB03:
      return "ffi";
    case 0xFB04:
      return "ffl";
    case 0xFB05:
      return "st";  // long s + t
    case 0xFB06:
      return "st";
    case 0x0132:
      return "IJ";
    case 0x0133:
      return "ij";
    default:
      return nullptr;
  }
}

bool is_exotic_space(char32_t cp) {
  return cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Characters with no visible form, plus private-use code points (symbol-font
// glyphs without a Unicode mapping: they would only pollute the index).
bool is_dropped(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF ||
         (cp >= 0xE000 && cp <= 0xF8FF);
}

}  // namespace

std::string normalize_pdf_text(std::basic_string_view<unsigned short> utf16) {
  std::string out;
  out.reserve(utf16.size());
  const size_t n = utf16.size();
  for (size_t i = 0; i < n; ++i) {
    char32_t cp = utf16[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n && utf16[i + 1] >= 0xDC00 && utf16[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (utf16[i + 1] - 0xDC00);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;  // unpaired surrogate
    }
    if (const char* lig = ligature(cp)) {
      out += lig;
    } else if (is_exotic_space(cp)) {
      out += ' ';
    } else if (cp == kSoftHyphen) {
      // Only a word-final soft hyphen survives (see Word); a medial one is
      // an invisible break opportunity.
      if (i + 1 == n) text::append_utf8(out, cp);
    } else if (!is_dropped(cp)) {
      text::append_utf8(out, cp);
    }
  }
  return out;
}

}  // namespace lore::parse::pdf
