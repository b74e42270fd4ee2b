// EmbeddingModel: text -> dense vectors. Providers (ARCHITECTURE.md):
// openai/ (OpenAI-compatible POST /v1/embeddings: vLLM, TEI, Xinference,
// llama.cpp server, hosted APIs), ollama/ (POST /api/embed), builtin/ (a
// corpus-trained model that needs no server).
//
// Contract: embed() returns one vector per input text, in input order, each
// of dimensions() floats. Providers batch, retry with backoff and limit
// concurrency themselves; a provider that cannot deliver (timeout, HTTP
// error, wrong dimension, malformed JSON) throws lore::Error{model_error or
// timeout} whose message names the provider, the URL and the reason, never
// the API key.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace lore::models {

struct EmbeddingConfig {
  std::string provider;  // "openai" | "ollama" | "builtin"
  std::string base_url;  // e.g. http://127.0.0.1:8000/v1 (openai), http://127.0.0.1:11434 (ollama)
  std::string model;
  std::string api_key;  // never logged
  int dimensions = 0;   // 0: whatever the model returns (recorded at first use)
  size_t batch_size = 32;
  double timeout_seconds = 60;
  int max_retries = 3;
  int concurrency = 2;  // requests in flight
};

class EmbeddingModel {
 public:
  virtual ~EmbeddingModel() = default;
  virtual std::vector<std::vector<float>> embed(const std::vector<std::string>& texts) = 0;
  virtual int dimensions() const = 0;  // 0 until known
  // Stable identity recorded with the knowledge base ("openai:bge-m3", …):
  // vectors from different ids are never mixed in one index.
  virtual std::string id() const = 0;
};

}  // namespace lore::models
