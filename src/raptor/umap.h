// UMAP-style dimensionality reduction (McInnes, Healy & Melville 2018), the
// reduction the RAPTOR reference uses before its Gaussian mixture; an
// alternative to PCA (reduce.h), selected by TreeOptions::reduction.
//
// Steps, on the cosine geometry of the rows (each row scaled to unit length,
// a zero row stays zero; distance = 1 - cos):
//  1. kNN graph: each point's m = min(n_neighbors - 1, N - 1) nearest other
//     points (n_neighbors counts the point itself, as in umap-learn). Exact
//     (blocked X·Xᵀ, never an N x N matrix) up to `exact_knn_max` points,
//     above that an hnswlib HNSW graph built sequentially (deterministic).
//  2. Fuzzy simplicial set: per point rho = distance to its nearest non-zero
//     neighbour and sigma by binary search so that Σ_j exp(-(d_j - rho)/sigma)
//     = log2(m + 1); directed weights w_ij, then the fuzzy union
//     w_ij + w_ji - w_ij·w_ji. Edges lighter than max_w / epochs are dropped
//     (they would never be sampled).
//  3. Initialisation: PCA of the unit rows, scaled so the largest |coordinate|
//     is 10, plus 1e-4 noise (so duplicates do not start at one point).
//  4. SGD layout: each edge sampled in proportion to its weight, attractive
//     move of both ends with gradient -2ab·d^(2(b-1)) / (1 + a·d^(2b)),
//     `negative_samples` random repulsive moves per sample with
//     2b / ((0.001 + d²)(1 + a·d^(2b))), each gradient component clipped to
//     ±4, learning rate falling linearly to 0. a, b fit the curve
//     1 / (1 + a·x^(2b)) to the min_dist membership (umap-learn's
//     find_ab_params, here by Gauss-Newton).
//
// Deterministic given `seed` and the input (own PRNG, one thread). Memory
// O(N·m) beyond the input: the kNN lists and at most N·m undirected edges;
// `max_neighbors` caps m so that a 100k-node layer stays bounded (at
// n_neighbors = √N the cap only bites above 10k points).
//
// Output: N x min(dims, N - 2, d) (at least 1; the same shape as
// reduce_dimensions), rows = points, all finite.
#pragma once

#include <cstdint>
#include <utility>

#include <Eigen/Dense>

namespace lore::raptor {

struct UmapOptions {
  int n_neighbors = 15;     // including the point itself
  int max_neighbors = 100;  // cap on n_neighbors (memory bound)
  int dims = 10;
  double min_dist = 0.1;
  double spread = 1.0;
  int epochs = 0;            // 0: 200 up to 10,000 points, 100 above
  int negative_samples = 5;  // per positive sample (at least 1)
  double learning_rate = 1.0;
  long exact_knn_max = 4096;  // above: approximate kNN with hnswlib
  uint64_t seed = 224;
};

Eigen::MatrixXd umap_reduce(const Eigen::MatrixXf& vectors, const UmapOptions& options = {});

// The RAPTOR reference's neighbourhood for a global reduction of n points:
// ⌊√(n - 1)⌋, at least 2.
int umap_global_neighbors(long n);

// (a, b) of the low-dimensional membership curve for min_dist and spread.
std::pair<double, double> umap_curve_params(double min_dist, double spread);

}  // namespace lore::raptor
