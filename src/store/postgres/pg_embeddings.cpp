// Chunk embeddings and the embedding cache of the PostgreSQL Store
// (BYTEA float32 vectors, the same bytes as the SQLite store's BLOBs).
#include <map>
#include <unordered_map>

#include "core/error.h"
#include "core/hash.h"
#include "store/postgres/pg_db.h"
#include "store/postgres/pg_parts.h"

namespace lore::store::postgres {

namespace {

using nlohmann::json;

// The server-side sha256_hex() of a chunk's text (core/hash.h hashes the UTF-8 bytes).
constexpr std::string_view kTextSha = "encode(sha256(convert_to(c.text, 'UTF8')), 'hex')";

std::vector<ChunkEmbedding> read_rows(const pqxx::result& r) {
  std::vector<ChunkEmbedding> out;
  out.reserve(r.size());
  for (const auto& row : r) out.push_back({row[0].as<int64_t>(), row[1].as<int64_t>(), vector_field(row[2])});
  return out;
}

}  // namespace

void insert_chunk_embeddings(Tx& tx, Id kb_id, Id document_id, const std::string& model,
                             const std::vector<NewChunk>& chunks, const std::vector<Id>& chunk_ids) {
  json rows = json::array();
  for (size_t i = 0; i < chunks.size(); ++i) {
    const auto& v = chunks[i].embedding;
    if (v.empty()) continue;
    if (model.empty()) throw Error(ErrorCode::internal, "chunk embeddings without a model id");
    rows.push_back({{"id", chunk_ids[i]}, {"sha", sha256_hex(chunks[i].text)}, {"v", vector_hex(v)}});
  }
  if (rows.empty()) return;
  // The cache keeps the first vector of a text (like INSERT OR IGNORE).
  tx.exec_params(
      "WITH e AS (SELECT (x->>'id')::bigint AS chunk_id, x->>'sha' AS sha, decode(x->>'v', 'hex') AS v "
      "           FROM jsonb_array_elements($4::jsonb) x), "
      "rows AS (INSERT INTO chunk_embeddings (chunk_id, kb_id, document_id, model, vector) "
      "         SELECT chunk_id, $1, $2, $3, v FROM e ON CONFLICT (chunk_id) DO UPDATE SET "
      "         kb_id = excluded.kb_id, document_id = excluded.document_id, model = excluded.model, "
      "         vector = excluded.vector) "
      "INSERT INTO embedding_cache (model, text_sha256, vector) "
      "SELECT DISTINCT ON (sha) $3, sha, v FROM e ON CONFLICT DO NOTHING",
      kb_id, document_id, model, rows.dump());
}

std::vector<ChunkEmbedding> select_document_embeddings(Tx& tx, Id document_id, const std::string& model) {
  return read_rows(tx.exec_params(
      "SELECT e.chunk_id, e.document_id, e.vector FROM chunk_embeddings e JOIN chunks c ON c.id = e.chunk_id "
      "WHERE e.document_id = $1 AND e.model = $2 AND c.enabled ORDER BY e.chunk_id",
      document_id, model));
}

std::vector<ChunkEmbedding> select_kb_embeddings(Tx& tx, Id kb_id, const std::string& model, Id after,
                                                 size_t limit) {
  return read_rows(tx.exec_params(
      "SELECT e.chunk_id, e.document_id, e.vector FROM chunk_embeddings e JOIN chunks c ON c.id = e.chunk_id "
      "WHERE e.kb_id = $1 AND e.model = $2 AND e.chunk_id > $3 AND c.enabled ORDER BY e.chunk_id LIMIT $4",
      kb_id, model, after, static_cast<int64_t>(limit)));
}

EmbeddingFingerprint kb_embedding_fingerprint(Tx& tx, Id kb_id, const std::string& model) {
  const auto r = tx.exec_params(
      "SELECT COUNT(*), COALESCE(SUM(e.chunk_id), 0) FROM chunk_embeddings e JOIN chunks c ON c.id = "
      "e.chunk_id "
      "WHERE e.kb_id = $1 AND e.model = $2 AND c.enabled",
      kb_id, model);
  return {r[0][0].as<int64_t>(), r[0][1].as<int64_t>()};
}

std::vector<std::vector<float>> select_cached(Tx& tx, const std::string& model,
                                              const std::vector<std::string>& shas) {
  std::vector<std::vector<float>> out(shas.size());
  if (shas.empty()) return out;
  const auto r = tx.exec_params(
      "SELECT text_sha256, vector FROM embedding_cache "
      "WHERE model = $1 AND text_sha256 IN (SELECT jsonb_array_elements_text($2::jsonb))",
      model, json(shas).dump());
  std::unordered_map<std::string, std::vector<float>> found;
  for (const auto& row : r) found.emplace(row[0].c_str(), vector_field(row[1]));
  for (size_t i = 0; i < shas.size(); ++i)
    if (auto it = found.find(shas[i]); it != found.end()) out[i] = it->second;
  return out;
}

void insert_cached(Tx& tx, const std::string& model,
                   const std::vector<std::pair<std::string, std::vector<float>>>& entries) {
  // The last vector of a text wins (like INSERT OR REPLACE); one statement
  // may not update a row twice, hence the map.
  std::map<std::string, const std::vector<float>*> last;
  for (const auto& [sha, v] : entries) last[sha] = &v;
  if (last.empty()) return;
  json rows = json::array();
  for (const auto& [sha, v] : last) rows.push_back({{"sha", sha}, {"v", vector_hex(*v)}});
  tx.exec_params(
      "INSERT INTO embedding_cache (model, text_sha256, vector) "
      "SELECT $1, x->>'sha', decode(x->>'v', 'hex') FROM jsonb_array_elements($2::jsonb) x "
      "ON CONFLICT (model, text_sha256) DO UPDATE SET vector = excluded.vector",
      model, rows.dump());
}

void adopt_cached(Tx& tx, Id kb_id, const std::string& model) {
  const auto missing = tx.exec_params(
      "SELECT c.id FROM chunks c WHERE c.kb_id = $1 AND NOT EXISTS (SELECT 1 FROM embedding_cache ec "
      "WHERE ec.model = $2 AND ec.text_sha256 = " +
          std::string(kTextSha) + ") ORDER BY c.id LIMIT 1",
      kb_id, model);
  if (!missing.empty())
    throw Error(ErrorCode::internal,
                "chunk " + std::string(missing[0][0].c_str()) + " has no cached embedding for " + model);
  tx.exec_params("DELETE FROM chunk_embeddings WHERE kb_id = $1", kb_id);
  tx.exec_params(
      "INSERT INTO chunk_embeddings (chunk_id, kb_id, document_id, model, vector) "
      "SELECT c.id, c.kb_id, c.document_id, $2, ec.vector FROM chunks c JOIN embedding_cache ec "
      "ON ec.model = $2 AND ec.text_sha256 = " +
          std::string(kTextSha) + " WHERE c.kb_id = $1",
      kb_id, model);
}

}  // namespace lore::store::postgres
