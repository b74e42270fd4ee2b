// HnswVectorIndex: VectorIndex on hnswlib (inner product over normalised
// vectors), with an exact path for small sets and document filters.
//
// Files in the index directory (generation N):
//   CURRENT         "N" — which generation is live (switched by atomic rename)
//   gen-N.meta      JSON {model, dimensions, count}
//   gen-N.hnsw      hnswlib's saveIndex() output
//   gen-N.map       live (chunk id, document id) pairs, int64 little-endian
// Labels in the graph are chunk ids (never reused by the store); removed
// chunks are markDelete()d, and the graph is compacted on save once deleted
// points outnumber live ones.
#pragma once

#include <memory>
#include <unordered_map>

#include "index/vector_index.h"

namespace hnswlib {
template <typename T>
class HierarchicalNSW;
class InnerProductSpace;
}  // namespace hnswlib

namespace lore::index {

class HnswVectorIndex final : public VectorIndex {
 public:
  HnswVectorIndex(std::filesystem::path dir, VectorIndexOptions options);
  ~HnswVectorIndex() override;

  // Loads generation CURRENT; false (index left empty) when there is none or
  // it is for another model/dimension. Throws on a damaged index.
  bool load();

  void add(int64_t chunk_id, int64_t document_id, const std::vector<float>& vector) override;
  void remove_document(int64_t document_id) override;
  void clear() override;
  void save() override;
  std::vector<VectorHit> search(const std::vector<float>& query, size_t k,
                                const std::vector<int64_t>& document_ids) const override;
  size_t size() const override { return doc_of_.size(); }
  int64_t chunk_id_sum() const override;
  const VectorIndexOptions& options() const override { return options_; }

 private:
  void reset_graph(size_t capacity);
  void compact();
  // Exact top-k over the given labels (all live ones when `labels` is null).
  std::vector<VectorHit> exact(const float* q, size_t k, const std::vector<int64_t>* labels) const;
  std::vector<VectorHit> approximate(const float* q, size_t k,
                                     const std::vector<int64_t>& document_ids) const;

  std::filesystem::path dir_;
  VectorIndexOptions options_;
  std::unique_ptr<hnswlib::InnerProductSpace> space_;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> graph_;
  std::unordered_map<int64_t, int64_t> doc_of_;                  // live chunk -> document
  std::unordered_map<int64_t, std::vector<int64_t>> chunks_of_;  // document -> live chunks
  uint64_t generation_ = 0;
};

}  // namespace lore::index
