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
