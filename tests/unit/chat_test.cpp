// Chat providers (OpenAI-compatible SSE, Ollama NDJSON) against a loopback
// server speaking the real wire formats, and the query pipeline end to end
// in-process (workspace, ingest, ask) with those providers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../support/chat_server_double.h"  // last: includes httplib
#include "core/config.h"
#include "core/error.h"
#include "models/chat_factory.h"
#include "pipeline/compression.h"
#include "pipeline/ingest.h"
#include "pipeline/query.h"
#include "pipeline/workspace.h"

using namespace lore;
using lore::testing::ChatServerDouble;

namespace {

models::ChatConfig config_for(const ChatServerDouble& server, const std::string& provider) {
  models::ChatConfig c;
  c.provider = provider;
  c.base_url = provider == "openai" ? server.url("/v1") : server.url();
  c.model = "test-model";
  c.api_key = "sk-secret-test";
  c.timeout_seconds = 5;
  c.max_retries = 0;
  return c;
}

std::vector<std::string> collect(models::ChatModel& model, std::string* whole = nullptr) {
  std::vector<std::string> deltas;
  const std::string text = model.complete({{"user", "hi"}}, [&](std::string_view d) {
    deltas.emplace_back(d);
    return true;
  });
  if (whole) *whole = text;
  return deltas;
}

class ProviderTest : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(ProviderTest, StreamsDeltasInOrderWithReasoningInThinkTags) {
  ChatServerDouble server;
  server.reasoning_pieces = {"Let me ", "think."};
  server.pieces = {"Chunks are ", "512 tokens", " [1]."};
  auto model = models::make_chat_model(config_for(server, GetParam()));
  ASSERT_TRUE(model);
  std::string whole;
  const auto deltas = collect(*model, &whole);
  EXPECT_EQ(whole, "<think>Let me think.</think>Chunks are 512 tokens [1].");
  std::string joined;
  for (const auto& d : deltas) joined += d;
  EXPECT_EQ(joined, whole);
  EXPECT_GE(deltas.size(), 5u);  // one per event, not one blob
  const auto body = server.last_body();
  EXPECT_EQ(body["model"], "test-model");
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(body["messages"][0]["content"], "hi");
  EXPECT_EQ(server.last_authorization(), "Bearer sk-secret-test");
  EXPECT_EQ(model->id(), GetParam() + ":test-model");
}

TEST_P(ProviderTest, NonStreamingRequestWithoutHandler) {
  ChatServerDouble server;
  server.pieces = {"Plain ", "answer."};
  auto model = models::make_chat_model(config_for(server, GetParam()));
  EXPECT_EQ(model->complete({{"user", "hi"}}, {}), "Plain answer.");
  EXPECT_EQ(server.last_body()["stream"], false);
}

TEST_P(ProviderTest, HandlerReturningFalseCancels) {
  ChatServerDouble server;
  server.pieces = {"one ", "two ", "three"};
  auto model = models::make_chat_model(config_for(server, GetParam()));
  int calls = 0;
  const std::string text = model->complete({{"user", "hi"}}, [&](std::string_view) { return ++calls < 1; });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(text, "one ");
}

TEST_P(ProviderTest, HttpErrorNamesProviderUrlAndStatusNotKey) {
  ChatServerDouble server;
  server.fail_status = 500;
  auto model = models::make_chat_model(config_for(server, GetParam()));
  try {
    collect(*model);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::model_error);
    const std::string msg = e.what();
    EXPECT_NE(msg.find("HTTP 500"), std::string::npos) << msg;
    EXPECT_NE(msg.find(server.url()), std::string::npos) << msg;
    EXPECT_NE(msg.find(GetParam()), std::string::npos) << msg;
    EXPECT_EQ(msg.find("sk-secret-test"), std::string::npos) << msg;
  }
}

TEST_P(ProviderTest, ErrorEventMidStreamIsModelError) {
  ChatServerDouble server;
  server.pieces = {"partial ", "rest"};
  server.error_after_first = true;
  auto model = models::make_chat_model(config_for(server, GetParam()));
  try {
    collect(*model);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::model_error);
    EXPECT_NE(std::string(e.what()).find("model overloaded"), std::string::npos) << e.what();
  }
}

TEST_P(ProviderTest, SilentServerTimesOut) {
  ChatServerDouble server;
  server.delay_ms = 2500;
  server.pieces = {"late"};
  auto config = config_for(server, GetParam());
  config.timeout_seconds = 1;
  auto model = models::make_chat_model(config);
  try {
    collect(*model);
    FAIL() << "expected a timeout";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::timeout) << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Providers, ProviderTest, ::testing::Values("openai", "ollama"));

TEST(ChatFactory, RejectsUnknownProviderAndMissingModel) {
  models::ChatConfig c;
  EXPECT_EQ(models::make_chat_model(c), nullptr);
  c.provider = "none";
  EXPECT_EQ(models::make_chat_model(c), nullptr);
  c.provider = "bard";
  EXPECT_THROW(models::make_chat_model(c), Error);
  c.provider = "openai";
  try {
    models::make_chat_model(c);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("chat.model"), std::string::npos) << e.what();
  }
  c.model = "m";
  c.base_url = "ftp://nope";
  EXPECT_THROW(models::make_chat_model(c), Error);
}

// ---- the query pipeline in-process, with a real workspace and index.

namespace {

class AskPipeline : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lore-ask-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    config_.data_dir = dir_ / "data";
    ws_ = std::make_unique<pipeline::Workspace>(config_, pipeline::Access::write);
    kb_ = ws_->create_kb("kb", "general");
    const auto file = dir_ / "storage.md";
    std::ofstream(file)
        << "# Storage\n\nThe quartermaster ledger records every saffron shipment at the harbour. "
           "Each entry keeps the weight and the captain's name.\n";
    const auto garden = dir_ / "garden.md";
    std::ofstream(garden)
        << "# Garden\n\nThe garden journal records every tomato harvest and the rainfall.\n";
    pipeline::ingest(*ws_, kb_, pipeline::expand_inputs({file.string(), garden.string()}));
  }
  void TearDown() override {
    ws_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  Config config_;
  std::unique_ptr<pipeline::Workspace> ws_;
  store::KnowledgeBase kb_;
};

}  // namespace

TEST_F(AskPipeline, StreamsFilteredAnswerIncrementallyAndMapsCitations) {
  ChatServerDouble server;
  server.pieces = {"<thi", "nk>source 1 is about saffron</th",
                   "ink>\n\nThe ledger records saffron shipments [", "1][4", "]."};
  server.enable_gate(2);  // the first visible text is in piece 2
  auto model = models::make_chat_model(config_for(server, "openai"));
  std::vector<std::string> deltas;
  pipeline::AskRequest req;
  req.kb = kb_;
  req.question = "what does the quartermaster ledger record?";
  req.want_reasoning = true;
  req.want_timings = true;
  req.request_id = "req-123";
  req.on_delta = [&](std::string_view d) {
    deltas.emplace_back(d);
    server.open_gate();  // the server holds the rest of the stream until we have shown something
    return true;
  };
  const auto r = pipeline::ask(*ws_, req, model.get());
  EXPECT_TRUE(server.gate_opened_in_time()) << "the first fragment was not delivered before the stream ended";
  EXPECT_EQ(r.answer, "The ledger records saffron shipments [1].");
  EXPECT_EQ(r.reasoning, "source 1 is about saffron");
  std::string joined;
  for (const auto& d : deltas) joined += d;
  EXPECT_EQ(joined, r.answer);
  ASSERT_EQ(r.citations.size(), 1u);
  EXPECT_EQ(r.citations[0].n, 1);
  EXPECT_EQ(r.citations[0].document, "storage.md");
  EXPECT_EQ(r.citations[0].quote, "The quartermaster ledger records every saffron shipment at the harbour.");
  EXPECT_EQ(r.request_id, "req-123");
  std::vector<std::string> stages;
  for (const auto& t : r.timings) stages.push_back(t.stage);
  EXPECT_EQ(stages, (std::vector<std::string>{"rewrite_query", "preprocess", "search", "merge",
                                              "filter_top_k", "build_prompt", "generate", "stream_filter"}));
  // The prompt carried the numbered source and the rules.
  const auto body = server.last_body();
  const std::string system = body["messages"][0]["content"];
  EXPECT_NE(system.find("[1] storage.md"), std::string::npos) << system;
  EXPECT_NE(system.find("quartermaster ledger"), std::string::npos);
  EXPECT_NE(system.find("cite"), std::string::npos);
  EXPECT_EQ(body["messages"].back()["content"], req.question);
}

TEST_F(AskPipeline, RewritesFollowUpWithTheModelAndKeepsHistory) {
  ChatServerDouble server;
  server.pieces = {"What does the quartermaster ledger record?"};
  auto model = models::make_chat_model(config_for(server, "ollama"));
  pipeline::AskRequest req;
  req.kb = kb_;
  req.question = "and what does it keep?";
  req.history = {{"user", "tell me about the quartermaster ledger"},
                 {"assistant", "It records shipments [1]."}};
  const auto r = pipeline::ask(*ws_, req, model.get());
  EXPECT_EQ(r.standalone_question, "What does the quartermaster ledger record?");
  EXPECT_EQ(server.requests.load(), 2);  // rewrite, then generate
  const auto body = server.last_body();
  // generate: system, two history turns, the question
  ASSERT_EQ(body["messages"].size(), 4u);
  EXPECT_EQ(body["messages"][1]["content"], "tell me about the quartermaster ledger");
}

TEST_F(AskPipeline, ExtractiveWithoutModelAndDeterministicRewrite) {
  pipeline::AskRequest req;
  req.kb = kb_;
  req.question = "what does it record?";
  req.history = {{"user", "tell me about the garden journal"}, {"assistant", "It is a journal [1]."}};
  const auto r = pipeline::ask(*ws_, req);
  EXPECT_EQ(r.model, "extractive");
  EXPECT_EQ(r.standalone_question, "what does it record? garden journal");
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.answer, "The garden journal records every tomato harvest and the rainfall [1].");
  ASSERT_EQ(r.citations.size(), 1u);
  EXPECT_EQ(r.citations[0].document, "garden.md");
  EXPECT_TRUE(r.timings.empty());  // not requested
}

TEST_F(AskPipeline, CancelStopsTheAnswer) {
  ChatServerDouble server;
  server.pieces = {"First part. ", "Second part. ", "Third part."};
  auto model = models::make_chat_model(config_for(server, "openai"));
  pipeline::AskRequest req;
  req.kb = kb_;
  req.question = "what does the ledger record?";
  req.on_delta = [](std::string_view) { return false; };
  const auto r = pipeline::ask(*ws_, req, model.get());
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(r.answer, "First part.");
}

TEST_F(AskPipeline, BadRequestsAreClearErrors) {
  pipeline::AskRequest req;
  req.question = "x";  // no knowledge base resolved
  EXPECT_THROW(pipeline::ask(*ws_, req), Error);
  req.kb = kb_;
  req.question = "   ";
  try {
    pipeline::ask(*ws_, req);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
  }
}

// The pipeline answers from the knowledge base it is handed, never from a
// same-named one in another tenant (the server resolves it per API key).
TEST_F(AskPipeline, AnswersFromTheResolvedTenantsKnowledgeBase) {
  const auto other = ws_->store().create_tenant("other");
  const auto their_kb = ws_->create_kb(other.id, "kb", "general");
  const auto file = dir_ / "other.md";
  std::ofstream(file) << "# Vault\n\nThe quartermaster ledger of the other tenant lists copper ingots.\n";
  pipeline::ingest(*ws_, their_kb, pipeline::expand_inputs({file.string()}));

  pipeline::AskRequest req;
  req.question = "what does the quartermaster ledger record?";
  req.kb = their_kb;
  const auto theirs = pipeline::ask(*ws_, req);
  ASSERT_FALSE(theirs.citations.empty()) << theirs.answer;
  for (const auto& c : theirs.citations) EXPECT_EQ(c.document, "other.md");
  req.kb = kb_;
  const auto ours = pipeline::ask(*ws_, req);
  ASSERT_FALSE(ours.citations.empty()) << ours.answer;
  for (const auto& c : ours.citations) EXPECT_EQ(c.document, "storage.md");
  EXPECT_EQ(ours.answer.find("copper"), std::string::npos) << ours.answer;
}

// The compress stage's self-information model is trained on the knowledge
// base's own chunks, reused while they do not change and rebuilt when they do.
TEST_F(AskPipeline, CompressModelIsTheKnowledgeBasesOwnAndFollowsItsChanges) {
  const auto first = pipeline::kb_ngram_model(*ws_, kb_.id);
  ASSERT_NE(first, nullptr);
  EXPECT_GT(first->tokens(), 10u);
  // Seen in the knowledge base: fewer bits than a word it never had.
  EXPECT_LT(first->self_information("", "saffron"), first->self_information("", "zeppelin"));
  EXPECT_EQ(pipeline::kb_ngram_model(*ws_, kb_.id), first);  // cached

  const auto file = dir_ / "airship.md";
  std::ofstream(file) << "# Airship\n\nThe zeppelin hangar holds one zeppelin and a zeppelin crew.\n";
  pipeline::ingest(*ws_, kb_, pipeline::expand_inputs({file.string()}));
  const auto second = pipeline::kb_ngram_model(*ws_, kb_.id);
  EXPECT_NE(second, first);
  EXPECT_LT(second->self_information("", "zeppelin"), first->self_information("", "zeppelin"));
}
