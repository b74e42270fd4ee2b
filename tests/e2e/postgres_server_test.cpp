// End-to-end: `lore serve` with the store in PostgreSQL — /readyz reports the
// database's health, and two nodes on one database share each caller's rate
// limit.
#include <gtest/gtest.h>

#include "../support/pg_test_db.h"
#include "server_harness.h"

using lore::e2e::Env;
using lore::e2e::LoreEnv;
using lore::e2e::Server;

TEST(PostgresServer, TwoNodesShareRateLimitsAndReadyzReportsTheDatabase) {
  LORE_PG_TEST_DATABASE(db);
  LoreEnv env_a, env_b;  // separate data directories: only the database is shared
  const Env vars = {{"LORE_STORE_BACKEND", "postgres"},
                    {"LORE_STORE_URL", db.url()},
                    {"LORE_SERVER_RATE_LIMIT_PER_MINUTE", "1"},
                    {"LORE_SERVER_RATE_LIMIT_BURST", "3"}};
  Server a(env_a, vars);
  Server b(env_b, vars);
  const auto ready = a.call("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body["database"], "ok");

  // Three tokens for this client across both nodes, then 429 on either.
  EXPECT_EQ(a.call("GET", "/api/v1/kbs").status, 200);
  EXPECT_EQ(b.call("GET", "/api/v1/kbs").status, 200);
  EXPECT_EQ(a.call("GET", "/api/v1/kbs").status, 200);
  const auto limited = b.call("GET", "/api/v1/kbs");
  EXPECT_EQ(limited.status, 429) << limited.text;
  EXPECT_EQ(a.call("GET", "/api/v1/kbs").status, 429);

  // The database goes away: readiness fails with the reason, liveness stays.
  {
    pqxx::connection c(*db_cluster);
    pqxx::nontransaction tx(c);
    tx.exec("DROP DATABASE " + db.name() + " WITH (FORCE)");
  }
  const auto down = a.call("GET", "/readyz");
  EXPECT_EQ(down.status, 503) << down.text;
  EXPECT_EQ(down.body["database"], "down");
  EXPECT_NE(down.body["reason"].get<std::string>().find(db.name()), std::string::npos) << down.text;
  EXPECT_EQ(a.call("GET", "/healthz").status, 200);
}

// Connections do not live forever (a PostgreSQL restart, a proxy dropping
// idle connections, an operator's pg_terminate_backend): a node reconnects
// and the request that found its connection dead still succeeds.
TEST(PostgresServer, RequestsSurviveTheDatabaseDroppingEveryConnection) {
  LORE_PG_TEST_DATABASE(db);
  LoreEnv env;
  Server s(env, {{"LORE_STORE_BACKEND", "postgres"}, {"LORE_STORE_URL", db.url()}});
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "kb"}}).status, 201);
  const auto up =
      s.upload("kb", {{"ledger.md", "# Ledger\n\nThe quartermaster records every saffron shipment.\n"}});
  ASSERT_EQ(up.status, 202) << up.text;
  ASSERT_EQ(s.wait_job(up.body["job_id"])["status"], "done");
  const nlohmann::json query = {{"query", "quartermaster saffron"}};
  const auto before = s.call("POST", "/api/v1/kbs/kb/search", query);
  ASSERT_EQ(before.status, 200) << before.text;
  ASSERT_FALSE(before.body["results"].empty());

  auto drop_every_connection = [&] {
    pqxx::connection c(db.url());
    pqxx::nontransaction tx(c);
    const auto n = tx.exec(
                         "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                         "WHERE datname = current_database() AND pid <> pg_backend_pid()")[0][0]
                       .as<int>();
    EXPECT_GT(n, 0) << "the node holds no connection to drop";
  };
  drop_every_connection();
  // Rate limits, catalog and text index each find a dead connection.
  const auto after = s.call("POST", "/api/v1/kbs/kb/search", query);
  ASSERT_EQ(after.status, 200) << after.text;
  EXPECT_EQ(after.body["results"], before.body["results"]);

  drop_every_connection();
  const auto up2 = s.upload("kb", {{"notes.txt", "Tomatoes need water every day.\n"}});
  ASSERT_EQ(up2.status, 202) << up2.text;
  EXPECT_EQ(s.wait_job(up2.body["job_id"])["status"], "done");
  EXPECT_EQ(s.call("GET", "/api/v1/kbs/kb/documents").body["documents"].size(), 2u);
  EXPECT_NE(s.stderr_text().find("reconnecting"), std::string::npos) << s.stderr_text();
}
