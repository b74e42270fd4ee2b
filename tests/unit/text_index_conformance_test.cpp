// TextIndex conformance: one suite, run on the embedded Xapian index and on
// the PostgreSQL index (tests/support/pg_test_db.h; skipped outside the
// CTest fixture). A final test checks that both backends give the same BM25
// scores for the same chunks and queries.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "../support/pg_test_db.h"
#include "core/error.h"
#include "index/postgres/pg_indexes.h"
#include "index/text_index.h"

using namespace lore;
using namespace lore::index;

namespace {

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::unique_ptr<TextIndex> open(OpenMode mode, int64_t kb = 1) = 0;
};

class XapianBackend : public Backend {
 public:
  XapianBackend()
      : dir_(std::filesystem::temp_directory_path() /
             ("lore-text-conf-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {}
  ~XapianBackend() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<TextIndex> open(OpenMode mode, int64_t kb) override {
    return open_text_index(dir_ / std::to_string(kb), mode);
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

class PgBackend : public Backend {
 public:
  explicit PgBackend(const std::string& cluster) : db_(cluster) {}
  std::unique_ptr<TextIndex> open(OpenMode mode, int64_t kb) override {
    return open_pg_text_index(db_.url(), kb, mode);
  }

 private:
  lore::testing::PgTestDatabase db_;
};

std::vector<int64_t> ids(const std::vector<TextHit>& hits) {
  std::vector<int64_t> out;
  for (const auto& h : hits) out.push_back(h.chunk_id);
  return out;
}

std::vector<TextHit> find(TextIndex& index, const std::string& text, std::vector<int64_t> docs = {},
                          size_t top_k = 10) {
  TextQuery q;
  q.text = text;
  q.top_k = top_k;
  q.document_ids = std::move(docs);
  return index.search(q);
}

class TextIndexConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "xapian") {
      backend_ = std::make_unique<XapianBackend>();
    } else {
      const auto cluster = lore::testing::pg_cluster_url();
      if (!cluster) GTEST_SKIP() << "no PostgreSQL test cluster: run through ctest (fixture \"postgres\")";
      backend_ = std::make_unique<PgBackend>(*cluster);
    }
  }
  std::unique_ptr<Backend> backend_;
};

}  // namespace

TEST_P(TextIndexConformance, AddReplaceRemove) {
  auto w = backend_->open(OpenMode::write);
  w->add({1, 10, "The mitochondria produce energy for the cell.", ""});
  w->add({2, 10, "Ribosomes synthesise proteins.", ""});
  w->add({3, 20, "Chloroplasts capture light energy in plants.", ""});
  w->commit();
  EXPECT_EQ(w->size(), 3);
  EXPECT_EQ(w->chunk_ids(), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(ids(find(*w, "energy")).size(), 2u);

  w->add({1, 10, "Lysosomes digest waste.", ""});  // replaces chunk 1
  w->commit();
  EXPECT_EQ(w->size(), 3);
  EXPECT_EQ(ids(find(*w, "energy")), (std::vector<int64_t>{3}));
  EXPECT_EQ(ids(find(*w, "lysosomes")), (std::vector<int64_t>{1}));

  w->remove_document(10);
  w->commit();
  EXPECT_EQ(w->chunk_ids(), (std::vector<int64_t>{3}));
  EXPECT_TRUE(find(*w, "lysosomes").empty());

  // remove + add of the same document twice is idempotent.
  for (int i = 0; i < 2; ++i) {
    w->remove_document(20);
    w->add({3, 20, "Chloroplasts capture light energy in plants.", ""});
    w->commit();
  }
  EXPECT_EQ(w->size(), 1);
  EXPECT_EQ(find(*w, "chloroplasts").size(), 1u);
}

TEST_P(TextIndexConformance, CommitIsVisibleToASecondReader) {
  auto w = backend_->open(OpenMode::write);
  auto r = backend_->open(OpenMode::read);
  EXPECT_EQ(r->size(), 0);
  w->add({1, 1, "Vaccines train the immune system.", ""});
  w->commit();
  EXPECT_EQ(r->size(), 1);
  EXPECT_EQ(ids(find(*r, "immune")), (std::vector<int64_t>{1}));
  EXPECT_THROW(r->add({2, 1, "x", ""}), Error);
  EXPECT_THROW(r->commit(), Error);
}

TEST_P(TextIndexConformance, KnowledgeBasesAreSeparate) {
  auto a = backend_->open(OpenMode::write, 1);
  auto b = backend_->open(OpenMode::write, 2);
  a->add({1, 1, "insulin regulates glucose", ""});
  a->commit();
  b->add({2, 2, "glucose is a sugar", ""});
  b->commit();
  EXPECT_EQ(ids(find(*a, "glucose")), (std::vector<int64_t>{1}));
  EXPECT_EQ(ids(find(*b, "glucose")), (std::vector<int64_t>{2}));
}

TEST_P(TextIndexConformance, DocumentFilterRestrictsHits) {
  auto w = backend_->open(OpenMode::write);
  for (int64_t i = 1; i <= 6; ++i) w->add({i, 100 + i % 3, "protein folding chunk " + std::to_string(i), ""});
  w->commit();
  EXPECT_EQ(find(*w, "protein").size(), 6u);
  const auto hits = find(*w, "protein", {100, 102});
  ASSERT_EQ(hits.size(), 4u);
  for (const auto& h : hits) EXPECT_TRUE(h.document_id == 100 || h.document_id == 102) << h.document_id;
  EXPECT_TRUE(find(*w, "protein", {999}).empty());
}

TEST_P(TextIndexConformance, PhrasesAndHyphenatedWordsNeedAdjacency) {
  auto w = backend_->open(OpenMode::write);
  w->add({1, 1, "The new york times reported on T-cell therapy.", ""});
  w->add({2, 1, "A new study from york about cell T therapy.", ""});
  w->commit();
  EXPECT_EQ(ids(find(*w, "\"new york\"")), (std::vector<int64_t>{1}));
  EXPECT_EQ(ids(find(*w, "T-cell")), (std::vector<int64_t>{1}));
  EXPECT_EQ(ids(find(*w, "york -times")), (std::vector<int64_t>{2}));
}

TEST_P(TextIndexConformance, ChineseQueriesMatchNgrams) {
  auto w = backend_->open(OpenMode::write);
  w->add({1, 1, "机器学习是人工智能的一个分支。", ""});
  w->add({2, 1, "今天天气很好，我们去公园散步。", ""});
  w->commit();
  const auto hits = find(*w, "什么是机器学习");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].chunk_id, 1);
  EXPECT_EQ(ids(find(*w, "公园")), (std::vector<int64_t>{2}));
}

TEST_P(TextIndexConformance, TitleBoostFavoursTitleMatches) {
  auto w = backend_->open(OpenMode::write);
  w->add({1, 1, "Measured in adults over ten years, with diet and exercise.", "Diabetes outcomes"});
  w->add({2, 1, "Diabetes was mentioned once among other conditions in this cohort study.", "Methods"});
  w->commit();
  TextQuery q;
  q.text = "diabetes";
  q.title_boost = 3;
  const auto hits = w->search(q);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].chunk_id, 1);
}

TEST_P(TextIndexConformance, AnalyzeAgreesWithChunkTerms) {
  auto w = backend_->open(OpenMode::write);
  w->add({7, 3, "Running runners ran 42 marathons; 机器学习", "Sports"});
  w->commit();
  const auto analysed = w->analyze("Running runners ran 42 marathons; 机器学习");
  ASSERT_FALSE(analysed.empty());
  std::map<std::string, uint32_t> counted;
  int calls = 0;
  w->for_each_chunk_terms([&](int64_t chunk, int64_t doc, const std::vector<TermCount>& terms) {
    ++calls;
    EXPECT_EQ(chunk, 7);
    EXPECT_EQ(doc, 3);
    for (const auto& t : terms) counted[t.term] = t.count;
  });
  EXPECT_EQ(calls, 1);
  for (const auto& term : analysed) EXPECT_TRUE(counted.count(term)) << term;
  EXPECT_GE(counted[analysed[0]], 1u);
}

TEST_P(TextIndexConformance, RevisionChangesOnCommit) {
  auto w = backend_->open(OpenMode::write);
  const uint64_t r0 = w->revision();
  w->add({1, 1, "alpha", ""});
  w->commit();
  const uint64_t r1 = w->revision();
  EXPECT_NE(r0, r1);
  w->remove_document(1);
  w->commit();
  EXPECT_NE(w->revision(), r1);
  EXPECT_EQ(w->size(), 0);
}

TEST_P(TextIndexConformance, FeedbackStillRanksTheObviousChunkFirst) {
  auto w = backend_->open(OpenMode::write);
  w->add({1, 1, "statins lower cholesterol and cardiovascular risk", ""});
  w->add({2, 1, "cholesterol statins cardiovascular events trial", ""});
  w->add({3, 1, "gardening tips for spring flowers", ""});
  for (int64_t i = 4; i < 40; ++i)
    w->add({i, 2, "filler text number " + std::to_string(i) + " about weather", ""});
  w->commit();
  TextQuery q;
  q.text = "statins cholesterol";
  q.feedback.docs = 2;
  const auto hits = w->search(q);
  ASSERT_GE(hits.size(), 2u);
  EXPECT_TRUE(hits[0].chunk_id == 1 || hits[0].chunk_id == 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, TextIndexConformance, ::testing::Values("xapian", "postgres"),
                         [](const auto& info) { return info.param; });
