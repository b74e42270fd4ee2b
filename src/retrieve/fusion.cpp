#include "retrieve/fusion.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_map>

#include "core/error.h"

namespace lore::retrieve {

namespace {

// Min-max normalised scores of one list, in list order.
std::vector<double> min_max(const Ranking& list) {
  std::vector<double> out(list.size(), 0);
  double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
  for (const auto& c : list)
    if (std::isfinite(c.score)) lo = std::min(lo, c.score), hi = std::max(hi, c.score);
  for (size_t i = 0; i < list.size(); ++i) {
    if (!std::isfinite(list[i].score)) continue;  // a broken score counts as the worst
    out[i] = hi > lo ? (list[i].score - lo) / (hi - lo) : 1.0;
  }
  return out;
}

}  // namespace

Ranking fuse(const Ranking& sparse, const Ranking& dense, const FusionOptions& options) {
  if (!(options.dense_weight >= 0 && options.dense_weight <= 1))
    throw Error(ErrorCode::invalid_argument,
                "fusion weight must be in [0, 1], got " + std::to_string(options.dense_weight));
  if (!(options.rrf_k >= 0))
    throw Error(ErrorCode::invalid_argument, "search.rrf_k must not be negative");
  const bool rrf = options.method == FusionMethod::rrf;
  const double w = options.dense_weight;

  Ranking out;  // in order of first appearance
  out.reserve(sparse.size() + dense.size());
  std::unordered_map<int64_t, size_t> slot;
  auto entry = [&](const Candidate& c) -> Candidate& {
    auto [it, fresh] = slot.try_emplace(c.chunk_id, out.size());
    if (fresh) out.push_back({c.chunk_id, c.document_id, 0, 0, 0});
    return out[it->second];
  };
  auto add = [&](const Ranking& list, double weight, int Candidate::*rank) {
    const std::vector<double> norm = rrf ? std::vector<double>() : min_max(list);
    for (size_t i = 0; i < list.size(); ++i) {
      Candidate& c = entry(list[i]);
      if (c.*rank) continue;  // repeated id in one list: the first (best) rank counts
      c.*rank = static_cast<int>(i + 1);
      c.score += rrf ? 1.0 / (options.rrf_k + static_cast<double>(i + 1)) : weight * norm[i];
    }
  };
  add(sparse, 1 - w, &Candidate::text_rank);
  add(dense, w, &Candidate::vector_rank);
  std::stable_sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  return out;
}

FusionMethod parse_fusion_method(std::string_view name) {
  if (name == "rrf") return FusionMethod::rrf;
  if (name == "weighted") return FusionMethod::weighted;
  throw Error(ErrorCode::invalid_argument,
              "search.fusion: unknown method \"" + std::string(name) + "\" (known: rrf, weighted)");
}

}  // namespace lore::retrieve
