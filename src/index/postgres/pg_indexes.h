// The PostgreSQL implementations of TextIndex and VectorIndex, for several
// `lore serve` nodes sharing one database (ARCHITECTURE.md, Scale-out).
//
// Text: postings (kb_id, term, chunk_id, tf, positions) of the embedded
// index's own analysis (index/xapian's TermGenerator setup, so terms, wdfs
// and document lengths are identical), and BM25 computed in SQL with the
// formula and parameters of the Xapian index: for the same chunks and query
// both give the same scores. Writes are buffered and applied in one
// transaction by commit(), under per-document advisory locks, so two nodes
// re-indexing the same document never leave duplicate rows. revision() is a
// per-knowledge-base counter bumped by every commit that changed something.
//
// Vectors: one pgvector table per (knowledge base, model, dimensions) with an
// HNSW index (vector_ip_ops on L2-normalised vectors); search is exact at or
// below exact_threshold rows and when a document filter leaves at most that
// many candidates, otherwise HNSW with hnsw.ef_search and, under a filter,
// pgvector's iterative scan. Writes are buffered until save(), which commits
// them in one transaction.
//
// Both create their tables on first open (idempotent, under an advisory
// lock). Errors: Error{io} naming the index and the redacted URL.
// Thread-safety: each object holds one connection and serialises calls.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "index/text_index.h"
#include "index/vector_index.h"

namespace lore::index {

// `url`: a libpq connection string or URI ("postgresql://user@host/db").
std::unique_ptr<TextIndex> open_pg_text_index(const std::string& url, int64_t kb_id, OpenMode mode);

// Same contract as open_vector_index: loaded is true when a table for
// options.model and options.dimensions already existed.
OpenedVectorIndex open_pg_vector_index(const std::string& url, int64_t kb_id,
                                       const VectorIndexOptions& options);

// Removes everything both indexes hold for the knowledge base (its text
// postings and statistics, its vector tables). Used when a knowledge base is
// deleted.
void drop_pg_indexes(const std::string& url, int64_t kb_id);

}  // namespace lore::index
