// End-to-end, several nodes on one PostgreSQL database (issue 10): real
// `lore serve` and `lore worker` processes, each with its own data
// directory, sharing the store URL and the blob directory. Checks that every
// upload is processed exactly once whichever node received it, that both
// API nodes answer identically, and that a job whose worker dies (kill -9) or
// stalls past its lease is finished by another worker without duplicates.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>

#include <map>
#include <set>
#include <thread>

#include "../support/model_server_double.h"
#include "../support/pg_test_db.h"
#include "server_harness.h"

using lore::e2e::Env;
using lore::e2e::LoreEnv;
using lore::e2e::Server;
using nlohmann::json;

namespace {

// A background `lore worker`; SIGTERM (a clean stop) when it goes away.
class Worker {
 public:
  Worker(const LoreEnv& env, const Env& vars) : env_(env) {
    pid_ = env.spawn({"worker", "--workers", "1"}, vars);
  }
  ~Worker() { signal(SIGTERM); }
  void signal(int sig) {
    if (pid_ <= 0) return;
    ::kill(pid_, sig);
    if (sig == SIGSTOP || sig == SIGCONT) return;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  std::string stderr_text() const {
    std::ifstream in(env_.dir() / ".spawn-stderr");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

 private:
  const LoreEnv& env_;
  pid_t pid_ = -1;
};

Env node_vars(const std::string& url, const std::filesystem::path& blobs, Env extra = {}) {
  Env vars = {
      {"LORE_STORE_BACKEND", "postgres"}, {"LORE_STORE_URL", url}, {"LORE_STORE_BLOB_DIR", blobs.string()}};
  vars.insert(vars.end(), extra.begin(), extra.end());
  return vars;
}

// Twenty documents sharing some vocabulary, several chunks each.
std::vector<std::pair<std::string, std::string>> corpus() {
  static const char* kTopics[] = {"saffron harbour ledger", "glacier survey drill", "orchard pruning cider",
                                  "lighthouse lens keeper", "violin varnish spruce"};
  std::vector<std::pair<std::string, std::string>> docs;
  for (int d = 0; d < 20; ++d) {
    std::string text = "# Report " + std::to_string(d) + "\n\n";
    for (int p = 0; p < 40 + d * 3; ++p)
      text += "Paragraph " + std::to_string(p) + " of report " + std::to_string(d) + " covers the " +
              kTopics[(d + p) % 5] + " and item" + std::to_string(d * 1000 + p) + " in detail.\n\n";
    docs.emplace_back("doc" + std::string(d < 10 ? "0" : "") + std::to_string(d) + ".txt", text);
  }
  return docs;
}

int64_t count(pqxx::connection& c, const std::string& sql) {
  pqxx::nontransaction tx(c);
  return tx.exec(sql)[0][0].as<int64_t>();
}

json job_row(pqxx::connection& c, int64_t id) {
  pqxx::nontransaction tx(c);
  auto r = tx.exec_params("SELECT status, attempts, worker, stage, error FROM jobs WHERE id = $1", id);
  if (r.empty()) return json();
  return {{"status", r[0][0].c_str()},
          {"attempts", r[0][1].as<int64_t>()},
          {"worker", r[0][2].c_str()},
          {"stage", r[0][3].c_str()},
          {"error", r[0][4].c_str()}};
}

}  // namespace

TEST(MultiNode, TwoServeNodesAndTwoWorkersProcessEveryUploadExactlyOnce) {
  LORE_PG_TEST_DATABASE(db);
  LoreEnv n1, n2, w1env, w2env, single;
  const auto vars = node_vars(db.url(), n1.dir() / "shared-blobs");
  ASSERT_EQ(n1.run({"kb", "create", "kb"}, vars).exit_code, 0);
  Server s1(n1, vars), s2(n2, vars);
  Worker w1(w1env, vars), w2(w2env, vars);

  // Concurrent uploads, half through each API node.
  const auto docs = corpus();
  std::vector<int64_t> jobs(docs.size(), 0);
  std::vector<std::thread> uploaders;
  for (int node = 0; node < 2; ++node)
    uploaders.emplace_back([&, node] {
      const Server& s = node == 0 ? s1 : s2;
      for (size_t i = node; i < docs.size(); i += 2) {
        auto r = s.upload("kb", {docs[i]});
        if (r.status == 202) jobs[i] = r.body.value("job_id", int64_t{0});
      }
    });
  for (auto& t : uploaders) t.join();
  for (size_t i = 0; i < docs.size(); ++i) {
    ASSERT_GT(jobs[i], 0) << docs[i].first << " was not accepted";
    // Any node answers for any job.
    EXPECT_EQ((i % 2 ? s1 : s2).wait_job(jobs[i])["status"], "done") << docs[i].first;
  }

  pqxx::connection c(db.url());
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM jobs WHERE kind = 'ingest'"), 20);
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM jobs WHERE kind = 'ingest' AND status = 'done' AND attempts = 1"),
            20)
      << "every job claimed once and done once";
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM documents WHERE status = 'done'"), 20);
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM chunks"),
            count(c, "SELECT COUNT(DISTINCT (document_id, ordinal)) FROM chunks"));
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM index_ops"), 0);
  const int64_t workers_used = count(c, "SELECT COUNT(DISTINCT worker) FROM jobs");
  std::printf("jobs spread over %lld worker thread(s)\n", static_cast<long long>(workers_used));

  // Chunk counts match a single-node (embedded) ingest of the same files.
  std::vector<std::string> args = {"ingest"};
  for (const auto& [name, text] : docs) {
    single.write(name, text);
    args.push_back(name);
  }
  ASSERT_EQ(single.run({"kb", "create", "kb"}).exit_code, 0);
  args.insert(args.end(), {"--kb", "kb"});
  ASSERT_EQ(single.run(args).exit_code, 0);
  const auto show = single.run({"kb", "show", "kb", "--json"}).json();
  std::map<std::string, int64_t> expected, got;
  for (const auto& d : show["document_list"]) expected[d["name"]] = d["chunks"].get<int64_t>();
  {
    pqxx::nontransaction tx(c);
    for (const auto& row : tx.exec("SELECT d.name, COUNT(ch.id) FROM documents d LEFT JOIN chunks ch ON "
                                   "ch.document_id = d.id GROUP BY d.name"))
      got[row[0].c_str()] = row[1].as<int64_t>();
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(got.size(), 20u);

  // Both API nodes answer identically.
  for (const std::string q :
       {"saffron harbour ledger", "glacier drill", "item7012", "violin varnish report 3"}) {
    const auto a = s1.call("POST", "/api/v1/kbs/kb/search", {{"query", q}});
    const auto b = s2.call("POST", "/api/v1/kbs/kb/search", {{"query", q}});
    ASSERT_EQ(a.status, 200) << a.text;
    EXPECT_FALSE(a.body["results"].empty()) << q;
    EXPECT_EQ(a.body["results"], b.body["results"]) << q;
  }
}

// A worker killed (kill -9) in the middle of a job: after its lease expires
// another worker claims the job and finishes it; nothing is duplicated.
TEST(MultiNode, JobOfAKilledWorkerIsFinishedByAnother) {
  LORE_PG_TEST_DATABASE(db);
  lore::testing::ModelServerDouble model;
  LoreEnv api, a_env, b_env;
  const auto vars = node_vars(db.url(), api.dir() / "shared-blobs",
                              {{"LORE_JOBS_LEASE_SECONDS", "1"}, {"LORE_EMBEDDING_TIMEOUT_SECONDS", "30"}});
  auto api_vars = vars;
  api_vars.emplace_back("LORE_INGEST_WORKERS", "0");  // an API-only node: the workers do the jobs
  auto kb = api.run({"kb", "create", "kb", "--embedding-provider", "openai", "--embedding-model",
                     "test-embed", "--embedding-url", model.url("/v1")},
                    vars);
  ASSERT_EQ(kb.exit_code, 0) << kb.err;
  Server s(api, api_vars);

  model.hold = true;  // embedding requests wait: the job stays in the worker's hands
  auto a = std::make_unique<Worker>(a_env, vars);
  const int before = model.requests.load();
  const auto docs = corpus();
  const auto up = s.upload("kb", {docs[5]});
  ASSERT_EQ(up.status, 202) << up.text;
  const int64_t job = up.body["job_id"];
  pqxx::connection c(db.url());
  json row;
  for (int i = 0; i < 600 && model.requests.load() == before; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_GT(model.requests.load(), before) << "worker A never reached the embedding stage:\n"
                                           << a->stderr_text();
  row = job_row(c, job);
  ASSERT_EQ(row["status"], "running") << row.dump();
  const std::string worker_a = row["worker"];

  a->signal(SIGKILL);
  model.hold = false;
  Worker b(b_env, vars);
  const auto done = s.wait_job(job);
  EXPECT_EQ(done["status"], "done") << done.dump();
  row = job_row(c, job);
  EXPECT_EQ(row["attempts"], 2) << row.dump();
  EXPECT_NE(row["worker"], worker_a) << row.dump();
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM documents WHERE status = 'done'"), 1);
  const int64_t chunks = count(c, "SELECT COUNT(*) FROM chunks");
  EXPECT_GT(chunks, 1);
  EXPECT_EQ(chunks, count(c, "SELECT COUNT(DISTINCT ordinal) FROM chunks"));
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM chunk_embeddings"), chunks);

  // The worst case of a lost lease: the job runs in full once more after it
  // was committed (forced, so no "unchanged" shortcut). The document is
  // replaced, not duplicated.
  const int64_t first_chunk = count(c, "SELECT MIN(id) FROM chunks");
  {
    pqxx::work tx(c);
    tx.exec_params(
        "UPDATE jobs SET status = 'queued', payload = payload || '{\"force\": true}' WHERE id = $1", job);
    tx.commit();
  }
  for (int i = 0; i < 600 && !(job_row(c, job)["attempts"] == 3 && job_row(c, job)["status"] == "done"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  row = job_row(c, job);
  ASSERT_EQ(row["status"], "done") << row.dump();
  ASSERT_EQ(row["attempts"], 3) << row.dump();
  EXPECT_GT(count(c, "SELECT MIN(id) FROM chunks"), first_chunk) << "the chunks were committed again";
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM chunks"), chunks);
  EXPECT_EQ(count(c, "SELECT COUNT(DISTINCT ordinal) FROM chunks"), chunks);
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM chunk_embeddings"), chunks);
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM documents"), 1);
}

// A worker that stalls (SIGSTOP) past its lease loses the job; when it wakes
// it finds the lease gone and commits nothing, so the document keeps the one
// set of chunks the other worker committed.
TEST(MultiNode, StalledWorkerThatLostItsLeaseCommitsNothing) {
  LORE_PG_TEST_DATABASE(db);
  lore::testing::ModelServerDouble model;
  LoreEnv api, a_env, b_env;
  const auto vars = node_vars(db.url(), api.dir() / "shared-blobs",
                              {{"LORE_JOBS_LEASE_SECONDS", "1"}, {"LORE_EMBEDDING_TIMEOUT_SECONDS", "30"}});
  auto api_vars = vars;
  api_vars.emplace_back("LORE_INGEST_WORKERS", "0");
  ASSERT_EQ(api.run({"kb", "create", "kb", "--embedding-provider", "openai", "--embedding-model",
                     "test-embed", "--embedding-url", model.url("/v1")},
                    vars)
                .exit_code,
            0);
  Server s(api, api_vars);
  model.hold = true;
  Worker a(a_env, vars);
  const int before = model.requests.load();
  const auto up = s.upload("kb", {corpus()[7]});
  ASSERT_EQ(up.status, 202) << up.text;
  const int64_t job = up.body["job_id"];
  for (int i = 0; i < 600 && model.requests.load() == before; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_GT(model.requests.load(), before) << a.stderr_text();
  pqxx::connection c(db.url());
  const std::string worker_a = job_row(c, job)["worker"];

  a.signal(SIGSTOP);  // A holds its embedding answer but cannot heartbeat
  model.hold = false;
  {
    Worker b(b_env, vars);
    EXPECT_EQ(s.wait_job(job)["status"], "done");
  }  // B stops
  const int64_t chunks = count(c, "SELECT COUNT(*) FROM chunks");
  const std::string worker_b = job_row(c, job)["worker"];
  EXPECT_NE(worker_b, worker_a);
  a.signal(SIGCONT);  // A gets its embeddings, then must find its lease gone
  for (int i = 0; i < 600 && a.stderr_text().find("lease lost") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_NE(a.stderr_text().find("lease lost"), std::string::npos) << a.stderr_text();
  a.signal(SIGTERM);
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM chunks"), chunks) << "nothing committed twice";
  EXPECT_EQ(count(c, "SELECT COUNT(DISTINCT ordinal) FROM chunks"), chunks);
  EXPECT_EQ(job_row(c, job)["worker"], worker_b);
  EXPECT_EQ(job_row(c, job)["status"], "done");
}

// A transient failure (the model server does not answer in time) is retried
// with backoff; out of attempts the job fails with an error naming them, and
// a later upload goes through once the server answers again.
TEST(MultiNode, TransientFailureIsRetriedThenGivenUp) {
  LORE_PG_TEST_DATABASE(db);
  lore::testing::ModelServerDouble model;
  LoreEnv node;
  const auto vars = node_vars(db.url(), node.dir() / "shared-blobs",
                              {{"LORE_JOBS_MAX_ATTEMPTS", "2"},
                               {"LORE_JOBS_RETRY_BACKOFF_SECONDS", "0"},
                               {"LORE_EMBEDDING_TIMEOUT_SECONDS", "0.3"},
                               {"LORE_EMBEDDING_MAX_RETRIES", "0"}});
  ASSERT_EQ(node.run({"kb", "create", "kb", "--embedding-provider", "openai", "--embedding-model",
                      "test-embed", "--embedding-url", model.url("/v1")},
                     vars)
                .exit_code,
            0);
  Server s(node, vars);
  model.delay_ms = 1500;  // longer than the client's timeout
  const auto docs = corpus();
  const auto up = s.upload("kb", {docs[1]});
  ASSERT_EQ(up.status, 202) << up.text;
  const auto failed = s.wait_job(up.body["job_id"]);
  EXPECT_EQ(failed["status"], "failed") << failed.dump();
  const std::string error = failed.value("error", "");
  EXPECT_NE(error.find("failed after 2 attempt(s); last error:"), std::string::npos) << error;
  EXPECT_NE(error.find(docs[1].first), std::string::npos) << error;
  pqxx::connection c(db.url());
  EXPECT_EQ(job_row(c, up.body["job_id"])["attempts"], 2);
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM documents WHERE status = 'failed'"), 1);
  EXPECT_EQ(count(c, "SELECT COUNT(*) FROM chunks"), 0);

  model.delay_ms = 0;
  const auto ok = s.upload("kb", {docs[2]});
  ASSERT_EQ(ok.status, 202) << ok.text;
  EXPECT_EQ(s.wait_job(ok.body["job_id"])["status"], "done");
  EXPECT_EQ(job_row(c, ok.body["job_id"])["attempts"], 1);
}
