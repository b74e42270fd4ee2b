// Gaussian mixture with full covariances, fitted by EM, its size chosen by
// BIC, and soft membership — the clustering step of RAPTOR (Sarthi et al.
// 2024, which uses scikit-learn's GaussianMixture the same way).
//
// fit_gmm: k-means++ seeding (D² sampling) refined by a few Lloyd steps gives
// hard initial responsibilities; EM then alternates the M step (weights,
// means, covariances + reg_covar·I so a component on a degenerate set stays
// positive definite) and the E step (log-sum-exp posteriors) until the mean
// log-likelihood gains less than `tol` or `max_iter` is reached.
// Deterministic given `seed`.
//
// choose_gmm: fits K = 1..max_k and keeps the lowest BIC
// (-2·logL + p·ln N, p = (K-1) + K·d + K·d(d+1)/2). When N exceeds
// `bic_sample`, the scan runs on an evenly spaced sample of that many points
// (BIC's curve is a property of the distribution, not of every point; this
// keeps 10k-chunk builds within seconds) and the winner is refitted on all.
// The scan also stops once `bic_patience` consecutive K have not beaten the
// best BIC: past its minimum BIC grows by the parameter penalty, and fitting
// K up to 50 on a few hundred points is most of a build's time otherwise.
//
// soft_members: a point belongs to every component whose posterior exceeds
// `threshold` (RAPTOR: 0.1), and always to its most probable one.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

namespace lore::raptor {

struct GmmOptions {
  int max_iter = 100;
  double tol = 1e-3;
  double reg_covar = 1e-6;
  int kmeans_iter = 10;
  size_t bic_sample = 1500;
  int bic_patience = 6;  // stop the K scan after this many K without a better BIC (0: scan all)
  uint64_t seed = 224;
};

struct Gmm {
  Eigen::VectorXd weights;                   // K, sums to 1
  Eigen::MatrixXd means;                     // K x d
  std::vector<Eigen::MatrixXd> covariances;  // K of d x d
  double log_likelihood = 0;                 // total over the fitted points
  double bic = 0;
  int iterations = 0;
  bool converged = false;
  int k() const { return static_cast<int>(weights.size()); }
};

// Rows of `x` are points. Error{invalid_argument} when k < 1 or k > rows.
Gmm fit_gmm(const Eigen::MatrixXd& x, int k, const GmmOptions& options = {});
// N x K posterior probabilities (rows sum to 1).
Eigen::MatrixXd gmm_posteriors(const Gmm& gmm, const Eigen::MatrixXd& x);
// Total log-likelihood of x under the model.
double gmm_log_likelihood(const Gmm& gmm, const Eigen::MatrixXd& x);
double gmm_bic(const Gmm& gmm, const Eigen::MatrixXd& x);
// The BIC-best mixture with K in 1..min(max_k, rows), fitted on all of x.
Gmm choose_gmm(const Eigen::MatrixXd& x, int max_k, const GmmOptions& options = {});
// For each point, the components it belongs to (ascending).
std::vector<std::vector<int>> soft_members(const Eigen::MatrixXd& posteriors, double threshold = 0.1);

}  // namespace lore::raptor
