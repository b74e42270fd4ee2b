#include "pipeline/workspace.h"

#include <regex>
#include <set>

#include "chunk/chunker.h"
#include "core/error.h"
#include "core/log.h"
#include "index/postgres/pg_indexes.h"
#include "pipeline/blob_refs.h"
#include "pipeline/embeddings.h"

namespace lore::pipeline {

namespace {

constexpr size_t kSyncBatch = 512;  // index ops applied per index commit during recovery
constexpr size_t kMaxKbNameBytes = 64;

std::string join_names(const std::vector<store::KnowledgeBase>& kbs) {
  std::string out;
  for (const auto& kb : kbs) out += (out.empty() ? "" : ", ") + kb.name;
  return out.empty() ? "none yet; create one with `lore kb create NAME`" : out;
}

std::string chunk_title(const store::ChunkRecord& chunk) {
  std::string title;
  if (auto it = chunk.metadata.find("headings"); it != chunk.metadata.end() && it->is_array())
    for (const auto& h : *it)
      if (h.is_string()) title += (title.empty() ? "" : " > ") + h.get<std::string>();
  return title;
}

}  // namespace

Workspace::Workspace(const Config& config, Access access)
    : config_(config), access_(access), blobs_(config.data_dir / "blobs") {
  std::error_code ec;
  std::filesystem::create_directories(config_.data_dir, ec);
  if (ec)
    throw Error(ErrorCode::io, config_.data_dir.string() + ": cannot create data directory: " + ec.message());
  if (access == Access::write) lock_ = std::make_unique<fs::FileLock>(config_.data_dir / ".lock");
  store_ = store::open_store(config_);
  tenant_id_ = store_->default_tenant().id;
  if (access == Access::write) {
    recover();
  } else {
    // Recover on behalf of a dead writer when nobody else is writing.
    try {
      lock_ = std::make_unique<fs::FileLock>(config_.data_dir / ".lock");
      access_ = Access::write;
      recover();
      text_indexes_.clear();
      access_ = Access::read;
      lock_.reset();
    } catch (const Error& e) {
      access_ = Access::read;
      lock_.reset();
      if (e.code() != ErrorCode::locked) throw;
    }
  }
}

Workspace::~Workspace() = default;

std::filesystem::path Workspace::kb_dir(store::Id kb_id) const {
  return config_.data_dir / "kb" / std::to_string(kb_id);
}

store::KnowledgeBase Workspace::require_kb(store::Id tenant_id, const std::string& name) {
  if (auto kb = store_->find_kb(tenant_id, name)) return *kb;
  throw Error(ErrorCode::not_found, "knowledge base \"" + name + "\" not found (existing: " +
                                        join_names(store_->list_kbs(tenant_id)) + ")");
}

store::KnowledgeBase Workspace::create_kb(store::Id tenant_id, const std::string& name,
                                          const std::string& chunk_template,
                                          const nlohmann::json& extra_settings) {
  static const std::regex kValidName("[A-Za-z0-9][A-Za-z0-9_.-]*");
  if (name.size() > kMaxKbNameBytes || !std::regex_match(name, kValidName))
    throw Error(
        ErrorCode::invalid_argument,
        "invalid knowledge base name \"" + name +
            "\": use letters, digits, '_', '-', '.', starting with a letter or digit, at most 64 bytes");
  const auto& templates = chunk::template_names();
  if (std::find(templates.begin(), templates.end(), chunk_template) == templates.end()) {
    std::string available;
    for (const auto& t : templates) available += (available.empty() ? "" : ", ") + t;
    throw Error(ErrorCode::invalid_argument,
                "unknown chunk template \"" + chunk_template + "\" (available: " + available + ")");
  }
  if (config_.chunk_overlap >= config_.chunk_tokens)
    throw Error(ErrorCode::invalid_argument, "chunk overlap (" + std::to_string(config_.chunk_overlap) +
                                                 ") must be smaller than the chunk size (" +
                                                 std::to_string(config_.chunk_tokens) + " tokens)");
  nlohmann::json settings = extra_settings.is_object() ? extra_settings : nlohmann::json::object();
  settings["chunk_tokens"] = config_.chunk_tokens;
  settings["chunk_overlap"] = config_.chunk_overlap;
  if (auto embedding = embedding_settings(config_.embedding); !embedding.is_null())
    settings["embedding"] = embedding;
  return store_->create_kb(tenant_id, name, chunk_template, settings);
}

void Workspace::delete_kb(store::Id tenant_id, const std::string& name) {
  if (access_ != Access::write) throw Error(ErrorCode::internal, "delete_kb needs write access");
  const auto kb = require_kb(tenant_id, name);
  std::set<std::string> shas;
  for (const auto& d : store_->list_documents(kb.id)) shas.merge(document_blobs(d));
  text_indexes_.erase(kb.id);
  vector_indexes_.erase(kb.id);
  store_->delete_kb(tenant_id, kb.id);
  if (config_.store_backend == "postgres") index::drop_pg_indexes(config_.store_url, kb.id);  // issue 10
  // After the store commit: a crash here leaves only unreferenced files, which
  // recovery removes (orphan index dirs) or which cost disk only (blobs).
  std::error_code ec;
  std::filesystem::remove_all(kb_dir(kb.id), ec);
  remove_unreferenced_blobs(*store_, blobs_, shas);
}

void Workspace::delete_document(const store::DocumentRecord& doc) {
  if (access_ != Access::write) throw Error(ErrorCode::internal, "delete_document needs write access");
  store_->delete_document(doc.id);
  sync_index(doc.kb_id);
  remove_unreferenced_blobs(*store_, blobs_, document_blobs(doc));
}

index::TextIndex& Workspace::text_index(store::Id kb_id) {
  auto& slot = text_indexes_[kb_id];
  if (!slot) {
    const auto mode = access_ == Access::write ? index::OpenMode::write : index::OpenMode::read;
    // Scale-out (issue 10): [store] backend = "postgres" keeps the index in the shared database.
    slot = config_.store_backend == "postgres" ? index::open_pg_text_index(config_.store_url, kb_id, mode)
                                               : index::open_text_index(kb_dir(kb_id) / "text", mode);
  }
  return *slot;
}

store::KnowledgeBase Workspace::kb_by_id(store::Id kb_id) {
  for (auto& kb : store_->all_kbs())
    if (kb.id == kb_id) return kb;
  throw Error(ErrorCode::not_found, "knowledge base " + std::to_string(kb_id) + " not found");
}

void Workspace::fill_vectors(index::VectorIndex& index, store::Id kb_id, const std::string& model) {
  index.clear();
  constexpr size_t kPage = 4096;
  store::Id after = 0;
  for (auto rows = store_->kb_embeddings(kb_id, model, after, kPage); !rows.empty();
       rows = store_->kb_embeddings(kb_id, model, after, kPage)) {
    for (const auto& r : rows) index.add(r.chunk_id, r.document_id, r.vector);
    after = rows.back().chunk_id;
  }
}

index::VectorIndex* Workspace::vector_index(store::Id kb_id) {
  if (auto it = vector_indexes_.find(kb_id); it != vector_indexes_.end()) return it->second.get();
  const auto kb = kb_by_id(kb_id);
  const std::string model = embedding_model_id(kb);
  const int dims = recorded_dimension(kb);
  if (model.empty() || dims <= 0) return nullptr;  // not cached: the first vectors may come later
  index::VectorIndexOptions options;
  options.dimensions = static_cast<size_t>(dims);
  options.model = model;
  options.exact_threshold = static_cast<size_t>(config_.vector_exact_threshold);
  options.ef_search = static_cast<size_t>(config_.vector_ef_search);
  // Scale-out (issue 10): [store] backend = "postgres" keeps the vectors in the shared database.
  auto opened = config_.store_backend == "postgres"
                    ? index::open_pg_vector_index(config_.store_url, kb_id, options)
                    : index::open_vector_index(kb_dir(kb_id) / "vectors", options);
  const auto fp = store_->embedding_fingerprint(kb_id, model);
  if (!opened.loaded || fp.count != static_cast<int64_t>(opened.index->size()) ||
      fp.id_sum != opened.index->chunk_id_sum()) {
    fill_vectors(*opened.index, kb_id, model);
    if (access_ == Access::write) {
      opened.index->save();
      if (fp.count > 0)
        spdlog::warn("vector index of knowledge base {} was {}; rebuilt {} vector(s) from the store", kb.name,
                     opened.loaded ? "stale" : "missing", fp.count);
    }
  }
  return (vector_indexes_[kb_id] = std::move(opened.index)).get();
}

SyncStats Workspace::rebuild_vectors(store::Id kb_id) {
  if (access_ != Access::write) throw Error(ErrorCode::internal, "rebuild_vectors needs write access");
  vector_indexes_.erase(kb_id);
  std::error_code ec;
  std::filesystem::remove_all(kb_dir(kb_id) / "vectors", ec);
  SyncStats stats;
  if (auto* v = vector_index(kb_id)) stats.chunks = static_cast<int64_t>(v->size());
  return stats;
}

SyncStats Workspace::sync_index(store::Id kb_id, bool save_vectors) {
  if (access_ != Access::write) throw Error(ErrorCode::internal, "sync_index needs write access");
  SyncStats stats;
  auto& index = text_index(kb_id);
  // Opened (and if needed rebuilt) before the ops are applied; applying them
  // again is idempotent.
  index::VectorIndex* vectors = vector_index(kb_id);
  const std::string model = vectors ? vectors->options().model : "";
  bool vectors_changed = false;
  for (;;) {
    const auto ops = store_->pending_index_ops(kb_id, kSyncBatch);
    if (ops.empty()) break;
    std::set<store::Id> seen;
    for (const auto& op : ops) {
      if (!seen.insert(op.document_id).second) continue;
      // Idempotent sync: whatever the index holds for the document goes, and
      // the store's current chunks (none if deleted) come in.
      index.remove_document(op.document_id);
      for (const auto& chunk : store_->chunks_of_document(op.document_id)) {
        if (!chunk.enabled) continue;
        index.add({chunk.id, chunk.document_id, chunk.text, chunk_title(chunk)});
        ++stats.chunks;
      }
      if (vectors) {
        vectors->remove_document(op.document_id);
        for (const auto& e : store_->document_embeddings(op.document_id, model))
          vectors->add(e.chunk_id, e.document_id, e.vector);
        vectors_changed = true;
      }
      ++stats.documents;
    }
    index.commit();
    store_->complete_index_ops(ops);
  }
  if (vectors && vectors_changed && save_vectors) vectors->save();
  // The knowledge base's first vectors just arrived: open builds it from the store.
  if (!vectors) vector_index(kb_id);
  return stats;
}

SyncStats Workspace::rebuild_index(store::Id kb_id) {
  if (access_ != Access::write) throw Error(ErrorCode::internal, "rebuild_index needs write access");
  text_indexes_.erase(kb_id);
  std::error_code ec;
  std::filesystem::remove_all(kb_dir(kb_id) / "text", ec);
  SyncStats stats;
  auto& index = text_index(kb_id);
  for (const auto& doc : store_->list_documents(kb_id)) {
    for (const auto& chunk : store_->chunks_of_document(doc.id)) {
      if (!chunk.enabled) continue;
      index.add({chunk.id, chunk.document_id, chunk.text, chunk_title(chunk)});
      ++stats.chunks;
    }
    ++stats.documents;
  }
  index.commit();
  // Everything is in the index now, including what the outbox still names.
  for (auto ops = store_->pending_index_ops(kb_id, kSyncBatch); !ops.empty();
       ops = store_->pending_index_ops(kb_id, kSyncBatch))
    store_->complete_index_ops(ops);
  return stats;
}

void Workspace::recover() {
  const int64_t interrupted = store_->fail_interrupted_documents(
      "interrupted before parsing finished (the process stopped); ingest the file again");
  if (interrupted > 0) spdlog::warn("recovery: {} interrupted document(s) marked failed", interrupted);
  if (const size_t swept = blobs_.sweep_temp_files(); swept > 0)
    spdlog::warn("recovery: removed {} partial blob file(s)", swept);

  std::set<std::string> live;
  for (const auto& kb : store_->all_kbs()) live.insert(std::to_string(kb.id));
  std::error_code ec;
  const auto kb_root = config_.data_dir / "kb";
  if (std::filesystem::exists(kb_root, ec)) {
    for (const auto& entry : std::filesystem::directory_iterator(kb_root, ec)) {
      if (!live.count(entry.path().filename().string())) {
        spdlog::warn("recovery: removing index of deleted knowledge base {}", entry.path().string());
        std::filesystem::remove_all(entry.path(), ec);
      }
    }
  }
  for (const auto& kb : store_->all_kbs()) {
    if (kb.chunk_count > 0 && !std::filesystem::exists(kb_dir(kb.id) / "text")) {
      const auto stats = rebuild_index(kb.id);
      spdlog::warn("recovery: text index of knowledge base {} was missing; rebuilt {} chunk(s)", kb.name,
                   stats.chunks);
      continue;
    }
    if (!embedding_model_id(kb).empty() && recorded_dimension(kb) > 0 &&
        !std::filesystem::exists(kb_dir(kb.id) / "vectors" / "CURRENT"))
      vector_index(kb.id);  // missing: rebuilt from the store (a stale one is caught when opened)
    if (store_->pending_index_ops(kb.id, 1).empty()) continue;
    const auto stats = sync_index(kb.id);
    spdlog::info("recovery: re-indexed {} document(s), {} chunk(s) in knowledge base {}", stats.documents,
                 stats.chunks, kb.name);
  }
}

}  // namespace lore::pipeline
