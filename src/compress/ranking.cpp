#include "compress/ranking.h"

#include <algorithm>

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
                   const RankWeights& weights) {
  Ranking r;
  {
    std::vector<std::string_view> views(passages.begin(), passages.end());
    const models::builtin::SentenceScorer scorer(question, views);
    r.passage_scores = normalised_scores(scorer, views.size());
  }
  for (size_t p = 0; p < passages.size(); ++p) {
    size_t ordinal = 0;
    for (const auto u : split_units(passages[p])) r.units.push_back({p, ordinal++, u, count_tokens(u), 0});
  }
  std::vector<std::string_view> texts;
  texts.reserve(r.units.size());
  for (const auto& u : r.units) texts.push_back(u.text);
  const models::builtin::SentenceScorer scorer(question, texts);
  const auto own = normalised_scores(scorer, texts.size());
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
