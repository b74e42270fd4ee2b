// Coarse ranking: every unit (sentence) of every passage scored against the
// question. BM25 is computed twice over the request's own text — passages
// as documents, and sentences as documents — because a passage about the
// question's topic makes its sentences likelier answers even when they do
// not repeat the question's words (pronouns, paraphrase).
//
//   unit score = bm25(sentence) + kPassageWeight * bm25(passage)
//                + kNeighbourWeight * max(bm25(previous), bm25(next))
// with each BM25 normalised by its maximum over the request (so weights are
// comparable across questions and languages). When the caller has its own
// passage relevance (`priors`: retrieval, embedding or reranker scores, any
// scale), min-max normalised, it is averaged with the passage BM25.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lore::compress {

struct RankWeights {
  double passage = 0.5;
  double neighbour = 0.3;
};

struct Unit {
  size_t passage = 0;     // index of its passage
  size_t ordinal = 0;     // position within its passage
  std::string_view text;  // trimmed sentence (views into the request's passages)
  size_t tokens = 0;      // count_tokens(text)
  double score = 0;
};

struct Ranking {
  std::vector<Unit> units;             // passage order, then sentence order
  std::vector<double> passage_scores;  // normalised BM25 of each passage, in [0, 1]
};

Ranking rank_units(std::string_view question, const std::vector<std::string>& passages,
                   const std::vector<double>& priors = {}, const RankWeights& weights = {});

}  // namespace lore::compress
