// Dimensionality reduction before clustering: a Gaussian mixture with full
// covariances in 256 (or 1024) dimensions has far more parameters than a
// layer has points, so RAPTOR reduces to ~10 dimensions first.
//
// The reference uses UMAP (global n_neighbors ≈ sqrt(N), local 10); Lore has
// it too (umap.h), but its default is PCA on the cosine-normalised vectors:
// exact (eigendecomposition of the d x d covariance), deterministic with no
// seed, O(N·d²) time and O(d²) extra memory, and measured on a par with UMAP
// for evidence recall at lower cost (docs/raptor.md). The "global then
// local" structure is kept: a global PCA over the layer, then a local PCA
// fitted on each global cluster's members, so local clusters are found in
// the directions that vary inside that cluster.
//
// Output: N x min(target, N - 2, d) (at least 1), rows = points.
#pragma once

#include <Eigen/Dense>

namespace lore::raptor {

Eigen::MatrixXd reduce_dimensions(const Eigen::MatrixXf& vectors, int target = 10);

}  // namespace lore::raptor
