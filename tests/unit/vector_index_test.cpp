// VectorIndex (hnswlib): cosine search, exact path, recall of the graph path
// against exact search, deletes, document filters, atomic persistence.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "core/error.h"
#include "index/vector_index.h"

using namespace lore::index;

namespace {

struct TempDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("lore-vec-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  TempDir() { std::filesystem::remove_all(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
  static inline int counter = 0;
};

std::vector<std::vector<float>> random_vectors(size_t n, size_t dims, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> g;
  // Clustered data (like real embeddings): 50 centres plus noise.
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

VectorIndexOptions opts(size_t dims, size_t exact_threshold = 10000) {
  VectorIndexOptions o;
  o.dimensions = dims;
  o.model = "test:model";
  o.exact_threshold = exact_threshold;
  return o;
}

}  // namespace

TEST(VectorIndex, FindsTheMostSimilarByCosine) {
  TempDir dir;
  auto idx = open_vector_index(dir.path, opts(3)).index;
  idx->add(1, 10, {1, 0, 0});
  idx->add(2, 10, {0, 1, 0});
  idx->add(3, 20, {10, 1, 0});  // same direction as 1 mostly; length must not matter
  auto hits = idx->search({2, 0.1f, 0}, 2);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].chunk_id, 3);
  EXPECT_EQ(hits[0].document_id, 20);
  EXPECT_EQ(hits[1].chunk_id, 1);
  EXPECT_NEAR(hits[1].similarity, 2 / std::sqrt(4.01), 1e-5);
  EXPECT_THROW(idx->add(4, 1, {1, 2}), lore::Error);
  EXPECT_THROW(idx->add(4, 1, {0, 0, 0}), lore::Error);
  EXPECT_THROW(idx->search({1, 2}, 1), lore::Error);
}

TEST(VectorIndex, GraphSearchRecallAgainstExact) {
  TempDir dir;
  const size_t n = 5000, dims = 32;
  auto data = random_vectors(n, dims, 1);
  auto exact = open_vector_index(dir.path / "a", opts(dims)).index;
  auto graph = open_vector_index(dir.path / "b", opts(dims, 0)).index;  // never exact
  for (size_t i = 0; i < n; ++i) {
    exact->add(static_cast<int64_t>(i + 1), static_cast<int64_t>(i / 10), data[i]);
    graph->add(static_cast<int64_t>(i + 1), static_cast<int64_t>(i / 10), data[i]);
  }
  auto queries = random_vectors(100, dims, 2);
  size_t found = 0;
  for (const auto& q : queries) {
    std::set<int64_t> truth;
    for (const auto& h : exact->search(q, 10)) truth.insert(h.chunk_id);
    for (const auto& h : graph->search(q, 10)) found += truth.count(h.chunk_id);
  }
  const double recall = double(found) / (10.0 * queries.size());
  EXPECT_GE(recall, 0.95) << recall;
}

TEST(VectorIndex, DeletesAndFilters) {
  TempDir dir;
  for (size_t threshold : {size_t{10000}, size_t{0}}) {
    auto idx = open_vector_index(dir.path / std::to_string(threshold), opts(8, threshold)).index;
    auto data = random_vectors(300, 8, 3);
    for (size_t i = 0; i < data.size(); ++i) idx->add(int64_t(i + 1), int64_t(i % 3), data[i]);
    idx->remove_document(1);
    EXPECT_EQ(idx->size(), 200u);
    for (const auto& h : idx->search(data[1], 50)) EXPECT_NE(h.document_id, 1);  // chunk 2 is in doc 1
    auto only2 = idx->search(data[0], 20, {2});
    ASSERT_EQ(only2.size(), 20u);
    for (const auto& h : only2) EXPECT_EQ(h.document_id, 2);
    // Re-adding a deleted chunk brings it back.
    idx->add(2, 1, data[1]);
    EXPECT_EQ(idx->search(data[1], 1)[0].chunk_id, 2);
  }
}

TEST(VectorIndex, SavesAndLoadsAtomicallyPerModel) {
  TempDir dir;
  auto data = random_vectors(2000, 16, 4);
  {
    auto idx = open_vector_index(dir.path, opts(16, 0)).index;
    for (size_t i = 0; i < data.size(); ++i) idx->add(int64_t(i + 1), int64_t(i / 100), data[i]);
    idx->save();
    idx->remove_document(0);
    idx->save();  // second generation replaces the first
  }
  auto opened = open_vector_index(dir.path, opts(16, 0));
  ASSERT_TRUE(opened.loaded);
  EXPECT_EQ(opened.index->size(), 1900u);
  EXPECT_EQ(opened.index->search(data[150], 1)[0].chunk_id, 151);
  size_t gens = 0;
  for (auto& e : std::filesystem::directory_iterator(dir.path)) gens += e.path().extension() == ".hnsw";
  EXPECT_EQ(gens, 1u);

  auto other = opts(16, 0);
  other.model = "test:other";
  EXPECT_FALSE(open_vector_index(dir.path, other).loaded);
  EXPECT_FALSE(open_vector_index(dir.path, opts(8)).loaded);
  // A damaged index is reported as not loaded (to be rebuilt), not a crash.
  { std::ofstream(dir.path / "CURRENT") << "garbage"; }
  EXPECT_FALSE(open_vector_index(dir.path, opts(16)).loaded);
}
