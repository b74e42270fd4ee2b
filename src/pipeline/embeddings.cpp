#include "pipeline/embeddings.h"

#include "core/error.h"
#include "core/hash.h"
#include "models/http_embedding.h"
#include "models/http_reranker.h"
#include "pipeline/workspace.h"

namespace lore::pipeline {
namespace {

const nlohmann::json* kb_embedding(const store::KnowledgeBase& kb) {
  auto it = kb.settings.find("embedding");
  if (it == kb.settings.end() || !it->is_object() || it->value("provider", "").empty()) return nullptr;
  return &*it;
}

}  // namespace

nlohmann::json embedding_settings(const Config::ModelServer& s) {
  if (s.provider.empty() || s.provider == "none") return nullptr;
  if (s.provider != "openai" && s.provider != "ollama")
    throw Error(ErrorCode::invalid_argument,
                "unknown embedding provider \"" + s.provider + "\" (expected openai or ollama)");
  if (s.model.empty())
    throw Error(ErrorCode::invalid_argument,
                "embedding provider " + s.provider + " needs a model (embedding.model / --embedding-model)");
  if (s.base_url.empty())
    throw Error(
        ErrorCode::invalid_argument,
        "embedding provider " + s.provider + " needs a server URL (embedding.base_url / --embedding-url)");
  models::HttpClient check("embedding", s.base_url, {});  // validates the URL now, not at first ingest
  return {{"provider", s.provider},
          {"base_url", s.base_url},
          {"model", s.model},
          {"dimensions", s.dimensions},
          {"vector_dimension", 0}};
}

std::string embedding_model_id(const store::KnowledgeBase& kb) {
  const auto* e = kb_embedding(kb);
  return e ? e->value("provider", "") + ":" + e->value("model", "") : "";
}

int recorded_dimension(const store::KnowledgeBase& kb) {
  const auto* e = kb_embedding(kb);
  return e ? e->value("vector_dimension", 0) : 0;
}

std::unique_ptr<models::EmbeddingModel> open_embedding_model(const Config& config,
                                                             const store::KnowledgeBase& kb) {
  const auto* e = kb_embedding(kb);
  if (!e) return nullptr;
  models::EmbeddingConfig c;
  c.provider = e->value("provider", "");
  c.model = e->value("model", "");
  c.base_url = e->value("base_url", "");
  c.dimensions = e->value("dimensions", 0);
  const auto& conf = config.embedding;
  if (!conf.provider.empty() && !conf.model.empty() && (conf.provider != c.provider || conf.model != c.model))
    throw Error(ErrorCode::invalid_argument,
                "knowledge base \"" + kb.name + "\" is embedded with " + c.provider + ":" + c.model +
                    ", but the configuration ([embedding] / LORE_EMBEDDING_*) names " + conf.provider + ":" +
                    conf.model + "; unset it, or switch the knowledge base with `lore kb reembed --kb " +
                    kb.name + " --embedding-provider " + conf.provider + " --embedding-model " + conf.model +
                    "`");
  if (!conf.base_url.empty()) c.base_url = conf.base_url;
  c.api_key = conf.api_key;
  c.batch_size = static_cast<size_t>(conf.batch_size);
  c.timeout_seconds = conf.timeout_seconds;
  c.max_retries = static_cast<int>(conf.max_retries);
  c.concurrency = static_cast<int>(conf.concurrency);
  return models::make_embedding_model(c);
}

namespace {

std::unique_ptr<models::Reranker> open_reranker(const Config& config, const nlohmann::json* kb_rerank) {
  models::RerankConfig c;
  const auto& conf = config.rerank;
  c.provider = conf.provider;
  c.base_url = conf.base_url;
  c.model = conf.model;
  if (c.provider.empty() && kb_rerank && kb_rerank->is_object()) {
    c.provider = kb_rerank->value("provider", "");
    c.base_url = kb_rerank->value("base_url", "");
    c.model = kb_rerank->value("model", "");
  }
  c.api_key = conf.api_key;
  c.timeout_seconds = conf.timeout_seconds;
  c.max_retries = static_cast<int>(conf.max_retries);
  return models::make_reranker(c);
}

}  // namespace

std::unique_ptr<models::Reranker> open_reranker(const Config& config, const store::KnowledgeBase& kb) {
  const auto it = kb.settings.find("rerank");
  return open_reranker(config, it == kb.settings.end() ? nullptr : &*it);
}

std::unique_ptr<models::Reranker> open_reranker(const Config& config) {
  return open_reranker(config, nullptr);
}

std::vector<std::vector<float>> embed_texts(store::Store& store, store::KnowledgeBase& kb,
                                            models::EmbeddingModel& model,
                                            const std::vector<std::string>& texts,
                                            const std::function<void(size_t)>& on_batch, bool persist,
                                            size_t* from_cache) {
  const std::string id = model.id();
  std::vector<std::string> shas;
  shas.reserve(texts.size());
  for (const auto& t : texts) shas.push_back(sha256_hex(t));
  auto out = store.cached_embeddings(id, shas);
  std::vector<size_t> missing;
  for (size_t i = 0; i < out.size(); ++i)
    if (out[i].empty()) missing.push_back(i);
  size_t done = texts.size() - missing.size();
  if (from_cache) *from_cache = done;
  if (on_batch && done) on_batch(done);
  int want = recorded_dimension(kb);
  auto check = [&](const std::vector<float>& v) {
    if (want == 0) {
      want = static_cast<int>(v.size());
      kb.settings["embedding"]["vector_dimension"] = want;
      if (persist) store.set_kb_settings(kb.id, kb.settings);
    } else if (static_cast<int>(v.size()) != want) {
      throw Error(ErrorCode::model_error,
                  "embedding model " + id + " returned vectors of " + std::to_string(v.size()) +
                      " floats, but knowledge base \"" + kb.name + "\" holds vectors of " +
                      std::to_string(want) +
                      " (wrong dimension; re-embed with `lore kb reembed` to change models)");
    }
  };
  for (const auto& v : out)
    if (!v.empty()) check(v);
  // Slices of a few requests each, so progress moves and the cache fills as
  // we go (a failure later in a big document does not lose earlier work).
  const size_t slice = 256;
  for (size_t start = 0; start < missing.size(); start += slice) {
    const size_t end = std::min(missing.size(), start + slice);
    std::vector<std::string> part;
    for (size_t i = start; i < end; ++i) part.push_back(texts[missing[i]]);
    auto vectors = model.embed(part);
    std::vector<std::pair<std::string, std::vector<float>>> cache;
    for (size_t i = start; i < end; ++i) {
      auto& v = vectors[i - start];
      check(v);
      cache.emplace_back(shas[missing[i]], v);
      out[missing[i]] = std::move(v);
    }
    store.cache_embeddings(id, cache);
    done += end - start;
    if (on_batch) on_batch(done);
  }
  return out;
}

ReembedStats reembed(Workspace& ws, const std::string& kb_name, const Config::ModelServer* server,
                     const std::function<void(int64_t, int64_t)>& on_progress) {
  if (ws.access() != Access::write) throw Error(ErrorCode::internal, "reembed needs write access");
  store::KnowledgeBase kb = ws.require_kb(kb_name);
  Config config = ws.config();
  if (server && !server->provider.empty()) {
    auto settings = embedding_settings(*server);
    const bool same = settings["provider"] == kb.settings.value("/embedding/provider"_json_pointer, "") &&
                      settings["model"] == kb.settings.value("/embedding/model"_json_pointer, "");
    if (same) settings["vector_dimension"] = recorded_dimension(kb);
    kb.settings["embedding"] = settings;
    config.embedding.provider = server->provider;
    config.embedding.model = server->model;
    config.embedding.base_url = server->base_url;
  } else if (embedding_model_id(kb).empty()) {
    throw Error(ErrorCode::invalid_argument,
                "knowledge base \"" + kb.name +
                    "\" has no embedding model; give one with --embedding-provider, "
                    "--embedding-model and --embedding-url");
  }
  auto model = open_embedding_model(config, kb);
  ReembedStats stats;
  stats.model = model->id();
  const int64_t total = ws.store().count_chunks(kb.id);
  int64_t done = 0;
  for (const auto& doc : ws.store().list_documents(kb.id)) {
    std::vector<std::string> texts;
    for (const auto& c : ws.store().chunks_of_document(doc.id)) texts.push_back(c.text);
    if (texts.empty()) continue;
    size_t cached = 0;
    embed_texts(
        ws.store(), kb, *model, texts,
        [&](size_t n) {
          if (on_progress) on_progress(done + static_cast<int64_t>(n), total);
        },
        /*persist=*/false, &cached);
    stats.from_cache += static_cast<int64_t>(cached);
    done += static_cast<int64_t>(texts.size());
    ++stats.documents;
  }
  stats.chunks = done;
  stats.dimension = recorded_dimension(kb);
  ws.store().adopt_cached_embeddings(kb.id, stats.model, kb.settings);
  ws.rebuild_vectors(kb.id);
  return stats;
}

}  // namespace lore::pipeline
