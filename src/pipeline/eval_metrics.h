// Retrieval metrics with trec_eval's definitions (as pytrec_eval computes
// them for BEIR), over one query's ranked document ids and its judgements:
//   nDCG@k   Σ_{i≤k} rel_i / log2(i+1), divided by the same sum over the
//            judgements sorted by relevance (linear gain, graded).
//   Recall@k relevant documents (rel > 0) in the top k / all relevant ones.
//   MRR@k    1 / rank of the first relevant document within the top k, else 0.
// A ranking must not repeat a document (callers keep each document's best
// rank). A query with no relevant judgement scores 0 everywhere; BEIR never
// asks for one.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace lore::pipeline {

using Judgements = std::map<std::string, int>;  // document id -> relevance

double ndcg_at(const std::vector<std::string>& ranking, const Judgements& judged, size_t k);
double recall_at(const std::vector<std::string>& ranking, const Judgements& judged, size_t k);
double mrr_at(const std::vector<std::string>& ranking, const Judgements& judged, size_t k);

// Percentile by the nearest-rank method (p in [0, 100]); 0 for no samples.
double percentile(std::vector<double> samples, double p);

}  // namespace lore::pipeline
