#include "retrieve/fusion.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "core/error.h"

namespace lore::retrieve {

FusionMethod fusion_method_from_name(const std::string& name) {
  if (name == "rrf") return FusionMethod::rrf;
  if (name == "weighted") return FusionMethod::weighted;
  throw Error(ErrorCode::invalid_argument, "unknown fusion method \"" + name + "\" (known: rrf, weighted)");
}

namespace {

struct Fused {
  Candidate c;
  size_t order = 0;  // first appearance: sparse ranks first, then dense
};

std::vector<double> min_max(const Ranking& list) {
  std::vector<double> out(list.size(), 0);
  if (list.empty()) return out;
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
  std::unordered_map<int64_t, Fused> by_chunk;
  size_t order = 0;
  auto add = [&](const Ranking& list, const std::vector<double>& contribution) {
    for (size_t i = 0; i < list.size(); ++i) {
      auto [it, inserted] = by_chunk.try_emplace(list[i].chunk_id);
      if (inserted) it->second = {{list[i].chunk_id, list[i].document_id, 0}, order++};
      it->second.c.score += contribution[i];
    }
  };
  auto contributions = [&](const Ranking& list, double weight) {
    std::vector<double> out(list.size());
    if (options.method == FusionMethod::rrf) {
      for (size_t i = 0; i < list.size(); ++i) out[i] = 1.0 / (options.rrf_k + static_cast<double>(i + 1));
    } else {
      out = min_max(list);
      for (auto& v : out) v *= weight;
    }
    return out;
  };
  const double w = std::clamp(options.dense_weight, 0.0, 1.0);
  add(sparse, contributions(sparse, 1 - w));
  add(dense, contributions(dense, w));
  std::vector<Fused> all;
  all.reserve(by_chunk.size());
  for (auto& [id, f] : by_chunk) all.push_back(f);
  std::sort(all.begin(), all.end(), [](const Fused& a, const Fused& b) {
    return a.c.score != b.c.score ? a.c.score > b.c.score : a.order < b.order;
  });
  Ranking out;
  out.reserve(all.size());
  for (const auto& f : all) out.push_back(f.c);
  return out;
}

}  // namespace lore::retrieve
