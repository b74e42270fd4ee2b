#include "compress/units.h"

#include "core/text.h"
#include "core/tokens.h"

namespace lore::compress {

namespace {

bool is_alnum_cp(char32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) != 0;
  if (text::is_cjk(cp) || text::is_space(cp)) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // general punctuation, arrows, symbols
  return cp >= 0xC0;
}

bool is_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

// Inner characters that keep a word together when alphanumerics surround them.
bool is_joiner(char32_t cp) { return cp == '.' || cp == ',' || cp == '\'' || cp == '-' || cp == 0x2019; }

}  // namespace

std::vector<Piece> split_pieces(std::string_view s) {
  std::vector<Piece> out;
  size_t i = 0;
  auto take_space = [&](Piece& p) {
    const size_t from = i;
    while (i < s.size()) {
      size_t j = i;
      if (!text::is_space(text::next_codepoint(s, j))) break;
      i = j;
    }
    p.space = s.substr(from, i - from);
  };
  // Leading whitespace (not expected after trimming) is skipped.
  while (i < s.size()) {
    size_t j = i;
    if (!text::is_space(text::next_codepoint(s, j))) break;
    i = j;
  }
  while (i < s.size()) {
    const size_t start = i;
    const char32_t cp = text::next_codepoint(s, i);
    Piece p;
    if (is_alnum_cp(cp)) {
      bool digits = is_digit(cp);
      while (i < s.size()) {
        size_t j = i;
        const char32_t c = text::next_codepoint(s, j);
        if (is_alnum_cp(c)) {
          digits = digits || is_digit(c);
          i = j;
          continue;
        }
        if (!is_joiner(c) || j >= s.size()) break;
        size_t k = j;
        if (!is_alnum_cp(text::next_codepoint(s, k))) break;
        i = j;
      }
      p.text = s.substr(start, i - start);
      p.kind = digits ? PieceKind::number : PieceKind::word;
      p.key = text::ascii_lower(p.text);
    } else if (text::is_cjk(cp)) {
      p.text = s.substr(start, i - start);
      p.kind = PieceKind::cjk;
      // CJK punctuation (、，。 fullwidth forms) is punctuation here.
      if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
          (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || (cp >= 0xFE30 && cp <= 0xFE4F))
        p.kind = PieceKind::punct;
      else
        p.key = std::string(p.text);
    } else if (text::is_space(cp)) {
      continue;  // only reachable for stray whitespace; never part of a piece
    } else {
      p.text = s.substr(start, i - start);
      p.kind = PieceKind::punct;
    }
    take_space(p);
    out.push_back(std::move(p));
  }
  return out;
}

namespace {

// Cuts `s` after each occurrence of one of `marks` (bytes), keeping pieces
// of at least a few tokens together.
void cut_at(std::string_view s, std::string_view marks, size_t max_tokens, std::vector<std::string_view>& out,
            int depth);

void emit(std::string_view s, size_t max_tokens, std::vector<std::string_view>& out, int depth) {
  s = text::trim(s);
  if (s.empty()) return;
  if (depth >= 2 || count_tokens(s) <= max_tokens) {
    out.push_back(s);
    return;
  }
  cut_at(s, depth == 0 ? std::string_view("\n") : std::string_view(";,"), max_tokens, out, depth + 1);
}

void cut_at(std::string_view s, std::string_view marks, size_t max_tokens, std::vector<std::string_view>& out,
            int depth) {
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (marks.find(s[i]) == std::string_view::npos) continue;
    // A cut needs a space (or the newline itself) after the mark: 1,000 stays.
    if (s[i] != '\n' && (i + 1 >= s.size() || (s[i + 1] != ' ' && s[i + 1] != '\t'))) continue;
    if (count_tokens(s.substr(start, i + 1 - start)) < 8) continue;  // too short to stand alone
    emit(s.substr(start, i + 1 - start), max_tokens, out, depth);
    start = i + 1;
  }
  emit(s.substr(start), max_tokens, out, depth);
}

}  // namespace

std::vector<std::string_view> split_units(std::string_view passage, size_t max_tokens) {
  std::vector<std::string_view> out;
  for (const auto sentence : text::split_sentences(passage)) emit(sentence, max_tokens, out, 0);
  return out;
}

bool ends_with_cjk(std::string_view s) {
  if (s.empty()) return false;
  size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  size_t j = i;
  return text::is_cjk(text::next_codepoint(s, j));
}

void append_fragment(std::string& out, std::string_view fragment) {
  if (fragment.empty()) return;
  if (!out.empty() && !ends_with_cjk(out)) out += ' ';
  out += fragment;
}

}  // namespace lore::compress
