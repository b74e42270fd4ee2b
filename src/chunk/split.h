// Internal to src/chunk: cutting one over-long sentence into budget-sized pieces.
#pragma once

#include <string_view>
#include <vector>

namespace lore::chunk::detail {

// Splits text into consecutive pieces whose concatenation is exactly `text`:
// the first piece has count_tokens <= first_budget, every later one <= budget.
// Cuts fall at word boundaries (whitespace stays with the word before it) and
// between CJK characters, which are written without spaces; a single word
// longer than the budget is cut between code points. A budget of 0 is treated
// as 1, which a single code point always fits, so the result is never empty
// for non-empty text and every piece is non-empty.
std::vector<std::string_view> split_to_budget(std::string_view text, size_t first_budget, size_t budget);

}  // namespace lore::chunk::detail
