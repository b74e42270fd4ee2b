// Tenancy and auth: API keys (hashed, shown once, revocable, admin flag),
// 401/403 errors, and isolation — a second tenant's key gets 404 for every
// route that takes an id or a knowledge base name, and cannot list, search or
// delete the first tenant's objects.
#include <sqlite3.h>

#include "server_harness.h"

using namespace lore::e2e;
using nlohmann::json;

namespace {

std::string create_key(const LoreEnv& env, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"key", "create", "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = env.run(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.json().value("key", "");
}

}  // namespace

TEST(ServerTenancy, KeysAreHashedAtRestAndShownOnce) {
  LoreEnv env;
  const std::string key = create_key(env, {"--tenant", "acme", "--admin"});
  ASSERT_EQ(key.rfind("lore_", 0), 0u) << key;
  // The secret is nowhere in the database file.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((env.data_dir() / "lore.db").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT prefix, salt, hash FROM api_keys", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  const std::string prefix = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  const std::string hash = reinterpret_cast<const char*>(sqlite3_column_text(st, 2));
  sqlite3_finalize(st);
  sqlite3_close(db);
  const std::string secret = key.substr(key.rfind('_') + 1);
  EXPECT_NE(key.find(prefix), std::string::npos);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find(secret), std::string::npos);
  auto list = env.run({"key", "list", "--json"});
  EXPECT_EQ(list.out.find(secret), std::string::npos);
  EXPECT_EQ(list.json()["keys"][0]["tenant"], "acme");
}

TEST(ServerTenancy, AuthErrorsAndAdminRoutes) {
  LoreEnv env;
  const std::string admin = create_key(env, {"--tenant", "acme", "--admin"});
  const std::string user = create_key(env, {"--tenant", "acme"});
  Server s(env);
  expect_error(s.call("GET", "/api/v1/kbs"), 401, "unauthorized");
  expect_error(s.call("GET", "/api/v1/kbs", nullptr, "lore_nonsense"), 401, "unauthorized");
  std::string wrong = user;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  expect_error(s.call("GET", "/api/v1/kbs", nullptr, wrong), 401, "unauthorized");
  EXPECT_EQ(s.call("GET", "/api/v1/kbs", nullptr, user).status, 200);
  EXPECT_EQ(s.call("GET", "/healthz").status, 200);  // probes need no key

  // Admin-only routes.
  expect_error(s.call("GET", "/api/v1/keys", nullptr, user), 403, "forbidden");
  expect_error(s.call("POST", "/api/v1/tenants", {{"name", "x"}}, user), 403, "forbidden");
  ASSERT_EQ(s.call("POST", "/api/v1/tenants", {{"name", "globex"}}, admin).status, 201);
  auto created = s.call("POST", "/api/v1/keys", {{"tenant", "globex"}, {"name", "bot"}}, admin);
  ASSERT_EQ(created.status, 201) << created.text;
  const std::string globex = created.body["key"];
  auto who = s.call("GET", "/api/v1/whoami", nullptr, globex);
  EXPECT_EQ(who.body["tenant"], "globex");
  EXPECT_EQ(who.body["admin"], false);
  // The key list never carries secrets.
  auto keys = s.call("GET", "/api/v1/keys", nullptr, admin);
  EXPECT_EQ(keys.body["keys"].size(), 3u);
  EXPECT_EQ(keys.text.find(globex.substr(globex.rfind('_') + 1)), std::string::npos);
  // Revoked keys stop working at once.
  ASSERT_EQ(
      s.call("DELETE", "/api/v1/keys/" + std::to_string(created.body["id"].get<int64_t>()), nullptr, admin)
          .status,
      200);
  expect_error(s.call("GET", "/api/v1/kbs", nullptr, globex), 401, "unauthorized");
}

TEST(ServerTenancy, ASecondTenantCannotReachTheFirstTenantsObjects) {
  LoreEnv env;
  const std::string a = create_key(env, {"--tenant", "alpha"});
  const std::string b = create_key(env, {"--tenant", "beta"});
  Server s(env);

  // Tenant A: a knowledge base with a document, chunks, a job and a session.
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "secret"}}, a).status, 201);
  auto up =
      s.upload("secret", {{"plan.md", "# Plan\n\nThe launch code is marmalade, stored in vault nine.\n"}}, a);
  ASSERT_EQ(up.status, 202) << up.text;
  const auto job = s.wait_job(up.body["job_id"], a);
  ASSERT_EQ(job["status"], "done");
  const std::string doc = std::to_string(job["document_id"].get<int64_t>());
  const std::string job_id = std::to_string(job["id"].get<int64_t>());
  auto hits = s.call("POST", "/api/v1/kbs/secret/search", {{"query", "marmalade"}}, a);
  ASSERT_FALSE(hits.body["results"].empty());
  const std::string chunk = std::to_string(hits.body["results"][0]["chunk_id"].get<int64_t>());
  auto session = s.call("POST", "/api/v1/sessions", {{"kb", "secret"}}, a);
  ASSERT_EQ(session.status, 201);
  const std::string sess = std::to_string(session.body["id"].get<int64_t>());

  // Tenant B may use the same knowledge base name for its own.
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "mine"}}, b).status, 201);

  // Every route that names one of A's objects answers 404 to B.
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/api/v1/kbs/secret"},
      {"DELETE", "/api/v1/kbs/secret"},
      {"GET", "/api/v1/kbs/secret/documents"},
      {"POST", "/api/v1/kbs/secret/search"},
      {"GET", "/api/v1/kbs/secret/search?q=marmalade"},
      {"GET", "/api/v1/kbs/secret/jobs"},
      {"POST", "/api/v1/kbs/secret/ask"},
      {"GET", "/api/v1/documents/" + doc},
      {"PATCH", "/api/v1/documents/" + doc},
      {"DELETE", "/api/v1/documents/" + doc},
      {"POST", "/api/v1/documents/" + doc + "/reparse"},
      {"GET", "/api/v1/documents/" + doc + "/chunks"},
      {"GET", "/api/v1/chunks/" + chunk},
      {"PATCH", "/api/v1/chunks/" + chunk},
      {"GET", "/api/v1/jobs/" + job_id},
      {"GET", "/api/v1/jobs/" + job_id + "/events"},
      {"GET", "/api/v1/sessions/" + sess},
      {"DELETE", "/api/v1/sessions/" + sess},
      {"GET", "/api/v1/sessions/" + sess + "/messages"},
      {"POST", "/api/v1/sessions/" + sess + "/messages"},
      {"POST", "/api/v1/sessions/" + sess + "/ask"},
  };
  for (const auto& [method, path] : routes) {
    json body = json::object();
    if (path.find("/search") != std::string::npos) body = {{"query", "marmalade"}};
    if (path.find("/chunks/") != std::string::npos) body = {{"text", "overwritten"}, {"enabled", false}};
    if (path.find("/messages") != std::string::npos) body = {{"role", "user"}, {"content", "hi"}};
    if (path.find("/ask") != std::string::npos) body = {{"question", "what is the launch code?"}};
    SCOPED_TRACE(method + " " + path);
    expect_error(s.call(method, path, body, b), 404, "not_found");
  }
  // Nor can B upload into A's knowledge base or open a session on it.
  expect_error(s.upload("secret", {{"x.md", "# X\n\ny\n"}}, b), 404, "not_found");
  expect_error(s.call("POST", "/api/v1/sessions", {{"kb", "secret"}}, b), 404, "not_found");

  // Lists show B only its own objects; /v1/models too.
  auto kbs = s.call("GET", "/api/v1/kbs", nullptr, b);
  ASSERT_EQ(kbs.body["knowledge_bases"].size(), 1u);
  EXPECT_EQ(kbs.body["knowledge_bases"][0]["name"], "mine");
  EXPECT_TRUE(s.call("GET", "/api/v1/sessions", nullptr, b).body["sessions"].empty());
  EXPECT_EQ(s.call("GET", "/v1/models", nullptr, b).body["data"].size(), 1u);
  EXPECT_TRUE(s.call("POST", "/api/v1/kbs/mine/search", {{"query", "marmalade"}}, b).body["results"].empty());

  // And A's objects are untouched.
  EXPECT_EQ(s.call("GET", "/api/v1/documents/" + doc, nullptr, a).body["status"], "done");
  auto c = s.call("GET", "/api/v1/chunks/" + chunk, nullptr, a);
  EXPECT_EQ(c.body["enabled"], true);
  EXPECT_NE(c.body["text"].get<std::string>().find("marmalade"), std::string::npos);
  EXPECT_EQ(s.call("GET", "/api/v1/sessions/" + sess, nullptr, a).status, 200);
  EXPECT_FALSE(
      s.call("POST", "/api/v1/kbs/secret/search", {{"query", "marmalade"}}, a).body["results"].empty());
}
