#include "chunk/split.h"

#include <algorithm>

#include "core/text.h"
#include "core/tokens.h"

namespace lore::chunk::detail {

namespace {

// No run of letters, digits or symbols fits more than 6 code points in one
// token (core/tokens.h), so a prefix of a space-free word over budget*6 code
// points is over budget: it bounds the binary search below.
constexpr size_t kMaxCodepointsPerToken = 6;

// Word units: a maximal run of non-space, non-CJK code points, or one CJK code
// point, each followed by its whitespace. Units never share a letter/digit run,
// so the token count of a concatenation is the sum of the units' counts.
std::vector<std::string_view> word_units(std::string_view s) {
  std::vector<std::string_view> units;
  size_t start = 0;
  bool prev_space = false, prev_cjk = false;
  for (size_t i = 0; i < s.size();) {
    const size_t here = i;
    const char32_t cp = text::next_codepoint(s, i);
    const bool space = text::is_space(cp);
    const bool cjk = !space && text::is_cjk(cp);
    const bool boundary = here > 0 && !space && (prev_space || cjk || prev_cjk);
    if (boundary && here > start) {
      units.push_back(s.substr(start, here - start));
      start = here;
    }
    prev_space = space;
    prev_cjk = cjk;
  }
  if (start < s.size()) units.push_back(s.substr(start));
  return units;
}

// Length in bytes of the longest prefix of `word` (at least one code point)
// whose token count is <= budget. count_tokens is monotone in the prefix, so
// a binary search over code point boundaries finds it.
size_t fitting_prefix(std::string_view word, size_t budget) {
  std::vector<size_t> ends;  // byte offset after each code point
  const size_t limit = budget * kMaxCodepointsPerToken + 1;
  for (size_t i = 0; i < word.size() && ends.size() < limit;) {
    text::next_codepoint(word, i);
    ends.push_back(i);
  }
  size_t lo = 0, hi = ends.size() - 1;  // ends[lo] always fits: one code point is <= 1 token
  while (lo < hi) {
    const size_t mid = (lo + hi + 1) / 2;
    if (count_tokens(word.substr(0, ends[mid])) <= budget)
      lo = mid;
    else
      hi = mid - 1;
  }
  // Whitespace is free and a unit has none inside, so any that follows the cut
  // is the unit's trailing whitespace: keep it with this piece.
  size_t end = ends[lo];
  for (size_t i = end; i < word.size() && text::is_space(text::next_codepoint(word, i));) end = i;
  return end;
}

}  // namespace

std::vector<std::string_view> split_to_budget(std::string_view s, size_t first_budget, size_t budget) {
  std::vector<std::string_view> pieces;
  budget = std::max<size_t>(budget, 1);
  size_t limit = std::max<size_t>(first_budget, 1);
  size_t piece_start = 0, piece_end = 0, piece_tokens = 0;
  auto close_piece = [&] {
    pieces.push_back(s.substr(piece_start, piece_end - piece_start));
    piece_start = piece_end;
    piece_tokens = 0;
    limit = budget;
  };
  for (std::string_view unit : word_units(s)) {
    const size_t tokens = count_tokens(unit);
    if (piece_tokens + tokens <= limit) {
      piece_end += unit.size();
      piece_tokens += tokens;
      continue;
    }
    if (piece_end > piece_start) close_piece();
    // An over-long word: cut it between code points while the rest does not
    // fit. fitting_prefix looks at a bounded window only, so a megabyte-long
    // "word" (base64, a URL) costs linear time, not quadratic.
    for (size_t cut; (cut = fitting_prefix(unit, limit)) < unit.size();) {
      piece_end += cut;
      close_piece();
      unit.remove_prefix(cut);
    }
    piece_end += unit.size();
    piece_tokens = count_tokens(unit);
  }
  if (piece_end > piece_start) pieces.push_back(s.substr(piece_start, piece_end - piece_start));
  return pieces;
}

}  // namespace lore::chunk::detail
