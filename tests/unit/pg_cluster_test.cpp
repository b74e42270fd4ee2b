// The PostgreSQL test cluster itself: reachable, per-test databases are
// isolated, and pgvector (built by scripts/install-deps.sh) is installed.
#include <gtest/gtest.h>

#include "../support/pg_test_db.h"

TEST(PgCluster, PerTestDatabasesAreFreshAndIsolated) {
  LORE_PG_TEST_DATABASE(a);
  LORE_PG_TEST_DATABASE(b);
  ASSERT_NE(a.url(), b.url());
  pqxx::connection ca(a.url()), cb(b.url());
  pqxx::work ta(ca);
  ta.exec("CREATE TABLE t (x int)");
  ta.exec("INSERT INTO t VALUES (1)");
  ta.commit();
  pqxx::work tb(cb);
  EXPECT_EQ(tb.exec("SELECT count(*) FROM pg_tables WHERE tablename = 't'")[0][0].as<int>(), 0);
}

TEST(PgCluster, PgvectorComputesCosineDistanceWithAnHnswIndex) {
  LORE_PG_TEST_DATABASE(db);
  pqxx::connection c(db.url());
  pqxx::work tx(c);
  tx.exec("CREATE EXTENSION vector");
  tx.exec("CREATE TABLE v (id int, e vector(3))");
  tx.exec("INSERT INTO v VALUES (1, '[1,0,0]'), (2, '[0,1,0]'), (3, '[0.9,0.1,0]')");
  tx.exec("CREATE INDEX ON v USING hnsw (e vector_cosine_ops)");
  const auto r = tx.exec("SELECT id FROM v ORDER BY e <=> '[1,0,0]' LIMIT 2");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0][0].as<int>(), 1);
  EXPECT_EQ(r[1][0].as<int>(), 3);
}
