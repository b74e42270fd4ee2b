// The embedding model of a knowledge base, and embedding with the cache.
//
// A knowledge base records its model in settings["embedding"]:
//   {"provider", "base_url", "model", "dimensions" (requested, 0 = model's own),
//    "vector_dimension" (what the model returned at first use)}
// The model id "<provider>:<model>" tags every stored vector. At use:
//  - the api key, limits and (when set) base_url come from the configuration
//    ([embedding], LORE_EMBEDDING_*): the server may move, secrets never
//    enter lore.db;
//  - a configured [embedding] provider/model different from the recorded one
//    is an error (vectors of two models must never be mixed): re-embed with
//    `lore kb reembed --kb NAME --embedding-model …` to switch;
//  - vectors of another length than vector_dimension are an error.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "models/embedding.h"
#include "models/reranker.h"
#include "store/store.h"

namespace lore::pipeline {

// settings["embedding"] for a new knowledge base from [embedding] (or flags
// already merged into it); null when no provider is configured.
// Error{invalid_argument} for an unknown provider or a missing model / URL.
nlohmann::json embedding_settings(const Config::ModelServer& server);

// "<provider>:<model>", "" when the knowledge base has no embedding model.
std::string embedding_model_id(const store::KnowledgeBase& kb);
int recorded_dimension(const store::KnowledgeBase& kb);  // 0 before first use

// The knowledge base's model, ready to call; nullptr when it has none.
std::unique_ptr<models::EmbeddingModel> open_embedding_model(const Config& config,
                                                             const store::KnowledgeBase& kb);

// The configured reranker ([rerank], or the knowledge base's
// settings["rerank"]); nullptr when none.
std::unique_ptr<models::Reranker> open_reranker(const Config& config, const store::KnowledgeBase& kb);
// The reranker of [rerank] alone (no knowledge base involved); nullptr when none.
std::unique_ptr<models::Reranker> open_reranker(const Config& config);

// Vectors for `texts`, from the cache where present, from the model
// otherwise (new vectors are cached). `on_batch(done)` reports progress.
// Records the dimension in `kb` at first use (and in the store when
// `persist` is set); throws Error{model_error} when it differs from the
// recorded one. `from_cache` (optional) receives how many were cached.
std::vector<std::vector<float>> embed_texts(store::Store& store, store::KnowledgeBase& kb,
                                            models::EmbeddingModel& model, const std::vector<std::string>& texts,
                                            const std::function<void(size_t)>& on_batch = {}, bool persist = true,
                                            size_t* from_cache = nullptr);

struct ReembedStats {
  int64_t documents = 0;
  int64_t chunks = 0;
  int64_t from_cache = 0;  // chunks whose vector was already cached
  std::string model;
  int dimension = 0;
};

// Recomputes every vector of the knowledge base (cache first) with its model,
// or with `server` when it names a provider (switching models), then swaps
// all vectors and the recorded model in one store transaction and rebuilds
// the vector index. A failure leaves the knowledge base as it was.
// `on_progress(chunks_done, chunks_total)`.
class Workspace;
ReembedStats reembed(Workspace& ws, const std::string& kb_name, const Config::ModelServer* server,
                     const std::function<void(int64_t, int64_t)>& on_progress = {});

}  // namespace lore::pipeline
