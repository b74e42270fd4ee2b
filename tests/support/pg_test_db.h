// A fresh PostgreSQL database for one test, created in the throwaway cluster
// that the CTest fixture "postgres" starts (tests/support/pg_test_cluster.sh)
// and dropped when the object goes away. CTest gives every test that includes
// this header the fixture and LORE_TEST_PG_STATE (the cluster's state
// directory; its `url` file names the server). Run by hand:
//   tests/support/pg_test_cluster.sh start /tmp/pg && LORE_TEST_PG_STATE=/tmp/pg build/tests/x_test
#pragma once

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include <pqxx/pqxx>
#include <unistd.h>

namespace lore::testing {

// The cluster's URL (database "postgres"), or nullopt outside the fixture.
inline std::optional<std::string> pg_cluster_url() {
  const char* state = std::getenv("LORE_TEST_PG_STATE");
  if (state == nullptr || *state == '\0') return std::nullopt;
  std::ifstream in(std::string(state) + "/url");
  std::string url;
  if (!std::getline(in, url) || url.empty()) return std::nullopt;
  return url;
}

class PgTestDatabase {
 public:
  // Throws when the cluster is unreachable: inside the fixture that is a failure, not a skip.
  explicit PgTestDatabase(const std::string& cluster_url) : cluster_url_(cluster_url) {
    static std::atomic<int> counter{0};
    name_ = "lore_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    pqxx::connection c(cluster_url_);
    pqxx::nontransaction tx(c);
    tx.exec("DROP DATABASE IF EXISTS " + name_);
    tx.exec("CREATE DATABASE " + name_);
    url_ = with_database(cluster_url_, name_);
  }
  ~PgTestDatabase() {
    try {
      pqxx::connection c(cluster_url_);
      pqxx::nontransaction tx(c);
      tx.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {  // the cluster is torn down by the fixture anyway
    }
  }
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  // postgresql://user@/postgres?host=... -> postgresql://user@/<db>?host=...
  static std::string with_database(const std::string& url, const std::string& db) {
    const auto q = url.find('?');
    const auto slash = url.rfind('/', q == std::string::npos ? url.size() : q);
    return url.substr(0, slash + 1) + db + (q == std::string::npos ? "" : url.substr(q));
  }

  std::string cluster_url_, url_, name_;
};

}  // namespace lore::testing

// In a test body: skips (outside the CTest fixture) or yields a fresh database.
#define LORE_PG_TEST_DATABASE(var)                                                                   \
  const auto var##_cluster = ::lore::testing::pg_cluster_url();                                      \
  if (!var##_cluster) GTEST_SKIP() << "no PostgreSQL test cluster: run through ctest (fixture "     \
                                      "\"postgres\") or set LORE_TEST_PG_STATE (see pg_test_db.h)"; \
  ::lore::testing::PgTestDatabase var(*var##_cluster)
