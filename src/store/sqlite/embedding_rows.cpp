#include "store/sqlite/embedding_rows.h"

#include <cstring>

#include "core/error.h"
#include "core/hash.h"

namespace lore::store::sqlite {
namespace {

std::vector<float> decode(std::string_view blob) {
  std::vector<float> v(blob.size() / sizeof(float));
  if (!v.empty()) std::memcpy(v.data(), blob.data(), v.size() * sizeof(float));
  return v;
}

void bind_vector(Stmt& s, int i, const std::vector<float>& v) {
  s.bind_blob(i, v.data(), v.size() * sizeof(float));
}

std::vector<ChunkEmbedding> read_rows(Stmt& s) {
  std::vector<ChunkEmbedding> out;
  while (s.step()) out.push_back({s.int64(0), s.int64(1), decode(s.blob(2))});
  return out;
}

}  // namespace

void insert_chunk_embeddings(Db& db, Id kb_id, Id document_id, const std::string& model,
                             const std::vector<NewChunk>& chunks, const std::vector<Id>& chunk_ids) {
  Stmt row(db,
           "INSERT OR REPLACE INTO chunk_embeddings (chunk_id, kb_id, document_id, model, vector) "
           "VALUES (?, ?, ?, ?, ?)");
  Stmt cache(db, "INSERT OR IGNORE INTO embedding_cache (model, text_sha256, vector) VALUES (?, ?, ?)");
  for (size_t i = 0; i < chunks.size(); ++i) {
    const auto& v = chunks[i].embedding;
    if (v.empty()) continue;
    if (model.empty()) throw Error(ErrorCode::internal, "chunk embeddings without a model id");
    row.bind(1, chunk_ids[i]).bind(2, kb_id).bind(3, document_id).bind(4, model);
    bind_vector(row, 5, v);
    row.run();
    row.reset();
    cache.bind(1, model).bind(2, sha256_hex(chunks[i].text));
    bind_vector(cache, 3, v);
    cache.run();
    cache.reset();
  }
}

std::vector<ChunkEmbedding> select_document_embeddings(Db& db, Id document_id, const std::string& model) {
  Stmt s(
      db,
      "SELECT e.chunk_id, e.document_id, e.vector FROM chunk_embeddings e JOIN chunks c ON c.id = e.chunk_id "
      "WHERE e.document_id = ? AND e.model = ? AND c.enabled = 1 ORDER BY e.chunk_id");
  s.bind(1, document_id).bind(2, model);
  return read_rows(s);
}

std::vector<ChunkEmbedding> select_kb_embeddings(Db& db, Id kb_id, const std::string& model, Id after,
                                                 size_t limit) {
  Stmt s(
      db,
      "SELECT e.chunk_id, e.document_id, e.vector FROM chunk_embeddings e JOIN chunks c ON c.id = e.chunk_id "
      "WHERE e.kb_id = ? AND e.model = ? AND e.chunk_id > ? AND c.enabled = 1 ORDER BY e.chunk_id LIMIT ?");
  s.bind(1, kb_id).bind(2, model).bind(3, after).bind(4, static_cast<int64_t>(limit));
  return read_rows(s);
}

EmbeddingFingerprint kb_embedding_fingerprint(Db& db, Id kb_id, const std::string& model) {
  Stmt s(db,
         "SELECT COUNT(*), COALESCE(SUM(e.chunk_id), 0) FROM chunk_embeddings e JOIN chunks c ON c.id = "
         "e.chunk_id "
         "WHERE e.kb_id = ? AND e.model = ? AND c.enabled = 1");
  s.bind(1, kb_id).bind(2, model);
  s.step();
  return {s.int64(0), s.int64(1)};
}

std::vector<std::vector<float>> select_cached(Db& db, const std::string& model,
                                              const std::vector<std::string>& shas) {
  std::vector<std::vector<float>> out(shas.size());
  Stmt s(db, "SELECT vector FROM embedding_cache WHERE model = ? AND text_sha256 = ?");
  for (size_t i = 0; i < shas.size(); ++i) {
    s.bind(1, model).bind(2, shas[i]);
    if (s.step()) out[i] = decode(s.blob(0));
    s.reset();
  }
  return out;
}

void insert_cached(Db& db, const std::string& model,
                   const std::vector<std::pair<std::string, std::vector<float>>>& entries) {
  Stmt s(db, "INSERT OR REPLACE INTO embedding_cache (model, text_sha256, vector) VALUES (?, ?, ?)");
  for (const auto& [sha, v] : entries) {
    s.bind(1, model).bind(2, sha);
    bind_vector(s, 3, v);
    s.run();
    s.reset();
  }
}

void adopt_cached(Db& db, Id kb_id, const std::string& model) {
  Stmt drop(db, "DELETE FROM chunk_embeddings WHERE kb_id = ?");
  drop.bind(1, kb_id).run();
  Stmt chunks(db, "SELECT id, document_id, text FROM chunks WHERE kb_id = ? ORDER BY id");
  chunks.bind(1, kb_id);
  Stmt cached(db, "SELECT vector FROM embedding_cache WHERE model = ? AND text_sha256 = ?");
  Stmt insert(
      db,
      "INSERT INTO chunk_embeddings (chunk_id, kb_id, document_id, model, vector) VALUES (?, ?, ?, ?, ?)");
  while (chunks.step()) {
    const Id chunk_id = chunks.int64(0);
    cached.bind(1, model).bind(2, sha256_hex(chunks.text(2)));
    if (!cached.step())
      throw Error(ErrorCode::internal,
                  "chunk " + std::to_string(chunk_id) + " has no cached embedding for " + model);
    insert.bind(1, chunk_id).bind(2, kb_id).bind(3, chunks.int64(1)).bind(4, model);
    const auto blob = cached.blob(0);
    insert.bind_blob(5, blob.data(), blob.size());
    insert.run();
    insert.reset();
    cached.reset();
  }
}

}  // namespace lore::store::sqlite
