// The embedded Store: one SQLite database in WAL mode (data_dir/lore.db).
#include <filesystem>
#include <string>

#include "core/error.h"
#include "store/sqlite/embedding_rows.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_parts.h"
#include "store/store.h"

namespace lore::store {

namespace {

using nlohmann::json;
using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;

constexpr std::string_view kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

json parse_json_column(const Stmt& s, int col) {
  const std::string text = s.text(col);
  if (text.empty()) return json::object();
  return json::parse(text, nullptr, /*allow_exceptions=*/false);
}

constexpr std::string_view kKbColumns =
    "k.id, k.tenant_id, k.name, k.chunk_template, k.settings, k.created_at, "
    "(SELECT COUNT(*) FROM documents d WHERE d.kb_id = k.id), "
    "(SELECT COUNT(*) FROM chunks c WHERE c.kb_id = k.id)";

KnowledgeBase read_kb(const Stmt& s) {
  KnowledgeBase kb;
  kb.id = s.int64(0);
  kb.tenant_id = s.int64(1);
  kb.name = s.text(2);
  kb.chunk_template = s.text(3);
  kb.settings = parse_json_column(s, 4);
  kb.created_at = s.text(5);
  kb.document_count = s.int64(6);
  kb.chunk_count = s.int64(7);
  return kb;
}

constexpr std::string_view kDocColumns =
    "d.id, d.kb_id, d.name, d.mime, d.size, d.sha256, d.status, d.error, d.metadata, d.created_at, "
    "d.updated_at, (SELECT COUNT(*) FROM chunks c WHERE c.document_id = d.id)";

DocumentRecord read_document(const Stmt& s) {
  DocumentRecord d;
  d.id = s.int64(0);
  d.kb_id = s.int64(1);
  d.name = s.text(2);
  d.mime = s.text(3);
  d.size = s.int64(4);
  d.sha256 = s.text(5);
  d.status = doc_status_from_name(s.text(6));
  d.error = s.text(7);
  d.metadata = parse_json_column(s, 8);
  d.created_at = s.text(9);
  d.updated_at = s.text(10);
  d.chunk_count = s.int64(11);
  return d;
}

constexpr std::string_view kChunkColumns =
    "id, document_id, kb_id, ordinal, kind, text, positions, token_count, metadata, enabled";

ChunkRecord read_chunk(const Stmt& s) {
  ChunkRecord c;
  c.id = s.int64(0);
  c.document_id = s.int64(1);
  c.kb_id = s.int64(2);
  c.ordinal = s.int64(3);
  c.kind = s.text(4);
  c.text = s.text(5);
  c.positions = json::parse(s.text(6), nullptr, false);
  if (c.positions.is_discarded()) c.positions = json::array();
  c.token_count = s.int64(7);
  c.metadata = parse_json_column(s, 8);
  c.enabled = s.int64(9) != 0;
  return c;
}

// Runs an INSERT whose only possible constraint failure is a taken unique
// name, reporting that as `what_exists` instead of SQLite's wording.
void insert_unique(Stmt& s, const std::string& what_exists) {
  try {
    s.run();
  } catch (const Error& e) {
    if (e.code() == ErrorCode::already_exists) throw Error(ErrorCode::already_exists, what_exists);
    throw;
  }
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(const std::filesystem::path& path) : db_(path) {
    db_.exec("PRAGMA journal_mode = WAL");
    // NORMAL in WAL mode: a crash of the process never loses a commit; a power
    // loss may lose the last commits but never corrupts the database.
    db_.exec("PRAGMA synchronous = NORMAL");
    db_.exec("PRAGMA foreign_keys = ON");
    migrate();
  }

  Tenant default_tenant() override {
    Stmt s(db_, "SELECT id, name FROM tenants WHERE name = 'default'");
    if (!s.step()) throw Error(ErrorCode::corrupt, db_.path().string() + ": default tenant missing");
    return {s.int64(0), s.text(1)};
  }

  Tenant create_tenant(const std::string& name) override {
    Stmt s(db_, "INSERT INTO tenants (name) VALUES (?)");
    s.bind(1, name);
    insert_unique(s, "tenant \"" + name + "\" already exists");
    return {db_.last_insert_id(), name};
  }

  std::optional<Tenant> find_tenant(const std::string& name) override {
    Stmt s(db_, "SELECT id, name FROM tenants WHERE name = ?");
    s.bind(1, name);
    if (!s.step()) return std::nullopt;
    return Tenant{s.int64(0), s.text(1)};
  }

  std::vector<Tenant> list_tenants() override {
    Stmt s(db_, "SELECT id, name FROM tenants ORDER BY id");
    std::vector<Tenant> out;
    while (s.step()) out.push_back({s.int64(0), s.text(1)});
    return out;
  }

  KnowledgeBase create_kb(Id tenant_id, const std::string& name, const std::string& chunk_template,
                          const json& settings) override {
    Stmt s(db_,
           "INSERT INTO knowledge_bases (tenant_id, name, chunk_template, settings) VALUES (?, ?, ?, ?)");
    s.bind(1, tenant_id).bind(2, name).bind(3, chunk_template).bind(4, settings.dump());
    insert_unique(s, "knowledge base \"" + name + "\" already exists");
    return *find_kb(tenant_id, name);
  }

  std::optional<KnowledgeBase> find_kb(Id tenant_id, const std::string& name) override {
    Stmt s(db_, "SELECT " + std::string(kKbColumns) +
                    " FROM knowledge_bases k WHERE k.tenant_id = ? AND k.name = ?");
    s.bind(1, tenant_id).bind(2, name);
    if (!s.step()) return std::nullopt;
    return read_kb(s);
  }

  std::vector<KnowledgeBase> list_kbs(Id tenant_id) override {
    Stmt s(db_, "SELECT " + std::string(kKbColumns) +
                    " FROM knowledge_bases k WHERE k.tenant_id = ? ORDER BY k.name");
    s.bind(1, tenant_id);
    std::vector<KnowledgeBase> out;
    while (s.step()) out.push_back(read_kb(s));
    return out;
  }

  std::optional<KnowledgeBase> get_kb(Id tenant_id, Id kb_id) override {
    Stmt s(db_, "SELECT " + std::string(kKbColumns) +
                    " FROM knowledge_bases k WHERE k.tenant_id = ? AND k.id = ?");
    s.bind(1, tenant_id).bind(2, kb_id);
    if (!s.step()) return std::nullopt;
    return read_kb(s);
  }

  std::vector<KnowledgeBase> all_kbs() override {
    Stmt s(db_, "SELECT " + std::string(kKbColumns) + " FROM knowledge_bases k ORDER BY k.id");
    std::vector<KnowledgeBase> out;
    while (s.step()) out.push_back(read_kb(s));
    return out;
  }

  void delete_kb(Id tenant_id, Id kb_id) override {
    Transaction tx(db_);
    // Chunks first: a cascade through documents would visit every chunk twice.
    Stmt chunks(
        db_,
        "DELETE FROM chunks WHERE kb_id = (SELECT id FROM knowledge_bases WHERE id = ? AND tenant_id = ?)");
    chunks.bind(1, kb_id).bind(2, tenant_id).run();
    Stmt s(db_, "DELETE FROM knowledge_bases WHERE id = ? AND tenant_id = ?");
    s.bind(1, kb_id).bind(2, tenant_id).run();
    if (db_.changes() == 0)
      throw Error(ErrorCode::not_found, "knowledge base " + std::to_string(kb_id) + " not found");
    tx.commit();
  }

  std::optional<DocumentRecord> find_document(Id kb_id, const std::string& name) override {
    Stmt s(db_, "SELECT " + std::string(kDocColumns) + " FROM documents d WHERE d.kb_id = ? AND d.name = ?");
    s.bind(1, kb_id).bind(2, name);
    if (!s.step()) return std::nullopt;
    return read_document(s);
  }

  std::optional<DocumentRecord> get_document(Id tenant_id, Id document_id) override {
    Stmt s(
        db_,
        "SELECT " + std::string(kDocColumns) +
            " FROM documents d JOIN knowledge_bases k ON k.id = d.kb_id WHERE d.id = ? AND k.tenant_id = ?");
    s.bind(1, document_id).bind(2, tenant_id);
    if (!s.step()) return std::nullopt;
    return read_document(s);
  }

  std::vector<DocumentRecord> list_documents(Id kb_id) override {
    Stmt s(db_, "SELECT " + std::string(kDocColumns) + " FROM documents d WHERE d.kb_id = ? ORDER BY d.name");
    s.bind(1, kb_id);
    std::vector<DocumentRecord> out;
    while (s.step()) out.push_back(read_document(s));
    return out;
  }

  Id begin_document(const NewDocument& doc) override {
    Stmt s(db_,
           "INSERT INTO documents (kb_id, name, mime, size, sha256, status, metadata) "
           "VALUES (?, ?, ?, ?, ?, 'parsing', ?)");
    s.bind(1, doc.kb_id).bind(2, doc.name).bind(3, doc.mime).bind(4, doc.size).bind(5, doc.sha256);
    s.bind(6, doc.metadata.dump());
    insert_unique(s, doc.name + ": document already exists");
    return db_.last_insert_id();
  }

  void set_document_status(Id document_id, DocStatus status, const std::string& error) override {
    Stmt s(db_,
           "UPDATE documents SET status = ?, error = ?, updated_at = " + std::string(kNow) + " WHERE id = ?");
    s.bind(1, doc_status_name(status)).bind(2, error).bind(3, document_id).run();
  }

  nlohmann::json update_document_metadata(Id document_id, const nlohmann::json& patch) override {
    Transaction tx(db_);
    Stmt read(db_, "SELECT metadata FROM documents WHERE id = ?");
    read.bind(1, document_id);
    if (!read.step())
      throw Error(ErrorCode::not_found, "document " + std::to_string(document_id) + " not found");
    nlohmann::json metadata = parse_json_column(read, 0);
    metadata.merge_patch(patch);
    Stmt write(db_, "UPDATE documents SET metadata = ?, updated_at = " + std::string(kNow) + " WHERE id = ?");
    write.bind(1, metadata.dump()).bind(2, document_id).run();
    tx.commit();
    return metadata;
  }

  Id commit_document(const NewDocument& doc, const std::vector<NewChunk>& chunks) override {
    Transaction tx(db_);
    Stmt upsert(db_,
                "INSERT INTO documents (kb_id, name, mime, size, sha256, status, error, metadata) "
                "VALUES (?, ?, ?, ?, ?, 'indexing', '', ?) "
                "ON CONFLICT (kb_id, name) DO UPDATE SET mime = excluded.mime, size = excluded.size, "
                "sha256 = excluded.sha256, status = 'indexing', error = '', metadata = excluded.metadata, "
                "updated_at = " +
                    std::string(kNow) + " RETURNING id");
    upsert.bind(1, doc.kb_id).bind(2, doc.name).bind(3, doc.mime).bind(4, doc.size).bind(5, doc.sha256);
    upsert.bind(6, doc.metadata.dump());
    // A new version of a document that had chunks (not the queued or parsing
    // placeholder of a new one) makes the cross-document tree stale.
    bool replacing = false;
    if (doc.name != kRaptorDocument) {
      Stmt had(
          db_,
          "SELECT 1 FROM chunks WHERE document_id = (SELECT id FROM documents WHERE kb_id = ? AND name = ?) "
          "LIMIT 1");
      had.bind(1, doc.kb_id).bind(2, doc.name);
      replacing = had.step();
    }
    if (!upsert.step()) throw Error(ErrorCode::internal, doc.name + ": upsert returned no id");
    const Id document_id = upsert.int64(0);
    upsert.run();
    if (replacing) drop_raptor_tree(doc.kb_id);

    Stmt drop(db_, "DELETE FROM chunks WHERE document_id = ?");
    drop.bind(1, document_id).run();
    Stmt insert(
        db_,
        "INSERT INTO chunks (document_id, kb_id, ordinal, kind, text, positions, token_count, metadata) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    int64_t ordinal = 0;
    std::vector<Id> chunk_ids;
    chunk_ids.reserve(chunks.size());
    for (const auto& c : chunks) {
      insert.bind(1, document_id).bind(2, doc.kb_id).bind(3, ordinal++).bind(4, c.kind).bind(5, c.text);
      insert.bind(6, c.positions.dump()).bind(7, c.token_count).bind(8, c.metadata.dump());
      insert.run();
      insert.reset();
      chunk_ids.push_back(db_.last_insert_id());
    }
    sqlite::insert_chunk_embeddings(db_, doc.kb_id, document_id, doc.embedding_model, chunks, chunk_ids);
    Stmt unref(db_, "DELETE FROM document_blobs WHERE document_id = ?");
    unref.bind(1, document_id).run();
    if (auto it = doc.metadata.find("figure_blobs"); it != doc.metadata.end() && it->is_array()) {
      Stmt ref(db_, "INSERT OR IGNORE INTO document_blobs (document_id, sha256) VALUES (?, ?)");
      for (const auto& sha : *it) {
        if (!sha.is_string()) continue;
        ref.bind(1, document_id).bind(2, sha.get<std::string>());
        ref.run();
        ref.reset();
      }
    }
    record_index_op(doc.kb_id, document_id);
    tx.commit();
    return document_id;
  }

  QueuedIngest enqueue_ingest(const NewDocument& doc, const json& payload) override {
    Transaction tx(db_);
    QueuedIngest out;
    if (auto existing = find_document(doc.kb_id, doc.name)) {
      out.document_id = existing->id;
    } else {
      Stmt s(db_,
             "INSERT INTO documents (kb_id, name, mime, size, sha256, status, metadata) "
             "VALUES (?, ?, ?, ?, ?, 'queued', ?)");
      s.bind(1, doc.kb_id).bind(2, doc.name).bind(3, doc.mime).bind(4, doc.size).bind(5, doc.sha256);
      s.bind(6, doc.metadata.dump()).run();
      out.document_id = db_.last_insert_id();
      out.new_document = true;
    }
    json p = payload;
    p["document_id"] = out.document_id;
    out.job_id = sqlite::create_job(db_, doc.kb_id, "ingest", p);
    tx.commit();
    return out;
  }

  void delete_document(Id document_id) override {
    Transaction tx(db_);
    Stmt find(db_, "SELECT kb_id FROM documents WHERE id = ?");
    find.bind(1, document_id);
    if (!find.step())
      throw Error(ErrorCode::not_found, "document " + std::to_string(document_id) + " not found");
    const Id kb_id = find.int64(0);
    Stmt s(db_, "DELETE FROM documents WHERE id = ?");
    s.bind(1, document_id).run();
    record_index_op(kb_id, document_id);
    drop_raptor_tree(kb_id);  // a no-op when the deleted document was the tree itself
    tx.commit();
  }

  std::vector<Id> replace_summary_chunks(Id document_id, const std::vector<NewChunk>& chunks,
                                         const std::string& embedding_model) override {
    Transaction tx(db_);
    Stmt find(db_, "SELECT kb_id FROM documents WHERE id = ?");
    find.bind(1, document_id);
    if (!find.step())
      throw Error(ErrorCode::not_found, "document " + std::to_string(document_id) + " not found");
    const Id kb_id = find.int64(0);
    Stmt drop(db_, "DELETE FROM chunks WHERE document_id = ? AND kind = 'summary'");
    drop.bind(1, document_id).run();
    Stmt last(db_, "SELECT COALESCE(MAX(ordinal), -1) FROM chunks WHERE document_id = ?");
    last.bind(1, document_id);
    last.step();
    int64_t ordinal = last.int64(0) + 1;
    Stmt insert(
        db_,
        "INSERT INTO chunks (document_id, kb_id, ordinal, kind, text, positions, token_count, metadata) "
        "VALUES (?, ?, ?, 'summary', ?, ?, ?, ?)");
    std::vector<Id> ids;
    ids.reserve(chunks.size());
    for (const auto& c : chunks) {
      insert.bind(1, document_id)
          .bind(2, kb_id)
          .bind(3, ordinal++)
          .bind(4, c.text)
          .bind(5, c.positions.dump());
      insert.bind(6, c.token_count).bind(7, c.metadata.dump());
      insert.run();
      insert.reset();
      ids.push_back(db_.last_insert_id());
    }
    sqlite::insert_chunk_embeddings(db_, kb_id, document_id, embedding_model, chunks, ids);
    record_index_op(kb_id, document_id);
    tx.commit();
    return ids;
  }

  int64_t count_documents_with_sha(const std::string& sha256) override {
    Stmt s(db_,
           "SELECT (SELECT COUNT(*) FROM documents WHERE sha256 = ?1) + "
           "(SELECT COUNT(*) FROM document_blobs WHERE sha256 = ?1 AND document_id NOT IN "
           "(SELECT id FROM documents WHERE sha256 = ?1))");
    s.bind(1, sha256);
    s.step();
    return s.int64(0);
  }

  int64_t fail_interrupted_documents(const std::string& reason) override {
    Stmt s(db_, "UPDATE documents SET status = 'failed', error = ?, updated_at = " + std::string(kNow) +
                    " WHERE status = 'parsing'");
    s.bind(1, reason).run();
    return db_.changes();
  }

  std::vector<ChunkRecord> chunks_of_document(Id document_id) override {
    Stmt s(db_,
           "SELECT " + std::string(kChunkColumns) + " FROM chunks WHERE document_id = ? ORDER BY ordinal");
    s.bind(1, document_id);
    std::vector<ChunkRecord> out;
    while (s.step()) out.push_back(read_chunk(s));
    return out;
  }

  std::vector<ChunkRecord> get_chunks(const std::vector<Id>& ids) override {
    Stmt s(db_, "SELECT " + std::string(kChunkColumns) + " FROM chunks WHERE id = ?");
    std::vector<ChunkRecord> out;
    out.reserve(ids.size());
    for (Id id : ids) {
      s.bind(1, id);
      if (s.step()) out.push_back(read_chunk(s));
      s.reset();
    }
    return out;
  }

  int64_t count_chunks(Id kb_id) override {
    Stmt s(db_, "SELECT COUNT(*) FROM chunks WHERE kb_id = ?");
    s.bind(1, kb_id);
    s.step();
    return s.int64(0);
  }

  std::optional<ChunkRecord> get_chunk(Id tenant_id, Id chunk_id) override {
    Stmt s(db_,
           "SELECT " + std::string(kChunkColumns) +
               " FROM chunks WHERE id = ? AND kb_id IN (SELECT id FROM knowledge_bases WHERE tenant_id = ?)");
    s.bind(1, chunk_id).bind(2, tenant_id);
    if (!s.step()) return std::nullopt;
    return read_chunk(s);
  }

  void update_chunk_text(Id chunk_id, const std::string& text, int64_t token_count) override {
    change_chunk(
        chunk_id, "text = ?, token_count = ?", [&](Stmt& s) { s.bind(1, text).bind(2, token_count); }, 3);
  }

  void set_chunk_enabled(Id chunk_id, bool enabled) override {
    change_chunk(
        chunk_id, "enabled = ?", [&](Stmt& s) { s.bind(1, static_cast<int64_t>(enabled ? 1 : 0)); }, 2);
  }

  std::vector<Id> chunk_ids(Id kb_id) override {
    Stmt s(db_, "SELECT id FROM chunks WHERE kb_id = ? ORDER BY id");
    s.bind(1, kb_id);
    std::vector<Id> out;
    while (s.step()) out.push_back(s.int64(0));
    return out;
  }

  std::vector<IndexOp> pending_index_ops(Id kb_id, size_t limit) override {
    Stmt s(db_, "SELECT id, kb_id, document_id FROM index_ops WHERE kb_id = ? ORDER BY id LIMIT ?");
    s.bind(1, kb_id).bind(2, static_cast<int64_t>(limit));
    std::vector<IndexOp> out;
    while (s.step()) out.push_back({s.int64(0), s.int64(1), s.int64(2)});
    return out;
  }

  void complete_index_ops(const std::vector<IndexOp>& ops) override {
    Transaction tx(db_);
    Stmt drop(db_, "DELETE FROM index_ops WHERE id = ?");
    for (const auto& op : ops) {
      drop.bind(1, op.id).run();
      drop.reset();
    }
    Stmt done(db_, "UPDATE documents SET status = 'done', updated_at = " + std::string(kNow) +
                       " WHERE id = ? AND status = 'indexing' "
                       "AND NOT EXISTS (SELECT 1 FROM index_ops o WHERE o.document_id = documents.id)");
    for (const auto& op : ops) {
      done.bind(1, op.document_id).run();
      done.reset();
    }
    tx.commit();
  }

  Id create_job(Id kb_id, const std::string& kind, const json& payload) override {
    return sqlite::create_job(db_, kb_id, kind, payload);
  }
  void update_job(Id job_id, const std::string& status, double progress, const std::string& error) override {
    sqlite::update_job(db_, job_id, status, progress, error);
  }
  std::optional<Job> get_job(Id job_id) override { return sqlite::get_job(db_, job_id); }
  std::optional<Job> find_job(Id tenant_id, Id job_id) override {
    return sqlite::find_job(db_, tenant_id, job_id);
  }
  std::vector<Job> list_jobs(Id kb_id, size_t limit) override { return sqlite::list_jobs(db_, kb_id, limit); }
  std::optional<Job> claim_job(const std::string& kind, const JobLease& lease) override {
    return sqlite::claim_job(db_, kind, lease);
  }
  bool heartbeat_job(Id job_id, const std::string& worker, double lease_seconds) override {
    return sqlite::heartbeat_job(db_, job_id, worker, lease_seconds);
  }
  bool retry_job(Id job_id, const std::string& worker, const std::string& error, double backoff_seconds,
                 int64_t max_attempts) override {
    return sqlite::retry_job(db_, job_id, worker, error, backoff_seconds, max_attempts);
  }
  void set_job_stage(Id job_id, const std::string& stage, double progress) override {
    sqlite::set_job_stage(db_, job_id, stage, progress);
  }
  int64_t count_jobs(const std::string& status) override { return sqlite::count_jobs(db_, status); }
  std::pair<int64_t, int64_t> recover_interrupted_jobs(int64_t max_attempts,
                                                       const std::string& reason) override {
    return sqlite::recover_interrupted_jobs(db_, max_attempts, reason);
  }

  ApiKey create_api_key(const ApiKey& key) override { return sqlite::create_api_key(db_, key); }
  std::optional<ApiKey> find_api_key(const std::string& prefix) override {
    return sqlite::find_api_key(db_, prefix);
  }
  std::vector<ApiKey> list_api_keys() override { return sqlite::list_api_keys(db_); }
  void revoke_api_key(Id key_id) override { sqlite::revoke_api_key(db_, key_id); }
  int64_t count_active_api_keys() override { return sqlite::count_active_api_keys(db_); }

  Session create_session(Id tenant_id, Id kb_id, const std::string& title) override {
    return sqlite::create_session(db_, tenant_id, kb_id, title);
  }
  std::optional<Session> get_session(Id tenant_id, Id session_id) override {
    return sqlite::get_session(db_, tenant_id, session_id);
  }
  std::vector<Session> list_sessions(Id tenant_id) override { return sqlite::list_sessions(db_, tenant_id); }
  void delete_session(Id tenant_id, Id session_id) override {
    sqlite::delete_session(db_, tenant_id, session_id);
  }
  Message add_message(Id session_id, const std::string& role, const std::string& content,
                      const json& citations) override {
    return sqlite::add_message(db_, session_id, role, content, citations);
  }
  std::vector<Message> list_messages(Id session_id) override {
    return sqlite::list_messages(db_, session_id);
  }

  std::vector<ChunkEmbedding> document_embeddings(Id document_id, const std::string& model) override {
    return sqlite::select_document_embeddings(db_, document_id, model);
  }
  std::vector<ChunkEmbedding> kb_embeddings(Id kb_id, const std::string& model, Id after,
                                            size_t limit) override {
    return sqlite::select_kb_embeddings(db_, kb_id, model, after, limit);
  }
  EmbeddingFingerprint embedding_fingerprint(Id kb_id, const std::string& model) override {
    return sqlite::kb_embedding_fingerprint(db_, kb_id, model);
  }
  std::vector<std::vector<float>> cached_embeddings(const std::string& model,
                                                    const std::vector<std::string>& shas) override {
    return sqlite::select_cached(db_, model, shas);
  }
  void cache_embeddings(const std::string& model,
                        const std::vector<std::pair<std::string, std::vector<float>>>& entries) override {
    Transaction tx(db_);
    sqlite::insert_cached(db_, model, entries);
    tx.commit();
  }
  void adopt_cached_embeddings(Id kb_id, const std::string& model, const json& settings) override {
    Transaction tx(db_);
    sqlite::adopt_cached(db_, kb_id, model);
    write_kb_settings(kb_id, settings);
    tx.commit();
  }
  void set_kb_settings(Id kb_id, const json& settings) override {
    Transaction tx(db_);
    write_kb_settings(kb_id, settings);
    tx.commit();
  }

 private:
  void write_kb_settings(Id kb_id, const json& settings) {
    Stmt s(db_, "UPDATE knowledge_bases SET settings = ? WHERE id = ?");
    s.bind(1, settings.dump()).bind(2, kb_id).run();
    if (db_.changes() == 0)
      throw Error(ErrorCode::not_found, "knowledge base " + std::to_string(kb_id) + " not found");
  }

  void migrate() {
    db_.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    int64_t version = 0;
    {
      Stmt s(db_, "SELECT version FROM schema_version");
      if (s.step()) version = s.int64(0);
    }
    const auto& all = sqlite::migrations();
    if (version > static_cast<int64_t>(all.size()))
      throw Error(ErrorCode::corrupt, db_.path().string() + ": schema version " + std::to_string(version) +
                                          " is newer than this lore binary understands (" +
                                          std::to_string(all.size()) + "); upgrade lore");
    for (auto v = static_cast<size_t>(version); v < all.size(); ++v) {
      Transaction tx(db_);
      db_.exec(all[v]);
      db_.exec("DELETE FROM schema_version");
      Stmt s(db_, "INSERT INTO schema_version (version) VALUES (?)");
      s.bind(1, static_cast<int64_t>(v + 1)).run();
      tx.commit();
    }
  }

  // Updates one chunk (`set` binds parameters 1..id_param-1) and records an
  // IndexOp for its document, in one transaction.
  template <typename Bind>
  void change_chunk(Id chunk_id, std::string_view set, Bind bind, int id_param) {
    Transaction tx(db_);
    Stmt find(db_, "SELECT kb_id, document_id FROM chunks WHERE id = ?");
    find.bind(1, chunk_id);
    if (!find.step()) throw Error(ErrorCode::not_found, "chunk " + std::to_string(chunk_id) + " not found");
    const Id kb_id = find.int64(0), document_id = find.int64(1);
    Stmt s(db_, "UPDATE chunks SET " + std::string(set) + " WHERE id = ?");
    bind(s);
    s.bind(id_param, chunk_id).run();
    record_index_op(kb_id, document_id);
    tx.commit();
  }

  // Deletes the knowledge base's cross-document RAPTOR tree, if any (caller
  // holds the transaction).
  void drop_raptor_tree(Id kb_id) {
    Stmt s(db_, "DELETE FROM documents WHERE kb_id = ? AND name = ? RETURNING id");
    s.bind(1, kb_id).bind(2, std::string(kRaptorDocument));
    std::vector<Id> dropped;
    while (s.step()) dropped.push_back(s.int64(0));
    for (Id id : dropped) record_index_op(kb_id, id);
  }

  void record_index_op(Id kb_id, Id document_id) {
    Stmt s(db_, "INSERT INTO index_ops (kb_id, document_id) VALUES (?, ?)");
    s.bind(1, kb_id).bind(2, document_id).run();
  }

  Db db_;
};

}  // namespace

std::unique_ptr<Store> open_store(const std::filesystem::path& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) throw Error(ErrorCode::io, data_dir.string() + ": cannot create data directory: " + ec.message());
  return std::make_unique<SqliteStore>(data_dir / "lore.db");
}

}  // namespace lore::store
