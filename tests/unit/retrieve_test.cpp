#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.h"
#include "index/text_index.h"
#include "pipeline/eval_metrics.h"
#include "retrieve/fusion.h"
#include "retrieve/lsa.h"
#include "retrieve/merge.h"
#include "retrieve/proximity.h"

using namespace lore;
using namespace lore::retrieve;

namespace {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ =
        std::filesystem::temp_directory_path() /
        ("lore-retrieve-test-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
         "-" + std::to_string(counter++));
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

Hit hit(int64_t chunk, int64_t doc, int64_t ordinal, double score, const std::string& text) {
  Hit h;
  h.chunk.id = chunk;
  h.chunk.document_id = doc;
  h.chunk.ordinal = ordinal;
  h.chunk.text = text;
  h.score = score;
  h.chunk_ids = {chunk};
  return h;
}

std::vector<int64_t> ids(const Ranking& r) {
  std::vector<int64_t> out;
  for (const auto& c : r) out.push_back(c.chunk_id);
  return out;
}

}  // namespace

// --- metrics (hand-computed) ---------------------------------------------

TEST(EvalMetrics, NdcgMatchesHandComputedGradedValue) {
  // Judged: a=2, b=1, c=0. Ranking: x, a, b.
  // DCG = 2/log2(3) + 1/log2(4) = 1.26186 + 0.5 = 1.76186
  // IDCG = 2/log2(2) + 1/log2(3) = 2 + 0.63093 = 2.63093
  const pipeline::Judgements j = {{"a", 2}, {"b", 1}, {"c", 0}};
  EXPECT_NEAR(pipeline::ndcg_at({"x", "a", "b"}, j, 10), 1.76186 / 2.63093, 1e-4);
  EXPECT_NEAR(pipeline::ndcg_at({"a", "b"}, j, 10), 1.0, 1e-12);
  // Cut at 1: only "x", which is not relevant.
  EXPECT_EQ(pipeline::ndcg_at({"x", "a", "b"}, j, 1), 0.0);
}

TEST(EvalMetrics, RecallCountsOnlyRelevantWithinCutoff) {
  const pipeline::Judgements j = {{"a", 1}, {"b", 1}, {"c", 0}, {"d", 3}};
  EXPECT_NEAR(pipeline::recall_at({"c", "a", "x", "d"}, j, 10), 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(pipeline::recall_at({"c", "a", "x", "d"}, j, 2), 1.0 / 3.0, 1e-12);
  EXPECT_EQ(pipeline::recall_at({}, j, 10), 0.0);
}

TEST(EvalMetrics, MrrIsReciprocalRankOfFirstRelevant) {
  const pipeline::Judgements j = {{"a", 1}, {"c", 0}};
  EXPECT_NEAR(pipeline::mrr_at({"c", "x", "a"}, j, 10), 1.0 / 3.0, 1e-12);
  EXPECT_EQ(pipeline::mrr_at({"c", "x", "a"}, j, 2), 0.0);
  EXPECT_EQ(pipeline::mrr_at({"a"}, j, 10), 1.0);
}

TEST(EvalMetrics, PercentileIsNearestRank) {
  EXPECT_EQ(pipeline::percentile({5, 1, 3, 2, 4}, 50), 3);
  EXPECT_EQ(pipeline::percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, 95),
            19);
  EXPECT_EQ(pipeline::percentile({}, 50), 0);
}

// --- fusion ----------------------------------------------------------------

TEST(Fusion, RrfRewardsAgreementBetweenLists) {
  const Ranking sparse = {{1, 1, 9.0}, {2, 2, 8.0}, {3, 3, 7.0}};
  const Ranking dense = {{3, 3, 0.9}, {4, 4, 0.8}, {2, 2, 0.7}};
  const auto fused = fuse(sparse, dense, {FusionMethod::rrf, 60, 0.5});
  // 2: 1/62 + 1/63, 3: 1/63 + 1/61, 1: 1/61, 4: 1/62
  EXPECT_EQ(ids(fused), (std::vector<int64_t>{3, 2, 1, 4}));
  EXPECT_NEAR(fused[0].score, 1.0 / 63 + 1.0 / 61, 1e-12);
}

TEST(Fusion, WeightedNormalisesEachListThenMixes) {
  const Ranking sparse = {{1, 1, 20.0}, {2, 2, 10.0}};
  const Ranking dense = {{2, 2, 0.9}, {3, 3, 0.1}};
  const auto fused = fuse(sparse, dense, {FusionMethod::weighted, 60, 0.2});
  // 1: 0.8*1, 2: 0.8*0 + 0.2*1 = 0.2, 3: 0
  ASSERT_EQ(fused.size(), 3u);
  EXPECT_EQ(ids(fused), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_NEAR(fused[0].score, 0.8, 1e-12);
  EXPECT_NEAR(fused[1].score, 0.2, 1e-12);
  // All weight on dense flips the order of 1 and 2.
  EXPECT_EQ(ids(fuse(sparse, dense, {FusionMethod::weighted, 60, 1.0})).front(), 2);
}

TEST(Fusion, UnknownMethodIsAClearError) {
  EXPECT_THROW(parse_fusion_method("borda"), Error);
  EXPECT_EQ(parse_fusion_method("weighted"), FusionMethod::weighted);
}

// --- merge -----------------------------------------------------------------

TEST(NeighbourMerge, JoinsAdjacentChunksOfOneDocumentInOrder) {
  std::vector<Hit> hits = {
      hit(11, 1, 1, 5.0, "Second part. Shared sentence."), hit(20, 2, 0, 4.0, "Other document."),
      hit(10, 1, 0, 3.0, "First part. Shared sentence."), hit(12, 1, 2, 2.0, "Shared sentence. Third part.")};
  // 10 (ordinal 0) and 11 (ordinal 1) and 12 (ordinal 2) are one run.
  hits[0].chunk.text = "Shared sentence. Second part.";
  const auto merged = merge_neighbours(hits);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].chunk.id, 11);  // the best member's record, at its rank
  EXPECT_EQ(merged[0].score, 5.0);
  EXPECT_EQ(merged[0].chunk_ids, (std::vector<int64_t>{10, 11, 12}));
  EXPECT_EQ(merged[0].chunk.text,
            "First part. Shared sentence. Second part.\n\nShared sentence. Third part.");
  EXPECT_EQ(merged[1].chunk.id, 20);
}

TEST(NeighbourMerge, ChunkFillingAGapJoinsTwoRuns) {
  std::vector<Hit> hits = {hit(10, 1, 0, 5.0, "a"), hit(12, 1, 2, 4.0, "c"), hit(11, 1, 1, 3.0, "b")};
  const auto merged = merge_neighbours(hits);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].chunk_ids, (std::vector<int64_t>{10, 11, 12}));
}

TEST(NeighbourMerge, NonAdjacentChunksStaySeparateAndDuplicatesGo) {
  std::vector<Hit> hits = {hit(10, 1, 0, 5.0, "alpha"), hit(13, 1, 3, 4.0, "beta"),
                           hit(30, 3, 0, 3.0, "alpha")};
  const auto merged = merge_neighbours(hits);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].chunk.id, 10);
  EXPECT_EQ(merged[1].chunk.id, 13);
}

TEST(NeighbourMerge, OverlapIsWrittenOnce) {
  EXPECT_EQ(join_overlapping("One. Two.", "Two. Three."), "One. Two. Three.");
  EXPECT_EQ(join_overlapping("One.", "Three."), "One.\n\nThree.");
}

// --- proximity -------------------------------------------------------------

TEST(Proximity, CloseQueryTermsScoreHigherThanDistantOnes) {
  const std::vector<std::string> q = {"heart", "attack"};
  const double close = proximity_score(q, {"a", "heart", "attack", "b"});
  const double far = proximity_score(q, {"heart", "x", "x", "x", "attack"});
  const double apart = proximity_score(q, {"heart", "x", "x", "x", "x", "x", "x", "attack"});
  EXPECT_GT(close, far);
  EXPECT_GT(far, 0);
  EXPECT_EQ(apart, 0);
  EXPECT_EQ(proximity_score({"heart"}, {"heart", "heart"}), 0);
}

// --- RM3 and LSA over a real text index --------------------------------------

namespace {

void add(index::TextIndex& idx, int64_t id, const std::string& text) { idx.add({id, id, text, ""}); }

void fill(index::TextIndex& idx) {
  // Two topics; each document uses some of its topic's vocabulary.
  add(idx, 1, "the cardiac muscle pumps blood through arteries");
  add(idx, 2, "heart disease narrows the arteries and strains the cardiac muscle");
  add(idx, 3, "a heart attack blocks blood flow in coronary arteries");
  add(idx, 4, "coronary arteries supply the heart muscle with blood");
  add(idx, 5, "volcanic eruptions release lava and ash into the atmosphere");
  add(idx, 6, "magma rises through the crust and erupts as lava");
  add(idx, 7, "ash clouds from a volcano disrupt air travel");
  add(idx, 8, "the crust cracks where magma and lava break through");
  idx.commit();
}

}  // namespace

TEST(Rm3, ExpansionFindsRelatedDocumentsWithoutTheQueryWord) {
  TempDir dir;
  auto idx = index::open_text_index(dir.path(), index::OpenMode::write);
  fill(*idx);
  index::TextQuery plain;
  plain.text = "coronary";
  plain.top_k = 10;
  const auto before = idx->search(plain);
  for (const auto& h : before) EXPECT_TRUE(h.chunk_id == 3 || h.chunk_id == 4);
  index::TextQuery expanded = plain;
  expanded.feedback.docs = 2;
  expanded.feedback.terms = 5;
  expanded.feedback.max_df_ratio = 1.0;  // tiny collection: every term is "common"
  const auto after = idx->search(expanded);
  ASSERT_GT(after.size(), before.size());
  // The expansion comes from the heart documents, never the volcano ones,
  // and the documents with the query word stay on top.
  for (const auto& h : after) EXPECT_LE(h.chunk_id, 4);
  EXPECT_TRUE(after[0].chunk_id == 3 || after[0].chunk_id == 4);
}

TEST(Lsa, QueryFindsTopicalNeighboursThatShareNoTerm) {
  TempDir dir;
  auto idx = index::open_text_index(dir.path() / "text", index::OpenMode::write);
  fill(*idx);
  LsaOptions options;
  options.dims = 2;
  LsaRetriever lsa(*idx, dir.path() / "lsa", options);
  EXPECT_TRUE(lsa.trained_now());
  const auto hits = lsa.search("magma", 4, {});
  ASSERT_EQ(hits.size(), 4u);
  // The volcano documents come first, including 5 and 7, which lack "magma".
  for (const auto& h : hits) EXPECT_GE(h.chunk_id, 5) << h.chunk_id;
  // Filters restrict to the given documents.
  const auto filtered = lsa.search("magma", 4, {1, 7});
  ASSERT_EQ(filtered.size(), 2u);
  EXPECT_EQ(filtered[0].chunk_id, 7);
}

TEST(Lsa, ModelIsReloadedWhenFreshAndRetrainedWhenStale) {
  TempDir dir;
  auto idx = index::open_text_index(dir.path() / "text", index::OpenMode::write);
  fill(*idx);
  LsaOptions options;
  options.dims = 2;
  { LsaRetriever first(*idx, dir.path() / "lsa", options); }
  {
    LsaRetriever again(*idx, dir.path() / "lsa", options);
    EXPECT_FALSE(again.trained_now());
  }
  add(*idx, 9, "lava flows cooled into basalt");
  idx->commit();
  LsaRetriever stale(*idx, dir.path() / "lsa", options);
  EXPECT_TRUE(stale.trained_now());
  bool found = false;
  for (const auto& h : stale.search("basalt lava", 8, {})) found = found || h.chunk_id == 9;
  EXPECT_TRUE(found);
}

TEST(Lsa, CorruptModelFileIsRetrainedNotFatal) {
  TempDir dir;
  auto idx = index::open_text_index(dir.path() / "text", index::OpenMode::write);
  fill(*idx);
  std::filesystem::create_directories(dir.path() / "lsa");
  { std::ofstream(dir.path() / "lsa" / "model.bin") << "LORELSA1garbage"; }
  LsaOptions options;
  options.dims = 2;
  LsaRetriever lsa(*idx, dir.path() / "lsa", options);
  EXPECT_TRUE(lsa.trained_now());
  EXPECT_FALSE(lsa.search("lava", 3, {}).empty());
}

TEST(Lsa, TinyCorpusGivesFiniteScoresAndNoHitsForUnknownWords) {
  TempDir dir;
  auto idx = index::open_text_index(dir.path() / "text", index::OpenMode::write);
  add(*idx, 1, "quartermaster ledger entries");
  add(*idx, 2, "title first body json text");
  idx->commit();
  LsaRetriever lsa(*idx, dir.path() / "lsa", LsaOptions{});  // asks for 256 dims of a 2-chunk corpus
  for (const auto& h : lsa.search("ledger json", 5, {})) EXPECT_TRUE(std::isfinite(h.similarity));
  EXPECT_TRUE(lsa.search("zeppelin", 5, {}).empty());
}
