// Shared state of several nodes in PostgreSQL: rate-limit token buckets
// (two RateLimiters on one database stand for two `lore serve` nodes) and
// the /readyz database probe.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

#include "../support/pg_test_db.h"
#include "core/config.h"
#include "server/rate_limit.h"
#include "store/store.h"
#include "store/store_health.h"

using lore::server::RateLimiter;

TEST(SharedRateLimits, TwoNodesDrawOnOneBucketPerCaller) {
  LORE_PG_TEST_DATABASE(db);
  RateLimiter node_a(/*per_minute=*/1, /*burst=*/3, db.url());
  RateLimiter node_b(1, 3, db.url());
  double retry = 0;
  EXPECT_TRUE(node_a.allow("key:1", retry));
  EXPECT_TRUE(node_b.allow("key:1", retry));
  EXPECT_TRUE(node_a.allow("key:1", retry));
  // Three tokens taken across both nodes: the bucket is empty for both.
  EXPECT_FALSE(node_b.allow("key:1", retry));
  EXPECT_GT(retry, 1.0);  // about a minute for one token at 1/minute
  EXPECT_FALSE(node_a.allow("key:1", retry));
  EXPECT_TRUE(node_b.allow("key:2", retry));  // buckets are per caller
  pqxx::connection c(db.url());
  pqxx::work tx(c);
  EXPECT_EQ(tx.exec("SELECT COUNT(*) FROM lore_rate_limits")[0][0].as<int>(), 2);
}

TEST(SharedRateLimits, ConcurrentRequestsNeverOverdrawTheBucket) {
  LORE_PG_TEST_DATABASE(db);
  constexpr int kBurst = 40, kThreads = 4, kPerThread = 25;  // 100 requests for 40 tokens
  RateLimiter node_a(1, kBurst, db.url());
  RateLimiter node_b(1, kBurst, db.url());
  std::atomic<int> allowed{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto& node = t % 2 ? node_a : node_b;
      for (int i = 0; i < kPerThread; ++i) {
        double retry = 0;
        if (node.allow("client", retry)) ++allowed;
      }
    });
  for (auto& th : threads) th.join();
  // At 1 token per minute, at most one more token per started minute.
  const double minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / 60;
  EXPECT_GE(allowed.load(), kBurst);
  EXPECT_LE(allowed.load(), kBurst + static_cast<int>(std::ceil(minutes)));
}

TEST(StoreProbe, HealthyDatabaseAndUnreachableServer) {
  LORE_PG_TEST_DATABASE(db);
  lore::Config config;
  EXPECT_FALSE(lore::store::probe_store(config, std::chrono::milliseconds(2000)));  // embedded
  config.store_backend = "postgres";
  config.store_url = db.url();
  auto store = lore::store::open_store(config);  // creates the schema the probe reads
  EXPECT_FALSE(lore::store::probe_store(config, std::chrono::milliseconds(2000)));
  config.store_url = "postgresql://lore:hunter2@127.0.0.1:1/lore";
  const auto down = lore::store::probe_store(config, std::chrono::milliseconds(2000));
  ASSERT_TRUE(down);
  EXPECT_NE(down->find("postgresql://lore:***@127.0.0.1:1/lore"), std::string::npos) << *down;
  EXPECT_EQ(down->find("hunter2"), std::string::npos) << *down;
}
