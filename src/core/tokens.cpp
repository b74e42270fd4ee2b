#include "core/tokens.h"

#include "core/text.h"

namespace lore {

namespace {

constexpr size_t kLettersPerToken = 6;
constexpr size_t kDigitsPerToken = 3;

enum class Run { none, letters, digits };

size_t run_tokens(Run run, size_t length) {
  if (run == Run::letters) return (length + kLettersPerToken - 1) / kLettersPerToken;
  if (run == Run::digits) return (length + kDigitsPerToken - 1) / kDigitsPerToken;
  return 0;
}

bool is_letter(char32_t cp) {
  // ASCII letters plus non-CJK alphabetic scripts (Latin-1, Greek, Cyrillic, ...):
  // good enough for counting, no ICU needed.
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0x24F) ||
         (cp >= 0x370 && cp <= 0x52F) || cp == '_';
}

}  // namespace

size_t count_tokens(std::string_view s) {
  size_t tokens = 0;
  Run run = Run::none;
  size_t run_length = 0;
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = text::next_codepoint(s, i);
    Run kind = Run::none;
    if (is_letter(cp)) kind = Run::letters;
    else if (cp >= '0' && cp <= '9') kind = Run::digits;
    if (kind != run) {
      tokens += run_tokens(run, run_length);
      run = kind;
      run_length = 0;
    }
    if (kind != Run::none) { ++run_length; continue; }
    if (text::is_space(cp)) continue;
    ++tokens;  // punctuation, symbol, CJK character, anything else
  }
  return tokens + run_tokens(run, run_length);
}

}  // namespace lore
