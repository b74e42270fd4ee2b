// Search: a query against one knowledge base -> ranked chunks with their
// documents. The stages live in src/retrieve (retrieve.h); this file wires
// them to a workspace: its text index, its store, the built-in dense
// retriever when search.lsa is on, and the search.* configuration.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pipeline/workspace.h"
#include "retrieve/retrieve.h"

namespace lore::pipeline {

struct SearchHit {
  store::ChunkRecord chunk;  // for a merged hit: the best chunk, with the merged text
  std::string document_name;
  double score = 0;
  std::vector<int64_t> chunk_ids;  // the chunks merged into this hit, in document order
};

struct SearchRequest {
  std::string query;
  size_t top_k = 10;
  std::vector<int64_t> document_ids = {};  // restrict to these documents when non-empty
};

// The retrieval options the configuration's search.* keys describe.
retrieve::RetrieveOptions retrieve_options(const Config& config);

// The retrieval pipeline of one knowledge base, built once and reused for
// many queries (eval). Opening it may (re)build the LSA model when
// search.lsa is on and the model is missing or stale.
class KbSearcher {
 public:
  KbSearcher(Workspace& workspace, const store::KnowledgeBase& kb);
  ~KbSearcher();
  retrieve::RetrieveResult retrieve(const retrieve::RetrieveRequest& request);

 private:
  std::unique_ptr<retrieve::DenseRetriever> dense_;
  std::unique_ptr<retrieve::Retriever> retriever_;
};

// Throws Error{invalid_argument} for an empty query or top_k == 0.
std::vector<SearchHit> search(Workspace& workspace, const store::KnowledgeBase& kb,
                              const SearchRequest& request);

}  // namespace lore::pipeline
