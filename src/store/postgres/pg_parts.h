// The PostgreSQL Store's statements, as functions over one open transaction
// (PgDb::run owns it). Private to src/store/postgres: PgStore (pg_store.cpp)
// delegates to them. Same semantics as the SQLite store's statements.
//
// Batches travel as one JSONB parameter (jsonb_array_elements) so a document
// of a thousand chunks is one round trip; vectors inside them are hex of the
// float32 bytes, decoded by the server into BYTEA.
#pragma once

#include <pqxx/pqxx>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace lore::store::postgres {

using Tx = pqxx::work;

// --- rows (pg_rows.cpp)
// A JSONB column (or NULL, read as `fallback`).
nlohmann::json json_field(const pqxx::field& f, const nlohmann::json& fallback = nlohmann::json::object());
std::vector<float> vector_field(const pqxx::field& f);  // BYTEA float32
std::string vector_hex(const std::vector<float>& v);
// "[1,2,3]" for `col IN (SELECT jsonb_array_elements_text($n::jsonb)::bigint)`.
std::string id_list(const std::vector<Id>& ids);

extern const std::string kKbColumns;  // FROM knowledge_bases k
KnowledgeBase read_kb(const pqxx::row& r);
extern const std::string kDocColumns;  // FROM documents d
DocumentRecord read_document(const pqxx::row& r);
extern const std::string kChunkColumns;  // FROM chunks
ChunkRecord read_chunk(const pqxx::row& r);
extern const std::string kJobColumns;  // FROM jobs j
Job read_job(const pqxx::row& r);

// --- documents and their chunks (pg_documents.cpp)
Id commit_document(Tx& tx, const NewDocument& doc, const std::vector<NewChunk>& chunks);
QueuedIngest enqueue_ingest(Tx& tx, const NewDocument& doc, const nlohmann::json& payload);
void delete_document(Tx& tx, Id document_id);
std::vector<Id> replace_summary_chunks(Tx& tx, Id document_id, const std::vector<NewChunk>& chunks,
                                       const std::string& embedding_model);
nlohmann::json update_document_metadata(Tx& tx, Id document_id, const nlohmann::json& patch);
void record_index_op(Tx& tx, Id kb_id, Id document_id);
void complete_index_ops(Tx& tx, const std::vector<IndexOp>& ops);

// --- embeddings (pg_embeddings.cpp)
void insert_chunk_embeddings(Tx& tx, Id kb_id, Id document_id, const std::string& model,
                             const std::vector<NewChunk>& chunks, const std::vector<Id>& chunk_ids);
std::vector<ChunkEmbedding> select_document_embeddings(Tx& tx, Id document_id, const std::string& model);
std::vector<ChunkEmbedding> select_kb_embeddings(Tx& tx, Id kb_id, const std::string& model, Id after,
                                                 size_t limit);
EmbeddingFingerprint kb_embedding_fingerprint(Tx& tx, Id kb_id, const std::string& model);
std::vector<std::vector<float>> select_cached(Tx& tx, const std::string& model,
                                              const std::vector<std::string>& shas);
void insert_cached(Tx& tx, const std::string& model,
                   const std::vector<std::pair<std::string, std::vector<float>>>& entries);
void adopt_cached(Tx& tx, Id kb_id, const std::string& model);

// --- jobs (pg_jobs.cpp)
Id create_job(Tx& tx, Id kb_id, const std::string& kind, const nlohmann::json& payload);
void update_job(Tx& tx, Id job_id, const std::string& status, double progress, const std::string& error);
std::optional<Job> get_job(Tx& tx, Id job_id);
std::optional<Job> find_job(Tx& tx, Id tenant_id, Id job_id);
std::vector<Job> list_jobs(Tx& tx, Id kb_id, size_t limit);
std::optional<Job> claim_job(Tx& tx, const std::string& kind);
void set_job_stage(Tx& tx, Id job_id, const std::string& stage, double progress);
int64_t count_jobs(Tx& tx, const std::string& status);
std::pair<int64_t, int64_t> recover_interrupted_jobs(Tx& tx, int64_t max_attempts, const std::string& reason);

// --- API keys, sessions and messages (pg_sessions.cpp)
ApiKey create_api_key(Tx& tx, const ApiKey& key);
std::optional<ApiKey> find_api_key(Tx& tx, const std::string& prefix);
std::vector<ApiKey> list_api_keys(Tx& tx);
void revoke_api_key(Tx& tx, Id key_id);
int64_t count_active_api_keys(Tx& tx);
Session create_session(Tx& tx, Id tenant_id, Id kb_id, const std::string& title);
std::optional<Session> get_session(Tx& tx, Id tenant_id, Id session_id);
std::vector<Session> list_sessions(Tx& tx, Id tenant_id);
void delete_session(Tx& tx, Id tenant_id, Id session_id);
Message add_message(Tx& tx, Id session_id, const std::string& role, const std::string& content,
                    const nlohmann::json& citations);
std::vector<Message> list_messages(Tx& tx, Id session_id);

}  // namespace lore::store::postgres
