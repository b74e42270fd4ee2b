// A parameterized GoogleTest fixture that opens a fresh Store of each backend
// through open_store(Config): "sqlite" in a temporary data directory,
// "postgres" in a fresh database of the CTest fixture's cluster (skipped
// outside the fixture). Test files using it must include
// "../support/pg_test_db.h" themselves so CMake gives them the fixture.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/config.h"
#include "pg_test_db.h"
#include "store/store.h"

namespace lore::testing {

class StoreBackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lore-store-conf-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (GetParam() == "postgres") {
      const auto cluster = pg_cluster_url();
      if (!cluster)
        GTEST_SKIP() << "no PostgreSQL test cluster: run through ctest (fixture \"postgres\") or set "
                        "LORE_TEST_PG_STATE (see tests/support/pg_test_db.h)";
      db_ = std::make_unique<PgTestDatabase>(*cluster);
    }
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Config config() const {
    Config c;
    c.data_dir = dir_;
    if (db_) {
      c.store_backend = "postgres";
      c.store_url = db_->url();
    }
    return c;
  }
  std::unique_ptr<store::Store> open() const { return store::open_store(config()); }
  bool postgres() const { return GetParam() == "postgres"; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::unique_ptr<PgTestDatabase> db_;
};

}  // namespace lore::testing

#define LORE_INSTANTIATE_STORE_BACKENDS(suite)                                       \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::Values("sqlite", "postgres"), \
                           [](const ::testing::TestParamInfo<std::string>& info) { return info.param; })
