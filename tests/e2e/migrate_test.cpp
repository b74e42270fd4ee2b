// End-to-end: `lore migrate` round trip, embedded -> PostgreSQL -> embedded,
// with the real binary: ids, counts and checksums equal on every hop, and
// search answers identically from all three stores.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "../support/model_server_double.h"
#include "../support/pg_test_db.h"
#include "harness.h"

using lore::e2e::LoreEnv;
using nlohmann::json;

namespace {

using EnvVars = std::vector<std::pair<std::string, std::string>>;

// (chunk id, document, score rounded) of every result: what "identical" means.
json hits(const LoreEnv& env, const std::string& query, const EnvVars& vars, const std::string& kb = "kb") {
  auto r = env.run({"search", query, "--kb", kb, "--json", "--top-k", "5"}, vars);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  json out = json::array();
  const json body = r.json();  // (a temporary's element would dangle in the loop)
  for (const auto& h : body["results"])
    out.push_back({h["chunk_id"], h["document"], std::round(h["score"].get<double>() * 1e4) / 1e4});
  return out;
}

}  // namespace

TEST(Migrate, RoundTripSqlitePostgresSqliteKeepsIdsChecksumsAndSearchResults) {
  LORE_PG_TEST_DATABASE(db);
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  env.write("docs/guide.md",
            "# Guide\n\nLore splits documents into chunks.\n\n## Storage\n\n"
            "The quartermaster ledger records every saffron shipment that arrives at the harbour.\n");
  env.write("docs/notes.txt", "Unrelated notes about gardening and tomatoes.\n\nWater them daily.");
  env.write("docs/ships.md", "# Ships\n\nThe harbour master logs each shipment of saffron and pepper.\n");
  auto ingest = env.run({"ingest", "docs", "--kb", "kb", "--json"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  // A deleted knowledge base leaves a gap in the ids: the sequences must carry it.
  ASSERT_EQ(env.run({"kb", "create", "scratch"}).exit_code, 0);
  ASSERT_EQ(env.run({"kb", "delete", "scratch", "--yes"}).exit_code, 0);
  ASSERT_EQ(env.run({"key", "create", "--tenant", "acme", "--name", "ci"}).exit_code, 0);
  const std::vector<std::string> queries = {"saffron shipment harbour", "gardening tomatoes", "chunks"};
  std::vector<json> before;
  for (const auto& q : queries) before.push_back(hits(env, q, {}));
  ASSERT_FALSE(before[0].empty());

  // embedded -> PostgreSQL
  auto to_pg = env.run({"migrate", "--to", "postgres", "--url", db.url(), "--json"});
  ASSERT_EQ(to_pg.exit_code, 0) << to_pg.err;
  const auto first = to_pg.json();
  EXPECT_TRUE(first["verified"].get<bool>());
  EXPECT_EQ(first["tables"]["documents"]["rows"], 3);
  EXPECT_EQ(first["tables"]["knowledge_bases"]["rows"], 1);
  EXPECT_EQ(first["tables"]["api_keys"]["rows"], 1);
  EXPECT_EQ(first["tables"]["tenants"]["rows"], 2);
  EXPECT_GE(first["tables"]["chunks"]["rows"].get<int>(), 3);
  EXPECT_EQ(first["tables"]["chunks"]["checksum"].get<std::string>().size(), 64u);

  const EnvVars pg = {{"LORE_STORE_BACKEND", "postgres"}, {"LORE_STORE_URL", db.url()}};
  for (size_t i = 0; i < queries.size(); ++i) EXPECT_EQ(hits(env, queries[i], pg), before[i]) << queries[i];

  // A second copy into the now non-empty database is refused without --force.
  auto again = env.run({"migrate", "--to", "postgres", "--url", db.url()});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;

  // New rows in PostgreSQL get ids after the copied ones (sequences reset).
  ASSERT_EQ(env.run({"kb", "create", "later"}, pg).exit_code, 0);
  {
    pqxx::connection c(db.url());
    pqxx::work tx(c);
    EXPECT_EQ(tx.exec("SELECT id FROM knowledge_bases WHERE name = 'later'")[0][0].as<int>(), 3);
    tx.exec("DELETE FROM knowledge_bases WHERE name = 'later'");
    tx.commit();
  }

  // PostgreSQL -> a fresh embedded data directory.
  const auto restored = env.dir() / "restored";
  const EnvVars back = {{"LORE_DATA_DIR", restored.string()}};
  auto to_sqlite = env.run({"migrate", "--to", "sqlite", "--url", db.url(), "--json"}, back);
  ASSERT_EQ(to_sqlite.exit_code, 0) << to_sqlite.err;
  const auto second = to_sqlite.json();
  EXPECT_TRUE(second["verified"].get<bool>());
  for (const auto& [name, d] : first["tables"].items())
    if (name != "index_ops") {
      EXPECT_EQ(second["tables"][name], d) << name;
    }
  for (size_t i = 0; i < queries.size(); ++i) EXPECT_EQ(hits(env, queries[i], back), before[i]) << queries[i];
  auto later = env.run({"kb", "create", "later2", "--json"}, back);
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_EQ(later.json()["id"], 4);  // 3 was handed out in PostgreSQL: never reused

  // The restored directory is not empty any more: --force replaces it.
  auto forced = env.run({"migrate", "--to", "sqlite", "--url", db.url(), "--force", "--json"}, back);
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(forced.json()["tables"]["knowledge_bases"]["rows"], 1);
  for (size_t i = 0; i < queries.size(); ++i) EXPECT_EQ(hits(env, queries[i], back), before[i]) << queries[i];
}

TEST(Migrate, MissingSourceAndUnreachableTargetAreClearErrors) {
  LoreEnv env;
  auto r = env.run({"migrate", "--to", "postgres", "--url", "postgresql://lore:hunter2@127.0.0.1:1/lore"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("lore.db"), std::string::npos) << r.err;
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  r = env.run({"migrate", "--to", "postgres", "--url", "postgresql://lore:hunter2@127.0.0.1:1/lore"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos) << r.err;
  auto bad = env.run({"migrate", "--to", "mysql", "--url", "x"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(Migrate, VectorsAndTheEmbeddingCacheSurviveTheRoundTrip) {
  LORE_PG_TEST_DATABASE(db);
  lore::testing::ModelServerDouble server(32);
  LoreEnv env;
  auto create = env.run({"kb", "create", "vec", "--embedding-provider", "openai", "--embedding-model",
                         "test-embed", "--embedding-url", server.url("/v1")});
  ASSERT_EQ(create.exit_code, 0) << create.err;
  env.write("a.txt", "The car needs new tires and an oil change before the long trip north.");
  env.write("b.txt", "Cooking pasta requires plenty of salted boiling water and patience.");
  env.write("c.txt", "The weather today is sunny with a light wind from the west.");
  ASSERT_EQ(env.run({"ingest", "a.txt", "b.txt", "c.txt", "--kb", "vec"}).exit_code, 0);
  const auto before = hits(env, "automobile maintenance", {}, "vec");
  ASSERT_FALSE(before.empty());

  auto to_pg = env.run({"migrate", "--to", "postgres", "--url", db.url(), "--json"});
  ASSERT_EQ(to_pg.exit_code, 0) << to_pg.err;
  const auto first = to_pg.json();
  EXPECT_TRUE(first["verified"].get<bool>());
  EXPECT_EQ(first["tables"]["chunk_embeddings"]["rows"], 3);
  EXPECT_GE(first["tables"]["embedding_cache"]["rows"].get<int>(), 3);
  EXPECT_EQ(first["indexes"]["vec"]["vectors"], 3);
  const EnvVars pg = {{"LORE_STORE_BACKEND", "postgres"}, {"LORE_STORE_URL", db.url()}};
  EXPECT_EQ(hits(env, "automobile maintenance", pg, "vec"), before);

  const EnvVars back = {{"LORE_DATA_DIR", (env.dir() / "restored").string()}};
  auto to_sqlite = env.run({"migrate", "--to", "sqlite", "--url", db.url(), "--json"}, back);
  ASSERT_EQ(to_sqlite.exit_code, 0) << to_sqlite.err;
  const auto second = to_sqlite.json();
  EXPECT_EQ(second["tables"]["chunk_embeddings"], first["tables"]["chunk_embeddings"]);
  EXPECT_EQ(second["tables"]["embedding_cache"], first["tables"]["embedding_cache"]);
  EXPECT_EQ(second["indexes"]["vec"]["vectors"], 3);
  EXPECT_EQ(hits(env, "automobile maintenance", back, "vec"), before);
}

// --blob-dir: the original files follow the catalog into the nodes' shared
// blob directory and back, each re-hashed; a damaged file is reported by
// path and never copied, and the rest still are.
TEST(Migrate, OriginalFilesFollowTheStoreWithBlobDir) {
  LORE_PG_TEST_DATABASE(db);
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  env.write("docs/guide.md", "# Guide\n\nThe quartermaster ledger records every saffron shipment.\n");
  env.write("docs/notes.txt", "Unrelated notes about gardening and tomatoes.\n");
  ASSERT_EQ(env.run({"ingest", "docs", "--kb", "kb"}).exit_code, 0);
  const auto shared = env.dir() / "shared-blobs";

  auto to_pg =
      env.run({"migrate", "--to", "postgres", "--url", db.url(), "--blob-dir", shared.string(), "--json"});
  ASSERT_EQ(to_pg.exit_code, 0) << to_pg.err;
  const auto blobs = to_pg.json()["blobs"];
  EXPECT_EQ(blobs["copied"], 2) << blobs.dump();
  EXPECT_EQ(blobs["errors"].size(), 0u);
  std::vector<std::string> shas;
  {
    pqxx::connection c(db.url());
    pqxx::work tx(c);
    for (const auto& row : tx.exec("SELECT sha256 FROM documents ORDER BY id"))
      shas.push_back(row[0].c_str());
  }
  ASSERT_EQ(shas.size(), 2u);
  for (const auto& sha : shas)
    EXPECT_TRUE(std::filesystem::exists(shared / sha.substr(0, 2) / sha.substr(2))) << sha;

  // Back into a fresh data directory, with one shared file damaged.
  {
    std::ofstream damage(shared / shas[0].substr(0, 2) / shas[0].substr(2), std::ios::app);
    damage << "tampered";
  }
  const auto restored = env.dir() / "restored";
  auto back = env.run({"migrate", "--to", "sqlite", "--url", db.url(), "--blob-dir", shared.string()},
                      {{"LORE_DATA_DIR", restored.string()}});
  EXPECT_NE(back.exit_code, 0);
  EXPECT_NE(back.err.find(shas[0].substr(2)), std::string::npos) << back.err;
  EXPECT_NE(back.err.find("does not match"), std::string::npos) << back.err;
  EXPECT_FALSE(std::filesystem::exists(restored / "blobs" / shas[0].substr(0, 2) / shas[0].substr(2)));
  EXPECT_TRUE(std::filesystem::exists(restored / "blobs" / shas[1].substr(0, 2) / shas[1].substr(2)));

  auto missing = env.run({"migrate", "--to", "sqlite", "--url", db.url(), "--force", "--blob-dir",
                          (env.dir() / "nowhere").string()},
                         {{"LORE_DATA_DIR", restored.string()}});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("is not a directory"), std::string::npos) << missing.err;
}
