#include "pipeline/blob_refs.h"

namespace lore::pipeline {

std::set<std::string> figure_blobs(const nlohmann::json& metadata) {
  std::set<std::string> out;
  if (!metadata.is_object()) return out;
  const auto it = metadata.find("figure_blobs");
  if (it == metadata.end() || !it->is_array()) return out;
  for (const auto& sha : *it)
    if (sha.is_string() && !sha.get_ref<const std::string&>().empty()) out.insert(sha.get<std::string>());
  return out;
}

std::set<std::string> document_blobs(const store::DocumentRecord& doc) {
  auto out = figure_blobs(doc.metadata);
  if (!doc.sha256.empty()) out.insert(doc.sha256);
  return out;
}

void remove_unreferenced_blobs(store::Store& store, blob::BlobStore& blobs,
                               const std::set<std::string>& shas) {
  for (const auto& sha : shas)
    if (store.count_documents_with_sha(sha) == 0) blobs.remove(sha);
}

}  // namespace lore::pipeline
