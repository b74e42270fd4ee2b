// Prompt compression end to end with the real binary: `lore compress`
// (JSON and plain-text input, stdin, --json shape, errors), the `compress`
// stage of `lore ask` (per request and per knowledge base) against a chat
// test double speaking the OpenAI wire format, and POST /api/v1/compress.
#include "../support/chat_server_double.h"
#include "../support/model_server_double.h"
#include "server_harness.h"  // last: includes httplib

using namespace lore::e2e;
using lore::testing::ChatServerDouble;
using lore::testing::ModelServerDouble;
using nlohmann::json;

namespace {

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

const json kPassages = {
    "The river flows through three countries before reaching the sea. Fishing villages line its banks, and "
    "ferries cross it at several points.",
    "The Hoover Dam was completed in 1936 on the Colorado River. It is 221 metres tall and was built by Six "
    "Companies, a consortium of construction firms. Tourists visit it every day of the year.",
    "Bread is baked early in the morning in most towns of the region. Bakers use flour from local mills, and "
    "the loaves are sold before noon."};

const std::string kHarbour =
    "# Harbour\n\nThe harbour opens at six in the morning. Fishing boats leave before dawn and return at "
    "noon. "
    "The pier was rebuilt after the storm of 1998. Visitors may walk along the breakwater in summer.\n\n"
    "The quartermaster ledger records every saffron shipment that arrives at the harbour. Each entry keeps "
    "the weight and the name of the captain.\n";
const std::string kGarden = "# Garden\n\nThe garden journal records every tomato harvest and the rainfall.\n";

std::string prompt_text(const json& body) {
  std::string all;
  for (const auto& m : body["messages"]) all += m.value("content", "") + "\n";
  return all;
}

}  // namespace

TEST(Compress, CliJsonKeepsQuestionAndBudget) {
  LoreEnv env;
  env.write("passages.json", kPassages.dump());
  const std::string q = "When was the Hoover Dam completed?";
  const auto r = env.run({"compress", "--question", q, "--budget", "30", "--json", "passages.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  for (const char* key : {"text", "passages", "original_tokens", "compressed_tokens", "rate", "ms"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_LE(j["compressed_tokens"].get<int>(), 30);
  EXPECT_LT(j["compressed_tokens"].get<int>(), j["original_tokens"].get<int>());
  const std::string text = j["text"];
  EXPECT_TRUE(text.size() >= q.size() && text.substr(text.size() - q.size()) == q) << text;
  EXPECT_TRUE(contains(text, "1936")) << text;
  ASSERT_GE(j["passages"].size(), 1u);
  EXPECT_TRUE(contains(j["passages"][0].get<std::string>(), "Hoover Dam")) << j.dump();

  // Plain text is split at blank lines; the human form prints the text, statistics on stderr.
  std::string plain;
  for (const auto& p : kPassages) plain += p.get<std::string>() + "\n\n";
  env.write("passages.txt", plain);
  const auto h = env.run({"compress", "--question", "What do bakers use?", "--rate", "0.4", "passages.txt"});
  ASSERT_EQ(h.exit_code, 0) << h.err;
  EXPECT_TRUE(contains(h.out, "flour")) << h.out;
  EXPECT_TRUE(contains(h.err, "tokens")) << h.err;
}

TEST(Compress, CliErrorsNameTheInput) {
  LoreEnv env;
  env.write("bad.json", "[\"one\", 2]");
  const auto bad = env.run({"compress", "--question", "q?", "bad.json"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(contains(bad.err, "bad.json")) << bad.err;
  env.write("ok.json", kPassages.dump());
  const auto tiny =
      env.run({"compress", "--question", "When was the Hoover Dam completed?", "--budget", "3", "ok.json"});
  EXPECT_EQ(tiny.exit_code, 2);
  EXPECT_TRUE(contains(tiny.err, "budget")) << tiny.err;
  EXPECT_EQ(env.run({"compress", "--question", "q?", "--rate", "0.5", "--budget", "9", "ok.json"}).exit_code,
            2);
  EXPECT_NE(env.run({"compress", "--question", "q?", "missing.json"}).exit_code, 0);
}

TEST(Compress, AskStageCompressesSourcesForTheModel) {
  LoreEnv env;
  ChatServerDouble model;
  model.pieces = {"Saffron shipments [1]."};
  const std::vector<std::pair<std::string, std::string>> chat = {{"LORE_CHAT_PROVIDER", "openai"},
                                                                 {"LORE_CHAT_BASE_URL", model.url("/v1")},
                                                                 {"LORE_CHAT_MODEL", "test-model"},
                                                                 {"LORE_CHAT_RETRIES", "0"}};
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  env.write("docs/harbour.md", kHarbour);
  env.write("docs/garden.md", kGarden);
  ASSERT_EQ(env.run({"ingest", "docs", "--kb", "kb"}).exit_code, 0);
  const std::string q = "what does the quartermaster ledger record?";

  // Off by default: the whole chunk reaches the model, no compress stage.
  auto plain = env.run({"ask", q, "--kb", "kb", "--json"}, chat);
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_FALSE(plain.json()["timings"].contains("compress"));
  EXPECT_TRUE(contains(prompt_text(model.last_body()), "breakwater"));

  // Per request: a small budget keeps the ledger sentence, drops the rest.
  auto r = env.run({"ask", q, "--kb", "kb", "--json", "--compress-budget", "20"}, chat);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.json()["timings"].contains("compress")) << r.out;
  const auto prompt = prompt_text(model.last_body());
  EXPECT_TRUE(contains(prompt, "saffron")) << prompt;
  EXPECT_FALSE(contains(prompt, "breakwater")) << prompt;
  // Citations still quote the stored chunk.
  EXPECT_TRUE(contains(r.json()["citations"][0]["quote"].get<std::string>(), "saffron")) << r.out;

  // Per knowledge base.
  ASSERT_EQ(env.run({"kb", "create", "small", "--compress-budget", "20"}).exit_code, 0);
  ASSERT_EQ(env.run({"ingest", "docs", "--kb", "small"}).exit_code, 0);
  auto k = env.run({"ask", q, "--kb", "small", "--json"}, chat);
  ASSERT_EQ(k.exit_code, 0) << k.err;
  EXPECT_TRUE(k.json()["timings"].contains("compress")) << k.out;
  EXPECT_FALSE(contains(prompt_text(model.last_body()), "breakwater"));
}

TEST(Compress, ApiEndpoint) {
  LoreEnv env;
  Server s(env);
  auto r = s.call("POST", "/api/v1/compress",
                  {{"question", "How tall is the Hoover Dam?"}, {"passages", kPassages}, {"budget", 30}});
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_LE(r.body["compressed_tokens"].get<int>(), 30);
  EXPECT_TRUE(contains(r.body["text"].get<std::string>(), "221")) << r.text;
  std::string plain;
  for (const auto& p : kPassages) plain += p.get<std::string>() + "\n\n";
  auto t = s.call("POST", "/api/v1/compress",
                  {{"question", "What do bakers use?"}, {"text", plain}, {"rate", 0.5}});
  ASSERT_EQ(t.status, 200) << t.text;
  EXPECT_LE(t.body["rate"].get<double>(), 0.5);
  expect_error(s.call("POST", "/api/v1/compress", {{"question", "q?"}, {"passages", kPassages}, {"rate", 2}}),
               400, "invalid_argument");
  expect_error(s.call("POST", "/api/v1/compress", {{"question", "q?"}}), 400, "invalid_argument");
}

// With [rerank] configured, `lore compress` and the API blend the reranker's
// passage scores into the ranking (the double speaks the Jina/Cohere JSON);
// a reranker that fails leaves BM25 to rank alone and the command succeeds.
TEST(Compress, ConfiguredRerankerScoresThePassages) {
  ModelServerDouble server;
  LoreEnv env;
  env.write("passages.json", kPassages.dump());
  const Env rerank = {{"LORE_RERANK_PROVIDER", "http"},
                      {"LORE_RERANK_BASE_URL", server.url()},
                      {"LORE_RERANK_MODEL", "test-rerank"},
                      {"LORE_RERANK_MAX_RETRIES", "0"}};
  const std::vector<std::string> args = {"compress",     "--question", "When was the Hoover Dam completed?",
                                         "--budget",     "30",         "--json",
                                         "passages.json"};
  const auto r = env.run(args, rerank);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json()["ranking"], "bm25+rerank http:test-rerank");
  EXPECT_EQ(server.requests.load(), 1);
  EXPECT_TRUE(contains(r.json()["passages"][0].get<std::string>(), "1936")) << r.out;

  server.fail_status = 500;
  const auto down = env.run(args, rerank);
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(down.json()["ranking"], "bm25");
  EXPECT_TRUE(contains(down.err, "reranker")) << down.err;
  EXPECT_TRUE(contains(down.json()["passages"][0].get<std::string>(), "1936")) << down.out;

  server.fail_status = 0;
  Server s(env, rerank);
  auto api = s.call("POST", "/api/v1/compress",
                    {{"question", "How tall is the Hoover Dam?"}, {"passages", kPassages}, {"budget", 30}});
  ASSERT_EQ(api.status, 200) << api.text;
  EXPECT_EQ(api.body["ranking"], "bm25+rerank http:test-rerank");
  const auto plain = env.run({"compress", "--question", "q?", "--json", "passages.json"});
  EXPECT_EQ(plain.json()["ranking"], "bm25");
}
