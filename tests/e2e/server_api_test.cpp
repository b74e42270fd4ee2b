// `lore serve` end to end: knowledge bases, documents, chunks, search, jobs
// (JSON and SSE), sessions, errors, limits, health and metrics — over HTTP
// against the real binary.
#include "server_harness.h"

using namespace lore::e2e;
using nlohmann::json;

namespace {

const std::string kGuide =
    "# Storage guide\n\nThe archive keeps every manuscript in a cedar cabinet on the third floor.\n\n"
    "## Lending\n\nReaders may borrow a manuscript for fourteen days with a librarian's signature.\n";

int64_t upload_one(const Server& s, const std::string& kb, const std::string& name,
                   const std::string& content) {
  auto r = s.upload(kb, {{name, content}});
  EXPECT_EQ(r.status, 202) << r.text;
  return r.body.value("job_id", int64_t{0});
}

}  // namespace

TEST(ServerApi, KnowledgeBaseDocumentChunkSearchRoundTrip) {
  LoreEnv env;
  Server s(env);
  auto kb = s.call("POST", "/api/v1/kbs", {{"name", "library"}});
  ASSERT_EQ(kb.status, 201) << kb.text;
  EXPECT_EQ(kb.body["name"], "library");
  expect_error(s.call("POST", "/api/v1/kbs", {{"name", "library"}}), 409, "already_exists");
  expect_error(s.call("POST", "/api/v1/kbs", {{"name", "../bad"}}), 400, "invalid_argument");

  const int64_t job_id = upload_one(s, "library", "guide.md", kGuide);
  const auto job = s.wait_job(job_id);
  ASSERT_EQ(job["status"], "done") << job.dump();
  EXPECT_EQ(job["progress"], 1.0);
  const int64_t doc_id = job["document_id"];

  auto docs = s.call("GET", "/api/v1/kbs/library/documents");
  ASSERT_EQ(docs.status, 200);
  ASSERT_EQ(docs.body["documents"].size(), 1u);
  EXPECT_EQ(docs.body["documents"][0]["name"], "guide.md");
  EXPECT_EQ(docs.body["documents"][0]["status"], "done");
  auto doc = s.call("GET", "/api/v1/documents/" + std::to_string(doc_id));
  EXPECT_EQ(doc.body["status"], "done");
  EXPECT_GT(doc.body["chunks"].get<int>(), 0);

  // Search answers like `lore search --json`.
  auto hits = s.call("POST", "/api/v1/kbs/library/search", {{"query", "cedar cabinet"}, {"top_k", 5}});
  ASSERT_EQ(hits.status, 200) << hits.text;
  ASSERT_FALSE(hits.body["results"].empty());
  const auto& top = hits.body["results"][0];
  EXPECT_EQ(top["document"], "guide.md");
  for (const char* field : {"chunk_id", "document_id", "score", "text", "kind", "positions"})
    EXPECT_TRUE(top.contains(field)) << field;
  auto get_hits = s.call("GET", "/api/v1/kbs/library/search?q=cedar%20cabinet");
  EXPECT_EQ(get_hits.body["results"][0]["chunk_id"], top["chunk_id"]);

  // Edit a chunk: the old words leave the index, the new ones arrive.
  const int64_t chunk_id = top["chunk_id"];
  auto edited = s.call("PATCH", "/api/v1/chunks/" + std::to_string(chunk_id),
                       {{"text", "The archive keeps every manuscript in a walnut vault."}});
  ASSERT_EQ(edited.status, 200) << edited.text;
  EXPECT_EQ(s.call("GET", "/api/v1/chunks/" + std::to_string(chunk_id)).body["text"],
            "The archive keeps every manuscript in a walnut vault.");
  EXPECT_TRUE(s.call("POST", "/api/v1/kbs/library/search", {{"query", "cedar"}}).body["results"].empty());
  EXPECT_EQ(
      s.call("POST", "/api/v1/kbs/library/search", {{"query", "walnut"}}).body["results"][0]["chunk_id"],
      chunk_id);

  // Disable: gone from search, still in the chunk list; enable: back.
  ASSERT_EQ(s.call("PATCH", "/api/v1/chunks/" + std::to_string(chunk_id), {{"enabled", false}}).status, 200);
  EXPECT_TRUE(s.call("POST", "/api/v1/kbs/library/search", {{"query", "walnut"}}).body["results"].empty());
  auto chunks = s.call("GET", "/api/v1/documents/" + std::to_string(doc_id) + "/chunks");
  bool found_disabled = false;
  for (const auto& c : chunks.body["chunks"])
    if (c["chunk_id"] == chunk_id) found_disabled = c["enabled"] == false;
  EXPECT_TRUE(found_disabled) << chunks.text;
  ASSERT_EQ(s.call("PATCH", "/api/v1/chunks/" + std::to_string(chunk_id), {{"enabled", true}}).status, 200);
  EXPECT_FALSE(s.call("POST", "/api/v1/kbs/library/search", {{"query", "walnut"}}).body["results"].empty());

  // Re-parse restores the original text from the stored file.
  auto reparse = s.call("POST", "/api/v1/documents/" + std::to_string(doc_id) + "/reparse");
  ASSERT_EQ(reparse.status, 202) << reparse.text;
  EXPECT_EQ(s.wait_job(reparse.body["job_id"])["status"], "done");
  EXPECT_FALSE(s.call("POST", "/api/v1/kbs/library/search", {{"query", "cedar"}}).body["results"].empty());

  // Delete the document, then the knowledge base.
  ASSERT_EQ(s.call("DELETE", "/api/v1/documents/" + std::to_string(doc_id)).status, 200);
  expect_error(s.call("GET", "/api/v1/documents/" + std::to_string(doc_id)), 404, "not_found");
  EXPECT_TRUE(
      s.call("POST", "/api/v1/kbs/library/search", {{"query", "fourteen days"}}).body["results"].empty());
  ASSERT_EQ(s.call("DELETE", "/api/v1/kbs/library").status, 200);
  expect_error(s.call("GET", "/api/v1/kbs/library"), 404, "not_found");
}

TEST(ServerApi, JobProgressStreamsAsServerSentEventsAndBadFilesFailWithAReason) {
  LoreEnv env;
  Server s(env);
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "kb"}}).status, 201);
  const int64_t bad = upload_one(s, "kb", "broken.json", "{\"a\": [1, 2,");
  std::string events;
  auto c = s.client();
  auto r =
      c.Get(("/api/v1/jobs/" + std::to_string(bad) + "/events").c_str(), [&](const char* data, size_t n) {
        events.append(data, n);
        return true;
      });
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/event-stream");
  const auto pos = events.find("event: done\ndata: ");
  ASSERT_NE(pos, std::string::npos) << events;
  const auto done = json::parse(events.substr(pos + 18, events.find('\n', pos + 18) - pos - 18));
  EXPECT_EQ(done["status"], "failed");
  EXPECT_NE(done["error"].get<std::string>().find("broken.json"), std::string::npos) << done.dump();
  auto doc = s.call("GET", "/api/v1/documents/" + std::to_string(done["document_id"].get<int64_t>()));
  EXPECT_EQ(doc.body["status"], "failed");
  auto jobs = s.call("GET", "/api/v1/kbs/kb/jobs");
  ASSERT_EQ(jobs.body["jobs"].size(), 1u);
}

TEST(ServerApi, ErrorsHaveOneShapeAndEchoTheRequestId) {
  LoreEnv env;
  Server s(env);
  auto r = s.call("GET", "/api/v1/kbs/nope", nullptr, "", {{"X-Request-Id", "trace-42"}});
  expect_error(r, 404, "not_found");
  EXPECT_EQ(r.request_id, "trace-42");
  expect_error(s.call("GET", "/api/v1/no/such/route"), 404, "not_found");
  expect_error(s.call("GET", "/api/v1/documents/999"), 404, "not_found");
  expect_error(s.call("GET", "/api/v1/chunks/999"), 404, "not_found");
  expect_error(s.call("GET", "/api/v1/jobs/999"), 404, "not_found");
  expect_error(s.call("GET", "/api/v1/sessions/999"), 404, "not_found");
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "kb"}}).status, 201);
  expect_error(s.call("POST", "/api/v1/kbs/kb/search", {{"query", "  "}}), 400, "invalid_argument");
  expect_error(s.call("POST", "/api/v1/kbs/kb/search", {{"query", "x"}, {"top_k", "ten"}}), 400,
               "invalid_argument");
  auto raw = s.client().Post("/api/v1/kbs", "{not json", "application/json");
  ASSERT_TRUE(raw);
  expect_error(Server::to_reply(raw), 400, "invalid_argument");
  expect_error(s.upload("kb", {{"tool.exe", "MZ"}}), 415, "unsupported");
  expect_error(s.upload("kb", {{"../escape.md", "text"}}), 400, "invalid_argument");
  EXPECT_FALSE(s.call("GET", "/healthz").request_id.empty());
}

TEST(ServerApi, SessionsKeepTheirMessages) {
  LoreEnv env;
  Server s(env);
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "kb"}}).status, 201);
  auto session = s.call("POST", "/api/v1/sessions", {{"kb", "kb"}, {"title", "first"}});
  ASSERT_EQ(session.status, 201) << session.text;
  const std::string path = "/api/v1/sessions/" + std::to_string(session.body["id"].get<int64_t>());
  ASSERT_EQ(s.call("POST", path + "/messages", {{"role", "user"}, {"content", "hello"}}).status, 201);
  ASSERT_EQ(s.call("POST", path + "/messages", {{"role", "assistant"}, {"content", "hi [1]"}}).status, 201);
  expect_error(s.call("POST", path + "/messages", {{"role", "robot"}, {"content", "x"}}), 400,
               "invalid_argument");
  auto msgs = s.call("GET", path + "/messages");
  ASSERT_EQ(msgs.body["messages"].size(), 2u);
  EXPECT_EQ(msgs.body["messages"][1]["content"], "hi [1]");
  EXPECT_EQ(s.call("GET", "/api/v1/sessions").body["sessions"].size(), 1u);
  EXPECT_EQ(s.call("GET", path).body["messages"], 2);
  ASSERT_EQ(s.call("DELETE", path).status, 200);
  expect_error(s.call("GET", path), 404, "not_found");
}

TEST(ServerApi, LimitsOnUploadSizeBodySizeAndRate) {
  LoreEnv env;
  Server s(env, {{"LORE_INGEST_MAX_FILE_MB", "1"},
                 {"LORE_SERVER_MAX_BODY_KB", "4"},
                 {"LORE_SERVER_RATE_LIMIT_PER_MINUTE", "1"},
                 {"LORE_SERVER_RATE_LIMIT_BURST", "6"}});
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "kb"}}).status, 201);        // 1
  auto big = s.upload("kb", {{"big.txt", std::string(1024 * 1024 + 10, 'a')}});  // 2
  expect_error(big, 413, "too_large");
  EXPECT_NE(big.body["error"]["message"].get<std::string>().find("big.txt"), std::string::npos);
  expect_error(s.call("POST", "/api/v1/kbs", {{"name", std::string(5000, 'x')}}), 413, "too_large");  // 3
  // Health probes are not rate limited; API calls are, per caller.
  Reply last;
  for (int i = 0; i < 5; ++i) last = s.call("GET", "/api/v1/kbs");
  expect_error(last, 429, "rate_limited");
  EXPECT_EQ(s.call("GET", "/healthz").status, 200);
}

TEST(ServerApi, HealthReadinessAndPrometheusMetrics) {
  LoreEnv env;
  Server s(env);
  EXPECT_EQ(s.call("GET", "/readyz").body["status"], "ready");
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "kb"}}).status, 201);
  s.call("GET", "/api/v1/kbs/kb");
  auto m = s.client().Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_NE(m->body.find("lore_http_requests_total{method=\"POST\",route=\"/api/v1/kbs\",status=\"201\"} 1"),
            std::string::npos)
      << m->body;
  EXPECT_NE(m->body.find("lore_http_request_duration_seconds_count{route=\"/api/v1/kbs/{kb}\"} 1"),
            std::string::npos);
  EXPECT_NE(m->body.find("lore_ingest_queue_depth 0"), std::string::npos);
}

TEST(ServerApi, HoldsTheWriterLockSoCliWritersAreRefused) {
  LoreEnv env;
  Server s(env);
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "kb"}}).status, 201);
  env.write("a.md", "# A\n\nSome text.\n");
  auto r = env.run({"ingest", "a.md", "--kb", "kb"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("in use by another lore process"), std::string::npos) << r.err;
  // A second server on the same data directory refuses too.
  auto second = env.run({"serve", "--port", std::to_string(free_port())});
  EXPECT_EQ(second.exit_code, 5) << second.err;
}

TEST(ServerApi, RefusesANonLoopbackAddressWithoutKeys) {
  LoreEnv env;
  auto r = env.run({"serve", "--host", "0.0.0.0", "--port", std::to_string(free_port())});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("without API keys"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("lore key create"), std::string::npos) << r.err;
}

TEST(ServerApi, OpenAiModelsListsKnowledgeBases) {
  LoreEnv env;
  Server s(env);
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "handbook"}}).status, 201);
  auto models = s.call("GET", "/v1/models");
  ASSERT_EQ(models.status, 200);
  ASSERT_EQ(models.body["data"].size(), 1u);
  EXPECT_EQ(models.body["data"][0]["id"], "lore:handbook");
}
