// The RAPTOR tree builder (Sarthi et al., ICLR 2024): leaves -> clusters ->
// summaries -> clusters of summaries -> ... as layers of nodes.
//
// One layer: reduce the layer's vectors (global: PCA, reduce.h, or UMAP,
// umap.h, with n_neighbors = umap_global_neighbors(N)), fit a BIC-chosen
// GMM over K = 1..min(max_k, n-1) (gmm.h), soft membership (p > threshold);
// inside each global cluster with more than reduction_dims + 1 members,
// reduce again on the members alone (local; UMAP with umap.n_neighbors,
// the reference's 10) and cluster again. A cluster
// whose children exceed max_cluster_tokens is re-clustered recursively (and
// split greedily in vector order when clustering cannot split it). Each
// cluster becomes one summary node of the next layer, its children in
// ascending node order (document order for leaves), its summary bounded by
// clamp(summary_ratio · children tokens, summary_min_tokens,
// summary_max_tokens); summaries run with the summariser's concurrency and
// are embedded with `embed`.
//
// Stops when a layer has at most stop_nodes nodes (reference: reduction
// dims + 1 = 11), after max_layers summary layers, or when clustering no
// longer reduces the node count. Deterministic given the seed, the vectors
// and a deterministic summariser.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Dense>

#include "raptor/gmm.h"
#include "raptor/summarise.h"
#include "raptor/umap.h"

namespace lore::raptor {

// True for the reductions TreeOptions::reduction accepts: "pca", "umap".
bool is_reduction(std::string_view name);

struct TreeOptions {
  int max_layers = 5;
  size_t stop_nodes = 11;
  int reduction_dims = 10;
  std::string reduction = "pca";        // "pca" | "umap"; anything else: Error{invalid_argument}
  UmapOptions umap{.n_neighbors = 10};  // dims come from reduction_dims; n_neighbors is the local one
  int max_k = 50;
  double threshold = 0.1;
  size_t max_cluster_tokens = 3500;
  double summary_ratio = 0.3;
  size_t summary_min_tokens = 48;
  size_t summary_max_tokens = 256;
  GmmOptions gmm;
};

struct TreeNode {
  int layer = 0;
  std::string text;
  size_t tokens = 0;
  std::vector<size_t> children;  // indices into Tree::nodes (empty for leaves)
  std::vector<float> vector;
};

struct Tree {
  std::vector<TreeNode> nodes;  // leaves first (layer 0), then layer by layer
  std::vector<size_t> nodes_per_layer;
};

// Texts -> vectors (all the same dimension).
using Embedder = std::function<std::vector<std::vector<float>>(const std::vector<std::string>&)>;
// (layer being built, summaries done, summaries in the layer)
using TreeProgress = std::function<void(int, size_t, size_t)>;

// `leaves` need text, tokens and vector; their layer and children are ignored.
Tree build_tree(std::vector<TreeNode> leaves, const Embedder& embed, Summariser& summariser,
                const TreeOptions& options, const TreeProgress& progress = {});

// The clusters of one layer (lists of row indices into `vectors`, each
// ascending); exposed for tests and the bench.
std::vector<std::vector<size_t>> cluster_layer(const Eigen::MatrixXf& vectors,
                                               const std::vector<size_t>& tokens, const TreeOptions& options);

}  // namespace lore::raptor
