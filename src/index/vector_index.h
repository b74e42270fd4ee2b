// VectorIndex: nearest-neighbour search over the chunk vectors of one
// knowledge base, by cosine similarity (vectors are L2-normalised on the way
// in, and search is by inner product).
//
// The embedded implementation is hnswlib (index/hnsw), chosen over FAISS
// (static-only in Debian, OpenMP) by measurement: see bench/vector_bench.cpp.
// Below `exact_threshold` live vectors — and whenever a document filter
// leaves fewer candidates than that — search is exact (brute force), so small
// knowledge bases lose nothing to approximation.
//
// Like the text index it is derived data: the store (chunk_embeddings) is
// the source of truth and the workspace rebuilds the index when it is
// missing, unreadable, for another model, or holds a different number of
// vectors than the store.
//
// Persistence: save() writes a new generation of files and then switches
// the CURRENT pointer with an atomic rename, so a crash leaves either the
// old or the new index, never a torn one.
//
// Thread-safety: search() may run concurrently with other searches; writes
// (add, remove_document, save) need exclusive access.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lore::index {

struct VectorHit {
  int64_t chunk_id = 0;
  int64_t document_id = 0;
  double similarity = 0;  // cosine, in [-1, 1]
};

struct VectorIndexOptions {
  size_t dimensions = 0;           // required
  std::string model;               // embedding model id the vectors come from
  size_t exact_threshold = 10000;  // brute force at or below this many live vectors
  size_t m = 16;                   // HNSW graph degree
  size_t ef_construction = 200;
  size_t ef_search = 128;  // recall@10 >= 0.95 (bench/vector_bench.cpp)
};

class VectorIndex {
 public:
  virtual ~VectorIndex() = default;
  // Adds or replaces the vector of a chunk. Error{invalid_argument} on a
  // wrong dimension or a zero vector.
  virtual void add(int64_t chunk_id, int64_t document_id, const std::vector<float>& vector) = 0;
  virtual void remove_document(int64_t document_id) = 0;
  virtual void clear() = 0;
  // Writes the index under its directory (atomic, see above).
  virtual void save() = 0;
  // Up to k hits, most similar first, restricted to `document_ids` when non-empty.
  virtual std::vector<VectorHit> search(const std::vector<float>& query, size_t k,
                                        const std::vector<int64_t>& document_ids = {}) const = 0;
  virtual size_t size() const = 0;  // live vectors
  // Sum of the live chunk ids: with size(), what the workspace compares with
  // the store's embedding fingerprint to detect a stale index.
  virtual int64_t chunk_id_sum() const = 0;
  virtual const VectorIndexOptions& options() const = 0;
};

// Opens the index saved in `dir` if there is one for options.model and
// options.dimensions; otherwise returns an empty index (loaded() false).
// A damaged saved index is treated as missing (logged), since it can be
// rebuilt from the store.
struct OpenedVectorIndex {
  std::unique_ptr<VectorIndex> index;
  bool loaded = false;
};
OpenedVectorIndex open_vector_index(const std::filesystem::path& dir, const VectorIndexOptions& options);

// L2-normalises in place; false for a zero (or non-finite) vector.
bool normalize(std::vector<float>& v);

}  // namespace lore::index
