// SciFact (BEIR) nDCG@10 of the PostgreSQL text index against the embedded
// Xapian index in the same run: one chunk per corpus document (title in the
// title field), the test queries, Lore's default text query. Acceptance
// (issue 10): within 0.01. Skips without the shared data
// (LORE_SHARED_DATA/beir/scifact) or outside the PostgreSQL fixture.
// Latencies are printed and recorded, never asserted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "../support/pg_test_db.h"
#include "index/postgres/pg_indexes.h"
#include "index/text_index.h"
#include "pipeline/beir.h"
#include "pipeline/eval_metrics.h"

using namespace lore;
using namespace lore::index;
namespace fs = std::filesystem;

namespace {

fs::path scifact_dir() {
  fs::path data = fs::path(LORE_SOURCE_DIR) / ".." / "shared" / "data";
  if (const char* env = std::getenv("LORE_SHARED_DATA")) data = env;
  return data / "beir" / "scifact";
}

struct EvalRun {
  double ndcg10 = 0;
  double p50_ms = 0;
};

EvalRun evaluate(TextIndex& index, const std::vector<pipeline::beir::Query>& queries,
             const pipeline::beir::Qrels& qrels, const std::vector<std::string>& corpus_ids) {
  EvalRun run;
  std::vector<double> ms;
  size_t n = 0;
  for (const auto& q : queries) {
    const auto judged = qrels.find(q.id);
    if (judged == qrels.end()) continue;
    TextQuery tq;
    tq.text = q.text;
    tq.top_k = 10;
    const auto start = std::chrono::steady_clock::now();
    const auto hits = index.search(tq);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    std::vector<std::string> ranking;
    for (const auto& h : hits) ranking.push_back(corpus_ids[static_cast<size_t>(h.chunk_id)]);
    run.ndcg10 += pipeline::ndcg_at(ranking, judged->second, 10);
    ++n;
  }
  run.ndcg10 /= static_cast<double>(std::max<size_t>(n, 1));
  run.p50_ms = pipeline::percentile(ms, 50);
  return run;
}

}  // namespace

TEST(PgTextScifact, NdcgWithinOneHundredthOfXapian) {
  const fs::path dir = scifact_dir();
  if (!fs::exists(dir / "queries.jsonl") && !fs::exists(dir / "queries.jsonl.gz"))
    GTEST_SKIP() << "SciFact not found at " << dir << " (set LORE_SHARED_DATA)";
  LORE_PG_TEST_DATABASE(db);
  const auto corpus = pipeline::beir::load_corpus(dir);
  const auto queries = pipeline::beir::load_queries(dir);
  const auto qrels = pipeline::beir::load_qrels(dir, "test");
  ASSERT_GT(corpus.size(), 5000u);

  const fs::path xdir = fs::temp_directory_path() / ("lore-scifact-xapian-" + std::to_string(::getpid()));
  fs::remove_all(xdir);
  auto x = open_text_index(xdir, OpenMode::write);
  auto p = open_pg_text_index(db.url(), 1, OpenMode::write);
  std::vector<std::string> ids;
  const auto load_start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < corpus.size(); ++i) {
    ids.push_back(corpus[i].id);
    const IndexedChunk c{static_cast<int64_t>(i), static_cast<int64_t>(i), corpus[i].text, corpus[i].title};
    x->add(c);
    p->add(c);
    if (i % 1000 == 999) {
      x->commit();
      p->commit();
    }
  }
  x->commit();
  p->commit();
  const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  ASSERT_EQ(p->size(), static_cast<int64_t>(corpus.size()));

  const EvalRun xr = evaluate(*x, queries, qrels, ids);
  const EvalRun pr = evaluate(*p, queries, qrels, ids);
  std::cout << "SciFact test nDCG@10: xapian " << xr.ndcg10 << " (p50 " << xr.p50_ms << " ms), postgres "
            << pr.ndcg10 << " (p50 " << pr.p50_ms << " ms); both indexed in " << load_s << " s\n";
  RecordProperty("ndcg10_xapian", std::to_string(xr.ndcg10));
  RecordProperty("ndcg10_postgres", std::to_string(pr.ndcg10));
  RecordProperty("p50_ms_xapian", std::to_string(xr.p50_ms));
  RecordProperty("p50_ms_postgres", std::to_string(pr.p50_ms));
  EXPECT_GT(xr.ndcg10, 0.5);  // sanity: the corpus and qrels line up
  EXPECT_NEAR(pr.ndcg10, xr.ndcg10, 0.01);
  x.reset();
  fs::remove_all(xdir);
}
