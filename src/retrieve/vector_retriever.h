// VectorRetriever: the DenseRetriever over a provider embedding model and
// the knowledge base's VectorIndex. The query is embedded with the same
// model as the chunks (the index records its model id; a different one is
// refused).
#pragma once

#include "index/vector_index.h"
#include "models/embedding.h"
#include "retrieve/dense.h"

namespace lore::retrieve {

class VectorRetriever final : public DenseRetriever {
 public:
  // Error{invalid_argument} when the model is not the one the index holds.
  VectorRetriever(models::EmbeddingModel& model, const index::VectorIndex& index);
  std::vector<DenseHit> search(const std::string& query, size_t k,
                               const std::vector<int64_t>& document_ids) override;
  std::string id() const override { return model_.id(); }

 private:
  models::EmbeddingModel& model_;
  const index::VectorIndex& index_;
};

}  // namespace lore::retrieve
