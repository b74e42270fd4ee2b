// Token-bucket rate limiting per caller (API key id, or client address in
// no-auth mode): `burst` tokens, refilled at `per_minute` per minute; each
// request takes one. per_minute == 0 turns limiting off.
// Thread-safety: safe for concurrent use.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lore::server {

class RateLimiter {
 public:
  RateLimiter(int64_t per_minute, int64_t burst);
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
};

}  // namespace lore::server
