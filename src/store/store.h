// Store: the catalog and source of truth — tenants, knowledge bases,
// documents, chunks, jobs, and the index outbox.
//
// The embedded backend is SQLite (store/sqlite); the PostgreSQL backend
// (store/postgres) implements the same interface for several nodes sharing
// one database. Nothing outside src/store knows which (open_store(Config)).
//
// Consistency with the derived indexes (transactional outbox): every change
// to a document's chunks (commit, replace, delete) records, in the same
// transaction, an IndexOp naming the document. An indexer syncs each named
// document — drops everything the index holds for it, adds the chunks the
// store holds now (none if deleted) — commits the index, then calls
// complete_index_ops(). A crash anywhere leaves the op pending, and syncing is
// idempotent, so recovery is "process pending ops" at start-up.
//
// Thread-safety: a Store object may be used from one thread at a time; open
// one per thread. Errors are lore::Error (not_found, already_exists, io,
// corrupt).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lore {
struct Config;
}

namespace lore::store {

using Id = int64_t;

// The document holding a knowledge base's RAPTOR tree when it spans several
// documents (its chunks are summary nodes, kind "summary"). Replacing or
// deleting any other document of the knowledge base deletes it in the same
// transaction: its summaries would describe text that is gone.
inline constexpr const char* kRaptorDocument = "raptor:tree";

struct Tenant {
  Id id = 0;
  std::string name;
};

struct KnowledgeBase {
  Id id = 0;
  Id tenant_id = 0;
  std::string name;
  std::string chunk_template;
  nlohmann::json settings = nlohmann::json::object();
  std::string created_at;  // ISO-8601 UTC
  int64_t document_count = 0;
  int64_t chunk_count = 0;
};

enum class DocStatus { queued, parsing, indexing, done, failed };
std::string_view doc_status_name(DocStatus s);
DocStatus doc_status_from_name(std::string_view name);

struct DocumentRecord {
  Id id = 0;
  Id kb_id = 0;
  std::string name;  // as ingested (relative path); unique within a knowledge base
  std::string mime;
  int64_t size = 0;
  std::string sha256;
  DocStatus status = DocStatus::queued;
  std::string error;
  nlohmann::json metadata = nlohmann::json::object();
  std::string created_at, updated_at;
  int64_t chunk_count = 0;
};

struct ChunkRecord {
  Id id = 0;
  Id document_id = 0;
  Id kb_id = 0;
  int64_t ordinal = 0;
  std::string kind;  // text|table|figure|code|...
  std::string text;
  nlohmann::json positions = nlohmann::json::array();  // [{"page", "bbox"}]
  int64_t token_count = 0;
  nlohmann::json metadata = nlohmann::json::object();  // heading path, ...
  bool enabled = true;  // disabled chunks stay in the store but leave the indexes
};

// A chunk to be inserted (id, document and kb are assigned by the store).
struct NewChunk {
  std::string kind;
  std::string text;
  nlohmann::json positions = nlohmann::json::array();
  int64_t token_count = 0;
  nlohmann::json metadata = nlohmann::json::object();
  std::vector<float> embedding = {};  // empty: none (stored under NewDocument::embedding_model)
};

// A chunk's vector under one embedding model (float32).
struct ChunkEmbedding {
  Id chunk_id = 0;
  Id document_id = 0;
  std::vector<float> vector;
};

struct EmbeddingFingerprint {
  int64_t count = 0;
  int64_t id_sum = 0;
  bool operator==(const EmbeddingFingerprint&) const = default;
};

// The parsed version of a file to commit under (kb_id, name).
struct NewDocument {
  Id kb_id = 0;
  std::string name;
  std::string mime;
  int64_t size = 0;
  std::string sha256;
  nlohmann::json metadata = nlohmann::json::object();
  std::string embedding_model = {};  // model id of the chunks' embeddings, when they have one
};

struct IndexOp {
  Id id = 0;
  Id kb_id = 0;
  Id document_id = 0;
};

struct Job {
  Id id = 0;
  Id kb_id = 0;
  std::string kind;    // "ingest", ...
  std::string status;  // queued|running|done|failed
  nlohmann::json payload = nlohmann::json::object();
  double progress = 0;   // 0..1
  std::string stage;     // what the job is doing now ("parsing", "indexing", ...)
  int64_t attempts = 0;  // how many times a worker claimed it
  std::string error;
  std::string created_at, updated_at;
};

// What enqueue_ingest created.
struct QueuedIngest {
  Id document_id = 0;
  Id job_id = 0;
  bool new_document = false;  // false: a new version of an existing document
};

// An API key. The secret itself is never stored: only `hash` =
// SHA-256(salt || secret), hex. `prefix` is the public part that finds the row.
struct ApiKey {
  Id id = 0;
  Id tenant_id = 0;
  std::string tenant_name;  // filled by reads
  std::string name;
  std::string prefix;
  std::string salt;
  std::string hash;
  bool admin = false;
  std::string created_at;
  std::string revoked_at;  // empty while the key is valid
};

// A conversation with one knowledge base; its messages are the history that
// follow-up questions are rewritten against.
struct Session {
  Id id = 0;
  Id tenant_id = 0;
  Id kb_id = 0;
  std::string kb_name;  // filled by reads
  std::string title;
  std::string created_at, updated_at;
  int64_t message_count = 0;
};

struct Message {
  Id id = 0;
  Id session_id = 0;
  std::string role;  // user|assistant|system
  std::string content;
  nlohmann::json citations = nlohmann::json::array();
  std::string created_at;
};

class Store {
 public:
  virtual ~Store() = default;

  // --- tenants. A fresh store has tenant "default".
  virtual Tenant default_tenant() = 0;
  virtual Tenant create_tenant(const std::string& name) = 0;  // already_exists
  virtual std::optional<Tenant> find_tenant(const std::string& name) = 0;
  virtual std::vector<Tenant> list_tenants() = 0;

  // --- knowledge bases, always looked up within a tenant.
  virtual KnowledgeBase create_kb(Id tenant_id, const std::string& name, const std::string& chunk_template,
                                  const nlohmann::json& settings) = 0;  // already_exists
  virtual std::optional<KnowledgeBase> find_kb(Id tenant_id, const std::string& name) = 0;
  virtual std::vector<KnowledgeBase> list_kbs(Id tenant_id) = 0;
  virtual std::optional<KnowledgeBase> get_kb(Id tenant_id, Id kb_id) = 0;
  // Every knowledge base of every tenant: for recovery and maintenance only,
  // never for serving a request.
  virtual std::vector<KnowledgeBase> all_kbs() = 0;
  // Deletes the knowledge base and everything in it (documents, chunks, ops, jobs).
  virtual void delete_kb(Id tenant_id, Id kb_id) = 0;

  // --- documents
  virtual std::optional<DocumentRecord> find_document(Id kb_id, const std::string& name) = 0;
  // Looks a document up by id, only within the tenant's knowledge bases.
  virtual std::optional<DocumentRecord> get_document(Id tenant_id, Id document_id) = 0;
  virtual std::vector<DocumentRecord> list_documents(Id kb_id) = 0;
  // Inserts a placeholder row for a new name, status `parsing`, so progress is
  // visible while the file is parsed. already_exists if the name is taken.
  virtual Id begin_document(const NewDocument& doc) = 0;
  virtual void set_document_status(Id document_id, DocStatus status, const std::string& error = "") = 0;
  // Merges `patch` into the document's metadata (RFC 7386 JSON merge patch:
  // a null value removes the key) and returns the result. not_found for a
  // missing document. Metadata is not indexed text, so no IndexOp.
  virtual nlohmann::json update_document_metadata(Id document_id, const nlohmann::json& patch) = 0;
  // In one transaction: upserts the row for (kb_id, name) — keeping its id if
  // it exists — with the new fields and status `indexing`, replaces all its
  // chunks with `chunks` (ordinals 0..n-1), records the blobs named in
  // doc.metadata["figure_blobs"] as referenced by it, and records an IndexOp.
  // Returns the document id.
  virtual Id commit_document(const NewDocument& doc, const std::vector<NewChunk>& chunks) = 0;
  // In one transaction (so an acknowledged upload is never half-recorded):
  // inserts a `queued` row for (doc.kb_id, doc.name) unless one exists, and a
  // queued "ingest" job of that knowledge base whose payload is `payload` plus
  // "document_id".
  virtual QueuedIngest enqueue_ingest(const NewDocument& doc, const nlohmann::json& payload) = 0;
  // Deletes the document and its chunks and records an IndexOp.
  virtual void delete_document(Id document_id) = 0;
  // In one transaction: replaces the document's chunks of kind "summary"
  // (RAPTOR nodes) with `chunks` (ordinals after its other chunks), stores
  // their embeddings under `embedding_model`, and records an IndexOp.
  // Returns the new chunk ids in order. not_found for a missing document.
  virtual std::vector<Id> replace_summary_chunks(Id document_id, const std::vector<NewChunk>& chunks,
                                                 const std::string& embedding_model) = 0;
  // How many documents (in any knowledge base) reference this blob: as their
  // original file (sha256) or as one of the blobs listed in their metadata
  // "figure_blobs" (recorded by commit_document).
  virtual int64_t count_documents_with_sha(const std::string& sha256) = 0;
  // Marks documents left in `parsing` by a process that died as failed with
  // `reason`. Call only while holding the data directory's writer lock.
  virtual int64_t fail_interrupted_documents(const std::string& reason) = 0;

  // --- chunks
  virtual std::vector<ChunkRecord> chunks_of_document(Id document_id) = 0;  // by ordinal
  // Chunks by id, in the order of `ids`; ids that do not exist are skipped.
  virtual std::vector<ChunkRecord> get_chunks(const std::vector<Id>& ids) = 0;
  virtual int64_t count_chunks(Id kb_id) = 0;
  // A chunk by id, only within the tenant's knowledge bases.
  virtual std::optional<ChunkRecord> get_chunk(Id tenant_id, Id chunk_id) = 0;
  // Both record an IndexOp for the chunk's document (the index follows).
  virtual void update_chunk_text(Id chunk_id, const std::string& text, int64_t token_count) = 0;
  virtual void set_chunk_enabled(Id chunk_id, bool enabled) = 0;
  // Every chunk id of the knowledge base, ascending (consistency checks).
  virtual std::vector<Id> chunk_ids(Id kb_id) = 0;

  // --- embeddings (`model` is EmbeddingModel::id()). commit_document stores
  // each NewChunk::embedding in the same transaction and caches it by (model,
  // sha256 of the chunk text), so re-ingest and re-embed never pay twice.
  virtual std::vector<ChunkEmbedding> document_embeddings(Id document_id, const std::string& model) = 0;
  // Pages through a knowledge base's embeddings by ascending chunk id > after.
  virtual std::vector<ChunkEmbedding> kb_embeddings(Id kb_id, const std::string& model, Id after_chunk_id,
                                                    size_t limit) = 0;
  // Embedding reads skip disabled chunks (they stay out of every index).
  // (count, sum of chunk ids) of a knowledge base's embeddings: chunk ids are
  // never reused, so an index holding the same fingerprint holds the same set.
  virtual EmbeddingFingerprint embedding_fingerprint(Id kb_id, const std::string& model) = 0;
  // Cached vectors for the given text hashes, in order; empty where missing.
  virtual std::vector<std::vector<float>> cached_embeddings(const std::string& model,
                                                            const std::vector<std::string>& text_sha256) = 0;
  virtual void cache_embeddings(const std::string& model,
                                const std::vector<std::pair<std::string, std::vector<float>>>& entries) = 0;
  // In one transaction: every chunk of the knowledge base gets the cached
  // vector of its text under `model` (replacing what it had), and the
  // knowledge base gets `settings`. Error{internal} if a text is not cached.
  virtual void adopt_cached_embeddings(Id kb_id, const std::string& model,
                                       const nlohmann::json& settings) = 0;
  virtual void set_kb_settings(Id kb_id, const nlohmann::json& settings) = 0;

  // --- index outbox
  virtual std::vector<IndexOp> pending_index_ops(Id kb_id, size_t limit) = 0;
  // Removes the ops and sets documents still `indexing` with no other pending
  // op to `done`.
  virtual void complete_index_ops(const std::vector<IndexOp>& ops) = 0;

  // --- jobs
  virtual Id create_job(Id kb_id, const std::string& kind, const nlohmann::json& payload) = 0;
  virtual void update_job(Id job_id, const std::string& status, double progress,
                          const std::string& error = "") = 0;
  virtual std::optional<Job> get_job(Id job_id) = 0;
  // A job by id, only within the tenant's knowledge bases.
  virtual std::optional<Job> find_job(Id tenant_id, Id job_id) = 0;
  virtual std::vector<Job> list_jobs(Id kb_id, size_t limit) = 0;
  // Atomically moves the oldest queued job of `kind` to `running` and counts
  // the attempt; nullopt when none is queued.
  virtual std::optional<Job> claim_job(const std::string& kind) = 0;
  virtual void set_job_stage(Id job_id, const std::string& stage, double progress) = 0;
  virtual int64_t count_jobs(const std::string& status) = 0;
  // After a crash: jobs left `running` go back to `queued`, unless they were
  // already claimed `max_attempts` times — those fail with `reason`.
  // Returns {requeued, failed}. Call only while holding the writer lock.
  virtual std::pair<int64_t, int64_t> recover_interrupted_jobs(int64_t max_attempts,
                                                               const std::string& reason) = 0;

  // --- API keys
  virtual ApiKey create_api_key(const ApiKey& key) = 0;
  virtual std::optional<ApiKey> find_api_key(const std::string& prefix) = 0;
  virtual std::vector<ApiKey> list_api_keys() = 0;
  virtual void revoke_api_key(Id key_id) = 0;  // not_found if absent or already revoked
  virtual int64_t count_active_api_keys() = 0;

  // --- sessions and messages, always within a tenant
  virtual Session create_session(Id tenant_id, Id kb_id, const std::string& title) = 0;
  virtual std::optional<Session> get_session(Id tenant_id, Id session_id) = 0;
  virtual std::vector<Session> list_sessions(Id tenant_id) = 0;
  virtual void delete_session(Id tenant_id, Id session_id) = 0;  // not_found
  virtual Message add_message(Id session_id, const std::string& role, const std::string& content,
                              const nlohmann::json& citations) = 0;
  virtual std::vector<Message> list_messages(Id session_id) = 0;
};

// Opens (creating and migrating as needed) the embedded store at
// `data_dir/lore.db`. Throws Error{io|corrupt} naming the path.
std::unique_ptr<Store> open_store(const std::filesystem::path& data_dir);

// Opens the store that `[store] backend` names: "sqlite" (the embedded store
// in config.data_dir) or "postgres" (the database at `[store] url`, shared by
// several nodes). Throws Error{io} naming the URL (password masked) when the
// server is unreachable, Error{invalid_argument} when the URL is missing.
std::unique_ptr<Store> open_store(const Config& config);

}  // namespace lore::store
