#include "server/rate_limit.h"

#include <algorithm>

namespace lore::server {

namespace {
constexpr size_t kMaxBuckets = 100000;  // bounded memory: full buckets are forgotten first
}

RateLimiter::RateLimiter(int64_t per_minute, int64_t burst)
    : per_second_(static_cast<double>(per_minute) / 60.0),
      burst_(static_cast<double>(std::max<int64_t>(1, burst))) {}

bool RateLimiter::allow(const std::string& who, double& retry_after_s) {
  if (per_second_ <= 0) return true;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  if (buckets_.size() >= kMaxBuckets) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      const double refill = std::chrono::duration<double>(now - it->second.last).count() * per_second_;
      it = it->second.tokens + refill >= burst_ ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = buckets_.try_emplace(who, Bucket{burst_, now});
  auto& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst_, b.tokens + std::chrono::duration<double>(now - b.last).count() * per_second_);
    b.last = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  retry_after_s = (1.0 - b.tokens) / per_second_;
  return false;
}

}  // namespace lore::server
