#include "compress/budget.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/tokens.h"

namespace lore::compress {

namespace {

// A unit smaller than this is not worth a pruning pass.
constexpr size_t kMinUnitTokens = 3;

}  // namespace

std::vector<Chosen> choose_units(const Ranking& ranking, size_t budget, Pruner& pruner,
                                 const BudgetOptions& options) {
  const auto& units = ranking.units;
  std::vector<size_t> order(units.size());
  std::iota(order.begin(), order.end(), 0);
  // Best first; ties (e.g. no overlap at all) by passage relevance, then
  // text order, so a question-free request keeps the start of the context.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (units[a].score != units[b].score) return units[a].score > units[b].score;
    return ranking.passage_scores[units[a].passage] > ranking.passage_scores[units[b].passage];
  });
  std::vector<Chosen> out;
  size_t used = 0;
  const size_t verbatim_budget =
      static_cast<size_t>(std::floor(options.verbatim_share * static_cast<double>(budget)));
  const size_t n = order.size();
  for (size_t k = 0; k < n && used + kMinUnitTokens <= budget; ++k) {
    const Unit& u = units[order[k]];
    if (u.tokens == 0) continue;
    const size_t left = budget - used;
    if (used + u.tokens <= verbatim_budget || (k == 0 && u.tokens <= left)) {
      out.push_back({order[k], std::string(u.text), u.tokens});
      used += u.tokens;
      pruner.note_output(u.text);
      continue;
    }
    // Dynamic ratio: falls linearly with rank over the remaining units.
    const double position = n > 1 ? static_cast<double>(k) / static_cast<double>(n - 1) : 0;
    const double ratio =
        options.keep_ratio_high - (options.keep_ratio_high - options.keep_ratio_low) * position;
    size_t target = static_cast<size_t>(std::floor(ratio * static_cast<double>(u.tokens)));
    target = std::min(std::max<size_t>(target, 1), left);
    std::string pruned = pruner.prune(u.text, target);
    size_t tokens = count_tokens(pruned);
    if (tokens > left) continue;  // its protected pieces alone do not fit
    if (tokens == 0) continue;
    out.push_back({order[k], std::move(pruned), tokens});
    used += tokens;
    pruner.note_output(out.back().text);
  }
  return out;
}

}  // namespace lore::compress
