// Search: a query against one knowledge base -> ranked chunks with their
// documents.
//
// Stages: BM25 top-N (text index) || vector top-N (knowledge bases with an
// embedding model) -> fusion (search.fusion: rrf | weighted) -> rerank (a
// configured [rerank] provider over the first rerank.top_n) -> top-k.
// N = max(top_k, search.candidates). Without an embedding model the result is
// plain BM25 (scores are BM25). Model-server failures are errors naming the
// server, never silently dropped.
#pragma once

#include <string>
#include <vector>

#include "pipeline/workspace.h"

namespace lore::pipeline {

struct SearchHit {
  store::ChunkRecord chunk;
  std::string document_name;
  double score = 0;     // BM25, fused or rerank score, by the last stage that ran
  int text_rank = 0;    // 1-based rank in the BM25 list, 0 when absent
  int vector_rank = 0;  // 1-based rank in the vector list, 0 when absent
};

struct SearchRequest {
  std::string query;
  size_t top_k = 10;
};

// Throws Error{invalid_argument} for an empty query.
std::vector<SearchHit> search(Workspace& workspace, const store::KnowledgeBase& kb,
                              const SearchRequest& request);

}  // namespace lore::pipeline
