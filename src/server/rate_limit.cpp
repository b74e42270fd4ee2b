#include "server/rate_limit.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/error.h"

namespace lore::server {

namespace {
constexpr size_t kMaxBuckets = 100000;  // bounded memory: full buckets are forgotten first
}

RateLimiter::RateLimiter(int64_t per_minute, int64_t burst, const std::string& shared_url)
    : per_second_(static_cast<double>(per_minute) / 60.0),
      burst_(static_cast<double>(std::max<int64_t>(1, burst))) {
  if (!shared_url.empty() && per_second_ > 0)
    shared_ = std::make_unique<store::SharedRateBuckets>(shared_url);
}

bool RateLimiter::allow(const std::string& who, double& retry_after_s) {
  if (per_second_ <= 0) return true;
  if (shared_) {
    try {
      return shared_->take(who, per_second_, burst_, retry_after_s);
    } catch (const Error& e) {
      spdlog::warn("{} (request let through)", e.what());
      return true;
    }
  }
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
