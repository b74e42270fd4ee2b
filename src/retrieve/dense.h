// DenseRetriever: the vector side of hybrid search. Implementations: a
// provider embedding model + the knowledge base's VectorIndex, or a built-in
// corpus-trained representation (no server). The retrieval pipeline
// (retrieve.h) fuses its candidates with BM25's.
//
// Contract: search() returns up to k chunk ids of this knowledge base with a
// similarity (higher is closer; cosine in [-1, 1] for normalised vectors),
// best first, restricted to `document_ids` when non-empty.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lore::retrieve {

struct DenseHit {
  int64_t chunk_id = 0;
  int64_t document_id = 0;
  double similarity = 0;
};

class DenseRetriever {
 public:
  virtual ~DenseRetriever() = default;
  virtual std::vector<DenseHit> search(const std::string& query, size_t k,
                                       const std::vector<int64_t>& document_ids) = 0;
  virtual std::string id() const = 0;
};

}  // namespace lore::retrieve
