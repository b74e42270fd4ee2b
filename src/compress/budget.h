// The budget controller: which units go into the context, and how much of
// each (LongLLMLingua's dynamic ratio, on sentences).
//
// Units are taken in ranking order. While the verbatim share of the budget
// lasts, a unit goes in whole; after it, units only go in pruned to a keep
// ratio that falls with their rank (so the most relevant text is intact and
// the long tail contributes its numbers, names and question words). A unit
// that does not fit is skipped and the next one tried; whatever is left
// when the budget is spent — the least relevant units — is dropped.
// The sum of the chosen units' tokens never exceeds the budget.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "compress/prune.h"
#include "compress/ranking.h"

namespace lore::compress {

struct BudgetOptions {
  double verbatim_share = 0.6;   // of the context budget, for whole sentences
  double keep_ratio_high = 0.6;  // keep ratio of the first pruned unit
  double keep_ratio_low = 0.3;   // ... falling linearly to this one for the last
};

struct Chosen {
  size_t unit = 0;   // index into Ranking.units
  std::string text;  // verbatim or pruned
  size_t tokens = 0;
};

// Chosen units, in ranking order; their tokens sum to <= budget.
std::vector<Chosen> choose_units(const Ranking& ranking, size_t budget, Pruner& pruner,
                                 const BudgetOptions& options = {});

}  // namespace lore::compress
