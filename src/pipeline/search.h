// Search: a query against one knowledge base -> ranked chunks with their
// documents. The stages live in src/retrieve (retrieve.h); this file wires
// them to a workspace and the search.* configuration:
//
//   bm25 (text index)
//   -> vector: the knowledge base's embedding model over its vector index
//      (when it has one and vectors exist), fused per search.fusion
//      (rrf | weighted with search.vector_weight, rrf_k)
//   -> lsa: the built-in LSA model (search.lsa), fused weighted with
//      search.lsa_weight
//   -> rerank: a configured [rerank] provider over the first rerank.top_n;
//      else the built-in proximity boost (search.proximity)
//   -> merge neighbours -> min_score, top-k
//
// N = max(top_k, search.candidates) per retriever. Model-server failures are
// errors naming the server, never silently dropped. `lore search`, the HTTP
// API, `lore ask` and `lore eval` all run this one path.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pipeline/filters.h"
#include "pipeline/workspace.h"
#include "retrieve/retrieve.h"

namespace lore::models {
class EmbeddingModel;
}

namespace lore::pipeline {

struct SearchHit {
  store::ChunkRecord chunk;  // for a merged hit: the best chunk, with the merged text
  std::string document_name;
  double score = 0;                // the last scoring stage's: BM25, fused, or rerank score
  std::vector<int64_t> chunk_ids;  // the chunks merged into this hit, in document order
  int text_rank = 0;               // 1-based rank of the best chunk in the BM25 list, 0 when absent
  int vector_rank = 0;             // ... in the first dense list (provider vectors, else LSA)
};

struct SearchRequest {
  std::string query;
  size_t top_k = 10;
  std::vector<int64_t> document_ids = {};  // restrict to these documents when non-empty
  // Documents, tags, metadata (filters.h), resolved by search(); a filter that
  // matches no document gives no hits. ANDed with document_ids when both given.
  SearchFilter filter = {};
};

// The retrieval options the configuration's search.* and rerank.top_n keys describe.
retrieve::RetrieveOptions retrieve_options(const Config& config);

// The retrieval pipeline of one knowledge base, built once and reused for
// many queries (eval). Opening it may (re)build the LSA model when
// search.lsa is on and the model is missing or stale, and the vector index
// when it is missing or stale. Error{invalid_argument} when the configured
// embedding model differs from the knowledge base's.
class KbSearcher {
 public:
  KbSearcher(Workspace& workspace, const store::KnowledgeBase& kb);
  ~KbSearcher();
  retrieve::RetrieveResult retrieve(const retrieve::RetrieveRequest& request);

 private:
  std::unique_ptr<models::EmbeddingModel> embedding_;
  std::unique_ptr<retrieve::DenseRetriever> vectors_;
  std::unique_ptr<retrieve::DenseRetriever> lsa_;
  std::unique_ptr<models::Reranker> reranker_;
  std::unique_ptr<retrieve::Retriever> retriever_;
};

// Throws Error{invalid_argument} for an empty query, top_k == 0, or a filter
// naming an unknown document.
// `searcher`: the knowledge base's pipeline already open in `workspace`
// (the server keeps them); nullptr opens one for this search.
std::vector<SearchHit> search(Workspace& workspace, const store::KnowledgeBase& kb,
                              const SearchRequest& request, KbSearcher* searcher = nullptr);

}  // namespace lore::pipeline
