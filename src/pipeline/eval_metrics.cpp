#include "pipeline/eval_metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace lore::pipeline {

namespace {

int relevance(const Judgements& judged, const std::string& id) {
  auto it = judged.find(id);
  return it == judged.end() ? 0 : it->second;
}

}  // namespace

double ndcg_at(const std::vector<std::string>& ranking, const Judgements& judged, size_t k) {
  double dcg = 0;
  for (size_t i = 0; i < ranking.size() && i < k; ++i) {
    const int rel = relevance(judged, ranking[i]);
    if (rel > 0) dcg += rel / std::log2(static_cast<double>(i) + 2);
  }
  std::vector<int> ideal;
  for (const auto& [id, rel] : judged)
    if (rel > 0) ideal.push_back(rel);
  std::sort(ideal.begin(), ideal.end(), std::greater<>());
  double idcg = 0;
  for (size_t i = 0; i < ideal.size() && i < k; ++i) idcg += ideal[i] / std::log2(static_cast<double>(i) + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

double recall_at(const std::vector<std::string>& ranking, const Judgements& judged, size_t k) {
  size_t relevant = 0, found = 0;
  for (const auto& [id, rel] : judged) relevant += rel > 0;
  for (size_t i = 0; i < ranking.size() && i < k; ++i) found += relevance(judged, ranking[i]) > 0;
  return relevant > 0 ? static_cast<double>(found) / static_cast<double>(relevant) : 0;
}

double mrr_at(const std::vector<std::string>& ranking, const Judgements& judged, size_t k) {
  for (size_t i = 0; i < ranking.size() && i < k; ++i)
    if (relevance(judged, ranking[i]) > 0) return 1.0 / static_cast<double>(i + 1);
  return 0;
}

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(samples.size()));
  const size_t idx = rank < 1 ? 0 : std::min(samples.size() - 1, static_cast<size_t>(rank) - 1);
  return samples[idx];
}

}  // namespace lore::pipeline
