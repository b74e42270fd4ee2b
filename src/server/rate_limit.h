// Token-bucket rate limiting per caller (API key id, or client address in
// no-auth mode): `burst` tokens, refilled at `per_minute` per minute; each
// request takes one. per_minute == 0 turns limiting off.
// With a `shared_url` (store.backend = "postgres") the buckets live in the
// database (store::SharedRateBuckets), so every node draws on the same
// budget; when the database cannot be reached the request is let through
// (logged): /readyz reports the outage, and the request fails on its own
// queries anyway. Otherwise the buckets are in memory (one node).
// Thread-safety: safe for concurrent use.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/store_health.h"

namespace lore::server {

class RateLimiter {
 public:
  RateLimiter(int64_t per_minute, int64_t burst, const std::string& shared_url = "");
  // True if the request may proceed; otherwise `retry_after_s` says when a
  // token will be available.
  bool allow(const std::string& who, double& retry_after_s);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last;
  };
  double per_second_;
  double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::unique_ptr<store::SharedRateBuckets> shared_;
};

}  // namespace lore::server
