#include "chunk/patterns.h"

#include <array>
#include <cctype>

#include "core/text.h"
#include "core/tokens.h"

namespace lore::chunk::detail {

namespace {

// The code point that ends just before `pos` (0 at the start).
char32_t prev_codepoint(std::string_view s, size_t pos) {
  if (pos == 0) return 0;
  size_t start = pos - 1;
  while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  size_t i = start;
  return text::next_codepoint(s, i);
}

size_t prev_start(std::string_view s, size_t pos) {
  size_t start = pos - 1;
  while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  return start;
}

bool is_terminator(char32_t c) {
  return c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == U'。' || c == U'；' ||
         c == U'！' || c == U'？' || c == U'：' || c == U'」' || c == U'）';
}

// Start of text, a line break, or (strict = false) any whitespace or sentence
// terminator; with strict, whitespace only counts after a terminator.
bool at_boundary(std::string_view s, size_t pos, bool strict) {
  if (pos == 0) return true;
  const char32_t c = prev_codepoint(s, pos);
  if (c == '\n' || is_terminator(c)) return true;
  if (!text::is_space(c)) return false;
  if (!strict) return true;
  // Walk back over the whitespace run.
  size_t p = pos;
  while (p > 0) {
    const char32_t q = prev_codepoint(s, p);
    if (q == '\n') return true;
    if (!text::is_space(q)) return is_terminator(q);
    p = prev_start(s, p);
  }
  return true;
}

bool starts(std::string_view s, size_t pos, std::string_view word) {
  return s.substr(pos, word.size()) == word;
}

// "第十二条" / "第二章" at `pos`: a boundary, or — because plain-text parsing
// joins hard-wrapped CJK lines without a space ("总则\n第一条" -> "总则第一条") —
// a CJK character that does not introduce a cross-reference ("依照本法第…",
// "根据第…", "和第…", "《…》第…").
bool cjk_start_ok(std::string_view s, size_t pos) {
  if (at_boundary(s, pos, false)) return true;
  const char32_t c = prev_codepoint(s, pos);
  if (!text::is_cjk(c)) return false;
  static const std::u32string kReferencePrefixes =
      U"法照据按和或及至与见于例》款依对在由经将把用同较比之自前本条章节编规";
  return kReferencePrefixes.find(c) == std::u32string::npos;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_roman(char c) { return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C'; }

// Length of the space run at pos (ASCII spaces/tabs, NBSP, ideographic space).
size_t spaces_at(std::string_view s, size_t pos) {
  size_t i = pos;
  while (i < s.size()) {
    size_t j = i;
    if (!text::is_space(text::next_codepoint(s, j)) || s[i] == '\n') break;
    i = j;
  }
  return i - pos;
}

// Arabic digits with an optional letter ("12", "12a"), or upper-case roman
// numerals ("IV"); returns the length, 0 when none.
size_t number_at(std::string_view s, size_t pos, bool allow_roman) {
  size_t i = pos;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i > pos) {
    if (i < s.size() && s[i] >= 'a' && s[i] <= 'z' &&
        (i + 1 == s.size() || !std::isalpha(static_cast<unsigned char>(s[i + 1]))))
      ++i;
    return i - pos;
  }
  if (!allow_roman) return 0;
  while (i < s.size() && is_roman(s[i])) ++i;
  return i - pos;
}

bool word_end(std::string_view s, size_t pos) {
  return pos >= s.size() || !std::isalnum(static_cast<unsigned char>(s[pos]));
}

constexpr std::array<std::string_view, 20> kNumberWords = {
    "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
    "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN"};

// "第" + Chinese or Arabic numerals; returns the byte length up to the numerals' end, 0 if none.
size_t cn_ordinal_at(std::string_view s, size_t pos) {
  if (!starts(s, pos, "第")) return 0;
  static const std::u32string kNumerals = U"零〇一二三四五六七八九十百千两0123456789０１２３４５６７８９";
  size_t i = pos + std::string_view("第").size(), last = i;
  while (i < s.size()) {
    size_t j = i;
    if (kNumerals.find(text::next_codepoint(s, j)) == std::u32string::npos) break;
    i = last = j;
  }
  return last > pos + 3 ? last - pos : 0;
}

// After "第十二条": characters that show a cross-reference, not a start.
bool cn_reference_follows(std::string_view s, size_t pos) {
  for (std::string_view w : {"的", "规定", "所", "至", "、", "，", ",", "和", "或", "及", "第", "中", "之"})
    if (starts(s, pos, w)) return true;
  return false;
}

// An English keyword followed by a number: "Article 12", "Chapter IV".
size_t keyword_number(std::string_view s, size_t pos, std::string_view word, bool allow_words,
                      std::string* label, std::string_view label_word) {
  if (!starts(s, pos, word)) return 0;
  size_t i = pos + word.size();
  const size_t sp = spaces_at(s, i);
  if (sp == 0) return 0;
  i += sp;
  size_t n = number_at(s, i, true);
  if (n == 0 && allow_words)
    for (auto w : kNumberWords)
      if (starts(s, i, w) && word_end(s, i + w.size())) n = w.size();
  if (n == 0 || !word_end(s, i + n)) return 0;
  if (label) *label = std::string(label_word) + " " + std::string(s.substr(i, n));
  return i + n - pos;
}

std::string strip_numbering(std::string_view t) {
  t = text::trim(t);
  size_t i = 0;
  while (i < t.size() && (is_digit(t[i]) || is_roman(t[i]) || t[i] == '.')) ++i;
  if (i > 0 && i < t.size() && (t[i] == ' ' || t[i] == '\t')) t.remove_prefix(i);
  std::string out = text::ascii_lower(text::collapse_whitespace(t));
  while (!out.empty() && (out.back() == ':' || out.back() == '.')) out.pop_back();
  return out;
}

}  // namespace

std::vector<Marker> find_articles(std::string_view s) {
  std::vector<Marker> out;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != 'A' && c != 'S' && c != 0xC2 && c != 0xE7) continue;  // A, S, § (C2 A7), 第 (E7 AC AC)
    Marker m;
    m.pos = i;
    size_t len = 0;
    if (c == 'A') {
      len = keyword_number(s, i, "Article", false, &m.label, "Article");
      if (!len) len = keyword_number(s, i, "ARTICLE", false, &m.label, "Article");
      if (!len) len = keyword_number(s, i, "Art.", false, &m.label, "Article");
    } else if (c == 'S') {
      len = keyword_number(s, i, "Section", false, &m.label, "Section");
      if (!len) len = keyword_number(s, i, "SECTION", false, &m.label, "Section");
      if (!len) len = keyword_number(s, i, "Sec.", false, &m.label, "Section");
      // "Section 3 of this Act" is a reference; a section start reads "Section 3." or "Section 3:".
      if (len && (i + len >= s.size() || (s[i + len] != '.' && s[i + len] != ':'))) len = 0;
    } else if (starts(s, i, "§")) {
      size_t j = i + std::string_view("§").size();
      j += spaces_at(s, j);
      const size_t n = number_at(s, j, false);
      if (n) {
        len = j + n - i;
        m.label = "§ " + std::string(s.substr(j, n));
      }
    } else if (const size_t n = cn_ordinal_at(s, i);
               n && starts(s, i + n, "条") && !cn_reference_follows(s, i + n + 3)) {
      len = n + 3;
      m.label = std::string(s.substr(i, len));
    }
    if (!len) continue;
    const bool cjk = c == 0xE7;
    if (cjk ? !cjk_start_ok(s, i) : !at_boundary(s, i, true)) continue;
    m.length = len;
    out.push_back(m);
    i += len - 1;
  }
  return out;
}

std::vector<Marker> find_divisions(std::string_view s) {
  std::vector<Marker> out;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != 'P' && c != 'C' && c != 0xE7) continue;
    Marker m;
    m.pos = i;
    size_t len = 0;
    if (c == 'P') {
      len = keyword_number(s, i, "Part", true, &m.label, "Part");
      if (!len) len = keyword_number(s, i, "PART", true, &m.label, "Part");
      m.level = 1;
    } else if (c == 'C') {
      len = keyword_number(s, i, "Chapter", true, &m.label, "Chapter");
      if (!len) len = keyword_number(s, i, "CHAPTER", true, &m.label, "Chapter");
      m.level = 2;
    } else if (const size_t n = cn_ordinal_at(s, i); n && !cn_reference_follows(s, i + n + 3)) {
      if (starts(s, i + n, "编"))
        m.level = 1;
      else if (starts(s, i + n, "章"))
        m.level = 2;
      else if (starts(s, i + n, "节"))
        m.level = 3;
      if (m.level) {
        len = n + 3;
        m.label = std::string(s.substr(i, len));
      }
    }
    if (!len || (c == 0xE7 ? !cjk_start_ok(s, i) : !at_boundary(s, i, true))) continue;
    m.length = len;
    out.push_back(m);
    i += len - 1;
  }
  return out;
}

std::vector<Marker> find_qa_markers(std::string_view s) {
  struct Word {
    std::string_view text;
    bool question;
    bool numbered;  // may carry a number: Q1, A12
  };
  static constexpr Word kWords[] = {
      {"Question", true, false}, {"QUESTION", true, false}, {"Answer", false, false},
      {"ANSWER", false, false},  {"Q", true, true},         {"A", false, true},
      {"问题", true, false},     {"问", true, false},       {"答案", false, false},
      {"回答", false, false},    {"答", false, false},
  };
  std::vector<Marker> out;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c != 'Q' && c != 'A' && c < 0xE0) continue;
    for (const auto& w : kWords) {
      if (!starts(s, i, w.text)) continue;
      size_t j = i + w.text.size();
      if (w.numbered)
        while (j < s.size() && is_digit(s[j])) ++j;
      if (j < s.size() && s[j] == ' ') ++j;
      size_t colon = 0;
      if (starts(s, j, ":"))
        colon = 1;
      else if (starts(s, j, "："))
        colon = 3;
      if (!colon || !at_boundary(s, i, false)) continue;
      Marker m;
      m.pos = i;
      m.length = j + colon - i;
      m.question = w.question;
      m.label = std::string(w.text);
      out.push_back(m);
      i = j + colon - 1;
      break;
    }
  }
  return out;
}

int numbered_heading_depth(std::string_view t, std::string* number) {
  t = text::trim(t);
  if (t.find('\n') != std::string_view::npos || !heading_like(t, 16)) return 0;
  size_t i = 0;
  int depth = 0;
  for (;;) {
    const size_t start = i;
    while (i < t.size() && is_digit(t[i])) ++i;
    if (i == start || i - start > 2) return 0;  // "2023 Report" is a year, not a section
    ++depth;
    if (i + 1 < t.size() && t[i] == '.' && is_digit(t[i + 1])) {
      ++i;
      continue;
    }
    break;
  }
  const size_t digits_end = i;
  if (i < t.size() && (t[i] == '.' || t[i] == ')')) ++i;
  const size_t sp = spaces_at(t, i);
  if (sp == 0) return 0;
  i += sp;
  if (i >= t.size()) return 0;
  size_t k = i;
  const char32_t first = text::next_codepoint(t, k);
  const bool upper = first < 128 ? (first >= 'A' && first <= 'Z') : text::is_cjk(first) || first > 0x24F;
  if (!upper) return 0;
  if (number) *number = std::string(t.substr(0, digits_end));
  return depth;
}

bool is_abstract_heading(std::string_view t) {
  const std::string n = strip_numbering(t);
  return n == "abstract" || n == "a b s t r a c t" || n == "摘要" || n == "摘 要";
}

bool is_references_heading(std::string_view t) {
  const std::string n = strip_numbering(t);
  for (std::string_view w : {"references", "reference", "bibliography", "works cited", "literature cited",
                             "references and notes", "citations", "参考文献", "参考资料"})
    if (n == w) return true;
  return false;
}

bool starts_with_abstract(std::string_view t) {
  t = text::trim(t);
  if (starts(t, 0, "摘要")) {
    const auto rest = t.substr(std::string_view("摘要").size());
    return starts(rest, 0, "：") || starts(rest, 0, ":") || starts(rest, 0, " ") || starts(rest, 0, "\n");
  }
  if (text::ascii_lower(t.substr(0, 8)) != "abstract") return false;
  const auto rest = t.substr(8);
  for (std::string_view p : {":", ".", "—", "–", "-", "\n"})
    if (starts(rest, 0, p) || starts(text::trim(rest), 0, p)) return true;
  return false;
}

std::vector<std::string_view> split_reference_entries(std::string_view s) {
  std::vector<size_t> cuts;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '[' && (i == 0 || text::is_space(prev_codepoint(s, i)))) {
      size_t j = i + 1;
      while (j < s.size() && is_digit(s[j])) ++j;
      if (j > i + 1 && j - i <= 5 && j < s.size() && s[j] == ']') cuts.push_back(i);
    } else if (is_digit(s[i]) && (i == 0 || s[i - 1] == '\n')) {
      size_t j = i;
      while (j < s.size() && is_digit(s[j])) ++j;
      if (j - i <= 4 && j + 1 < s.size() && s[j] == '.' && s[j + 1] == ' ') cuts.push_back(i);
    }
  }
  std::vector<std::string_view> out;
  if (cuts.empty() || cuts.front() != 0) cuts.insert(cuts.begin(), 0);
  for (size_t k = 0; k < cuts.size(); ++k) {
    const size_t end = k + 1 < cuts.size() ? cuts[k + 1] : s.size();
    const auto entry = text::trim(s.substr(cuts[k], end - cuts[k]));
    if (!entry.empty()) out.push_back(entry);
  }
  return out;
}

bool heading_like(std::string_view t, size_t max_tokens) {
  t = text::trim(t);
  if (t.empty() || count_tokens(t) > max_tokens) return false;
  for (std::string_view end : {".", ";", "。", "；", ",", "，"})
    if (t.ends_with(end)) return false;
  return true;
}

}  // namespace lore::chunk::detail
