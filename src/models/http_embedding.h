// HttpEmbeddingModel: what the HTTP embedding providers (openai/, ollama/)
// share — batching, bounded concurrency, dimension checks. A provider only
// turns one batch into one request and its reply into vectors.
//
// Invariants: embed() returns exactly one vector per input, in input order;
// every vector has the same length, equal to config.dimensions when that is
// set and to the first dimension seen otherwise; any violation throws
// Error{model_error} naming the provider, URL, model and the sizes involved.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "models/embedding.h"
#include "models/http_client.h"

namespace lore::models {

class HttpEmbeddingModel : public EmbeddingModel {
 public:
  std::vector<std::vector<float>> embed(const std::vector<std::string>& texts) override;
  int dimensions() const override { return dimensions_.load(); }
  std::string id() const override { return provider_ + ":" + config_.model; }

 protected:
  HttpEmbeddingModel(std::string provider, std::string path, const EmbeddingConfig& config);
  // One request for `texts` (at most batch_size); returns the reply's vectors.
  virtual std::vector<std::vector<float>> embed_batch(const std::vector<std::string>& texts) = 0;
  // Error{model_error} "<provider> embeddings: POST <url> (model m): <reason>".
  [[noreturn]] void fail(const std::string& reason) const;

  std::string provider_;
  std::string path_;
  EmbeddingConfig config_;
  HttpClient client_;

 private:
  void check(const std::vector<std::vector<float>>& vectors, size_t expected);
  std::atomic<int> dimensions_{0};
};

// The provider named by config.provider ("openai" | "ollama"); throws
// Error{invalid_argument} for an unknown provider or a missing model / URL.
std::unique_ptr<EmbeddingModel> make_embedding_model(const EmbeddingConfig& config);

}  // namespace lore::models
