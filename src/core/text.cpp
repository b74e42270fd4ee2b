#include "core/text.h"

#include <array>
#include <cctype>

namespace lore::text {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Length of a valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t valid_sequence_length(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) { len = 2; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; min = 0x10000; }
  else return 0;
  if (i + len > s.size()) return 0;
  char32_t cp = b0 & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

}  // namespace

char32_t next_codepoint(std::string_view s, size_t& i) {
  const size_t len = valid_sequence_length(s, i);
  if (len == 0) { ++i; return kReplacement; }
  const auto b0 = static_cast<unsigned char>(s[i]);
  char32_t cp = len == 1 ? b0 : (b0 & (0x7F >> len));
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

size_t find_invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t len = valid_sequence_length(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string to_valid_utf8(std::string_view s) {
  if (find_invalid_utf8(s) == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) append_utf8(out, next_codepoint(s, i));
  return out;
}

bool is_cjk(char32_t cp) {
  return (cp >= 0x3000 && cp <= 0x303F) ||   // CJK symbols and punctuation
         (cp >= 0x3040 && cp <= 0x30FF) ||   // hiragana, katakana
         (cp >= 0x3100 && cp <= 0x312F) ||   // bopomofo
         (cp >= 0x3400 && cp <= 0x4DBF) ||   // extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||   // unified ideographs
         (cp >= 0xAC00 && cp <= 0xD7AF) ||   // hangul syllables
         (cp >= 0xF900 && cp <= 0xFAFF) ||   // compatibility ideographs
         (cp >= 0xFF00 && cp <= 0xFFEF) ||   // fullwidth forms
         (cp >= 0x20000 && cp <= 0x2FA1F);   // extensions B..F
}

bool contains_cjk(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    if (is_cjk(next_codepoint(s, i))) return true;
  }
  return false;
}

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t cp = next_codepoint(s, i);
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(s.substr(start, i - start));
  }
  return out;
}

std::string_view trim(std::string_view s) {
  size_t begin = 0;
  while (begin < s.size()) {
    size_t i = begin;
    if (!is_space(next_codepoint(s, i))) break;
    begin = i;
  }
  size_t end = s.size();
  while (end > begin) {
    // Step back to the start of the previous code point.
    size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t i = start;
    if (!is_space(next_codepoint(s, i))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

namespace {

bool is_cjk_terminator(char32_t cp) {
  return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == 0xFF0E;
}

// Words after which a period does not end a sentence.
bool is_abbreviation(std::string_view word) {
  static constexpr std::array<std::string_view, 24> kAbbrev = {
      "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e",
      "fig", "figs", "eq", "no", "vol", "pp", "al", "inc", "ltd", "co", "cf", "approx"};
  const std::string lower = ascii_lower(word);
  for (auto a : kAbbrev)
    if (lower == a) return true;
  return word.size() == 1 && std::isupper(static_cast<unsigned char>(word[0]));  // initials
}

// The word (letters and inner dots) ending just before position `dot`.
std::string_view word_before(std::string_view s, size_t dot) {
  size_t b = dot;
  while (b > 0 && (std::isalpha(static_cast<unsigned char>(s[b - 1])) || s[b - 1] == '.')) --b;
  return s.substr(b, dot - b);
}

}  // namespace

std::vector<std::string_view> split_sentences(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  size_t i = 0;
  auto cut = [&](size_t end) {
    // Whitespace following the terminator stays with this sentence.
    while (end < s.size()) {
      size_t j = end;
      if (!is_space(next_codepoint(s, j))) break;
      end = j;
    }
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end;
    return end;
  };
  while (i < s.size()) {
    const size_t here = i;
    const char32_t cp = next_codepoint(s, i);
    if (is_cjk_terminator(cp)) {
      // Closing quotes/brackets belong to the sentence they close.
      while (i < s.size()) {
        size_t j = i;
        const char32_t c = next_codepoint(s, j);
        if (c != 0x201D && c != 0x300D && c != 0x300F && c != 0xFF09 && c != '"' && c != ')') break;
        i = j;
      }
      i = cut(i);
    } else if (cp == '.' || cp == '!' || cp == '?') {
      size_t j = i;
      while (j < s.size() && (s[j] == '.' || s[j] == '!' || s[j] == '?' || s[j] == '"' ||
                              s[j] == '\'' || s[j] == ')'))
        ++j;
      const bool at_end = j >= s.size();
      const bool space_follows = !at_end && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] == '\r');
      if (!(at_end || space_follows)) continue;  // 3.14, e.g.x, URLs
      if (cp == '.' && is_abbreviation(word_before(s, here))) continue;
      // A lower-case continuation after a period is rarely a new sentence.
      size_t k = j;
      while (k < s.size() && (s[k] == ' ' || s[k] == '\t')) ++k;
      if (cp == '.' && k < s.size() && std::islower(static_cast<unsigned char>(s[k]))) continue;
      i = cut(j);
    } else if (cp == '\n') {
      // A blank line ends a sentence (paragraph break).
      size_t j = i;
      while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r')) ++j;
      if (j < s.size() && s[j] == '\n') i = cut(j);
    }
  }
  if (start < s.size()) out.push_back(s.substr(start));
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view truncate_utf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

}  // namespace lore::text
