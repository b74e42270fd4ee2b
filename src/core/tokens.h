// The project's token counter, used everywhere a size is measured in tokens
// (chunk sizes, prompt budgets, compression rates).
//
// It approximates OpenAI's cl100k_base without its 100k-entry vocabulary:
//   - a run of letters is one token per started 6 characters
//     ("the" = 1, "retrieval" = 2, "internationalization" = 4);
//   - a run of digits is one token per started 3 digits (cl100k splits numbers
//     into groups of three);
//   - each punctuation or symbol character is one token;
//   - each CJK character (Han, kana, hangul, CJK punctuation) is one token;
//   - whitespace is free (cl100k merges a leading space into the next word).
// On English prose it lands within about 10% of cl100k; on Chinese it slightly
// over-counts, which is the safe direction for budgets. Deterministic and
// allocation-free.
#pragma once

#include <cstddef>
#include <string_view>

namespace lore {

size_t count_tokens(std::string_view text);

}  // namespace lore
