// HttpReranker: rerank over HTTP, POST {base}/rerank, in the two common shapes:
//   Jina / Cohere / vLLM (provider "http", "jina", "cohere"):
//     {"model", "query", "documents": [...], "top_n"} -> {"results": [{"index", "relevance_score"}]}
//   Hugging Face TEI (provider "tei"):
//     {"query", "texts": [...]} -> [{"index", "score"}]
// Either reply shape is accepted from either request shape. Passages the
// server leaves out of its results score -infinity (ranked last).
#pragma once

#include <memory>

#include "models/http_client.h"
#include "models/reranker.h"

namespace lore::models {

class HttpReranker final : public Reranker {
 public:
  explicit HttpReranker(const RerankConfig& config);
  std::vector<double> score(const std::string& query, const std::vector<std::string>& passages) override;
  std::string id() const override { return config_.provider + ":" + config_.model; }

 private:
  [[noreturn]] void fail(const std::string& reason) const;
  RerankConfig config_;
  HttpClient client_;
};

// An HttpReranker for providers "http" | "jina" | "cohere" | "tei"; nullptr
// for "" (none). Error{invalid_argument} for anything else or a missing URL.
std::unique_ptr<Reranker> make_reranker(const RerankConfig& config);

}  // namespace lore::models
