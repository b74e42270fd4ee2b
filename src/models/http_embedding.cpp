#include "models/http_embedding.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

#include "core/error.h"
#include "models/ollama/ollama_embedding.h"
#include "models/openai/openai_embedding.h"

namespace lore::models {
namespace {

HttpOptions http_options(const EmbeddingConfig& c) {
  HttpOptions o;
  o.timeout_seconds = c.timeout_seconds;
  o.max_retries = c.max_retries;
  o.api_key = c.api_key;
  return o;
}

}  // namespace

HttpEmbeddingModel::HttpEmbeddingModel(std::string provider, std::string path, const EmbeddingConfig& config)
    : provider_(std::move(provider)),
      path_(std::move(path)),
      config_(config),
      client_(provider_ + " embeddings", config.base_url, http_options(config)) {
  if (config_.model.empty())
    throw Error(ErrorCode::invalid_argument,
                provider_ + " embeddings: no model configured (embedding.model)");
  if (config_.batch_size == 0) config_.batch_size = 32;
  config_.concurrency = std::max(1, config_.concurrency);
  if (config_.dimensions < 0)
    throw Error(ErrorCode::invalid_argument, "embedding.dimensions must not be negative");
  dimensions_ = config_.dimensions;
}

void HttpEmbeddingModel::fail(const std::string& reason) const {
  throw Error(ErrorCode::model_error, provider_ + " embeddings: POST " + client_.url(path_) + " (model " +
                                          config_.model + "): " + reason);
}

void HttpEmbeddingModel::check(const std::vector<std::vector<float>>& vectors, size_t expected) {
  if (vectors.size() != expected)
    fail("expected " + std::to_string(expected) + " vectors, the reply has " +
         std::to_string(vectors.size()));
  for (const auto& v : vectors) {
    if (v.empty()) fail("the reply has an empty vector");
    int want = dimensions_.load();
    if (want == 0 && dimensions_.compare_exchange_strong(want, static_cast<int>(v.size()))) continue;
    if (static_cast<int>(v.size()) != want)
      fail("wrong dimension: got a vector of " + std::to_string(v.size()) + " floats, expected " +
           std::to_string(want) + (config_.dimensions ? " (embedding.dimensions)" : " (as earlier replies)"));
  }
}

std::vector<std::vector<float>> HttpEmbeddingModel::embed(const std::vector<std::string>& texts) {
  std::vector<std::vector<float>> out(texts.size());
  const size_t batch = config_.batch_size;
  const size_t batches = (texts.size() + batch - 1) / batch;
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mu;
  auto worker = [&] {
    for (size_t b; !failed && (b = next++) < batches;) {
      try {
        const size_t begin = b * batch, end = std::min(texts.size(), begin + batch);
        std::vector<std::string> part(texts.begin() + begin, texts.begin() + end);
        auto vectors = embed_batch(part);
        check(vectors, part.size());
        std::move(vectors.begin(), vectors.end(), out.begin() + begin);
      } catch (...) {
        std::lock_guard lock(error_mu);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  const size_t threads = std::min<size_t>(config_.concurrency, batches);
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (size_t i = 0; i < threads; ++i) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (error) std::rethrow_exception(error);
  return out;
}

std::unique_ptr<EmbeddingModel> make_embedding_model(const EmbeddingConfig& config) {
  if (config.base_url.empty())
    throw Error(
        ErrorCode::invalid_argument,
        config.provider + " embeddings: no server URL configured (embedding.base_url / --embedding-url)");
  if (config.provider == "openai") return std::make_unique<OpenAiEmbedding>(config);
  if (config.provider == "ollama") return std::make_unique<OllamaEmbedding>(config);
  throw Error(ErrorCode::invalid_argument,
              "unknown embedding provider \"" + config.provider + "\" (expected openai or ollama)");
}

}  // namespace lore::models
