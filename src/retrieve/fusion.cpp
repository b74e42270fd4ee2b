#include "retrieve/fusion.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "core/error.h"

namespace lore::retrieve {
namespace {

// Min-max normalised scores of one list, in list order.
std::vector<double> normalise(const std::vector<RankedCandidate>& list) {
  std::vector<double> out(list.size(), 1.0);
  if (list.empty()) return out;
  auto [lo, hi] = std::minmax_element(list.begin(), list.end(),
                                      [](const auto& a, const auto& b) { return a.score < b.score; });
  double range = hi->score - lo->score;
  if (range <= 0) return out;
  for (size_t i = 0; i < list.size(); ++i) out[i] = (list[i].score - lo->score) / range;
  return out;
}

}  // namespace

std::vector<FusedHit> fuse(const std::vector<RankedCandidate>& text,
                           const std::vector<RankedCandidate>& vector, const FusionOptions& options) {
  if (options.method == FusionMethod::weighted && (options.vector_weight < 0 || options.vector_weight > 1))
    throw Error(ErrorCode::invalid_argument,
                "search.vector_weight must be in [0, 1], got " + std::to_string(options.vector_weight));
  if (options.rrf_k < 0) throw Error(ErrorCode::invalid_argument, "search.rrf_k must not be negative");
  std::vector<FusedHit> out;
  std::unordered_map<int64_t, size_t> slot;
  auto entry = [&](const RankedCandidate& c) -> FusedHit& {
    auto [it, fresh] = slot.try_emplace(c.chunk_id, out.size());
    if (fresh) out.push_back({c.chunk_id, c.document_id, 0, 0, 0});
    return out[it->second];
  };
  const bool rrf = options.method == FusionMethod::rrf;
  const std::vector<double> tn = rrf ? std::vector<double>() : normalise(text);
  const std::vector<double> vn = rrf ? std::vector<double>() : normalise(vector);
  for (size_t i = 0; i < text.size(); ++i) {
    FusedHit& h = entry(text[i]);
    if (h.text_rank) continue;  // duplicate id in one list: first (best) wins
    h.text_rank = static_cast<int>(i + 1);
    h.score += rrf ? 1.0 / (options.rrf_k + double(i + 1)) : (1 - options.vector_weight) * tn[i];
  }
  for (size_t i = 0; i < vector.size(); ++i) {
    FusedHit& h = entry(vector[i]);
    if (h.vector_rank) continue;
    h.vector_rank = static_cast<int>(i + 1);
    h.score += rrf ? 1.0 / (options.rrf_k + double(i + 1)) : options.vector_weight * vn[i];
  }
  std::sort(out.begin(), out.end(), [](const FusedHit& a, const FusedHit& b) {
    return a.score != b.score ? a.score > b.score : a.chunk_id < b.chunk_id;
  });
  return out;
}

FusionMethod parse_fusion_method(std::string_view name) {
  if (name == "rrf") return FusionMethod::rrf;
  if (name == "weighted") return FusionMethod::weighted;
  throw Error(ErrorCode::invalid_argument,
              "search.fusion: unknown method '" + std::string(name) + "' (expected rrf or weighted)");
}

}  // namespace lore::retrieve
