// End-to-end: the real `lore` binary with its catalog in PostgreSQL
// (LORE_STORE_BACKEND=postgres). The text and vector indexes stay on local
// disk until their PostgreSQL backends exist.
#include <gtest/gtest.h>

#include <filesystem>

#include "../support/pg_test_db.h"
#include "harness.h"

using lore::e2e::LoreEnv;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST(PostgresStore, CreateIngestSearchWithTheCatalogInPostgres) {
  LORE_PG_TEST_DATABASE(db);
  LoreEnv env;
  const std::vector<std::pair<std::string, std::string>> pg = {{"LORE_STORE_BACKEND", "postgres"},
                                                               {"LORE_STORE_URL", db.url()}};
  auto create = env.run({"kb", "create", "kb"}, pg);
  ASSERT_EQ(create.exit_code, 0) << create.err;
  env.write("docs/guide.md",
            "# Guide\n\nLore splits documents into chunks.\n\n## Storage\n\n"
            "The quartermaster ledger records every saffron shipment that arrives at the harbour.\n");
  env.write("docs/notes.txt", "Unrelated notes about gardening and tomatoes.\n\nWater them daily.");
  auto ingest = env.run({"ingest", "docs", "--kb", "kb", "--json"}, pg);
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out << ingest.err;
  EXPECT_EQ(ingest.json()["summary"]["added"], 2);

  auto search = env.run({"search", "quartermaster ledger saffron shipment", "--kb", "kb", "--json"}, pg);
  ASSERT_EQ(search.exit_code, 0) << search.err;
  const auto j = search.json();
  ASSERT_FALSE(j["results"].empty());
  EXPECT_EQ(j["results"][0]["document"], "docs/guide.md");
  EXPECT_TRUE(contains(j["results"][0]["text"], "quartermaster ledger"));

  // The catalog is in PostgreSQL, not in the data directory.
  EXPECT_FALSE(std::filesystem::exists(env.data_dir() / "lore.db"));
  pqxx::connection c(db.url());
  pqxx::work tx(c);
  EXPECT_EQ(tx.exec("SELECT COUNT(*) FROM documents WHERE status = 'done'")[0][0].as<int>(), 2);
  EXPECT_EQ(tx.exec("SELECT COUNT(*) FROM index_ops")[0][0].as<int>(), 0);
  tx.commit();

  // Re-ingesting unchanged files changes nothing; the same database serves `kb list`.
  auto again = env.run({"ingest", "docs", "--kb", "kb", "--json"}, pg);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.json()["summary"]["added"], 0);
  auto list = env.run({"kb", "list", "--json"}, pg);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.json()["knowledge_bases"][0]["name"], "kb");
  EXPECT_FALSE(contains(list.err, "NOTICE")) << "server notices belong in the log: " << list.err;
}

TEST(PostgresStore, UnreachableServerNamesTheUrlWithoutThePassword) {
  LoreEnv env;
  auto r = env.run({"kb", "list"}, {{"LORE_STORE_BACKEND", "postgres"},
                                    {"LORE_STORE_URL", "postgresql://lore:hunter2@127.0.0.1:1/lore"}});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(contains(r.err, "postgresql://lore:***@127.0.0.1:1/lore")) << r.err;
  EXPECT_FALSE(contains(r.err + r.out, "hunter2")) << r.err;
  auto bad = env.run({"kb", "list"}, {{"LORE_STORE_BACKEND", "mysql"}});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_TRUE(contains(bad.err, "LORE_STORE_BACKEND")) << bad.err;
}
