// The retrieval pipeline: a query against one knowledge base -> ranked
// passages, as named, timed stages (ARCHITECTURE.md, "The query pipeline"):
//
//   preprocess   normalise whitespace; an empty query is an error
//   bm25         TextIndex top-N (optionally RM3-expanded, title-boosted)
//   <dense>      each DenseStage in order (e.g. "vector": the provider
//                embedding model; "lsa": the built-in LSA model): its top-N,
//   <dense>_fusion  fused with the list so far by the stage's FusionOptions
//                (fusion.h) and cut to N
//   fetch        the candidates' chunks from the store (a hit whose chunk is
//                gone was deleted after the index snapshot: dropped)
//   rerank       the provider Reranker when given (its score replaces the
//                fused one for the top rerank_candidates, the rest are
//                dropped); else the built-in proximity boost when enabled
//   merge        adjacent chunks of one document joined, duplicates dropped
//   filter_top_k score threshold, top-k
//
// N = max(top_k, candidates). Ranks reported per hit: text_rank in the BM25
// list; vector_rank in the first dense stage's list (later stages re-rank but
// do not replace it). Each stage's wall time is reported in
// RetrieveResult::stages, in order.
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
  bool proximity = false;         // built-in rerank when no provider reranker
  double proximity_weight = 0.1;  // added to the BM25/fused score normalised to [0, 1]
  size_t proximity_window = 5;
  size_t rerank_candidates = 50;  // how many of the top candidates a provider reranks
  bool merge_neighbours = true;
  double min_score = 0;  // hits scoring below are dropped (0 keeps all)
};

// One dense retriever and how its list fuses with the list before it.
struct DenseStage {
  std::string name;  // stage name in timings: "vector", "lsa"
  DenseRetriever* retriever = nullptr;
  FusionOptions fusion;
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

// Error{invalid_argument} for an empty (or all-space) query or top_k == 0.
void check_request(const RetrieveRequest& request);

class Retriever {
 public:
  // `reranker` may be null; `dense` may be empty. Everything referenced must
  // outlive the Retriever.
  Retriever(index::TextIndex& text, store::Store& store, RetrieveOptions options,
            std::vector<DenseStage> dense = {}, models::Reranker* reranker = nullptr);

  // Throws as check_request() does for a bad request.
  RetrieveResult retrieve(const RetrieveRequest& request);

 private:
  index::TextIndex& text_;
  store::Store& store_;
  RetrieveOptions options_;
  std::vector<DenseStage> dense_;
  models::Reranker* reranker_;
};

}  // namespace lore::retrieve
