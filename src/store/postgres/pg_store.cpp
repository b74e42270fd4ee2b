// PgStore: lore::store::Store over one PostgreSQL connection. Each method is
// one transaction (PgDb::run); the statements live in pg_*.cpp.
#include "store/postgres/pg_store.h"

#include <unordered_map>

#include "core/error.h"
#include "store/postgres/pg_db.h"
#include "store/postgres/pg_parts.h"
#include "store/postgres/pg_schema.h"

namespace lore::store {

namespace {

using nlohmann::json;
namespace pg = postgres;
using pg::Tx;

std::optional<Tenant> first_tenant(const pqxx::result& r) {
  if (r.empty()) return std::nullopt;
  return Tenant{r[0][0].as<int64_t>(), r[0][1].c_str()};
}

template <typename T, typename Read>
std::vector<T> all_rows(const pqxx::result& r, Read read) {
  std::vector<T> out;
  out.reserve(r.size());
  for (const auto& row : r) out.push_back(read(row));
  return out;
}

template <typename T, typename Read>
std::optional<T> first_row(const pqxx::result& r, Read read) {
  if (r.empty()) return std::nullopt;
  return read(r[0]);
}

// Runs an INSERT whose only possible unique violation is a taken name.
template <typename... Args>
pqxx::result insert_unique(Tx& tx, const std::string& what_exists, const std::string& sql, Args&&... args) {
  try {
    return tx.exec_params(sql, std::forward<Args>(args)...);
  } catch (const pqxx::unique_violation&) {
    throw Error(ErrorCode::already_exists, what_exists);
  }
}

[[noreturn]] void kb_not_found(Id kb_id) {
  throw Error(ErrorCode::not_found, "knowledge base " + std::to_string(kb_id) + " not found");
}

class PgStore final : public Store {
 public:
  explicit PgStore(const std::string& url) : db_(url) { pg::migrate(db_); }

  Tenant default_tenant() override {
    auto t = db_.run("default_tenant", [](Tx& tx) {
      return first_tenant(tx.exec("SELECT id, name FROM tenants WHERE name = 'default'"));
    });
    if (!t) throw Error(ErrorCode::corrupt, db_.masked_url() + ": default tenant missing");
    return *t;
  }

  Tenant create_tenant(const std::string& name) override {
    return db_.run("create_tenant", [&](Tx& tx) {
      return Tenant{pg::scalar(insert_unique(tx, "tenant \"" + name + "\" already exists",
                                             "INSERT INTO tenants (name) VALUES ($1) RETURNING id", name)),
                    name};
    });
  }

  std::optional<Tenant> find_tenant(const std::string& name) override {
    return db_.run("find_tenant", [&](Tx& tx) {
      return first_tenant(tx.exec_params("SELECT id, name FROM tenants WHERE name = $1", name));
    });
  }

  std::vector<Tenant> list_tenants() override {
    return db_.run("list_tenants", [](Tx& tx) {
      return all_rows<Tenant>(tx.exec("SELECT id, name FROM tenants ORDER BY id"), [](const pqxx::row& r) {
        return Tenant{r[0].as<int64_t>(), r[1].c_str()};
      });
    });
  }

  KnowledgeBase create_kb(Id tenant_id, const std::string& name, const std::string& chunk_template,
                          const json& settings) override {
    return db_.run("create_kb", [&](Tx& tx) {
      const Id id = pg::scalar(insert_unique(tx, "knowledge base \"" + name + "\" already exists",
                                             "INSERT INTO knowledge_bases (tenant_id, name, chunk_template, "
                                             "settings) VALUES ($1, $2, $3, $4::jsonb) "
                                             "RETURNING id",
                                             tenant_id, name, chunk_template, settings.dump()));
      return pg::read_kb(
          tx.exec_params1("SELECT " + pg::kKbColumns + " FROM knowledge_bases k WHERE k.id = $1", id));
    });
  }

  std::optional<KnowledgeBase> find_kb(Id tenant_id, const std::string& name) override {
    return kb_where("find_kb", "k.tenant_id = $1 AND k.name = $2", tenant_id, name);
  }

  std::vector<KnowledgeBase> list_kbs(Id tenant_id) override {
    return db_.run("list_kbs", [&](Tx& tx) {
      return all_rows<KnowledgeBase>(
          tx.exec_params(
              "SELECT " + pg::kKbColumns + " FROM knowledge_bases k WHERE k.tenant_id = $1 ORDER BY k.name",
              tenant_id),
          pg::read_kb);
    });
  }

  std::optional<KnowledgeBase> get_kb(Id tenant_id, Id kb_id) override {
    return kb_where("get_kb", "k.tenant_id = $1 AND k.id = $2", tenant_id, kb_id);
  }

  std::vector<KnowledgeBase> all_kbs() override {
    return db_.run("all_kbs", [](Tx& tx) {
      return all_rows<KnowledgeBase>(
          tx.exec("SELECT " + pg::kKbColumns + " FROM knowledge_bases k ORDER BY k.id"), pg::read_kb);
    });
  }

  void delete_kb(Id tenant_id, Id kb_id) override {
    db_.run("delete_kb", [&](Tx& tx) {
      const auto r =
          tx.exec_params("DELETE FROM knowledge_bases WHERE id = $1 AND tenant_id = $2", kb_id, tenant_id);
      if (r.affected_rows() == 0) kb_not_found(kb_id);
    });
  }

  std::optional<DocumentRecord> find_document(Id kb_id, const std::string& name) override {
    return doc_where("find_document", "FROM documents d WHERE d.kb_id = $1 AND d.name = $2", kb_id, name);
  }

  std::optional<DocumentRecord> get_document(Id tenant_id, Id document_id) override {
    return doc_where(
        "get_document",
        "FROM documents d JOIN knowledge_bases k ON k.id = d.kb_id WHERE d.id = $1 AND k.tenant_id = $2",
        document_id, tenant_id);
  }

  std::vector<DocumentRecord> list_documents(Id kb_id) override {
    return db_.run("list_documents", [&](Tx& tx) {
      return all_rows<DocumentRecord>(
          tx.exec_params("SELECT " + pg::kDocColumns + " FROM documents d WHERE d.kb_id = $1 ORDER BY d.name",
                         kb_id),
          pg::read_document);
    });
  }

  Id begin_document(const NewDocument& doc) override {
    return db_.run("begin_document", [&](Tx& tx) {
      return pg::scalar(
          insert_unique(tx, doc.name + ": document already exists",
                        "INSERT INTO documents (kb_id, name, mime, size, sha256, status, metadata) "
                        "VALUES ($1, $2, $3, $4, $5, 'parsing', $6::jsonb) RETURNING id",
                        doc.kb_id, doc.name, doc.mime, doc.size, doc.sha256, doc.metadata.dump()));
    });
  }

  void set_document_status(Id document_id, DocStatus status, const std::string& error) override {
    db_.run("set_document_status", [&](Tx& tx) {
      tx.exec_params("UPDATE documents SET status = $1, error = $2, updated_at = now() WHERE id = $3",
                     std::string(doc_status_name(status)), error, document_id);
    });
  }

  json update_document_metadata(Id document_id, const json& patch) override {
    return db_.run("update_document_metadata",
                   [&](Tx& tx) { return pg::update_document_metadata(tx, document_id, patch); });
  }

  Id commit_document(const NewDocument& doc, const std::vector<NewChunk>& chunks) override {
    return db_.run("commit_document " + doc.name,
                   [&](Tx& tx) { return pg::commit_document(tx, doc, chunks); });
  }

  QueuedIngest enqueue_ingest(const NewDocument& doc, const json& payload) override {
    return db_.run("enqueue_ingest " + doc.name,
                   [&](Tx& tx) { return pg::enqueue_ingest(tx, doc, payload); });
  }

  void delete_document(Id document_id) override {
    db_.run("delete_document", [&](Tx& tx) { pg::delete_document(tx, document_id); });
  }

  std::vector<Id> replace_summary_chunks(Id document_id, const std::vector<NewChunk>& chunks,
                                         const std::string& embedding_model) override {
    return db_.run("replace_summary_chunks", [&](Tx& tx) {
      return pg::replace_summary_chunks(tx, document_id, chunks, embedding_model);
    });
  }

  int64_t count_documents_with_sha(const std::string& sha256) override {
    return db_.run("count_documents_with_sha", [&](Tx& tx) {
      return pg::scalar(tx.exec_params(
          "SELECT (SELECT COUNT(*) FROM documents WHERE sha256 = $1) + "
          "(SELECT COUNT(*) FROM document_blobs b WHERE b.sha256 = $1 AND b.document_id NOT IN "
          "(SELECT id FROM documents WHERE sha256 = $1))",
          sha256));
    });
  }

  int64_t fail_interrupted_documents(const std::string& reason) override {
    return db_.run("fail_interrupted_documents", [&](Tx& tx) {
      return static_cast<int64_t>(
          tx.exec_params("UPDATE documents SET status = 'failed', error = $1, updated_at = now() "
                         "WHERE status = 'parsing'",
                         reason)
              .affected_rows());
    });
  }

  std::vector<ChunkRecord> chunks_of_document(Id document_id) override {
    return db_.run("chunks_of_document", [&](Tx& tx) {
      return all_rows<ChunkRecord>(tx.exec_params("SELECT " + pg::kChunkColumns +
                                                      " FROM chunks WHERE document_id = $1 ORDER BY ordinal",
                                                  document_id),
                                   pg::read_chunk);
    });
  }

  std::vector<ChunkRecord> get_chunks(const std::vector<Id>& ids) override {
    if (ids.empty()) return {};
    auto found = db_.run("get_chunks", [&](Tx& tx) {
      return all_rows<ChunkRecord>(
          tx.exec_params("SELECT " + pg::kChunkColumns +
                             " FROM chunks WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)",
                         pg::id_list(ids)),
          pg::read_chunk);
    });
    std::unordered_map<Id, size_t> at;
    for (size_t i = 0; i < found.size(); ++i) at.emplace(found[i].id, i);
    std::vector<ChunkRecord> out;
    out.reserve(ids.size());
    for (Id id : ids)
      if (auto it = at.find(id); it != at.end()) out.push_back(found[it->second]);
    return out;
  }

  int64_t count_chunks(Id kb_id) override {
    return db_.run("count_chunks", [&](Tx& tx) {
      return pg::scalar(tx.exec_params("SELECT COUNT(*) FROM chunks WHERE kb_id = $1", kb_id));
    });
  }

  std::optional<ChunkRecord> get_chunk(Id tenant_id, Id chunk_id) override {
    return db_.run("get_chunk", [&](Tx& tx) {
      return first_row<ChunkRecord>(tx.exec_params("SELECT " + pg::kChunkColumns +
                                                       " FROM chunks WHERE id = $1 AND kb_id IN (SELECT id "
                                                       "FROM knowledge_bases WHERE tenant_id = $2)",
                                                   chunk_id, tenant_id),
                                    pg::read_chunk);
    });
  }

  void update_chunk_text(Id chunk_id, const std::string& text, int64_t token_count) override {
    change_chunk("update_chunk_text", chunk_id, [&](Tx& tx) {
      tx.exec_params("UPDATE chunks SET text = $1, token_count = $2 WHERE id = $3", text, token_count,
                     chunk_id);
    });
  }

  void set_chunk_enabled(Id chunk_id, bool enabled) override {
    change_chunk("set_chunk_enabled", chunk_id, [&](Tx& tx) {
      tx.exec_params("UPDATE chunks SET enabled = $1 WHERE id = $2", enabled, chunk_id);
    });
  }

  std::vector<Id> chunk_ids(Id kb_id) override {
    return db_.run("chunk_ids", [&](Tx& tx) {
      return all_rows<Id>(tx.exec_params("SELECT id FROM chunks WHERE kb_id = $1 ORDER BY id", kb_id),
                          [](const pqxx::row& r) { return r[0].as<int64_t>(); });
    });
  }

  std::vector<ChunkEmbedding> document_embeddings(Id document_id, const std::string& model) override {
    return db_.run("document_embeddings",
                   [&](Tx& tx) { return pg::select_document_embeddings(tx, document_id, model); });
  }
  std::vector<ChunkEmbedding> kb_embeddings(Id kb_id, const std::string& model, Id after,
                                            size_t limit) override {
    return db_.run("kb_embeddings",
                   [&](Tx& tx) { return pg::select_kb_embeddings(tx, kb_id, model, after, limit); });
  }
  EmbeddingFingerprint embedding_fingerprint(Id kb_id, const std::string& model) override {
    return db_.run("embedding_fingerprint",
                   [&](Tx& tx) { return pg::kb_embedding_fingerprint(tx, kb_id, model); });
  }
  std::vector<std::vector<float>> cached_embeddings(const std::string& model,
                                                    const std::vector<std::string>& shas) override {
    return db_.run("cached_embeddings", [&](Tx& tx) { return pg::select_cached(tx, model, shas); });
  }
  void cache_embeddings(const std::string& model,
                        const std::vector<std::pair<std::string, std::vector<float>>>& entries) override {
    db_.run("cache_embeddings", [&](Tx& tx) { pg::insert_cached(tx, model, entries); });
  }
  void adopt_cached_embeddings(Id kb_id, const std::string& model, const json& settings) override {
    db_.run("adopt_cached_embeddings", [&](Tx& tx) {
      pg::adopt_cached(tx, kb_id, model);
      write_kb_settings(tx, kb_id, settings);
    });
  }
  void set_kb_settings(Id kb_id, const json& settings) override {
    db_.run("set_kb_settings", [&](Tx& tx) { write_kb_settings(tx, kb_id, settings); });
  }

  std::vector<IndexOp> pending_index_ops(Id kb_id, size_t limit) override {
    return db_.run("pending_index_ops", [&](Tx& tx) {
      return all_rows<IndexOp>(
          tx.exec_params("SELECT id, kb_id, document_id FROM index_ops WHERE kb_id = $1 ORDER BY id LIMIT $2",
                         kb_id, static_cast<int64_t>(limit)),
          [](const pqxx::row& r) {
            return IndexOp{r[0].as<int64_t>(), r[1].as<int64_t>(), r[2].as<int64_t>()};
          });
    });
  }
  void complete_index_ops(const std::vector<IndexOp>& ops) override {
    db_.run("complete_index_ops", [&](Tx& tx) { pg::complete_index_ops(tx, ops); });
  }

  Id create_job(Id kb_id, const std::string& kind, const json& payload) override {
    return db_.run("create_job", [&](Tx& tx) { return pg::create_job(tx, kb_id, kind, payload); });
  }
  void update_job(Id job_id, const std::string& status, double progress, const std::string& error) override {
    db_.run("update_job", [&](Tx& tx) { pg::update_job(tx, job_id, status, progress, error); });
  }
  std::optional<Job> get_job(Id job_id) override {
    return db_.run("get_job", [&](Tx& tx) { return pg::get_job(tx, job_id); });
  }
  std::optional<Job> find_job(Id tenant_id, Id job_id) override {
    return db_.run("find_job", [&](Tx& tx) { return pg::find_job(tx, tenant_id, job_id); });
  }
  std::vector<Job> list_jobs(Id kb_id, size_t limit) override {
    return db_.run("list_jobs", [&](Tx& tx) { return pg::list_jobs(tx, kb_id, limit); });
  }
  std::optional<Job> claim_job(const std::string& kind) override {
    return db_.run("claim_job", [&](Tx& tx) { return pg::claim_job(tx, kind); });
  }
  void set_job_stage(Id job_id, const std::string& stage, double progress) override {
    db_.run("set_job_stage", [&](Tx& tx) { pg::set_job_stage(tx, job_id, stage, progress); });
  }
  int64_t count_jobs(const std::string& status) override {
    return db_.run("count_jobs", [&](Tx& tx) { return pg::count_jobs(tx, status); });
  }
  std::pair<int64_t, int64_t> recover_interrupted_jobs(int64_t max_attempts,
                                                       const std::string& reason) override {
    return db_.run("recover_interrupted_jobs",
                   [&](Tx& tx) { return pg::recover_interrupted_jobs(tx, max_attempts, reason); });
  }

  ApiKey create_api_key(const ApiKey& key) override {
    return db_.run("create_api_key", [&](Tx& tx) { return pg::create_api_key(tx, key); });
  }
  std::optional<ApiKey> find_api_key(const std::string& prefix) override {
    return db_.run("find_api_key", [&](Tx& tx) { return pg::find_api_key(tx, prefix); });
  }
  std::vector<ApiKey> list_api_keys() override {
    return db_.run("list_api_keys", [&](Tx& tx) { return pg::list_api_keys(tx); });
  }
  void revoke_api_key(Id key_id) override {
    db_.run("revoke_api_key", [&](Tx& tx) { pg::revoke_api_key(tx, key_id); });
  }
  int64_t count_active_api_keys() override {
    return db_.run("count_active_api_keys", [&](Tx& tx) { return pg::count_active_api_keys(tx); });
  }

  Session create_session(Id tenant_id, Id kb_id, const std::string& title) override {
    return db_.run("create_session", [&](Tx& tx) { return pg::create_session(tx, tenant_id, kb_id, title); });
  }
  std::optional<Session> get_session(Id tenant_id, Id session_id) override {
    return db_.run("get_session", [&](Tx& tx) { return pg::get_session(tx, tenant_id, session_id); });
  }
  std::vector<Session> list_sessions(Id tenant_id) override {
    return db_.run("list_sessions", [&](Tx& tx) { return pg::list_sessions(tx, tenant_id); });
  }
  void delete_session(Id tenant_id, Id session_id) override {
    db_.run("delete_session", [&](Tx& tx) { pg::delete_session(tx, tenant_id, session_id); });
  }
  Message add_message(Id session_id, const std::string& role, const std::string& content,
                      const json& citations) override {
    return db_.run("add_message",
                   [&](Tx& tx) { return pg::add_message(tx, session_id, role, content, citations); });
  }
  std::vector<Message> list_messages(Id session_id) override {
    return db_.run("list_messages", [&](Tx& tx) { return pg::list_messages(tx, session_id); });
  }

 private:
  template <typename... Args>
  std::optional<KnowledgeBase> kb_where(std::string_view what, const std::string& where, Args&&... args) {
    return db_.run(what, [&](Tx& tx) {
      return first_row<KnowledgeBase>(
          tx.exec_params("SELECT " + pg::kKbColumns + " FROM knowledge_bases k WHERE " + where, args...),
          pg::read_kb);
    });
  }

  template <typename... Args>
  std::optional<DocumentRecord> doc_where(std::string_view what, const std::string& from, Args&&... args) {
    return db_.run(what, [&](Tx& tx) {
      return first_row<DocumentRecord>(tx.exec_params("SELECT " + pg::kDocColumns + " " + from, args...),
                                       pg::read_document);
    });
  }

  // Runs `update` on one chunk and records an IndexOp for its document, in
  // one transaction.
  template <typename Update>
  void change_chunk(std::string_view what, Id chunk_id, Update update) {
    db_.run(what, [&](Tx& tx) {
      const auto r =
          tx.exec_params("SELECT kb_id, document_id FROM chunks WHERE id = $1 FOR UPDATE", chunk_id);
      if (r.empty()) throw Error(ErrorCode::not_found, "chunk " + std::to_string(chunk_id) + " not found");
      update(tx);
      pg::record_index_op(tx, r[0][0].as<int64_t>(), r[0][1].as<int64_t>());
    });
  }

  static void write_kb_settings(Tx& tx, Id kb_id, const json& settings) {
    const auto r = tx.exec_params("UPDATE knowledge_bases SET settings = $1::jsonb WHERE id = $2",
                                  settings.dump(), kb_id);
    if (r.affected_rows() == 0) kb_not_found(kb_id);
  }

  pg::PgDb db_;
};

}  // namespace

std::unique_ptr<Store> open_pg_store(const std::string& url) { return std::make_unique<PgStore>(url); }

}  // namespace lore::store
