// OpenAI-compatible embeddings: POST {base}/embeddings
//   {"model", "input": [...], "dimensions"?} -> {"data": [{"index", "embedding"}]}
// Works with OpenAI, vLLM, TEI, Xinference, llama.cpp server. Vectors are
// placed by "index" (servers may answer out of order).
#pragma once

#include "models/http_embedding.h"

namespace lore::models {

class OpenAiEmbedding final : public HttpEmbeddingModel {
 public:
  explicit OpenAiEmbedding(const EmbeddingConfig& config)
      : HttpEmbeddingModel("openai", "/embeddings", config) {}

 protected:
  std::vector<std::vector<float>> embed_batch(const std::vector<std::string>& texts) override;
};

}  // namespace lore::models
