// Proximity: the built-in, model-free rerank signal. Query terms that occur
// close together in a passage suggest the passage is about their combination
// rather than mentioning each in passing (BM25 scores every term on its own).
//
// For every pair of distinct query terms, occurrences at distance d ≤ window
// (in content terms, stop words skipped) add 1/d² (BM25TP, Rasolofo & Savoy
// 2003); each pair's sum is saturated as acc/(1 + acc), and the score is the
// mean over pairs, in [0, 1]. Fewer than two distinct query terms: 0.
#pragma once

#include <string>
#include <vector>

namespace lore::retrieve {

double proximity_score(const std::vector<std::string>& query_terms,
                       const std::vector<std::string>& passage_terms, size_t window = 5);

}  // namespace lore::retrieve
