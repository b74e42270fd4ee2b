// Fusion of the BM25 and vector lists: RRF and weighted normalised scores.
#include <gtest/gtest.h>

#include "core/error.h"
#include "retrieve/fusion.h"

using namespace lore::retrieve;

namespace {
Ranking list(std::initializer_list<std::pair<int64_t, double>> items) {
  Ranking out;
  for (auto [id, s] : items) out.push_back({id, id * 10, s});
  return out;
}
}  // namespace

TEST(Fusion, RrfRewardsChunksFoundByBothLists) {
  auto text = list({{1, 12.0}, {2, 9.0}, {3, 5.0}});
  auto vec = list({{4, 0.9}, {2, 0.8}, {5, 0.7}});
  auto fused = fuse(text, vec, {});
  ASSERT_EQ(fused.size(), 5u);
  EXPECT_EQ(fused[0].chunk_id, 2);  // rank 2 in both beats rank 1 in one
  EXPECT_NEAR(fused[0].score, 2.0 / 62.0, 1e-12);
  EXPECT_EQ(fused[0].text_rank, 2);
  EXPECT_EQ(fused[0].vector_rank, 2);
  EXPECT_EQ(fused[0].document_id, 20);
  // 1 and 4 tie at 1/61: chunk id breaks the tie.
  EXPECT_EQ(fused[1].chunk_id, 1);
  EXPECT_EQ(fused[2].chunk_id, 4);
  EXPECT_EQ(fused[2].text_rank, 0);
}

TEST(Fusion, WeightedUsesNormalisedScoresAndTheWeight) {
  auto text = list({{1, 20.0}, {2, 10.0}, {3, 0.0}});
  auto vec = list({{3, 0.9}, {1, 0.5}, {2, 0.1}});
  FusionOptions all_text{FusionMethod::weighted, 60, 0.0};
  EXPECT_EQ(fuse(text, vec, all_text)[0].chunk_id, 1);
  FusionOptions all_vec{FusionMethod::weighted, 60, 1.0};
  EXPECT_EQ(fuse(text, vec, all_vec)[0].chunk_id, 3);
  FusionOptions half{FusionMethod::weighted, 60, 0.5};
  auto fused = fuse(text, vec, half);
  // 1: 0.5*1 + 0.5*0.5 = 0.75; 3: 0 + 0.5 = 0.5; 2: 0.25 + 0 = 0.25
  EXPECT_EQ(fused[0].chunk_id, 1);
  EXPECT_NEAR(fused[0].score, 0.75, 1e-12);
  EXPECT_EQ(fused[1].chunk_id, 3);
  EXPECT_EQ(fused[2].chunk_id, 2);
}

TEST(Fusion, OneSidedAndEmptyLists) {
  EXPECT_TRUE(fuse({}, {}, {}).empty());
  auto only = fuse(list({{7, 3.0}}), {}, {FusionMethod::weighted, 60, 0.3});
  ASSERT_EQ(only.size(), 1u);
  EXPECT_NEAR(only[0].score, 0.7, 1e-12);
}

TEST(Fusion, RejectsBadOptions) {
  EXPECT_THROW(fuse({}, {}, {FusionMethod::weighted, 60, 1.5}), lore::Error);
  EXPECT_EQ(parse_fusion_method("weighted"), FusionMethod::weighted);
  EXPECT_THROW(parse_fusion_method("max"), lore::Error);
}
