// Blob references of a document: its original file and the pictures of its
// figures (metadata "figure_blobs"). Blobs are content-addressed and shared,
// so a blob is removed only when no document references it any more
// (Store::count_documents_with_sha counts both kinds of reference).
#pragma once

#include <set>
#include <string>

#include "blob/blob_store.h"
#include "store/store.h"

namespace lore::pipeline {

// The figure picture blobs listed in document metadata (empty if none).
std::set<std::string> figure_blobs(const nlohmann::json& metadata);
// Every blob the document references: sha256 (if any) and its figure blobs.
std::set<std::string> document_blobs(const store::DocumentRecord& doc);
// Removes each of `shas` that no document references. Call after the store
// change that dropped the reference has committed: a crash in between only
// leaves unreferenced files (disk, never a dangling reference).
void remove_unreferenced_blobs(store::Store& store, blob::BlobStore& blobs,
                               const std::set<std::string>& shas);

}  // namespace lore::pipeline
