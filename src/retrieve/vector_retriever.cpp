#include "retrieve/vector_retriever.h"

#include "core/error.h"

namespace lore::retrieve {

VectorRetriever::VectorRetriever(models::EmbeddingModel& model, const index::VectorIndex& index)
    : model_(model), index_(index) {
  if (model.id() != index.options().model)
    throw Error(ErrorCode::invalid_argument, "embedding model " + model.id() + " cannot search an index of " +
                                                 index.options().model + " vectors");
}

std::vector<DenseHit> VectorRetriever::search(const std::string& query, size_t k,
                                              const std::vector<int64_t>& document_ids) {
  auto vectors = model_.embed({query});
  if (vectors.size() != 1 || vectors[0].size() != index_.options().dimensions)
    throw Error(ErrorCode::model_error,
                "embedding model " + model_.id() + " returned a query vector of " +
                    std::to_string(vectors.empty() ? 0 : vectors[0].size()) + " floats, the index holds " +
                    std::to_string(index_.options().dimensions) + " (wrong dimension)");
  std::vector<DenseHit> out;
  for (const auto& h : index_.search(vectors[0], k, document_ids))
    out.push_back({h.chunk_id, h.document_id, h.similarity});
  return out;
}

}  // namespace lore::retrieve
