#include "raptor/umap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "index/hnsw/knn_graph.h"
#include "raptor/reduce.h"

namespace lore::raptor {

namespace {

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// splitmix64: small, fast, and the same sequence on every platform (the
// standard distributions are not specified bit for bit).
struct Rng {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  uint32_t below(uint32_t n) { return static_cast<uint32_t>((next() >> 32) * n >> 32); }
};

// Each point's neighbours (other points only), nearest first; ties by index.
struct Knn {
  long m = 0;                   // slots per point
  std::vector<uint32_t> index;  // N x m
  std::vector<float> dist;      // N x m, cosine distance, ascending per row
  std::vector<uint32_t> count;  // filled slots per point (m except in rare HNSW shortfalls)
};

RowMatrixF unit_rows(const Eigen::MatrixXf& v) {
  RowMatrixF x = v;
  for (long i = 0; i < x.rows(); ++i)
    if (const float len = x.row(i).norm(); len > 0) x.row(i) /= len;
  return x;
}

Knn exact_knn(const RowMatrixF& x, long m) {
  const long n = x.rows();
  Knn k{m, std::vector<uint32_t>(static_cast<size_t>(n * m)), std::vector<float>(static_cast<size_t>(n * m)),
        std::vector<uint32_t>(static_cast<size_t>(n), static_cast<uint32_t>(m))};
  constexpr long kBlock = 256;  // rows per block: kBlock x N similarities at a time
  std::vector<std::pair<float, uint32_t>> row;
  for (long b0 = 0; b0 < n; b0 += kBlock) {
    const long nb = std::min(kBlock, n - b0);
    const Eigen::MatrixXf sim = x.middleRows(b0, nb) * x.transpose();
    for (long r = 0; r < nb; ++r) {
      const long i = b0 + r;
      row.clear();
      for (long j = 0; j < n; ++j)
        if (j != i) row.emplace_back(std::max(0.0f, 1.0f - sim(r, j)), static_cast<uint32_t>(j));
      std::partial_sort(row.begin(), row.begin() + m, row.end());
      for (long s = 0; s < m; ++s) {
        k.dist[static_cast<size_t>(i * m + s)] = row[static_cast<size_t>(s)].first;
        k.index[static_cast<size_t>(i * m + s)] = row[static_cast<size_t>(s)].second;
      }
    }
  }
  return k;
}

// HNSW graph over the unit rows (index/hnsw/knn_graph.h).
Knn hnsw_knn(const RowMatrixF& x, long m, uint64_t seed) {
  auto g = index::hnsw_knn_graph(x.data(), static_cast<size_t>(x.rows()), static_cast<size_t>(x.cols()),
                                 static_cast<size_t>(m), seed);
  return {m, std::move(g.index), std::move(g.dist), std::move(g.count)};
}

struct Edge {
  uint32_t a, b;
  float w;
};

// Smooth kNN distances and the fuzzy union; edges (a < b) sorted by (a, b).
std::vector<Edge> fuzzy_graph(const Knn& k) {
  const long n = static_cast<long>(k.count.size());
  double global_mean = 0;
  size_t total = 0;
  for (long i = 0; i < n; ++i)
    for (uint32_t s = 0; s < k.count[static_cast<size_t>(i)]; ++s, ++total)
      global_mean += k.dist[static_cast<size_t>(i * k.m + s)];
  global_mean = total ? global_mean / static_cast<double>(total) : 0;

  std::vector<Edge> directed;
  directed.reserve(total);
  for (long i = 0; i < n; ++i) {
    const long c = k.count[static_cast<size_t>(i)];
    if (c == 0) continue;
    const float* d = &k.dist[static_cast<size_t>(i * k.m)];
    double rho = 0, mean = 0;
    for (long s = 0; s < c; ++s) mean += d[s];
    mean /= static_cast<double>(c);
    for (long s = 0; s < c; ++s)
      if (d[s] > 0) {
        rho = d[s];
        break;
      }
    // Binary search for sigma: Σ exp(-(d - rho)/sigma) = log2(neighbours + self).
    const double target = std::log2(static_cast<double>(k.m + 1));
    double lo = 0, hi = std::numeric_limits<double>::infinity(), sigma = 1;
    for (int it = 0; it < 64; ++it) {
      double psum = 0;
      for (long s = 0; s < c; ++s) psum += d[s] - rho > 0 ? std::exp(-(d[s] - rho) / sigma) : 1.0;
      if (std::abs(psum - target) < 1e-5) break;
      if (psum > target) {
        hi = sigma;
        sigma = (lo + hi) / 2;
      } else {
        lo = sigma;
        sigma = std::isinf(hi) ? sigma * 2 : (lo + hi) / 2;
      }
    }
    // umap-learn's floor (MIN_K_DIST_SCALE): sigma never collapses to 0.
    sigma = std::max({sigma, 1e-3 * (rho > 0 ? mean : global_mean), 1e-12});
    for (long s = 0; s < c; ++s) {
      const uint32_t j = k.index[static_cast<size_t>(i * k.m + s)];
      const double w = d[s] - rho > 0 ? std::exp(-(d[s] - rho) / sigma) : 1.0;
      const auto ui = static_cast<uint32_t>(i);
      directed.push_back({std::min(ui, j), std::max(ui, j), static_cast<float>(w)});
    }
  }
  std::sort(directed.begin(), directed.end(), [](const Edge& x, const Edge& y) {
    return x.a != y.a ? x.a < y.a : x.b != y.b ? x.b < y.b : x.w < y.w;
  });
  // Fuzzy union: a pair seen from both ends gets w1 + w2 - w1·w2.
  std::vector<Edge> out;
  for (size_t e = 0; e < directed.size();) {
    Edge u = directed[e++];
    if (e < directed.size() && directed[e].a == u.a && directed[e].b == u.b) {
      u.w = u.w + directed[e].w - u.w * directed[e].w;
      ++e;
    }
    out.push_back(u);
  }
  return out;
}

// PCA start, scaled to ±10 with a little noise (umap-learn's noisy_scale_coords).
std::vector<double> initial_layout(const Eigen::MatrixXf& vectors, int dims, Rng& rng, long* out_dims) {
  const Eigen::MatrixXd pca = reduce_dimensions(vectors, dims);
  *out_dims = pca.cols();
  const double top = pca.size() ? pca.cwiseAbs().maxCoeff() : 0;
  const double scale = top > 0 ? 10.0 / top : 1.0;
  std::vector<double> y(static_cast<size_t>(pca.size()));
  for (long i = 0; i < pca.rows(); ++i)
    for (long c = 0; c < pca.cols(); ++c)
      y[static_cast<size_t>(i * pca.cols() + c)] = pca(i, c) * scale + 1e-4 * (2 * rng.uniform() - 1);
  return y;
}

double clip(double v) { return std::clamp(v, -4.0, 4.0); }

}  // namespace

int umap_global_neighbors(long n) {
  return std::max(2, static_cast<int>(std::floor(std::sqrt(static_cast<double>(std::max(0L, n - 1))))));
}

std::pair<double, double> umap_curve_params(double min_dist, double spread) {
  // Least squares of 1/(1 + a·x^(2b)) against the target membership on 300
  // points of [0, 3·spread], Levenberg-Marquardt from (1, 1).
  constexpr int kPoints = 300;
  std::vector<double> xs(kPoints), ys(kPoints);
  for (int i = 0; i < kPoints; ++i) {
    xs[i] = 3 * spread * i / (kPoints - 1);
    ys[i] = xs[i] < min_dist ? 1.0 : std::exp(-(xs[i] - min_dist) / spread);
  }
  auto sse = [&](double a, double b) {
    double s = 0;
    for (int i = 0; i < kPoints; ++i) {
      const double r = 1 / (1 + a * std::pow(xs[i], 2 * b)) - ys[i];
      s += r * r;
    }
    return s;
  };
  double a = 1, b = 1, lambda = 1e-3, err = sse(a, b);
  for (int it = 0; it < 200; ++it) {
    Eigen::Matrix2d jtj = Eigen::Matrix2d::Zero();
    Eigen::Vector2d jtr = Eigen::Vector2d::Zero();
    for (int i = 0; i < kPoints; ++i) {
      if (xs[i] <= 0) continue;  // f = 1 there whatever a, b: no gradient
      const double u = std::pow(xs[i], 2 * b), f = 1 / (1 + a * u);
      const Eigen::Vector2d g(-u * f * f, -a * u * 2 * std::log(xs[i]) * f * f);
      jtj += g * g.transpose();
      jtr += g * (f - ys[i]);
    }
    Eigen::Matrix2d damped = jtj;
    damped.diagonal() *= 1 + lambda;
    const Eigen::Vector2d step = damped.ldlt().solve(-jtr);
    const double na = a + step(0), nb = b + step(1);
    const double nerr = na > 0 && nb > 0 ? sse(na, nb) : std::numeric_limits<double>::infinity();
    if (nerr < err) {
      const bool done = err - nerr < 1e-12 * std::max(1.0, err);
      a = na, b = nb, err = nerr, lambda /= 10;
      if (done) break;
    } else {
      lambda *= 10;
      if (lambda > 1e12) break;
    }
  }
  return {a, b};
}

Eigen::MatrixXd umap_reduce(const Eigen::MatrixXf& vectors, const UmapOptions& o) {
  const long n = vectors.rows();
  if (n < 2)
    return Eigen::MatrixXd::Zero(n, std::max<long>(1, std::min<long>({o.dims, n - 2, vectors.cols()})));
  Rng rng{o.seed};
  long dims = 0;
  std::vector<double> y = initial_layout(vectors, o.dims, rng, &dims);
  auto result = [&] {
    Eigen::MatrixXd out(n, dims);
    for (long i = 0; i < n; ++i)
      for (long c = 0; c < dims; ++c) out(i, c) = y[static_cast<size_t>(i * dims + c)];
    return out;
  };

  const long m = std::min<long>(std::max(2, std::min(o.n_neighbors, o.max_neighbors)) - 1, n - 1);
  // The unit rows and the kNN lists are freed once the graph is built.
  std::vector<Edge> edges = [&] {
    const RowMatrixF x = unit_rows(vectors);
    return fuzzy_graph(n <= o.exact_knn_max ? exact_knn(x, m) : hnsw_knn(x, m, o.seed));
  }();
  const int epochs = o.epochs > 0 ? o.epochs : (n <= 10000 ? 200 : 100);
  float w_max = 0;
  for (const auto& e : edges) w_max = std::max(w_max, e.w);
  std::erase_if(edges, [&](const Edge& e) { return !(e.w >= w_max / static_cast<float>(epochs)); });
  if (edges.empty()) return result();

  const auto [a, b] = umap_curve_params(o.min_dist, o.spread);
  const double neg_rate = std::max(1, o.negative_samples);
  const size_t ne = edges.size();
  // Edge e is sampled every eps[e] = w_max / w epochs (the heaviest every
  // epoch); each sample draws negatives at `negative_samples` times that rate.
  std::vector<float> eps(ne);
  std::vector<double> next(ne), next_neg(ne);
  for (size_t e = 0; e < ne; ++e) {
    eps[e] = w_max / edges[e].w;
    next[e] = eps[e];
    next_neg[e] = eps[e] / neg_rate;
  }
  const auto un = static_cast<uint32_t>(n);
  const size_t d = static_cast<size_t>(dims);
  auto dist_sq = [&](uint32_t i, uint32_t j) {
    double s = 0;
    for (size_t c = 0; c < d; ++c) {
      const double t = y[i * d + c] - y[j * d + c];
      s += t * t;
    }
    return s;
  };
  // Pull i and j together (both move).
  auto attract = [&](uint32_t i, uint32_t j, double alpha) {
    const double ds = dist_sq(i, j);
    if (ds <= 0) return;
    const double pb = std::pow(ds, b);
    const double coeff = -2 * a * b * (pb / ds) / (a * pb + 1);
    for (size_t c = 0; c < d; ++c) {
      const double g = clip(coeff * (y[i * d + c] - y[j * d + c])) * alpha;
      y[i * d + c] += g;
      y[j * d + c] -= g;
    }
  };
  // Push i away from `count` random points (only i moves).
  auto repel = [&](uint32_t i, long count, double alpha) {
    for (long p = 0; p < count; ++p) {
      const uint32_t k = rng.below(un);
      if (k == i) continue;
      const double ds = dist_sq(i, k);
      const double coeff = ds > 0 ? 2 * b / ((0.001 + ds) * (a * std::pow(ds, b) + 1)) : 0;
      for (size_t c = 0; c < d; ++c) {
        const double g = coeff > 0 ? clip(coeff * (y[i * d + c] - y[k * d + c])) : 4.0;
        y[i * d + c] += g * alpha;
      }
    }
  };
  for (int epoch = 0; epoch < epochs; ++epoch) {
    const double alpha = o.learning_rate * (1.0 - static_cast<double>(epoch) / epochs);
    const auto t = static_cast<double>(epoch);
    for (size_t e = 0; e < ne; ++e) {
      if (next[e] > t) continue;
      const double per_neg = eps[e] / neg_rate;
      const long negatives = static_cast<long>((t - next_neg[e]) / per_neg);
      // The undirected edge stands for both directed ones (umap-learn keeps
      // both copies of the symmetric graph): each end pulls and repels.
      attract(edges[e].a, edges[e].b, alpha);
      repel(edges[e].a, negatives, alpha);
      attract(edges[e].b, edges[e].a, alpha);
      repel(edges[e].b, negatives, alpha);
      next[e] += eps[e];
      next_neg[e] += static_cast<double>(negatives) * per_neg;
    }
  }
  return result();
}

}  // namespace lore::raptor
