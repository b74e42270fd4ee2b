#include "compress/ranking.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "compress/units.h"
#include "core/tokens.h"
#include "models/builtin/lexical.h"

namespace lore::compress {

namespace {

std::vector<double> normalised_scores(const models::builtin::SentenceScorer& scorer, size_t n) {
  std::vector<double> out(n);
  double best = 0;
  for (size_t i = 0; i < n; ++i) best = std::max(best, out[i] = scorer.score(i));
  if (best > 0)
    for (auto& s : out) s /= best;
  return out;
}

}  // namespace

Ranking rank_units(std::string_view question, const std::vector<std::string>& passages,
                   const std::vector<double>& priors, const RankWeights& weights) {
  Ranking r;
  // One term analysis per sentence; a passage's counts are its sentences' sum.
  std::vector<std::map<std::string, int>> unit_counts;
  std::vector<std::map<std::string, int>> passage_counts(passages.size());
  for (size_t p = 0; p < passages.size(); ++p) {
    size_t ordinal = 0;
    for (const auto u : split_units(passages[p])) {
      r.units.push_back({p, ordinal++, u, count_tokens(u), 0});
      unit_counts.push_back(models::builtin::term_counts(u));
      for (const auto& [term, n] : unit_counts.back()) passage_counts[p][term] += n;
    }
  }
  r.passage_scores = normalised_scores(models::builtin::SentenceScorer(question, std::move(passage_counts)),
                                       passages.size());
  if (priors.size() == passages.size() && !priors.empty()) {
    // Min-max over the finite priors; a passage without one (a reranker's
    // -infinity for a passage it left out) counts as the least relevant.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const double p : priors)
      if (std::isfinite(p)) lo = std::min(lo, p), hi = std::max(hi, p);
    if (hi > lo)
      for (size_t p = 0; p < passages.size(); ++p) {
        const double prior = std::isfinite(priors[p]) ? (priors[p] - lo) / (hi - lo) : 0;
        r.passage_scores[p] = 0.5 * r.passage_scores[p] + 0.5 * prior;
      }
  }
  const auto own =
      normalised_scores(models::builtin::SentenceScorer(question, std::move(unit_counts)), r.units.size());
  for (size_t i = 0; i < r.units.size(); ++i) {
    double neighbour = 0;
    if (i > 0 && r.units[i - 1].passage == r.units[i].passage) neighbour = own[i - 1];
    if (i + 1 < r.units.size() && r.units[i + 1].passage == r.units[i].passage)
      neighbour = std::max(neighbour, own[i + 1]);
    r.units[i].score =
        own[i] + weights.passage * r.passage_scores[r.units[i].passage] + weights.neighbour * neighbour;
  }
  return r;
}

}  // namespace lore::compress
