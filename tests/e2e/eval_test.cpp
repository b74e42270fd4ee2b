// End-to-end: `lore eval` on a small generated BEIR collection.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <string>

#include "harness.h"

using lore::e2e::LoreEnv;

namespace {

// Twelve documents on distinct topics; each query names its document's topic
// in other words than the title, so the ranking is decided by the text.
const char* kTopics[][3] = {
    {"Volcanoes", "Magma rises through the crust and erupts as lava and ash.", "lava eruption from magma"},
    {"Glaciers", "Ice sheets flow slowly downhill and carve valleys.", "ice carving valleys"},
    {"Coral reefs", "Reefs are built by polyps that secrete calcium carbonate.",
     "polyps secreting carbonate"},
    {"Photosynthesis", "Plants convert sunlight, water and carbon dioxide into sugar.",
     "plants turning sunlight into sugar"},
    {"Tides", "The moon's gravity pulls the oceans and raises tides.", "moon gravity on oceans"},
    {"Vaccines", "Vaccines train the immune system with harmless antigens.",
     "training immunity with antigens"},
    {"Bees", "Honey bees pollinate flowers and store nectar as honey.", "pollinating flowers and nectar"},
    {"Compilers", "A compiler translates source code into machine instructions.",
     "translating source code to machine code"},
    {"Tectonics", "Continental plates drift on the mantle and collide.", "plates drifting on the mantle"},
    {"Insulin", "Insulin lets cells absorb glucose from the blood.", "cells absorbing glucose"},
    {"Rainbows", "Sunlight refracts in raindrops and splits into colours.", "light refracting in raindrops"},
    {"Bridges", "Suspension bridges hang the deck from steel cables.", "deck hanging from steel cables"},
};

std::string gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// Writes the collection under env.dir()/name; the corpus gzipped if asked.
std::string write_collection(const LoreEnv& env, const std::string& name, bool gz) {
  std::string corpus, queries, qrels = "query-id\tcorpus-id\tscore\n";
  int i = 0;
  for (const auto& t : kTopics) {
    const std::string id = "d" + std::to_string(i), qid = "q" + std::to_string(i);
    corpus += R"({"_id": ")" + id + R"(", "title": ")" + t[0] + R"(", "text": ")" + t[1] +
              R"(", "metadata": {}})" + "\n";
    queries += R"({"_id": ")" + qid + R"(", "text": ")" + t[2] + R"(", "metadata": {}})" + "\n";
    // q0 also counts d8 (plate tectonics) as partly relevant: graded judgements.
    qrels += qid + "\t" + id + "\t2\n";
    ++i;
  }
  qrels += "q0\td8\t1\n";
  if (gz)
    env.write(name + "/corpus.jsonl.gz", gzip(corpus));
  else
    env.write(name + "/corpus.jsonl", corpus);
  env.write(name + "/queries.jsonl", queries);
  env.write(name + "/qrels/test.tsv", qrels);
  return (env.dir() / name).string();
}

}  // namespace

TEST(Eval, JsonReportsMetricsLatencyAndBaseline) {
  LoreEnv env;
  const auto dir = write_collection(env, "tiny", false);
  auto r = env.run({"eval", "--beir", dir, "--kb", "tiny", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  for (const char* key : {"ndcg@10", "recall@10", "recall@100", "mrr@10"}) {
    ASSERT_TRUE(j.contains(key)) << key;
    EXPECT_GE(j[key].get<double>(), 0.0);
    EXPECT_LE(j[key].get<double>(), 1.0);
  }
  EXPECT_EQ(j["queries"], 12);
  EXPECT_EQ(j["ingested_documents"], 12);
  // Every query's own document is found (each query shares words only with it).
  // (q0's second, partly relevant document shares no word with it: at least
  // 11 full queries + half of q0.)
  EXPECT_GE(j["recall@10"].get<double>(), (11.0 + 0.5) / 12.0 - 1e-9);
  EXPECT_GT(j["mrr@10"].get<double>(), 0.9);
  for (const char* stage : {"preprocess", "bm25", "fetch", "merge", "filter_top_k", "total"}) {
    ASSERT_TRUE(j["latency_ms"].contains(stage)) << stage << " in " << j["latency_ms"].dump();
    EXPECT_TRUE(j["latency_ms"][stage].contains("p50"));
    EXPECT_TRUE(j["latency_ms"][stage].contains("p95"));
  }
  ASSERT_TRUE(j.contains("baseline"));
  EXPECT_EQ(j["baseline"]["queries"], 12);
  EXPECT_GT(j["baseline"]["mrr@10"].get<double>(), 0.9);

  // The documents are in the knowledge base under their BEIR ids; a second
  // run reuses them instead of ingesting again.
  auto search = env.run({"search", "lava eruption", "--kb", "tiny", "--json"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_EQ(search.json()["results"][0]["document"], "d0");
  auto again = env.run({"eval", "--beir", dir, "--kb", "tiny", "--json", "--no-baseline"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.json()["ingested_documents"], 0);
  EXPECT_FALSE(again.json().contains("baseline"));
  EXPECT_EQ(again.json()["ndcg@10"], j["ndcg@10"]);
}

TEST(Eval, ReadsGzipCorpusAndPrintsATable) {
  LoreEnv env;
  const auto dir = write_collection(env, "tinygz", true);
  auto r = env.run({"eval", "--beir", dir, "--kb", "gz"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("nDCG@10"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bm25 (raw)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("12 queries"), std::string::npos) << r.out;
}

TEST(Eval, BadCollectionIsAClearErrorNamingTheFile) {
  LoreEnv env;
  auto missing = env.run({"eval", "--beir", (env.dir() / "nope").string(), "--kb", "x"});
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_NE(missing.err.find("nope"), std::string::npos) << missing.err;

  const auto dir = write_collection(env, "bad", false);
  env.write("bad/qrels/test.tsv", "query-id\tcorpus-id\tscore\nq0\td0\tlots\n");
  auto bad = env.run({"eval", "--beir", dir, "--kb", "x"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("test.tsv:2"), std::string::npos) << bad.err;

  auto split = env.run({"eval", "--beir", dir, "--kb", "x", "--split", "dev"});
  EXPECT_EQ(split.exit_code, 4);
  EXPECT_NE(split.err.find("dev.tsv"), std::string::npos) << split.err;
}

// A collection shipped with only train judgements (no test split) is
// evaluated on them; with two non-test splits the error names both.
TEST(Eval, WithoutATestSplitTheOnlySplitIsUsed) {
  LoreEnv env;
  const auto dir = write_collection(env, "trainonly", false);
  std::filesystem::rename(env.dir() / "trainonly/qrels/test.tsv", env.dir() / "trainonly/qrels/train.tsv");
  auto r = env.run({"eval", "--beir", dir, "--kb", "t", "--json", "--no-baseline"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json()["split"], "train");
  EXPECT_EQ(r.json()["queries"], 12);

  env.write("trainonly/qrels/dev.tsv", "q1\td1\t1\n");
  auto two = env.run({"eval", "--beir", dir, "--kb", "t"});
  EXPECT_EQ(two.exit_code, 4);
  EXPECT_NE(two.err.find("dev, train"), std::string::npos) << two.err;
}
