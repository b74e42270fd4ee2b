// End-to-end hybrid retrieval through the real `lore` binary against the
// loopback model-server double (real OpenAI / Ollama / rerank JSON):
// vectors stored and indexed at ingest, fused with BM25, reranked; the
// embedding cache; kb reembed; provider failures fail one document only.
#include <gtest/gtest.h>

#include <filesystem>

#include "../support/model_server_double.h"
#include "harness.h"

using lore::e2e::LoreEnv;
using lore::testing::ModelServerDouble;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const std::vector<std::pair<std::string, std::string>> kNoRetries = {{"LORE_EMBEDDING_MAX_RETRIES", "0"}};

void create_vector_kb(const LoreEnv& env, const ModelServerDouble& server,
                      const std::string& provider = "openai") {
  auto r =
      env.run({"kb", "create", "docs", "--embedding-provider", provider, "--embedding-model", "test-embed",
               "--embedding-url", provider == "openai" ? server.url("/v1") : server.url(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json()["settings"]["embedding"]["model"], "test-embed");
}

nlohmann::json document(const LoreEnv& env, const std::string& name) {
  const auto show = env.run({"kb", "show", "docs", "--json"}).json();
  for (const auto& d : show["document_list"])
    if (d["name"] == name) return d;
  return nullptr;
}

void write_corpus(const LoreEnv& env) {
  env.write("a.txt", "The car needs new tires and an oil change before the long trip north.");
  env.write("b.txt", "Cooking pasta requires plenty of salted boiling water and patience.");
  env.write("c.txt", "The weather today is sunny with a light wind from the west.");
}

}  // namespace

TEST(Hybrid, VectorsFindASemanticMatchThatBm25Misses) {
  ModelServerDouble server(64);
  LoreEnv env;
  create_vector_kb(env, server);
  write_corpus(env);
  auto ingest = env.run({"ingest", "a.txt", "b.txt", "c.txt", "--kb", "docs"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err << ingest.out;
  EXPECT_GT(server.requests.load(), 0);

  auto show = env.run({"kb", "show", "docs", "--json"});
  EXPECT_EQ(show.json()["settings"]["embedding"]["vector_dimension"], 64);
  const std::string kb_id = std::to_string(show.json()["id"].get<int64_t>());
  EXPECT_TRUE(std::filesystem::exists(env.data_dir() / "kb" / kb_id / "vectors" / "CURRENT"));

  // "automobile" appears in no document: only the vector side can match it.
  auto search = env.run({"search", "automobile", "--kb", "docs", "--json"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  auto results = search.json()["results"];
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results[0]["document"], "a.txt");
  EXPECT_EQ(results[0]["vector_rank"], 1);
  EXPECT_EQ(results[0]["text_rank"], 0);

  // Both sides agree on "tires": fused rank 1 with both ranks set.
  auto both = env.run({"search", "car tires", "--kb", "docs", "--json"}).json()["results"];
  ASSERT_FALSE(both.empty());
  EXPECT_EQ(both[0]["document"], "a.txt");
  EXPECT_EQ(both[0]["text_rank"], 1);
  EXPECT_EQ(both[0]["vector_rank"], 1);

  // Weighted fusion is selectable.
  auto weighted =
      env.run({"search", "automobile", "--kb", "docs", "--json"}, {{"LORE_SEARCH_FUSION", "weighted"}});
  ASSERT_EQ(weighted.exit_code, 0) << weighted.err;
  EXPECT_EQ(weighted.json()["results"][0]["document"], "a.txt");

  // With a reranker configured, the final scores are the reranker's.
  auto reranked = env.run({"search", "automobile trip", "--kb", "docs", "--json"},
                          {{"LORE_RERANK_PROVIDER", "http"}, {"LORE_RERANK_BASE_URL", server.url()}});
  ASSERT_EQ(reranked.exit_code, 0) << reranked.err;
  auto rr = reranked.json()["results"];
  ASSERT_FALSE(rr.empty());
  EXPECT_EQ(rr[0]["document"], "a.txt");
  EXPECT_NEAR(rr[0]["score"].get<double>(), 2.0 / 3.0, 1e-9);  // double: 2 of 2 query words, /(1+2)

  // Same texts under new names: every vector comes from the cache.
  const int before = server.requests.load();
  env.write("copy/a.txt", "The car needs new tires and an oil change before the long trip north.");
  ASSERT_EQ(env.run({"ingest", "copy", "--kb", "docs"}).exit_code, 0);
  auto reembed = env.run({"kb", "reembed", "--kb", "docs", "--json"});
  ASSERT_EQ(reembed.exit_code, 0) << reembed.err;
  EXPECT_EQ(reembed.json()["chunks"], reembed.json()["from_cache"]);
  EXPECT_EQ(reembed.json()["chunks"], 4);
  EXPECT_EQ(server.requests.load(), before);  // neither the copy nor reembed asked the server
}

TEST(Hybrid, MissingVectorIndexIsRebuiltFromTheStore) {
  ModelServerDouble server(32);
  LoreEnv env;
  create_vector_kb(env, server, "ollama");
  write_corpus(env);
  ASSERT_EQ(env.run({"ingest", "a.txt", "b.txt", "c.txt", "--kb", "docs"}).exit_code, 0);
  const std::string kb_id =
      std::to_string(env.run({"kb", "show", "docs", "--json"}).json()["id"].get<int64_t>());
  std::filesystem::remove_all(env.data_dir() / "kb" / kb_id / "vectors");
  auto search = env.run({"search", "automobile", "--kb", "docs", "--json"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_EQ(search.json()["results"][0]["document"], "a.txt");
  EXPECT_TRUE(std::filesystem::exists(env.data_dir() / "kb" / kb_id / "vectors" / "CURRENT"));
}

TEST(Hybrid, ProviderErrorsFailOneDocumentAndKeepTheStore) {
  ModelServerDouble server(64);
  LoreEnv env;
  create_vector_kb(env, server);
  write_corpus(env);
  ASSERT_EQ(env.run({"ingest", "a.txt", "b.txt", "--kb", "docs"}).exit_code, 0);

  // HTTP 500 for one document.
  server.poison_word = "poisonword";
  env.write("bad.txt", "This document contains the poisonword that makes the server fail.");
  auto r = env.run({"ingest", "bad.txt", "c.txt", "--kb", "docs", "--json"}, kNoRetries);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  auto files = r.json()["files"];
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0]["status"], "failed");
  const std::string err = files[0]["error"];
  EXPECT_TRUE(contains(err, "HTTP 500")) << err;
  EXPECT_TRUE(contains(err, server.url("/v1/embeddings"))) << err;
  EXPECT_EQ(files[1]["status"], "added");
  EXPECT_EQ(document(env, "bad.txt")["status"], "failed");
  EXPECT_EQ(document(env, "bad.txt")["chunks"], 0);
  EXPECT_EQ(document(env, "c.txt")["status"], "done");

  // Wrong dimension: the knowledge base holds 64-float vectors.
  server.poison_word.clear();
  server.wrong_dims = 48;
  env.write("d.txt", "Mountains are tall and covered in snow during the winter months.");
  r = env.run({"ingest", "d.txt", "--kb", "docs", "--json"}, kNoRetries);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(contains(r.json()["files"][0]["error"], "wrong dimension")) << r.out;
  server.wrong_dims = 0;

  // Timeout.
  server.delay_ms = 1500;
  r = env.run({"ingest", "d.txt", "--kb", "docs", "--json"},
              {{"LORE_EMBEDDING_MAX_RETRIES", "0"}, {"LORE_EMBEDDING_TIMEOUT_SECONDS", "0.2"}});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(contains(r.json()["files"][0]["error"], "no reply within")) << r.out;
  server.delay_ms = 0;

  // The store and indexes are intact: earlier documents are searchable by
  // both sides, and the failed ones can be ingested once the server is well.
  auto s = env.run({"search", "automobile", "--kb", "docs", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.json()["results"][0]["document"], "a.txt");
  r = env.run({"ingest", "bad.txt", "d.txt", "--kb", "docs"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(document(env, "bad.txt")["status"], "done");

  // A configuration naming another model is refused, not mixed in.
  auto other = env.run({"search", "snow", "--kb", "docs"},
                       {{"LORE_EMBEDDING_PROVIDER", "openai"}, {"LORE_EMBEDDING_MODEL", "other-model"}});
  EXPECT_NE(other.exit_code, 0);
  EXPECT_TRUE(contains(other.err, "is embedded with openai:test-embed")) << other.err;
}
