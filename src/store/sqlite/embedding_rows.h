// The embedding tables of the SQLite store (chunk_embeddings,
// embedding_cache), kept apart from sqlite_store.cpp. Callers own the
// transaction where one is needed.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace lore::store::sqlite {

// Stores the chunks' embeddings (in `chunks` order, ids in `chunk_ids`) and
// caches them by text hash. Chunks without an embedding are skipped.
void insert_chunk_embeddings(Db& db, Id kb_id, Id document_id, const std::string& model,
                             const std::vector<NewChunk>& chunks, const std::vector<Id>& chunk_ids);
std::vector<ChunkEmbedding> select_document_embeddings(Db& db, Id document_id, const std::string& model);
std::vector<ChunkEmbedding> select_kb_embeddings(Db& db, Id kb_id, const std::string& model, Id after,
                                                 size_t limit);
EmbeddingFingerprint kb_embedding_fingerprint(Db& db, Id kb_id, const std::string& model);
std::vector<std::vector<float>> select_cached(Db& db, const std::string& model,
                                              const std::vector<std::string>& shas);
void insert_cached(Db& db, const std::string& model,
                   const std::vector<std::pair<std::string, std::vector<float>>>& entries);
// Replaces every chunk embedding of the kb with cached vectors (no transaction).
void adopt_cached(Db& db, Id kb_id, const std::string& model);

}  // namespace lore::store::sqlite
