// The retrieval pipeline: a query against one knowledge base -> ranked
// passages, as named, timed stages (ARCHITECTURE.md, "The query pipeline"):
//
//   preprocess   normalise whitespace; an empty query is an error
//   bm25         TextIndex top-N (optionally RM3-expanded, title-boosted)
//   dense        DenseRetriever top-N, when one is given (provider vectors or
//                the built-in LSA model)
//   fusion       RRF or weighted-normalised (fusion.h); skipped without dense
//   fetch        the candidates' chunks from the store (a hit whose chunk is
//                gone was deleted after the index snapshot: dropped)
//   rerank       the provider Reranker when given (its score replaces the
//                fused one); else the built-in proximity boost when enabled
//   merge        adjacent chunks of one document joined, duplicates dropped
//   filter_top_k score threshold, top-k
//
// Each stage's wall time is reported in RetrieveResult::stages, in order.
// Thread-safety: a Retriever is used by one thread at a time.
#pragma once

#include <string>
#include <vector>

#include "index/text_index.h"
#include "models/reranker.h"
#include "retrieve/dense.h"
#include "retrieve/fusion.h"
#include "retrieve/merge.h"
#include "store/store.h"

namespace lore::retrieve {

struct RetrieveOptions {
  size_t candidates = 100;   // per retriever, before fusion and rerank (at least top_k)
  index::Feedback feedback;  // RM3; feedback.docs == 0 disables it
  double title_boost = 0;    // query-time title field weight; 0 disables it
  FusionOptions fusion;
  bool proximity = false;         // built-in rerank when no provider reranker
  double proximity_weight = 0.1;  // added to the BM25/fused score normalised to [0, 1]
  size_t proximity_window = 5;
  size_t rerank_candidates = 50;  // how many of the top candidates a provider reranks
  bool merge_neighbours = true;
  double min_score = 0;  // hits scoring below are dropped (0 keeps all)
};

struct RetrieveRequest {
  std::string query;
  size_t top_k = 10;
  std::vector<int64_t> document_ids = {};  // restrict to these documents when non-empty
};

struct StageTiming {
  std::string stage;
  double ms = 0;
};

struct RetrieveResult {
  std::vector<Hit> hits;  // best first, at most top_k
  std::vector<StageTiming> stages;
};

class Retriever {
 public:
  // `dense` and `reranker` may be null. All references must outlive the Retriever.
  Retriever(index::TextIndex& text, store::Store& store, RetrieveOptions options,
            DenseRetriever* dense = nullptr, models::Reranker* reranker = nullptr);

  // Throws Error{invalid_argument} for an empty query or top_k == 0.
  RetrieveResult retrieve(const RetrieveRequest& request);

 private:
  index::TextIndex& text_;
  store::Store& store_;
  RetrieveOptions options_;
  DenseRetriever* dense_;
  models::Reranker* reranker_;
};

}  // namespace lore::retrieve
