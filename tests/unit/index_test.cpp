#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <xapian.h>

#include "core/error.h"
#include "index/text_index.h"
#include "index/xapian/query_builder.h"

using namespace lore;
using namespace lore::index;

namespace {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() /
            ("lore-index-test-" + std::to_string(stamp) + "-" + std::to_string(counter++));
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::vector<int64_t> hit_ids(const std::vector<TextHit>& hits) {
  std::vector<int64_t> ids;
  for (const auto& h : hits) ids.push_back(h.chunk_id);
  return ids;
}

bool contains(const std::vector<int64_t>& ids, int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::vector<TextHit> search(TextIndex& index, const std::string& text, size_t top_k = 10) {
  TextQuery q;
  q.text = text;
  q.top_k = top_k;
  return index.search(q);
}

}  // namespace

TEST(XapianTextIndex, FindsStemmedEnglishWords) {
  TempDir dir;
  auto index = open_text_index(dir.path(), OpenMode::write);
  index->add({1, 10, "The engine was running at full speed.", ""});
  index->add({2, 10, "Bananas are yellow.", ""});
  index->commit();
  auto hits = search(*index, "runs");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].chunk_id, 1);
  EXPECT_EQ(hits[0].document_id, 10);
  EXPECT_GT(hits[0].score, 0);
}

TEST(XapianTextIndex, RanksExactSentenceFirst) {
  TempDir dir;
  auto index = open_text_index(dir.path(), OpenMode::write);
  index->add({1, 1, "Solar panels convert sunlight. Wind turbines are also common.", ""});
  index->add({2, 1, "Hydrogen storage of energy in salt caverns is being studied.", ""});
  index->add({3, 1, "Panels of experts met to discuss energy policy.", ""});
  index->add({4, 2, "Grid storage batteries smooth the output of solar panels.", ""});
  index->commit();
  auto hits = search(*index, "grid storage batteries smooth the output of solar panels");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].chunk_id, 4);
  for (size_t i = 1; i < hits.size(); ++i) EXPECT_LE(hits[i].score, hits[i - 1].score);
}

TEST(XapianTextIndex, PhraseQueryRequiresAdjacency) {
  TempDir dir;
  auto index = open_text_index(dir.path(), OpenMode::write);
  index->add({1, 1, "The quick brown fox jumps.", ""});
  index->add({2, 1, "A brown dog and a quick cat.", ""});
  index->commit();
  EXPECT_EQ(hit_ids(search(*index, "\"quick brown\"")), std::vector<int64_t>{1});
  EXPECT_EQ(hit_ids(search(*index, "quick brown")).size(), 2u);
}

TEST(XapianTextIndex, TitleWordsAreSearchableByField) {
  TempDir dir;
  auto index = open_text_index(dir.path(), OpenMode::write);
  index->add({1, 1, "Refunds are paid within 14 days.", "Billing policy"});
  index->add({2, 1, "Our billing address changed.", "Contact"});
  index->commit();
  EXPECT_EQ(hit_ids(search(*index, "title:billing")), std::vector<int64_t>{1});
  // The title also counts towards plain queries, with extra weight.
  EXPECT_EQ(search(*index, "billing")[0].chunk_id, 1);
}

// Pins the terms Xapian 1.4's FLAG_CJK_NGRAM indexes (unigrams + bigrams of
// each run, unprefixed, plus Z-prefixed copies under STEM_SOME) and checks
// that the query side uses exactly the unprefixed ones.
TEST(XapianTextIndex, CjkQueryTermsMatchIndexedNgrams) {
  TempDir dir;
  {
    auto index = open_text_index(dir.path(), OpenMode::write);
    index->add({1, 1, "中文检索", ""});
    index->commit();
  }
  Xapian::Database db(dir.path().string());
  std::set<std::string> indexed;
  const Xapian::docid docid = *db.postlist_begin("Q1");
  for (auto it = db.termlist_begin(docid); it != db.termlist_end(docid); ++it) indexed.insert(*it);
  const std::set<std::string> expected = {"D1", "Q1",  "中",    "中文", "文",    "文检", "检",    "检索",
                                          "索", "Z中", "Z中文", "Z文",  "Z文检", "Z检",  "Z检索", "Z索"};
  EXPECT_EQ(indexed, expected);

  std::set<std::string> query_terms;
  for (const auto& [term, count] : xapian::cjk_ngram_terms("中文检索")) query_terms.insert(term);
  EXPECT_EQ(query_terms, (std::set<std::string>{"中", "中文", "文", "文检", "检", "检索", "索"}));
}

TEST(XapianTextIndex, ChineseQueryWithExtraWordsStillMatches) {
  TempDir dir;
  auto index = open_text_index(dir.path(), OpenMode::write);
  index->add({1, 1, "知识库问答系统支持中文检索", ""});
  index->add({2, 1, "今天天气很好，我们去公园散步。", ""});
  index->add({3, 2, "The system supports English retrieval.", ""});
  index->commit();
  auto hits = search(*index, "中文检索怎么样");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].chunk_id, 1);
  // Mixed-language questions use both halves.
  auto mixed = search(*index, "English 检索");
  EXPECT_TRUE(contains(hit_ids(mixed), 1));
  EXPECT_TRUE(contains(hit_ids(mixed), 3));
  // Quoted CJK stays an exact phrase.
  EXPECT_TRUE(search(*index, "\"中文检索怎么样\"").empty());
  EXPECT_EQ(hit_ids(search(*index, "\"中文检索\"")), std::vector<int64_t>{1});
}

TEST(XapianTextIndex, RemoveDocumentDeletesAllItsChunks) {
  TempDir dir;
  auto index = open_text_index(dir.path(), OpenMode::write);
  index->add({1, 7, "alpha one", ""});
  index->add({2, 7, "alpha two", ""});
  index->add({3, 8, "alpha three", ""});
  index->commit();
  index->remove_document(7);
  index->commit();
  EXPECT_EQ(index->size(), 1);
  EXPECT_EQ(index->chunk_ids(), std::vector<int64_t>{3});
  EXPECT_EQ(hit_ids(search(*index, "alpha")), std::vector<int64_t>{3});
  index->remove_document(12345);  // unknown document: no-op
  EXPECT_EQ(index->size(), 1);
}

TEST(XapianTextIndex, AddIsIdempotentForSameChunkId) {
  TempDir dir;
  auto index = open_text_index(dir.path(), OpenMode::write);
  index->add({5, 1, "first version mentions apples", ""});
  index->add({5, 1, "second version mentions pears", ""});
  index->add({5, 1, "second version mentions pears", ""});
  index->commit();
  EXPECT_EQ(index->size(), 1);
  EXPECT_TRUE(search(*index, "apples").empty());
  EXPECT_EQ(hit_ids(search(*index, "pears")), std::vector<int64_t>{5});
}

TEST(XapianTextIndex, ReaderSeesCommittedChanges) {
  TempDir dir;
  auto reader = open_text_index(dir.path(), OpenMode::read);  // before any index exists
  EXPECT_EQ(reader->size(), 0);
  auto writer = open_text_index(dir.path(), OpenMode::write);
  writer->add({1, 1, "lighthouse keeper", ""});
  writer->commit();
  EXPECT_EQ(hit_ids(search(*reader, "lighthouse")), std::vector<int64_t>{1});
  writer->add({2, 1, "another lighthouse", ""});
  EXPECT_EQ(reader->size(), 1);  // uncommitted changes stay invisible
  writer->commit();
  EXPECT_EQ(reader->size(), 2);
  EXPECT_EQ(reader->chunk_ids(), (std::vector<int64_t>{1, 2}));
  try {
    reader->add({3, 1, "x", ""});
    FAIL() << "add on a reader must throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
  }
}

TEST(XapianTextIndex, MissingIndexReadsAsEmpty) {
  TempDir dir;
  auto index = open_text_index(dir.path() / "never-created", OpenMode::read);
  EXPECT_EQ(index->size(), 0);
  EXPECT_TRUE(index->chunk_ids().empty());
  EXPECT_TRUE(search(*index, "anything").empty());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "never-created"));
}

TEST(XapianTextIndex, SecondWriterIsLocked) {
  TempDir dir;
  auto first = open_text_index(dir.path(), OpenMode::write);
  try {
    auto second = open_text_index(dir.path(), OpenMode::write);
    FAIL() << "second writer must throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::locked);
    EXPECT_NE(std::string(e.what()).find(dir.path().string()), std::string::npos) << e.what();
  }
  first.reset();
  EXPECT_NO_THROW(open_text_index(dir.path(), OpenMode::write));
}

TEST(XapianTextIndex, FilterByDocument) {
  TempDir dir;
  auto index = open_text_index(dir.path(), OpenMode::write);
  index->add({1, 1, "shared topic words", ""});
  index->add({2, 2, "shared topic words", ""});
  index->add({3, 3, "shared topic words", ""});
  index->commit();
  TextQuery q;
  q.text = "topic";
  q.document_ids = {1, 3};
  auto ids = hit_ids(index->search(q));
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 3}));
  q.document_ids = {99};
  EXPECT_TRUE(index->search(q).empty());
}

TEST(XapianTextIndex, StopWordsOnlyQueryDoesNotCrash) {
  TempDir dir;
  auto index = open_text_index(dir.path(), OpenMode::write);
  index->add({1, 1, "what is the meaning of it", ""});
  index->commit();
  EXPECT_NO_THROW(search(*index, "what is the"));
  EXPECT_NO_THROW(search(*index, ""));
  EXPECT_NO_THROW(search(*index, "   ？。 "));
  EXPECT_TRUE(search(*index, "").empty());
  // Stop words are dropped when the query has other words.
  index->add({2, 1, "the the the the meaning", ""});
  index->commit();
  auto hits = search(*index, "the meaning");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_DOUBLE_EQ(hits[0].score, search(*index, "meaning")[0].score);
}

TEST(XapianTextIndex, UnbalancedQuoteFallsBack) {
  TempDir dir;
  auto index = open_text_index(dir.path(), OpenMode::write);
  index->add({1, 1, "pipeline configuration guide", ""});
  index->commit();
  EXPECT_EQ(hit_ids(search(*index, "\"pipeline configuration")), std::vector<int64_t>{1});
  // Operators the parser rejects are read as plain words.
  EXPECT_EQ(hit_ids(search(*index, "pipeline AND")), std::vector<int64_t>{1});
  EXPECT_EQ(hit_ids(search(*index, "OR guide (")), std::vector<int64_t>{1});
  EXPECT_NO_THROW(search(*index, "NOT"));
}

TEST(XapianTextIndex, TopKLimitsHits) {
  TempDir dir;
  auto index = open_text_index(dir.path(), OpenMode::write);
  for (int64_t i = 1; i <= 5; ++i) index->add({i, 1, "common word", ""});
  index->commit();
  EXPECT_EQ(search(*index, "common", 3).size(), 3u);
  EXPECT_TRUE(search(*index, "common", 0).empty());
}

// Only the read side: a writer given this particular damage (a short version
// file, as a crash during creation leaves) re-creates the index, which is
// Xapian's behaviour and harmless for derived data.
TEST(XapianTextIndex, DamagedIndexIsReportedWithItsDirectory) {
  TempDir dir;
  std::filesystem::create_directories(dir.path());
  { std::ofstream(dir.path() / "iamglass") << "not a xapian version file"; }
  try {
    open_text_index(dir.path(), OpenMode::read);
    FAIL() << "a damaged index must not open";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::corrupt) << e.what();
    EXPECT_NE(std::string(e.what()).find(dir.path().string()), std::string::npos) << e.what();
  }
}
