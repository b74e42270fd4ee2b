// Search: a query against one knowledge base -> ranked chunks with their
// documents. BM25 over the text index today; the hybrid/vector/rerank stages
// of ARCHITECTURE.md plug in here.
#pragma once

#include <string>
#include <vector>

#include "pipeline/workspace.h"

namespace lore::pipeline {

struct SearchHit {
  store::ChunkRecord chunk;
  std::string document_name;
  double score = 0;
};

struct SearchRequest {
  std::string query;
  size_t top_k = 10;
};

// Throws Error{invalid_argument} for an empty query.
std::vector<SearchHit> search(Workspace& workspace, const store::KnowledgeBase& kb, const SearchRequest& request);

}  // namespace lore::pipeline
