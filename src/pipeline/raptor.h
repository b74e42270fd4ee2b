// RAPTOR builds for a knowledge base: chunks -> summary tree (src/raptor)
// -> summary chunks in the store -> indexed with the leaves (BM25, LSA and,
// with an embedding model, vectors), so search ranks leaves and summaries
// together (collapsed tree).
//
// Scope "kb": one tree over every chunk of the knowledge base, stored as the
// chunks of the document store::kRaptorDocument; each build replaces it, and
// replacing or deleting a document drops it (store.h). Scope "document": one
// tree per document, stored as that document's own "summary" chunks; a
// build only builds documents that have none (new or re-ingested ones —
// re-ingest replaces every chunk, summaries included) unless `rebuild`.
//
// Summary chunk metadata: {"raptor": true, "layer" (1..), "children" (leaf
// chunk ids), "child_nodes" (ordinals of child summaries in the same
// document), "sources": [{"document_id", "document", "page"}] (the leaves'
// pages, for citations), "documents" (ids)}.
//
// Vectors: the knowledge base's embedding model when it has one (leaves
// from the cache, summaries embedded and stored); otherwise the built-in LSA
// model folded over the text (no server needed). Summaries: the chat model
// (config [chat] / the knowledge base's) when configured and `use_chat`,
// otherwise the extractive summariser.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "pipeline/workspace.h"
#include "raptor/tree.h"

namespace lore::pipeline {

struct RaptorOptions {
  std::string scope = "kb";  // "kb" | "document"
  bool rebuild = false;      // document scope: rebuild documents that already have a tree
  bool use_chat = true;      // abstractive summaries when a chat model is configured
  size_t chat_concurrency = 4;
  std::string reduction;  // "pca" | "umap"; "" = config raptor.reduction (overrides tree.reduction)
  raptor::TreeOptions tree;
};

struct RaptorReport {
  int layers = 0;                        // including the leaves (layer 0)
  int64_t nodes = 0;                     // summary nodes written
  std::vector<int64_t> nodes_per_layer;  // [leaves, layer 1, ...] (summed over documents in document scope)
  int64_t documents = 0;                 // trees built (1 in kb scope)
  double seconds = 0;                    // wall time
  double cpu_seconds = 0;  // user + system CPU of the process (wall time on a shared machine overstates)
  double peak_rss_mb = 0;
  double children_per_parent = 0;
  double summary_ratio = 0;  // summary tokens / children tokens, averaged over summaries
  std::string summariser, embedder;
  std::string reduction;  // "pca" | "umap"
};

// (stage, done, total): "embed", "layer N", "store", "index".
using RaptorProgress = std::function<void(const std::string&, size_t, size_t)>;

// Write access required. Error{invalid_argument} for an unknown scope or reduction, or a
// knowledge base without chunks.
RaptorReport build_raptor(Workspace& ws, const store::KnowledgeBase& kb, const RaptorOptions& options,
                          const RaptorProgress& progress = {});

nlohmann::json raptor_report_json(const RaptorReport& report);

}  // namespace lore::pipeline
