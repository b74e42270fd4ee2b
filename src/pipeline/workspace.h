// Workspace: one open data directory — configuration, store, blob store and
// the per-knowledge-base indexes — plus the rules that keep them consistent.
//
// Access::write takes the data directory's writer lock (data_dir/.lock, an
// flock released even by kill -9) and runs recovery before returning:
//   1. documents left `parsing` by a dead process are marked failed;
//   2. temp files of interrupted blob writes are deleted;
//   3. index directories of deleted knowledge bases are removed;
//   4. every knowledge base's pending index ops are synced (store -> index),
//      which finishes any ingest or delete that died between the store commit
//      and the index commit; a knowledge base whose index directory is
//      missing (deleted by hand, restored from a database-only backup) is
//      rebuilt from the store.
// Access::read takes no lock; if no writer is running it performs the same
// recovery first (briefly taking the lock), so a search never reads an index
// that a crash left behind the store.
//
// With `[store] backend = "postgres"` (several nodes share one database) a
// Workspace takes no lock and runs no recovery in either mode: write access
// only means "may write"; data_dir holds per-node caches, originals live in
// `[store] blob_dir`, which every node must share.
//
// Thread-safety: a Workspace is used by one thread at a time.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "blob/blob_store.h"
#include "core/config.h"
#include "core/fs.h"
#include "index/text_index.h"
#include "index/vector_index.h"
#include "store/store.h"

namespace lore::pipeline {

enum class Access { read, write };

struct SyncStats {
  int64_t documents = 0;  // documents synced
  int64_t chunks = 0;     // chunks (re)added to the index
};

class Workspace {
 public:
  Workspace(const Config& config, Access access);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const Config& config() const { return config_; }
  store::Store& store() { return *store_; }
  blob::BlobStore& blobs() { return blobs_; }
  store::Id tenant_id() const { return tenant_id_; }
  Access access() const { return access_; }

  // Error{not_found} naming the knowledge base and listing the existing ones.
  // Without a tenant: the default tenant (the CLI's).
  store::KnowledgeBase require_kb(const std::string& name) { return require_kb(tenant_id_, name); }
  store::KnowledgeBase require_kb(store::Id tenant_id, const std::string& name);
  // Validates the name ([A-Za-z0-9][A-Za-z0-9_.-]*, at most 64 bytes) and
  // template. The chunk size and overlap in force (config chunk.tokens,
  // chunk.overlap) are recorded in the knowledge base's settings, so later
  // ingests chunk the same way whatever the configuration says then.
  // `extra_settings` (e.g. "chat": {provider, base_url, model},
  // "prompt_template") are stored beside them.
  store::KnowledgeBase create_kb(const std::string& name, const std::string& chunk_template,
                                 const nlohmann::json& extra_settings = nlohmann::json::object()) {
    return create_kb(tenant_id_, name, chunk_template, extra_settings);
  }
  store::KnowledgeBase create_kb(store::Id tenant_id, const std::string& name, const std::string& chunk_template,
                                 const nlohmann::json& extra_settings = nlohmann::json::object());
  // Deletes the knowledge base, its documents, chunks, blobs no longer
  // referenced, and its index directory. Write access only.
  void delete_kb(const std::string& name) { delete_kb(tenant_id_, name); }
  void delete_kb(store::Id tenant_id, const std::string& name);
  // Deletes one document (its chunks leave the index; its blob goes when no
  // other document references it). Write access only.
  void delete_document(const store::DocumentRecord& doc);

  // The text index of a knowledge base, opened in this workspace's mode.
  index::TextIndex& text_index(store::Id kb_id);
  std::filesystem::path kb_dir(store::Id kb_id) const;

  // The vector index of a knowledge base with an embedding model (nullptr
  // before its first vectors, or without a model). Opened from disk; when it
  // is missing, unreadable or its fingerprint differs from the store's, it is
  // rebuilt from the store (and saved, with write access).
  index::VectorIndex* vector_index(store::Id kb_id);
  // Rebuilds the vector index from the store and saves it (write access only).
  SyncStats rebuild_vectors(store::Id kb_id);

  // Applies the pending index ops of a knowledge base to the text index and
  // the vector index (write access only). Disabled chunks are kept out of both. `save_vectors` false defers writing
  // the vector index to disk (bulk ingest saves once at the end; a crash in
  // between is caught by the fingerprint check and rebuilt from the store).
  SyncStats sync_index(store::Id kb_id, bool save_vectors = true);
  // Drops the knowledge base's text index and rebuilds it from the store
  // (write access only).
  SyncStats rebuild_index(store::Id kb_id);

 private:
  void recover();
  store::KnowledgeBase kb_by_id(store::Id kb_id);
  void fill_vectors(index::VectorIndex& index, store::Id kb_id, const std::string& model);

  Config config_;
  Access access_;
  std::unique_ptr<fs::FileLock> lock_;
  std::unique_ptr<store::Store> store_;
  blob::BlobStore blobs_;
  store::Id tenant_id_ = 0;
  std::map<store::Id, std::unique_ptr<index::TextIndex>> text_indexes_;
  std::map<store::Id, std::unique_ptr<index::VectorIndex>> vector_indexes_;
};

}  // namespace lore::pipeline
