// RAPTOR: clustering (GMM + BIC, soft membership), reduction, summaries, tree.
#include <gtest/gtest.h>

#include <random>

#include "core/error.h"
#include "raptor/gmm.h"

using namespace lore::raptor;

namespace {

// `per` points from each of the Gaussians centred at `centres` (rows), each
// with its own axis scales, shuffled deterministically.
Eigen::MatrixXd mixture(const Eigen::MatrixXd& centres, const Eigen::MatrixXd& scales, int per, uint64_t seed,
                        std::vector<int>* truth = nullptr) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  const long k = centres.rows(), d = centres.cols();
  Eigen::MatrixXd x(k * per, d);
  std::vector<long> order(static_cast<size_t>(k * per));
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<long>(i);
  std::shuffle(order.begin(), order.end(), rng);
  if (truth) truth->assign(order.size(), 0);
  for (long c = 0; c < k; ++c)
    for (int i = 0; i < per; ++i) {
      const long row = order[static_cast<size_t>(c * per + i)];
      for (long j = 0; j < d; ++j) x(row, j) = centres(c, j) + scales(c, j) * g(rng);
      if (truth) (*truth)[static_cast<size_t>(row)] = static_cast<int>(c);
    }
  return x;
}

}  // namespace

TEST(Gmm, BicRecoversThreeComponentsIn2d) {
  Eigen::MatrixXd centres(3, 2), scales(3, 2);
  centres << 0, 0, 10, 0, 5, 9;
  scales << 1, 0.5, 0.6, 1.4, 1, 1;
  std::vector<int> truth;
  const auto x = mixture(centres, scales, 150, 7, &truth);
  const Gmm g = choose_gmm(x, 10);
  EXPECT_EQ(g.k(), 3);
  // Each true cluster maps to one component (purity).
  const auto post = gmm_posteriors(g, x);
  std::vector<std::vector<int>> counts(3, std::vector<int>(3, 0));
  for (long i = 0; i < x.rows(); ++i) {
    Eigen::Index c;
    post.row(i).maxCoeff(&c);
    ++counts[static_cast<size_t>(truth[static_cast<size_t>(i)])][static_cast<size_t>(c)];
  }
  for (const auto& row : counts) EXPECT_GE(*std::max_element(row.begin(), row.end()), 145);
}

TEST(Gmm, BicRecoversFiveComponentsIn10d) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-20, 20), s(0.5, 2);
  Eigen::MatrixXd centres(5, 10), scales(5, 10);
  for (long i = 0; i < 5; ++i)
    for (long j = 0; j < 10; ++j) centres(i, j) = u(rng), scales(i, j) = s(rng);
  const auto x = mixture(centres, scales, 120, 11);
  EXPECT_EQ(choose_gmm(x, 50).k(), 5);
}

TEST(Gmm, BicChoosesOneComponentForOneGaussian) {
  Eigen::MatrixXd centres = Eigen::MatrixXd::Zero(1, 3), scales = Eigen::MatrixXd::Ones(1, 3);
  EXPECT_EQ(choose_gmm(mixture(centres, scales, 400, 5), 20).k(), 1);
}

TEST(Gmm, SampledBicScanStillRecoversK) {
  Eigen::MatrixXd centres(4, 3), scales = Eigen::MatrixXd::Ones(4, 3);
  centres << 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0, 12;
  GmmOptions o;
  o.bic_sample = 400;
  const auto x = mixture(centres, scales, 500, 9);
  const Gmm g = choose_gmm(x, 20, o);
  EXPECT_EQ(g.k(), 4);
  EXPECT_NEAR(g.weights.sum(), 1.0, 1e-9);
}

TEST(Gmm, FullCovarianceCapturesCorrelation) {
  // One elongated, tilted Gaussian: a full-covariance model needs one
  // component (a diagonal one would need several).
  std::mt19937_64 rng(1);
  std::normal_distribution<double> g;
  Eigen::MatrixXd x(600, 2);
  for (long i = 0; i < x.rows(); ++i) {
    const double a = 5 * g(rng), b = 0.3 * g(rng);
    x(i, 0) = a + b, x(i, 1) = a - b;
  }
  const Gmm m = choose_gmm(x, 10);
  ASSERT_EQ(m.k(), 1);
  EXPECT_GT(m.covariances[0](0, 1), 20);  // strongly correlated axes
}

TEST(Gmm, SoftMembershipPutsBoundaryPointsInBothClusters) {
  Eigen::MatrixXd centres(2, 1), scales = Eigen::MatrixXd::Ones(2, 1);
  centres << -3, 3;
  const auto x = mixture(centres, scales, 300, 4);
  const Gmm g = fit_gmm(x, 2);
  Eigen::MatrixXd probe(3, 1);
  probe << -3, 0, 3;
  const auto members = soft_members(gmm_posteriors(g, probe), 0.1);
  EXPECT_EQ(members[0].size(), 1u);
  EXPECT_EQ(members[1].size(), 2u);  // the midpoint: p ≈ 0.5 each
  EXPECT_EQ(members[2].size(), 1u);
  EXPECT_NE(members[0][0], members[2][0]);
  // Thresholding never leaves a point without a cluster.
  Eigen::MatrixXd flat = Eigen::MatrixXd::Constant(1, 20, 0.05);
  EXPECT_EQ(soft_members(flat, 0.1)[0].size(), 1u);
}

TEST(Gmm, DeterministicGivenSeed) {
  Eigen::MatrixXd centres(3, 2), scales = Eigen::MatrixXd::Ones(3, 2);
  centres << 0, 0, 6, 0, 0, 6;
  const auto x = mixture(centres, scales, 100, 2);
  const Gmm a = fit_gmm(x, 3), b = fit_gmm(x, 3);
  EXPECT_EQ(a.means, b.means);
  EXPECT_EQ(a.log_likelihood, b.log_likelihood);
}

TEST(Gmm, RejectsMoreComponentsThanPoints) {
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(3, 2);
  EXPECT_THROW(fit_gmm(x, 4), lore::Error);
  EXPECT_THROW(fit_gmm(x, 0), lore::Error);
}
