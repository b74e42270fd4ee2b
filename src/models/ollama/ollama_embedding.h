// Ollama embeddings: POST {base}/api/embed {"model", "input": [...]}
//   -> {"embeddings": [[...], ...]} in input order.
#pragma once

#include "models/http_embedding.h"

namespace lore::models {

class OllamaEmbedding final : public HttpEmbeddingModel {
 public:
  explicit OllamaEmbedding(const EmbeddingConfig& config)
      : HttpEmbeddingModel("ollama", "/api/embed", config) {}

 protected:
  std::vector<std::vector<float>> embed_batch(const std::vector<std::string>& texts) override;
};

}  // namespace lore::models
