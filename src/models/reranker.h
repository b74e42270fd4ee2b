// Reranker: scores (query, passage) pairs. Providers: HTTP /rerank in the
// common Jina/Cohere/TEI shape, and builtin/ rerankers that need no model.
//
// Contract: score() returns one relevance score per passage, in input
// order; higher is more relevant. Scores are comparable within one call
// only. Errors as in embedding.h.
#pragma once

#include <string>
#include <vector>

namespace lore::models {

struct RerankConfig {
  std::string provider;  // "http" (Jina/Cohere/TEI /rerank) | "builtin" | "" (none)
  std::string base_url;
  std::string model;
  std::string api_key;  // never logged
  double timeout_seconds = 60;
  int max_retries = 3;
};

class Reranker {
 public:
  virtual ~Reranker() = default;
  virtual std::vector<double> score(const std::string& query, const std::vector<std::string>& passages) = 0;
  virtual std::string id() const = 0;
};

}  // namespace lore::models
