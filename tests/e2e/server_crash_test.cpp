// kill -9 of `lore serve` while uploads are being ingested: after a restart
// every acknowledged (202) upload is present, and every job finishes or is
// marked failed with a reason; the text index agrees with the store.
#include "index/text_index.h"
#include "server_harness.h"
#include "store/store.h"

using namespace lore::e2e;

namespace {

std::string make_document(int n) {
  std::string text = "# Report " + std::to_string(n) + "\n\n";
  for (int p = 0; p < 400; ++p)
    text += "Section " + std::to_string(p) + " of report " + std::to_string(n) + " mentions marker" +
            std::to_string(n) + "x and ordinary words about storage, recovery, queues and search.\n\n";
  return text;
}

}  // namespace

TEST(ServerCrash, KillDuringBackgroundIngestLosesNoAcknowledgedUpload) {
  LoreEnv env;
  constexpr int kFiles = 60;
  std::vector<std::string> acknowledged;
  {
    Server s(env, {{"LORE_INGEST_WORKERS", "1"}});
    ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "kb"}}).status, 201);
    for (int i = 0; i < kFiles; ++i) {
      const std::string name = "report" + std::to_string(i) + ".md";
      auto r = s.upload("kb", {{name, make_document(i)}});
      ASSERT_EQ(r.status, 202) << r.text;
      acknowledged.push_back(name);
    }
    s.kill9();
  }
  {
    // Before restart: the kill must have landed while work was pending.
    auto store = lore::store::open_store(env.data_dir());
    const auto kb = store->find_kb(store->default_tenant().id, "kb");
    ASSERT_TRUE(kb);
    const auto pending = store->count_jobs("queued") + store->count_jobs("running");
    ASSERT_GT(pending, 0) << "every job finished before the kill; make the uploads larger";
  }

  Server s(env, {{"LORE_INGEST_WORKERS", "2"}, {"LORE_SERVER_RATE_LIMIT_PER_MINUTE", "0"}});
  auto jobs = s.call("GET", "/api/v1/kbs/kb/jobs").body["jobs"];
  ASSERT_EQ(jobs.size(), static_cast<size_t>(kFiles));
  for (const auto& j : jobs) {
    const auto done = s.wait_job(j["id"]);
    ASSERT_TRUE(done["status"] == "done" || (done["status"] == "failed" && !done.value("error", "").empty()))
        << done.dump();
  }
  auto docs = s.call("GET", "/api/v1/kbs/kb/documents").body["documents"];
  std::set<std::string> names;
  for (const auto& d : docs) {
    names.insert(d["name"].get<std::string>());
    EXPECT_TRUE(d["status"] == "done" || (d["status"] == "failed" && d.contains("error"))) << d.dump();
  }
  for (const auto& n : acknowledged) EXPECT_TRUE(names.count(n)) << n << " was acknowledged but is missing";
  auto hit = s.call("POST", "/api/v1/kbs/kb/search", {{"query", "marker37x"}});
  ASSERT_FALSE(hit.body["results"].empty()) << hit.text;
  EXPECT_EQ(hit.body["results"][0]["document"], "report37.md");
  s.stop();

  auto store = lore::store::open_store(env.data_dir());
  const auto kb = store->find_kb(store->default_tenant().id, "kb");
  auto index = lore::index::open_text_index(env.data_dir() / "kb" / std::to_string(kb->id) / "text",
                                            lore::index::OpenMode::read);
  EXPECT_EQ(index->chunk_ids(), store->chunk_ids(kb->id)) << "index and store disagree";
}

TEST(ServerCrash, JobsInterruptedTooOftenFailWithAReason) {
  LoreEnv env;
  {
    Server s(env, {{"LORE_INGEST_WORKERS", "1"}});
    ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "kb"}}).status, 201);
    s.stop();
  }
  // Simulate a job claimed by three processes that all died mid-parse.
  {
    auto store = lore::store::open_store(env.data_dir());
    const auto kb = store->find_kb(store->default_tenant().id, "kb");
    lore::store::NewDocument doc{kb->id, "poison.md", "", 3, "00", nlohmann::json::object()};
    store->enqueue_ingest(doc, {{"tenant_id", kb->tenant_id}, {"name", "poison.md"}, {"sha256", "00"}});
    for (int i = 0; i < 3; ++i) {
      auto j = store->claim_job("ingest");
      ASSERT_TRUE(j);
      if (i < 2) store->recover_interrupted_jobs(3, "x");
    }
  }
  Server s(env);
  auto jobs = s.call("GET", "/api/v1/kbs/kb/jobs").body["jobs"];
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["status"], "failed");
  EXPECT_NE(jobs[0]["error"].get<std::string>().find("interrupted 3 times"), std::string::npos)
      << jobs[0].dump();
  auto docs = s.call("GET", "/api/v1/kbs/kb/documents").body["documents"];
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]["status"], "failed");
}
