// RAPTOR's UMAP-style reduction (raptor/umap.h): cluster separation measured
// by a GMM on the output, determinism, tiny and degenerate inputs, the
// membership curve, and the reduction switch (tree options, config).
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "core/config.h"
#include "core/error.h"
#include "raptor/gmm.h"
#include "raptor/tree.h"
#include "raptor/umap.h"

using namespace lore::raptor;

namespace {

// `per` points around each of k random directions in d dimensions (cosine
// clusters, like embeddings of k topics), interleaved; truth[i] = cluster.
Eigen::MatrixXf topics(int k, int per, int d, double noise, uint64_t seed, std::vector<int>* truth) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  Eigen::MatrixXf centres(k, d);
  for (long c = 0; c < k; ++c)
    for (long j = 0; j < d; ++j) centres(c, j) = static_cast<float>(g(rng));
  centres.rowwise().normalize();
  Eigen::MatrixXf x(k * per, d);
  truth->assign(static_cast<size_t>(k * per), 0);
  for (long i = 0; i < x.rows(); ++i) {
    const long c = i % k;
    (*truth)[static_cast<size_t>(i)] = static_cast<int>(c);
    for (long j = 0; j < d; ++j) x(i, j) = centres(c, j) + static_cast<float>(noise * g(rng));
  }
  return x;
}

// Share of points whose GMM component's majority truth label is their own.
double purity(const Gmm& gmm, const Eigen::MatrixXd& y, const std::vector<int>& truth) {
  const auto post = gmm_posteriors(gmm, y);
  std::map<std::pair<long, int>, int> counts;
  std::vector<long> comp(static_cast<size_t>(y.rows()));
  for (long i = 0; i < y.rows(); ++i) {
    Eigen::Index c;
    post.row(i).maxCoeff(&c);
    comp[static_cast<size_t>(i)] = c;
    ++counts[{c, truth[static_cast<size_t>(i)]}];
  }
  std::map<long, int> best;
  for (const auto& [key, n] : counts) best[key.first] = std::max(best[key.first], n);
  int good = 0;
  for (const auto& [c, n] : best) good += n;
  return static_cast<double>(good) / static_cast<double>(y.rows());
}

bool all_finite(const Eigen::MatrixXd& y) { return y.allFinite(); }

}  // namespace

TEST(Umap, CurveParamsMatchUmapLearn) {
  // umap-learn's find_ab_params(1.0, 0.1) = (1.5769, 0.8951).
  const auto [a, b] = umap_curve_params(0.1, 1.0);
  EXPECT_NEAR(a, 1.577, 0.02);
  EXPECT_NEAR(b, 0.895, 0.01);
  // A larger min_dist flattens the curve near 0: smaller a.
  EXPECT_LT(umap_curve_params(0.5, 1.0).first, a);
}

TEST(Umap, GlobalNeighboursAreSqrtN) {
  EXPECT_EQ(umap_global_neighbors(10001), 100);
  EXPECT_EQ(umap_global_neighbors(401), 20);
  EXPECT_EQ(umap_global_neighbors(2), 2);
}

TEST(Umap, GmmOnOutputRecoversWellSeparatedClusters) {
  std::vector<int> truth;
  const auto x = topics(5, 80, 64, 0.08, 17, &truth);
  UmapOptions o;
  o.n_neighbors = umap_global_neighbors(x.rows());
  const auto y = umap_reduce(x, o);
  ASSERT_EQ(y.rows(), x.rows());
  ASSERT_EQ(y.cols(), 10);
  ASSERT_TRUE(all_finite(y));
  const Gmm g = choose_gmm(y, 20);
  EXPECT_EQ(g.k(), 5);
  EXPECT_GE(purity(g, y, truth), 0.98);
}

TEST(Umap, ApproximateKnnPathAlsoSeparatesClusters) {
  std::vector<int> truth;
  const auto x = topics(4, 150, 48, 0.08, 23, &truth);
  UmapOptions o;
  o.n_neighbors = 15;
  o.exact_knn_max = 100;  // 600 points: the hnswlib graph
  const auto y = umap_reduce(x, o);
  ASSERT_TRUE(all_finite(y));
  const Gmm g = choose_gmm(y, 20);
  EXPECT_EQ(g.k(), 4);
  EXPECT_GE(purity(g, y, truth), 0.98);
  EXPECT_EQ(y, umap_reduce(x, o));  // the HNSW graph is deterministic too
}

TEST(Umap, DeterministicGivenSeed) {
  std::vector<int> truth;
  const auto x = topics(3, 40, 32, 0.2, 5, &truth);
  UmapOptions o;
  const auto a = umap_reduce(x, o), b = umap_reduce(x, o);
  EXPECT_EQ(a, b);
  o.seed = 99;
  EXPECT_NE(a, umap_reduce(x, o));
}

TEST(Umap, TinyInputsGiveFiniteOutputOfTheReducedShape) {
  for (long n : {0L, 1L, 2L, 3L, 4L}) {
    Eigen::MatrixXf x(n, 8);
    for (long i = 0; i < n; ++i)
      for (long j = 0; j < 8; ++j) x(i, j) = static_cast<float>((i + 1) * (j % 3) + j);
    const auto y = umap_reduce(x);
    EXPECT_EQ(y.rows(), n);
    EXPECT_EQ(y.cols(), std::max(1L, std::min(10L, n - 2))) << n;
    EXPECT_TRUE(all_finite(y)) << n;
  }
}

TEST(Umap, DuplicatesAndZeroRowsStayFinite) {
  // Every row the same.
  Eigen::MatrixXf same = Eigen::MatrixXf::Ones(30, 16);
  EXPECT_TRUE(all_finite(umap_reduce(same)));
  // Two groups of exact duplicates plus zero rows.
  Eigen::MatrixXf mixed = Eigen::MatrixXf::Zero(40, 16);
  for (long i = 0; i < 36; ++i) mixed(i, i % 2) = 1;
  const auto y = umap_reduce(mixed);
  ASSERT_TRUE(all_finite(y));
  // The duplicate groups end up apart from each other.
  const double within = (y.row(0) - y.row(2)).norm(), between = (y.row(0) - y.row(1)).norm();
  EXPECT_LT(within, between);
}

TEST(Umap, TreeClusteringUsesTheChosenReduction) {
  std::vector<int> truth;
  const auto x = topics(4, 60, 32, 0.08, 31, &truth);
  const std::vector<size_t> tokens(static_cast<size_t>(x.rows()), 10);
  TreeOptions o;
  o.reduction = "umap";
  const auto clusters = cluster_layer(x, tokens, o);
  ASSERT_FALSE(clusters.empty());
  // Every cluster stays inside one topic (the local stage may split a topic further).
  for (const auto& c : clusters) {
    std::map<int, int> labels;
    for (size_t i : c) ++labels[truth[i]];
    EXPECT_EQ(labels.size(), 1u);
  }
  o.reduction = "tsne";
  EXPECT_THROW(cluster_layer(x, tokens, o), lore::Error);
}

TEST(Umap, ConfigSelectsTheReduction) {
  EXPECT_EQ(lore::load_config("", {}).raptor_reduction, "pca");
  EXPECT_EQ(lore::load_config("", {{"raptor.reduction", "umap"}}).raptor_reduction, "umap");
  EXPECT_THROW(lore::load_config("", {{"raptor.reduction", "tsne"}}), lore::Error);
}
