#include "raptor/gmm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>

#include "core/error.h"

namespace lore::raptor {

namespace {

// Per-component log N(x | mean, cov) + log weight, N x K.
Eigen::MatrixXd weighted_log_prob(const Gmm& g, const Eigen::MatrixXd& x) {
  const long n = x.rows(), d = x.cols(), k = g.k();
  Eigen::MatrixXd out(n, k);
  const double log2pi = std::log(2 * std::numbers::pi);
  for (long c = 0; c < k; ++c) {
    Eigen::LLT<Eigen::MatrixXd> llt(g.covariances[static_cast<size_t>(c)]);
    if (llt.info() != Eigen::Success)
      throw Error(ErrorCode::internal, "GMM covariance is not positive definite; increase reg_covar");
    const Eigen::MatrixXd l = llt.matrixL();
    const double log_det = 2 * l.diagonal().array().log().sum();
    Eigen::MatrixXd centred = (x.rowwise() - g.means.row(c)).transpose();  // d x n
    l.triangularView<Eigen::Lower>().solveInPlace(centred);
    const Eigen::VectorXd maha = centred.colwise().squaredNorm().transpose();
    out.col(c) = (-0.5 * (static_cast<double>(d) * log2pi + log_det + maha.array())).matrix();
    out.col(c).array() += std::log(std::max(g.weights(c), std::numeric_limits<double>::min()));
  }
  return out;
}

// Normalises rows of log probabilities in place into posteriors; returns
// the total log-likelihood.
double normalise(Eigen::MatrixXd& lp) {
  double total = 0;
  for (long i = 0; i < lp.rows(); ++i) {
    const double m = lp.row(i).maxCoeff();
    const double lse = m + std::log((lp.row(i).array() - m).exp().sum());
    lp.row(i) = (lp.row(i).array() - lse).exp();
    total += lse;
  }
  return total;
}

void m_step(Gmm& g, const Eigen::MatrixXd& x, const Eigen::MatrixXd& resp, double reg) {
  const long n = x.rows(), d = x.cols(), k = resp.cols();
  const Eigen::VectorXd nk =
      (resp.colwise().sum().transpose().array() + 10 * std::numeric_limits<double>::epsilon()).matrix();
  g.weights = nk / static_cast<double>(n);
  g.means = (resp.transpose() * x).array().colwise() / nk.array();
  g.covariances.resize(static_cast<size_t>(k));
  for (long c = 0; c < k; ++c) {
    const Eigen::MatrixXd centred = x.rowwise() - g.means.row(c);
    const Eigen::MatrixXd weighted = centred.array().colwise() * resp.col(c).array();
    Eigen::MatrixXd cov = weighted.transpose() * centred / nk(c);
    cov.diagonal().array() += reg;
    g.covariances[static_cast<size_t>(c)] = std::move(cov);
  }
  (void)d;
}

// k-means++ seeds refined by Lloyd steps; returns hard responsibilities.
Eigen::MatrixXd kmeans_init(const Eigen::MatrixXd& x, int k, const GmmOptions& o) {
  const long n = x.rows();
  std::mt19937_64 rng(o.seed);
  Eigen::MatrixXd centres(k, x.cols());
  std::uniform_int_distribution<long> first(0, n - 1);
  centres.row(0) = x.row(first(rng));
  Eigen::VectorXd d2 = (x.rowwise() - centres.row(0)).rowwise().squaredNorm();
  for (int c = 1; c < k; ++c) {
    const double total = d2.sum();
    long pick = 0;
    if (total > 0) {
      std::uniform_real_distribution<double> u(0, total);
      double r = u(rng);
      for (pick = 0; pick < n - 1; ++pick) {
        r -= d2(pick);
        if (r <= 0) break;
      }
    } else {
      pick = first(rng);  // all points coincide with a centre
    }
    centres.row(c) = x.row(pick);
    d2 = d2.cwiseMin((x.rowwise() - centres.row(c)).rowwise().squaredNorm());
  }
  std::vector<int> label(static_cast<size_t>(n), -1);
  for (int it = 0; it < std::max(1, o.kmeans_iter); ++it) {
    bool changed = false;
    // ||x - c||² = ||x||² - 2 x·c + ||c||²; the ||x||² term does not change the argmin.
    const Eigen::MatrixXd dist =
        (-2 * x * centres.transpose()).rowwise() + centres.rowwise().squaredNorm().transpose();
    for (long i = 0; i < n; ++i) {
      Eigen::Index best;
      dist.row(i).minCoeff(&best);
      if (label[static_cast<size_t>(i)] != static_cast<int>(best)) changed = true;
      label[static_cast<size_t>(i)] = static_cast<int>(best);
    }
    if (!changed) break;
    Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(k, x.cols());
    Eigen::VectorXd count = Eigen::VectorXd::Zero(k);
    for (long i = 0; i < n; ++i)
      sum.row(label[static_cast<size_t>(i)]) += x.row(i), count(label[static_cast<size_t>(i)]) += 1;
    for (int c = 0; c < k; ++c)
      if (count(c) > 0) centres.row(c) = sum.row(c) / count(c);  // an empty cluster keeps its centre
  }
  Eigen::MatrixXd resp = Eigen::MatrixXd::Zero(n, k);
  for (long i = 0; i < n; ++i) resp(i, label[static_cast<size_t>(i)]) = 1;
  return resp;
}

long parameter_count(long k, long d) { return (k - 1) + k * d + k * d * (d + 1) / 2; }

}  // namespace

Gmm fit_gmm(const Eigen::MatrixXd& x, int k, const GmmOptions& o) {
  if (k < 1 || k > x.rows())
    throw Error(ErrorCode::invalid_argument, "GMM: cannot fit " + std::to_string(k) + " components to " +
                                                 std::to_string(x.rows()) + " points");
  Gmm g;
  m_step(g, x, kmeans_init(x, k, o), o.reg_covar);
  double previous = -std::numeric_limits<double>::infinity();
  for (g.iterations = 1; g.iterations <= o.max_iter; ++g.iterations) {
    Eigen::MatrixXd resp = weighted_log_prob(g, x);
    const double ll = normalise(resp);
    g.log_likelihood = ll;
    if (std::abs(ll - previous) / static_cast<double>(x.rows()) < o.tol) {
      g.converged = true;
      break;
    }
    previous = ll;
    m_step(g, x, resp, o.reg_covar);
  }
  g.iterations = std::min(g.iterations, o.max_iter);
  g.log_likelihood = gmm_log_likelihood(g, x);
  g.bic = -2 * g.log_likelihood +
          static_cast<double>(parameter_count(k, x.cols())) * std::log(static_cast<double>(x.rows()));
  return g;
}

Eigen::MatrixXd gmm_posteriors(const Gmm& g, const Eigen::MatrixXd& x) {
  Eigen::MatrixXd lp = weighted_log_prob(g, x);
  normalise(lp);
  return lp;
}

double gmm_log_likelihood(const Gmm& g, const Eigen::MatrixXd& x) {
  Eigen::MatrixXd lp = weighted_log_prob(g, x);
  return normalise(lp);
}

double gmm_bic(const Gmm& g, const Eigen::MatrixXd& x) {
  return -2 * gmm_log_likelihood(g, x) +
         static_cast<double>(parameter_count(g.k(), x.cols())) * std::log(static_cast<double>(x.rows()));
}

Gmm choose_gmm(const Eigen::MatrixXd& x, int max_k, const GmmOptions& o) {
  if (x.rows() == 0) throw Error(ErrorCode::invalid_argument, "GMM: no points");
  const long n = x.rows();
  Eigen::MatrixXd sample;
  const bool sampled = o.bic_sample > 0 && static_cast<size_t>(n) > o.bic_sample;
  if (sampled) {
    sample.resize(static_cast<long>(o.bic_sample), x.cols());
    for (long i = 0; i < sample.rows(); ++i) sample.row(i) = x.row(i * n / sample.rows());
  }
  const Eigen::MatrixXd& fit_on = sampled ? sample : x;
  const int top = static_cast<int>(std::min<long>(max_k, fit_on.rows()));
  int best_k = 1;
  double best_bic = std::numeric_limits<double>::infinity();
  Gmm best;
  for (int k = 1; k <= std::max(1, top); ++k) {
    Gmm g = fit_gmm(fit_on, k, o);
    if (g.bic < best_bic) best_bic = g.bic, best_k = k, best = std::move(g);
    if (o.bic_patience > 0 && k - best_k >= o.bic_patience) break;
  }
  return sampled ? fit_gmm(x, best_k, o) : best;
}

std::vector<std::vector<int>> soft_members(const Eigen::MatrixXd& p, double threshold) {
  std::vector<std::vector<int>> out(static_cast<size_t>(p.rows()));
  for (long i = 0; i < p.rows(); ++i) {
    Eigen::Index best;
    p.row(i).maxCoeff(&best);
    for (long c = 0; c < p.cols(); ++c)
      if (p(i, c) > threshold || c == best) out[static_cast<size_t>(i)].push_back(static_cast<int>(c));
  }
  return out;
}

}  // namespace lore::raptor
