// VectorIndex conformance: one suite, run on the embedded hnswlib index and
// on the PostgreSQL (pgvector) index (skipped outside the CTest fixture).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "../support/pg_test_db.h"
#include "core/error.h"
#include "index/postgres/pg_indexes.h"
#include "index/vector_index.h"

using namespace lore;
using namespace lore::index;

namespace {

class Backend {
 public:
  virtual ~Backend() = default;
  virtual OpenedVectorIndex open(const VectorIndexOptions& o, int64_t kb = 1) = 0;
};

class HnswBackend : public Backend {
 public:
  HnswBackend()
      : dir_(std::filesystem::temp_directory_path() /
             ("lore-vec-conf-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {}
  ~HnswBackend() override { std::filesystem::remove_all(dir_); }
  OpenedVectorIndex open(const VectorIndexOptions& o, int64_t kb) override {
    return open_vector_index(dir_ / std::to_string(kb), o);
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

class PgBackend : public Backend {
 public:
  explicit PgBackend(const std::string& cluster) : db_(cluster) {}
  OpenedVectorIndex open(const VectorIndexOptions& o, int64_t kb) override {
    return open_pg_vector_index(db_.url(), kb, o);
  }

 private:
  lore::testing::PgTestDatabase db_;
};

VectorIndexOptions opts(size_t dims, size_t exact_threshold = 10000) {
  VectorIndexOptions o;
  o.dimensions = dims;
  o.model = "test:model";
  o.exact_threshold = exact_threshold;
  return o;
}

// Clustered data (like real embeddings): 50 centres plus noise.
std::vector<std::vector<float>> random_vectors(size_t n, size_t dims, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> g;
  std::vector<std::vector<float>> centres(50, std::vector<float>(dims));
  for (auto& c : centres)
    for (auto& x : c) x = g(rng);
  std::vector<std::vector<float>> out(n, std::vector<float>(dims));
  for (auto& v : out) {
    const auto& c = centres[rng() % centres.size()];
    for (size_t i = 0; i < dims; ++i) v[i] = c[i] + 0.7f * g(rng);
  }
  return out;
}

class VectorIndexConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "hnsw") {
      backend_ = std::make_unique<HnswBackend>();
    } else {
      const auto cluster = lore::testing::pg_cluster_url();
      if (!cluster) GTEST_SKIP() << "no PostgreSQL test cluster: run through ctest (fixture \"postgres\")";
      backend_ = std::make_unique<PgBackend>(*cluster);
    }
  }
  std::unique_ptr<Backend> backend_;
};

}  // namespace

TEST_P(VectorIndexConformance, FindsNearestByCosineAndRejectsBadVectors) {
  auto opened = backend_->open(opts(3));
  EXPECT_FALSE(opened.loaded);
  auto& v = *opened.index;
  v.add(1, 10, {1, 0, 0});
  v.add(2, 10, {0, 1, 0});
  v.add(3, 20, {9, 1, 0});  // not normalised: cosine still ~0.994 to x
  v.save();
  const auto hits = v.search({2, 0, 0}, 2);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].chunk_id, 1);
  EXPECT_NEAR(hits[0].similarity, 1.0, 1e-5);
  EXPECT_EQ(hits[1].chunk_id, 3);
  EXPECT_EQ(hits[1].document_id, 20);
  EXPECT_THROW(v.add(4, 1, {1, 0}), Error);
  EXPECT_THROW(v.add(4, 1, {0, 0, 0}), Error);
  EXPECT_THROW(v.search({1, 0}, 1), Error);
}

TEST_P(VectorIndexConformance, ReplaceRemoveClearAndReopen) {
  {
    auto opened = backend_->open(opts(2));
    auto& v = *opened.index;
    v.add(1, 10, {1, 0});
    v.add(2, 20, {0, 1});
    v.add(1, 10, {0.6f, 0.8f});  // replaces chunk 1
    v.save();
    EXPECT_EQ(v.size(), 2u);
    EXPECT_EQ(v.chunk_id_sum(), 3);
    v.remove_document(20);
    v.save();
    EXPECT_EQ(v.size(), 1u);
    EXPECT_NEAR(v.search({0, 1}, 1)[0].similarity, 0.8, 1e-5);
  }
  auto reopened = backend_->open(opts(2));
  EXPECT_TRUE(reopened.loaded);
  EXPECT_EQ(reopened.index->size(), 1u);
  reopened.index->clear();
  reopened.index->add(5, 50, {1, 1});
  reopened.index->save();
  EXPECT_EQ(reopened.index->size(), 1u);
  EXPECT_EQ(reopened.index->chunk_id_sum(), 5);
  // Another model is another index.
  auto other = opts(2);
  other.model = "test:other";
  auto o = backend_->open(other);
  EXPECT_FALSE(o.loaded);
  EXPECT_EQ(o.index->size(), 0u);
}

TEST_P(VectorIndexConformance, DocumentFilterIsExactOnBothPaths) {
  const auto data = random_vectors(3000, 16, 3);
  auto opened = backend_->open(opts(16, /*exact_threshold=*/100));
  auto& v = *opened.index;
  for (size_t i = 0; i < data.size(); ++i)
    v.add(static_cast<int64_t>(i + 1), static_cast<int64_t>(i % 300), data[i]);
  v.save();
  // Few candidates (exact path) and many (graph path with a filter).
  for (const std::vector<int64_t>& docs : {std::vector<int64_t>{7, 8}, [] {
                                             std::vector<int64_t> d;
                                             for (int64_t i = 0; i < 150; ++i) d.push_back(i);
                                             return d;
                                           }()}) {
    const std::set<int64_t> allowed(docs.begin(), docs.end());
    const auto hits = v.search(data[5], 10, docs);
    ASSERT_EQ(hits.size(), 10u);
    for (const auto& h : hits) EXPECT_TRUE(allowed.count(h.document_id)) << h.document_id;
    for (size_t i = 1; i < hits.size(); ++i) EXPECT_GE(hits[i - 1].similarity, hits[i].similarity - 1e-6);
  }
}

TEST_P(VectorIndexConformance, GraphSearchRecallAgainstExact) {
  const size_t n = 5000, dims = 32;
  const auto data = random_vectors(n, dims, 11);
  auto graph = backend_->open(opts(dims, /*exact_threshold=*/0), 1);
  for (size_t i = 0; i < n; ++i) graph.index->add(static_cast<int64_t>(i + 1), 1, data[i]);
  graph.index->save();
  auto exact = backend_->open(opts(dims, /*exact_threshold=*/1000000), 2);
  for (size_t i = 0; i < n; ++i) exact.index->add(static_cast<int64_t>(i + 1), 1, data[i]);
  exact.index->save();
  const auto queries = random_vectors(50, dims, 12);
  size_t found = 0, total = 0;
  for (const auto& q : queries) {
    std::set<int64_t> truth;
    for (const auto& h : exact.index->search(q, 10)) truth.insert(h.chunk_id);
    for (const auto& h : graph.index->search(q, 10)) found += truth.count(h.chunk_id);
    total += truth.size();
  }
  ASSERT_EQ(total, 500u);
  const double recall = static_cast<double>(found) / static_cast<double>(total);
  RecordProperty("recall_at_10", std::to_string(recall));
  EXPECT_GE(recall, 0.95);
}

INSTANTIATE_TEST_SUITE_P(Backends, VectorIndexConformance, ::testing::Values("hnsw", "postgres"),
                         [](const auto& info) { return info.param; });
