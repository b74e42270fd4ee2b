// Vector index benchmark: Lore's VectorIndex (hnswlib behind index/hnsw)
// against raw hnswlib with the same parameters, in the same run, on the same
// generated data: build time, recall@10 against exact search, and QPS.
//
// Data: N vectors of D floats drawn around 1,000 random centres (Gaussian
// noise) — clustered like real embeddings, harder than real ones; queries
// come from the same distribution. Both indexes are single-threaded.
//
// Usage: vector_bench [--out results.json]
//   env LORE_VECTOR_BENCH_N (default 1000000), LORE_VECTOR_BENCH_DIM (384),
//       LORE_VECTOR_BENCH_QUERIES (200; exact ground truth is O(N·Q·D))
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "index/vector_index.h"

namespace {

using Clock = std::chrono::steady_clock;

size_t env_size(const char* name, size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<size_t>(std::stoull(v)) : fallback;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::vector<float> generate(size_t n, size_t dims, unsigned seed, const std::vector<float>& centres,
                            size_t ncentres) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> g;
  std::vector<float> out(n * dims);
  for (size_t i = 0; i < n; ++i) {
    const float* c = centres.data() + (rng() % ncentres) * dims;
    float norm = 0;
    for (size_t d = 0; d < dims; ++d) {
      out[i * dims + d] = c[d] + 0.6f * g(rng);
      norm += out[i * dims + d] * out[i * dims + d];
    }
    norm = 1.0f / std::sqrt(norm);
    for (size_t d = 0; d < dims; ++d) out[i * dims + d] *= norm;  // raw hnswlib needs normalised input
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_path;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--out") out_path = argv[i + 1];
  const size_t n = env_size("LORE_VECTOR_BENCH_N", 1000000);
  const size_t dims = env_size("LORE_VECTOR_BENCH_DIM", 384);
  const size_t nq = env_size("LORE_VECTOR_BENCH_QUERIES", 200);
  const size_t k = 10;

  std::mt19937 rng(7);
  std::normal_distribution<float> g;
  const size_t ncentres = 1000;
  std::vector<float> centres(ncentres * dims);
  for (auto& x : centres) x = g(rng);
  std::fprintf(stderr, "generating %zu x %zu vectors...\n", n, dims);
  const auto data = generate(n, dims, 1, centres, ncentres);
  const auto queries = generate(nq, dims, 2, centres, ncentres);

  std::fprintf(stderr, "exact ground truth for %zu queries...\n", nq);
  std::vector<std::set<int64_t>> truth(nq);
  for (size_t q = 0; q < nq; ++q) {
    std::vector<std::pair<float, int64_t>> scores(n);
    const float* qv = queries.data() + q * dims;
    for (size_t i = 0; i < n; ++i) {
      const float* v = data.data() + i * dims;
      float dot = 0;
      for (size_t d = 0; d < dims; ++d) dot += qv[d] * v[d];
      scores[i] = {-dot, static_cast<int64_t>(i + 1)};
    }
    std::partial_sort(scores.begin(), scores.begin() + k, scores.end());
    for (size_t j = 0; j < k; ++j) truth[q].insert(scores[j].second);
  }

  lore::index::VectorIndexOptions options;
  options.dimensions = dims;
  options.model = "bench:generated";
  options.exact_threshold = 0;  // measure the graph, not the brute-force path

  // Raw hnswlib, same M / ef_construction / ef_search.
  std::fprintf(stderr, "raw hnswlib build...\n");
  hnswlib::InnerProductSpace space(dims);
  auto t = Clock::now();
  hnswlib::HierarchicalNSW<float> raw(&space, n, options.m, options.ef_construction);
  for (size_t i = 0; i < n; ++i) raw.addPoint(data.data() + i * dims, i + 1);
  raw.setEf(options.ef_search);
  const double raw_build = seconds_since(t);
  std::fprintf(stderr, "lore VectorIndex build...\n");
  const auto dir = std::filesystem::temp_directory_path() / "lore-vector-bench";
  std::filesystem::remove_all(dir);
  auto index = lore::index::open_vector_index(dir, options).index;
  t = Clock::now();
  std::vector<float> v(dims);
  for (size_t i = 0; i < n; ++i) {
    v.assign(data.begin() + i * dims, data.begin() + (i + 1) * dims);
    index->add(static_cast<int64_t>(i + 1), static_cast<int64_t>(i / 8), v);
  }
  const double lore_build = seconds_since(t);
  // Queries alternate between the two indexes, three passes, so load from
  // other processes hits both sides alike.
  size_t raw_found = 0, lore_found = 0;
  double raw_time = 0, lore_time = 0;
  std::vector<float> qv(dims);
  for (int pass = 0; pass < 3; ++pass) {
    for (size_t q = 0; q < nq; ++q) {
      auto t0 = Clock::now();
      auto res = raw.searchKnn(queries.data() + q * dims, k);
      raw_time += seconds_since(t0);
      for (; !res.empty(); res.pop())
        if (pass == 0) raw_found += truth[q].count(static_cast<int64_t>(res.top().second));
      t0 = Clock::now();
      qv.assign(queries.begin() + q * dims, queries.begin() + (q + 1) * dims);
      const auto hits = index->search(qv, k);
      lore_time += seconds_since(t0);
      if (pass == 0)
        for (const auto& h : hits) lore_found += truth[q].count(h.chunk_id);
    }
  }
  const double raw_qps = 3.0 * static_cast<double>(nq) / raw_time;
  const double lore_qps = 3.0 * static_cast<double>(nq) / lore_time;
  t = Clock::now();
  index->save();
  const double save_seconds = seconds_since(t);
  std::filesystem::remove_all(dir);

  const double denom = static_cast<double>(nq * k);
  nlohmann::json result = {
      {"n", n},
      {"dimensions", dims},
      {"queries", nq},
      {"m", options.m},
      {"ef_construction", options.ef_construction},
      {"ef_search", options.ef_search},
      {"lore",
       {{"build_s", lore_build},
        {"recall@10", lore_found / denom},
        {"qps", lore_qps},
        {"save_s", save_seconds}}},
      {"hnswlib", {{"build_s", raw_build}, {"recall@10", raw_found / denom}, {"qps", raw_qps}}},
      {"qps_ratio", lore_qps / raw_qps},
      {"build_ratio", lore_build / raw_build},
  };
  std::printf("%s\n", result.dump(2).c_str());
  if (!out_path.empty()) std::ofstream(out_path) << result.dump(2) << '\n';
  return 0;
}
