// The PostgreSQL text index computes Xapian's BM25 in SQL: for the same
// chunks and queries both backends must return the same chunks with the same
// scores (up to floating-point rounding).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <random>

#include "../support/pg_test_db.h"
#include "index/postgres/pg_indexes.h"
#include "index/text_index.h"

using namespace lore::index;

TEST(TextIndexBackends, PostgresScoresEqualXapianScores) {
  LORE_PG_TEST_DATABASE(db);
  const auto dir = std::filesystem::temp_directory_path() / ("lore-agree-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto x = open_text_index(dir, OpenMode::write);
  auto p = open_pg_text_index(db.url(), 5, OpenMode::write);
  const std::vector<std::string> words = {
      "cell", "protein", "T-cell", "immune",  "response", "New",  "York", "cancer", "therapy", "gene", "2019",
      "the",  "of",      "risk",   "vaccine", "mouse",    "Mice", "病毒", "疫苗",   "研究",    "trial"};
  std::mt19937 rng(7);
  for (int64_t id = 1; id <= 300; ++id) {
    std::string text, title;
    const int n = 3 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) text += words[rng() % words.size()] + (rng() % 5 == 0 ? ". " : " ");
    if (rng() % 3 == 0) title = words[rng() % words.size()] + " " + words[rng() % words.size()];
    const IndexedChunk c{id, 1000 + id % 17, text, title};
    x->add(c);
    p->add(c);
  }
  // Replacements and removals change the statistics on both sides.
  x->remove_document(1003);
  p->remove_document(1003);
  x->commit();
  p->commit();
  ASSERT_EQ(x->size(), p->size());
  ASSERT_EQ(x->chunk_ids(), p->chunk_ids());

  const std::vector<std::string> queries = {"cell protein",
                                            "T-cell therapy",
                                            "\"new york\" cancer",
                                            "immune +vaccine",
                                            "gene -mouse",
                                            "risk NEAR trial",
                                            "病毒疫苗研究",
                                            "2019 mice",
                                            "what is the risk of cancer",
                                            "cancer AND therapy",
                                            "response OR gene NOT cell"};
  for (const auto& text : queries) {
    for (double boost : {0.0, 2.0}) {
      for (size_t fb : {size_t{0}, size_t{3}}) {
        for (bool filter : {false, true}) {
          TextQuery q;
          q.text = text;
          q.top_k = 400;
          q.title_boost = boost;
          q.feedback.docs = fb;
          if (filter) q.document_ids = {1001, 1002, 1005, 1010};
          std::map<int64_t, double> xs, ps;
          for (const auto& h : x->search(q)) xs[h.chunk_id] = h.score;
          for (const auto& h : p->search(q)) ps[h.chunk_id] = h.score;
          const std::string where = "query \"" + text + "\" boost " + std::to_string(boost) + " feedback " +
                                    std::to_string(fb) + (filter ? " filtered" : "");
          ASSERT_EQ(xs.size(), ps.size()) << where;
          EXPECT_FALSE(xs.empty()) << where;
          for (const auto& [id, s] : xs) {
            ASSERT_TRUE(ps.count(id)) << where << " chunk " << id;
            EXPECT_NEAR(ps[id], s, 1e-9 * std::max(1.0, std::abs(s))) << where << " chunk " << id;
          }
        }
      }
    }
  }
  x.reset();
  std::filesystem::remove_all(dir);
}
