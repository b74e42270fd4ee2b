// End-to-end: `lore ask` with the real binary — extractive out of the box,
// and with OpenAI/Ollama test-double servers on loopback.
#include <gtest/gtest.h>

#include <string>

#include "../support/chat_server_double.h"  // last: includes httplib
#include "harness.h"

using lore::e2e::LoreEnv;
using lore::testing::ChatServerDouble;

namespace {

constexpr const char* kNotFound = "Not found in the knowledge base.";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A knowledge base "kb" with an English and a Chinese document.
void make_kb(const LoreEnv& env) {
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  env.write("docs/harbour.md",
            "# Harbour\n\nThe harbour opens at six in the morning.\n\n## Ledger\n\n"
            "The quartermaster ledger records every saffron shipment that arrives at the harbour. "
            "Each entry keeps the weight and the name of the captain.\n");
  env.write("docs/zh.md", "# 仓库\n\n仓库的钥匙由值班经理保管。每天晚上十点锁门。\n");
  const auto r = env.run({"ingest", "docs", "--kb", "kb"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

std::vector<std::pair<std::string, std::string>> chat_env(const ChatServerDouble& server,
                                                          const std::string& provider) {
  return {{"LORE_CHAT_PROVIDER", provider},
          {"LORE_CHAT_BASE_URL", provider == "openai" ? server.url("/v1") : server.url()},
          {"LORE_CHAT_MODEL", "test-model"},
          {"LORE_CHAT_API_KEY", "sk-e2e-secret"},
          {"LORE_CHAT_RETRIES", "0"}};
}

}  // namespace

TEST(Ask, ExtractiveJsonOutOfTheBox) {
  LoreEnv env;
  make_kb(env);
  const auto r = env.run({"ask", "what does the quartermaster ledger record?", "--kb", "kb", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  EXPECT_EQ(j["answer"],
            "The quartermaster ledger records every saffron shipment that arrives at the harbour [1].");
  ASSERT_EQ(j["citations"].size(), 1u);
  const auto& c = j["citations"][0];
  EXPECT_EQ(c["n"], 1);
  EXPECT_EQ(c["document"], "docs/harbour.md");
  EXPECT_TRUE(c["chunk_id"].is_number_integer());
  EXPECT_EQ(c["page"], 1);
  EXPECT_TRUE(c["bbox"].is_null());  // Markdown has no page geometry
  EXPECT_EQ(c["quote"],
            "The quartermaster ledger records every saffron shipment that arrives at the harbour.");
  for (const char* stage :
       {"rewrite_query", "preprocess", "search", "merge", "filter_top_k", "generate", "stream_filter"})
    EXPECT_TRUE(j["timings"].contains(stage)) << stage << " in " << j["timings"].dump();
  EXPECT_FALSE(j.contains("reasoning"));
  // Exactly the documented keys.
  EXPECT_EQ(j.size(), 3u) << j.dump();

  // The chunk id points at the chunk the quote comes from.
  const auto chunks = env.run({"search", "quartermaster", "--kb", "kb", "--json"}).json();
  EXPECT_EQ(chunks["results"][0]["chunk_id"], c["chunk_id"]);
}

TEST(Ask, ExtractiveChineseAndNotFound) {
  LoreEnv env;
  make_kb(env);
  const auto zh = env.run({"ask", "仓库的钥匙由谁保管？", "--kb", "kb", "--json"});
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  EXPECT_EQ(zh.json()["answer"], "仓库的钥匙由值班经理保管 [1]。");
  EXPECT_EQ(zh.json()["citations"][0]["document"], "docs/zh.md");

  const auto none = env.run({"ask", "what is the capital of France?", "--kb", "kb", "--json"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.json()["answer"], kNotFound);
  EXPECT_TRUE(none.json()["citations"].empty());

  const auto text = env.run({"ask", "what is the capital of France?", "--kb", "kb"});
  EXPECT_EQ(text.out, std::string(kNotFound) + "\n");
}

TEST(Ask, HumanOutputListsSourcesAndTimings) {
  LoreEnv env;
  make_kb(env);
  const auto r = env.run({"ask", "what does each ledger entry keep?", "--kb", "kb", "--timings"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Each entry keeps the weight and the name of the captain [1].")) << r.out;
  EXPECT_TRUE(contains(r.out, "Sources:\n  [1] docs/harbour.md, page 1")) << r.out;
  EXPECT_TRUE(contains(r.err, "timings (ms): rewrite_query")) << r.err;
}

TEST(Ask, UsageErrors) {
  LoreEnv env;
  make_kb(env);
  EXPECT_EQ(env.run({"ask", "x", "--kb", "missing"}).exit_code, 4);
  EXPECT_EQ(env.run({"ask", "  ", "--kb", "kb"}).exit_code, 2);
  EXPECT_EQ(env.run({"ask", "x"}).exit_code, 2);
  const auto bad = env.run({"ask", "x", "--kb", "kb"}, {{"LORE_CHAT_PROVIDER", "bard"}});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "chat.provider")) << bad.err;
}

class AskWithModel : public ::testing::TestWithParam<std::string> {};

TEST_P(AskWithModel, StreamsAnswerWithoutThinkAndMapsCitations) {
  LoreEnv env;
  make_kb(env);
  ChatServerDouble server;
  server.pieces = {"<think>The user asks about the ledger; ",
                   "source 1 answers.</th",
                   "ink>\n\n",
                   "The ledger records saffron shipments [",
                   "1][9",
                   "]. Entries keep the captain's name."};
  const auto r = env.run({"ask", "what does the quartermaster ledger record?", "--kb", "kb"},
                         chat_env(server, GetParam()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "The ledger records saffron shipments [1]. Entries keep the captain's name.\n"))
      << r.out;
  EXPECT_FALSE(contains(r.out, "think")) << r.out;
  EXPECT_FALSE(contains(r.out, "[9]")) << r.out;
  EXPECT_TRUE(contains(r.out, "[1] docs/harbour.md")) << r.out;
  const auto body = server.last_body();
  EXPECT_EQ(body["model"], "test-model");
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(server.last_authorization(), "Bearer sk-e2e-secret");

  auto env_vars = chat_env(server, GetParam());
  const auto j = env.run(
      {"ask", "what does the quartermaster ledger record?", "--kb", "kb", "--json", "--reasoning"}, env_vars);
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto out = j.json();
  EXPECT_EQ(out["answer"], "The ledger records saffron shipments [1]. Entries keep the captain's name.");
  EXPECT_EQ(out["reasoning"], "The user asks about the ledger; source 1 answers.");
  ASSERT_EQ(out["citations"].size(), 1u);
  EXPECT_EQ(out["citations"][0]["document"], "docs/harbour.md");
  EXPECT_TRUE(contains(out["citations"][0]["quote"], "saffron shipment")) << out.dump();
  EXPECT_TRUE(out["timings"].contains("build_prompt"));
}

TEST_P(AskWithModel, ProviderErrorsAreClear) {
  LoreEnv env;
  make_kb(env);
  ChatServerDouble server;
  server.fail_status = 500;
  const auto r = env.run({"ask", "what does the ledger record?", "--kb", "kb"}, chat_env(server, GetParam()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "HTTP 500")) << r.err;
  EXPECT_TRUE(contains(r.err, server.url())) << r.err;
  EXPECT_FALSE(contains(r.err, "sk-e2e-secret")) << r.err;

  server.fail_status = 0;
  server.delay_ms = 2500;
  server.pieces = {"late"};
  auto slow = chat_env(server, GetParam());
  slow.push_back({"LORE_CHAT_TIMEOUT", "1"});
  const auto t = env.run({"ask", "what does the ledger record?", "--kb", "kb"}, slow);
  EXPECT_EQ(t.exit_code, 1);
  EXPECT_TRUE(contains(t.err, "no reply within 1s")) << t.err;
}

INSTANTIATE_TEST_SUITE_P(Providers, AskWithModel, ::testing::Values("openai", "ollama"));

TEST(Ask, KnowledgeBaseChoosesItsModelAndPromptTemplate) {
  LoreEnv env;
  ChatServerDouble server;
  server.pieces = {"Six in the morning [1]."};
  env.write("prompt.txt", "Answer like a harbour master, citing [n].\nSources:\n{sources}\n");
  ASSERT_EQ(env.run({"kb", "create", "port", "--chat-provider", "ollama", "--chat-base-url", server.url(),
                     "--chat-model", "harbour-7b", "--prompt-file", "prompt.txt"})
                .exit_code,
            0);
  env.write("docs/harbour.md", "# Harbour\n\nThe harbour opens at six in the morning.\n");
  ASSERT_EQ(env.run({"ingest", "docs", "--kb", "port"}).exit_code, 0);
  const auto r = env.run({"ask", "when does the harbour open?", "--kb", "port", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json()["answer"], "Six in the morning [1].");
  const auto body = server.last_body();
  EXPECT_EQ(body["model"], "harbour-7b");
  const std::string system = body["messages"][0]["content"];
  EXPECT_EQ(system.rfind("Answer like a harbour master, citing [n].\nSources:\n[1] docs/harbour.md", 0), 0u)
      << system;

  env.write("bad.txt", "no placeholder here");
  const auto bad = env.run({"kb", "create", "bad", "--prompt-file", "bad.txt"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.err, "bad.txt")) << bad.err;
  EXPECT_TRUE(contains(bad.err, "{sources}")) << bad.err;
}
