// `lore serve` answering questions end to end, over loopback against the real
// binary: POST /api/v1/kbs/{kb}/ask and /api/v1/sessions/{id}/ask (JSON and
// Server-Sent Events), session history, tenant isolation of the ask routes,
// and the OpenAI-compatible /v1/chat/completions (stream and non-stream).
// Models: the builtin extractive answers, or a chat-model test double on
// loopback speaking the OpenAI wire format.
#include "../support/chat_server_double.h"
#include "server_harness.h"  // last: includes httplib

using namespace lore::e2e;
using lore::testing::ChatServerDouble;
using nlohmann::json;

namespace {

const std::string kHarbour =
    "# Harbour\n\nThe harbour opens at six in the morning.\n\n## Ledger\n\n"
    "The quartermaster ledger records every saffron shipment that arrives at the harbour. "
    "Each entry keeps the weight and the name of the captain.\n";
const std::string kGarden = "# Garden\n\nThe garden journal records every tomato harvest and the rainfall.\n";

// Knowledge base "kb" with two documents, made with the CLI before the server starts.
void make_kb(const LoreEnv& env) {
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  env.write("docs/harbour.md", kHarbour);
  env.write("docs/garden.md", kGarden);
  const auto r = env.run({"ingest", "docs", "--kb", "kb"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

Env chat_env(const ChatServerDouble& double_server) {
  return {{"LORE_CHAT_PROVIDER", "openai"},
          {"LORE_CHAT_BASE_URL", double_server.url("/v1")},
          {"LORE_CHAT_MODEL", "test-model"},
          {"LORE_CHAT_RETRIES", "0"}};
}

struct Event {
  std::string name;  // empty for unnamed (OpenAI) events
  std::string data;
  json body() const { return json::parse(data, nullptr, false); }
};

std::vector<Event> parse_events(const std::string& text) {
  std::vector<Event> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\n\n", pos);
    if (end == std::string::npos) end = text.size();
    Event e;
    std::stringstream block(text.substr(pos, end - pos));
    for (std::string line; std::getline(block, line);) {
      if (line.rfind("event: ", 0) == 0) e.name = line.substr(7);
      if (line.rfind("data: ", 0) == 0) e.data += line.substr(6);
    }
    if (!e.name.empty() || !e.data.empty()) out.push_back(e);
    pos = end + 2;
  }
  return out;
}

struct Streamed {
  int status = -1;
  std::string content_type, text;
  std::vector<Event> events;
};

// POSTs `body` and reads the reply as it arrives; `on_data` sees the text so
// far after each received piece.
Streamed post_stream(const Server& s, const std::string& path, const json& body, const std::string& key = "",
                     httplib::Headers headers = {}, std::function<void(const std::string&)> on_data = {}) {
  auto c = s.client();
  httplib::Request req;
  req.method = "POST";
  req.path = path;
  req.headers = std::move(headers);
  if (!key.empty()) req.headers.emplace("Authorization", "Bearer " + key);
  req.headers.emplace("Content-Type", "application/json");
  req.body = body.dump();
  Streamed out;
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    out.text.append(data, n);
    if (on_data) on_data(out.text);
    return true;
  };
  auto r = c.send(req);
  if (!r) return out;
  out.status = r->status;
  out.content_type = r->get_header_value("Content-Type");
  if (out.text.empty()) out.text = r->body;
  out.events = parse_events(out.text);
  return out;
}

std::string deltas_of(const std::vector<Event>& events) {
  std::string joined;
  for (const auto& e : events)
    if (e.name == "delta") joined += e.body()["delta"].get<std::string>();
  return joined;
}

std::string create_key(const LoreEnv& env, const std::string& tenant) {
  auto r = env.run({"key", "create", "--json", "--tenant", tenant});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.json().value("key", "");
}

}  // namespace

TEST(ServerAsk, JsonAnswerHasTheCliShapeAndCitations) {
  LoreEnv env;
  make_kb(env);
  const auto cli =
      env.run({"ask", "what does the quartermaster ledger record?", "--kb", "kb", "--json"}).json();
  Server s(env);
  auto r = s.call("POST", "/api/v1/kbs/kb/ask", {{"question", "what does the quartermaster ledger record?"}});
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["answer"],
            "The quartermaster ledger records every saffron shipment that arrives at the harbour [1].");
  EXPECT_EQ(r.body["citations"], cli["citations"]);  // exactly `lore ask --json`'s
  EXPECT_EQ(r.body["citations"][0]["document"], "docs/harbour.md");
  EXPECT_EQ(r.body["model"], "extractive");
  EXPECT_EQ(r.body["found"], true);
  EXPECT_EQ(r.body["request_id"], r.request_id);
  for (const char* stage : {"rewrite_query", "search", "generate", "stream_filter"})
    EXPECT_TRUE(r.body["timings"].contains(stage)) << r.text;
  EXPECT_FALSE(r.body.contains("reasoning"));

  auto lean = s.call("POST", "/api/v1/kbs/kb/ask", {{"question", "capital of France?"}, {"timings", false}});
  ASSERT_EQ(lean.status, 200) << lean.text;
  EXPECT_EQ(lean.body["answer"], "Not found in the knowledge base.");
  EXPECT_EQ(lean.body["found"], false);
  EXPECT_TRUE(lean.body["citations"].empty());
  EXPECT_FALSE(lean.body.contains("timings"));

  // Bad requests are clear errors before anything runs.
  expect_error(s.call("POST", "/api/v1/kbs/kb/ask", {{"question", "  "}}), 400, "invalid_argument");
  expect_error(s.call("POST", "/api/v1/kbs/kb/ask", json::object()), 400, "invalid_argument");
  expect_error(s.call("POST", "/api/v1/kbs/kb/ask", {{"question", "x"}, {"top_k", 0}}), 400,
               "invalid_argument");
  expect_error(s.call("POST", "/api/v1/kbs/kb/ask", {{"question", "x"}, {"stream", "yes"}}), 400,
               "invalid_argument");
  expect_error(s.call("POST", "/api/v1/kbs/kb/ask", {{"question", "x"}, {"history", {{{"role", "robot"}}}}}),
               400, "invalid_argument");
  expect_error(s.call("POST", "/api/v1/kbs/nope/ask", {{"question", "x"}}), 404, "not_found");
}

TEST(ServerAsk, StreamsDeltasIncrementallyThenCitationsAndTimings) {
  LoreEnv env;
  make_kb(env);
  ChatServerDouble model;
  model.pieces = {"The ledger records saffron shipments [1]. ", "Each entry keeps ",
                  "the captain's name [1]."};
  model.enable_gate(0);  // holds the rest until the client has shown the first delta
  Server s(env, chat_env(model));
  bool opened = false;
  auto r = post_stream(s, "/api/v1/kbs/kb/ask", {{"question", "what does the quartermaster ledger record?"}},
                       "", {{"Accept", "text/event-stream"}}, [&](const std::string& so_far) {
                         if (!opened && so_far.find("event: delta") != std::string::npos) {
                           opened = true;
                           model.open_gate();
                         }
                       });
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.content_type, "text/event-stream");
  EXPECT_TRUE(model.gate_opened_in_time())
      << "the first delta did not reach the client before the model finished";
  ASSERT_GE(r.events.size(), 3u) << r.text;
  EXPECT_EQ(r.events.back().name, "done") << r.text;
  const auto done = r.events.back().body();
  EXPECT_EQ(done["answer"],
            "The ledger records saffron shipments [1]. Each entry keeps the captain's name [1].");
  EXPECT_EQ(deltas_of(r.events), done["answer"].get<std::string>());
  ASSERT_EQ(done["citations"].size(), 1u);
  EXPECT_EQ(done["citations"][0]["document"], "docs/harbour.md");
  EXPECT_EQ(done["model"], "openai:test-model");
  EXPECT_TRUE(done["timings"].contains("generate")) << done.dump();
  EXPECT_EQ(model.last_body()["stream"], true);
}

TEST(ServerAsk, ModelFailuresAreErrorsInJsonAndInTheStream) {
  LoreEnv env;
  make_kb(env);
  ChatServerDouble model;
  model.fail_status = 500;
  Server s(env, chat_env(model));
  const json q = {{"question", "what does the ledger record?"}};
  auto r = s.call("POST", "/api/v1/kbs/kb/ask", q);
  expect_error(r, 502, "model_error");
  EXPECT_NE(r.body["error"]["message"].get<std::string>().find("HTTP 500"), std::string::npos) << r.text;

  json sq = q;
  sq["stream"] = true;
  auto st = post_stream(s, "/api/v1/kbs/kb/ask", sq);
  ASSERT_EQ(st.status, 200);  // the stream had started; the error is its last event
  ASSERT_FALSE(st.events.empty()) << st.text;
  EXPECT_EQ(st.events.back().name, "error") << st.text;
  EXPECT_EQ(st.events.back().body()["error"]["code"], "model_error") << st.text;
  EXPECT_FALSE(st.events.back().body()["error"]["request_id"].get<std::string>().empty());
}

TEST(ServerAsk, SessionAskUsesItsHistoryAndKeepsTheConversation) {
  LoreEnv env;
  make_kb(env);
  Server s(env);
  auto session_about = [&](const std::string& topic) {
    auto created = s.call("POST", "/api/v1/sessions", {{"kb", "kb"}});
    EXPECT_EQ(created.status, 201) << created.text;
    const std::string path = "/api/v1/sessions/" + std::to_string(created.body["id"].get<int64_t>());
    auto first = s.call("POST", path + "/ask", {{"question", "tell me about the " + topic}});
    EXPECT_EQ(first.status, 200) << first.text;
    return path;
  };
  const auto garden = session_about("garden journal");
  const auto ledger = session_about("quartermaster ledger");
  // The same follow-up question, answered from what each conversation is about.
  auto g = s.call("POST", garden + "/ask", {{"question", "what does it record?"}});
  ASSERT_EQ(g.status, 200) << g.text;
  EXPECT_EQ(g.body["answer"], "The garden journal records every tomato harvest and the rainfall [1].");
  EXPECT_EQ(g.body["citations"][0]["document"], "docs/garden.md");
  auto l = post_stream(s, ledger + "/ask", {{"question", "what does it record?"}, {"stream", true}});
  ASSERT_EQ(l.status, 200) << l.text;
  ASSERT_EQ(l.events.back().name, "done") << l.text;
  const auto done = l.events.back().body();
  EXPECT_NE(done["answer"].get<std::string>().find("saffron shipment"), std::string::npos) << done.dump();
  EXPECT_EQ(done["citations"][0]["document"], "docs/harbour.md");
  EXPECT_EQ(deltas_of(l.events), done["answer"].get<std::string>());

  // Both turns are stored, the answers with their citations.
  auto msgs = s.call("GET", garden + "/messages");
  ASSERT_EQ(msgs.body["messages"].size(), 4u) << msgs.text;
  EXPECT_EQ(msgs.body["messages"][2]["role"], "user");
  EXPECT_EQ(msgs.body["messages"][2]["content"], "what does it record?");
  EXPECT_EQ(msgs.body["messages"][3]["role"], "assistant");
  EXPECT_EQ(msgs.body["messages"][3]["content"], g.body["answer"]);
  EXPECT_EQ(msgs.body["messages"][3]["citations"], g.body["citations"]);
  EXPECT_EQ(msgs.body["messages"][3]["id"], g.body["message_id"]);
  EXPECT_EQ(s.call("GET", ledger + "/messages").body["messages"].size(), 4u);
  EXPECT_EQ(done["message_id"], s.call("GET", ledger + "/messages").body["messages"][3]["id"]);

  // A failed ask leaves the conversation as it was.
  expect_error(s.call("POST", garden + "/ask", {{"question", " "}}), 400, "invalid_argument");
  expect_error(s.call("POST", garden + "/ask", {{"question", "x"}, {"history", json::array()}}), 400,
               "invalid_argument");
  EXPECT_EQ(s.call("GET", garden + "/messages").body["messages"].size(), 4u);
  expect_error(s.call("POST", "/api/v1/sessions/999/ask", {{"question", "x"}}), 404, "not_found");
}

TEST(ServerAsk, SessionHistoryReachesTheModel) {
  LoreEnv env;
  make_kb(env);
  ChatServerDouble model;
  model.pieces = {"It records saffron shipments [1]."};
  Server s(env, chat_env(model));
  auto created = s.call("POST", "/api/v1/sessions", {{"kb", "kb"}, {"title", "ledger"}});
  const std::string path = "/api/v1/sessions/" + std::to_string(created.body["id"].get<int64_t>());
  ASSERT_EQ(
      s.call("POST", path + "/ask", {{"question", "what does the quartermaster ledger record?"}}).status,
      200);
  const int before = model.requests.load();
  ASSERT_EQ(s.call("POST", path + "/ask", {{"question", "who keeps it?"}}).status, 200);
  EXPECT_EQ(model.requests.load() - before, 2);  // rewrite against the history, then generate
  const auto body = model.last_body();
  ASSERT_EQ(body["messages"].size(), 4u) << body.dump();  // system, user, assistant, question
  EXPECT_EQ(body["messages"][1]["content"], "what does the quartermaster ledger record?");
  EXPECT_EQ(body["messages"][2]["content"], "It records saffron shipments [1].");
}

TEST(ServerAsk, ASecondTenantAsksOnlyItsOwnKnowledgeBases) {
  LoreEnv env;
  const std::string a = create_key(env, "alpha");
  const std::string b = create_key(env, "beta");
  Server s(env);
  auto add_kb = [&](const std::string& key, const std::string& text) {
    ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "secret"}}, key).status, 201);
    auto up = s.upload("secret", {{"plan.md", text}}, key);
    ASSERT_EQ(up.status, 202) << up.text;
    ASSERT_EQ(s.wait_job(up.body["job_id"], key)["status"], "done");
  };
  add_kb(a, "# Plan\n\nThe launch code is marmalade, stored in vault nine.\n");
  auto session = s.call("POST", "/api/v1/sessions", {{"kb", "secret"}}, a);
  const std::string sess = "/api/v1/sessions/" + std::to_string(session.body["id"].get<int64_t>());
  const json q = {{"question", "what is the launch code?"}};
  const json chat_q = {{"model", "lore:secret"},
                       {"messages", {{{"role", "user"}, {"content", "launch code?"}}}}};

  // Before B has a knowledge base of that name: 404 on every ask route, streaming or not.
  auto expect_404 = [&](const std::string& path, json body, httplib::Headers headers = {}) {
    SCOPED_TRACE(path + " " + body.dump());
    expect_error(s.call("POST", path, body, b, headers), 404, "not_found");
    body["stream"] = true;
    auto st = post_stream(s, path, body, b, headers);
    EXPECT_EQ(st.status, 404) << st.text;
    EXPECT_EQ(json::parse(st.text, nullptr, false)["error"]["code"], "not_found") << st.text;
    EXPECT_EQ(st.text.find("marmalade"), std::string::npos);
  };
  expect_404("/api/v1/kbs/secret/ask", q);
  expect_404(sess + "/ask", q);
  expect_404("/v1/chat/completions", chat_q);
  json by_header = chat_q;
  by_header["model"] = "anything";
  expect_404("/v1/chat/completions", by_header, {{"X-Lore-KB", "secret"}});

  // With its own "secret", B gets answers from its own documents only.
  add_kb(b, "# Plan\n\nThe launch code is gooseberry, kept in the cellar.\n");
  for (const auto& reply :
       {s.call("POST", "/api/v1/kbs/secret/ask", q, b), s.call("POST", "/v1/chat/completions", chat_q, b)}) {
    ASSERT_EQ(reply.status, 200) << reply.text;
    EXPECT_NE(reply.text.find("gooseberry"), std::string::npos) << reply.text;
    EXPECT_EQ(reply.text.find("marmalade"), std::string::npos) << reply.text;
  }
  expect_404(sess + "/ask", q);  // A's session stays A's
  // And A still gets A's.
  auto mine = s.call("POST", sess + "/ask", q, a);
  ASSERT_EQ(mine.status, 200) << mine.text;
  EXPECT_NE(mine.body["answer"].get<std::string>().find("marmalade"), std::string::npos) << mine.text;
  EXPECT_EQ(mine.text.find("gooseberry"), std::string::npos) << mine.text;
  auto models = s.call("GET", "/v1/models", nullptr, b);
  ASSERT_EQ(models.body["data"].size(), 1u);
  EXPECT_EQ(models.body["data"][0]["id"], "lore:secret");
  EXPECT_EQ(models.body["data"][0]["owned_by"], "beta");
}

TEST(OpenAiCompat, ChatCompletionNonStreamCarriesCitationsBesideChoices) {
  LoreEnv env;
  make_kb(env);
  const auto cli = env.run({"ask", "when does the harbour open?", "--kb", "kb", "--json"}).json();
  Server s(env);
  // Content as text parts, as some clients send it; the system message is ignored.
  json parts = json::array({{{"type", "text"}, {"text", "when does the harbour open?"}}});
  json messages = json::array(
      {{{"role", "system"}, {"content", "You are helpful."}}, {{"role", "user"}, {"content", parts}}});
  const json req = {{"model", "lore:kb"}, {"messages", messages}};
  auto r = s.call("POST", "/v1/chat/completions", req);
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["object"], "chat.completion");
  EXPECT_EQ(r.body["model"], "lore:kb");
  EXPECT_EQ(r.body["id"].get<std::string>().rfind("chatcmpl-", 0), 0u);
  EXPECT_TRUE(r.body["created"].is_number_integer());
  ASSERT_EQ(r.body["choices"].size(), 1u);
  EXPECT_EQ(r.body["choices"][0]["index"], 0);
  EXPECT_EQ(r.body["choices"][0]["finish_reason"], "stop");
  EXPECT_EQ(r.body["choices"][0]["message"]["role"], "assistant");
  EXPECT_EQ(r.body["choices"][0]["message"]["content"], cli["answer"]);
  EXPECT_EQ(r.body["citations"], cli["citations"]);
  EXPECT_EQ(r.body["citations"][0]["quote"], "The harbour opens at six in the morning.");
}

TEST(OpenAiCompat, ChatCompletionStreamsChunksThenCitationsThenDone) {
  LoreEnv env;
  make_kb(env);
  ChatServerDouble model;
  model.pieces = {"Six in the morning [1]. ", "The ledger is kept [1]."};
  model.enable_gate(0);
  Server s(env, chat_env(model));
  bool opened = false;
  const json req = {{"model", "lore:kb"},
                    {"stream", true},
                    {"messages",
                     {{{"role", "user"}, {"content", "tell me about the harbour"}},
                      {{"role", "assistant"}, {"content", "It is a harbour [1]."}},
                      {{"role", "user"}, {"content", "when does it open?"}}}}};
  auto r = post_stream(s, "/v1/chat/completions", req, "", {}, [&](const std::string& so_far) {
    if (!opened && so_far.find("Six in the morning") != std::string::npos) {
      opened = true;
      model.open_gate();
    }
  });
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.content_type, "text/event-stream");
  EXPECT_TRUE(model.gate_opened_in_time())
      << "the first chunk did not reach the client before the model finished";
  ASSERT_GE(r.events.size(), 4u) << r.text;
  EXPECT_EQ(r.events.back().data, "[DONE]");
  std::string content;
  std::string id;
  for (size_t i = 0; i + 1 < r.events.size(); ++i) {
    const auto chunk = r.events[i].body();
    ASSERT_TRUE(chunk.is_object()) << r.events[i].data;
    EXPECT_EQ(chunk["object"], "chat.completion.chunk");
    EXPECT_EQ(chunk["model"], "lore:kb");
    if (i == 0) id = chunk["id"];
    EXPECT_EQ(chunk["id"], id);
    const auto& delta = chunk["choices"][0]["delta"];
    if (delta.contains("content")) content += delta["content"].get<std::string>();
    const bool last = i + 2 == r.events.size();
    EXPECT_EQ(chunk.contains("citations"), last) << chunk.dump();
    EXPECT_EQ(chunk["choices"][0]["finish_reason"], last ? json("stop") : json(nullptr));
  }
  EXPECT_EQ(r.events[0].body()["choices"][0]["delta"]["role"], "assistant");
  EXPECT_EQ(content, "Six in the morning [1]. The ledger is kept [1].");
  const auto citations = r.events[r.events.size() - 2].body()["citations"];
  ASSERT_EQ(citations.size(), 1u);
  EXPECT_EQ(citations[0]["document"], "docs/harbour.md");
  // The earlier turns reached the model as history.
  const auto body = model.last_body();
  ASSERT_EQ(body["messages"].size(), 4u) << body.dump();
  EXPECT_EQ(body["messages"][2]["content"], "It is a harbour [1].");
}

TEST(OpenAiCompat, KnowledgeBaseSelectionAndErrors) {
  LoreEnv env;
  make_kb(env);
  Server s(env);
  const json user = {{{"role", "user"}, {"content", "when does the harbour open?"}}};
  // The header selects the knowledge base whatever the model says.
  auto r = s.call("POST", "/v1/chat/completions", {{"model", "gpt-4o"}, {"messages", user}}, "",
                  {{"X-Lore-KB", "kb"}});
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["model"], "lore:kb");
  expect_error(s.call("POST", "/v1/chat/completions", {{"model", "gpt-4o"}, {"messages", user}}), 400,
               "invalid_argument");
  expect_error(s.call("POST", "/v1/chat/completions", {{"model", "lore:"}, {"messages", user}}), 400,
               "invalid_argument");
  expect_error(s.call("POST", "/v1/chat/completions", {{"model", "lore:nope"}, {"messages", user}}), 404,
               "not_found");
  expect_error(s.call("POST", "/v1/chat/completions", {{"model", "lore:kb"}}), 400, "invalid_argument");
  expect_error(s.call("POST", "/v1/chat/completions", {{"model", "lore:kb"}, {"messages", json::array()}}),
               400, "invalid_argument");
  expect_error(s.call("POST", "/v1/chat/completions",
                      {{"model", "lore:kb"}, {"messages", {{{"role", "assistant"}, {"content", "hi"}}}}}),
               400, "invalid_argument");
  expect_error(s.call("POST", "/v1/chat/completions",
                      {{"model", "lore:kb"}, {"messages", {{{"role", "user"}, {"content", 42}}}}}),
               400, "invalid_argument");
}

TEST(OpenAiCompat, AFailingModelEndsTheStreamWithAnErrorChunk) {
  LoreEnv env;
  make_kb(env);
  ChatServerDouble model;
  model.fail_status = 503;
  Server s(env, chat_env(model));
  const json req = {{"model", "lore:kb"},
                    {"messages", {{{"role", "user"}, {"content", "when does the harbour open?"}}}}};
  expect_error(s.call("POST", "/v1/chat/completions", req), 502, "model_error");
  json sreq = req;
  sreq["stream"] = true;
  auto r = post_stream(s, "/v1/chat/completions", sreq);
  ASSERT_EQ(r.status, 200);
  ASSERT_GE(r.events.size(), 2u) << r.text;
  EXPECT_EQ(r.events.back().body()["error"]["code"], "model_error") << r.text;
  EXPECT_EQ(r.text.find("[DONE]"), std::string::npos) << r.text;
}
