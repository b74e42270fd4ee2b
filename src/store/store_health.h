// Database health for /readyz and rate limits shared by every node (issue 10,
// Scale-out). Both talk to the PostgreSQL store directly, on connections of
// their own, so a slow catalog query never delays a health probe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace lore {
struct Config;
}

namespace lore::store {

// nullopt when the store answers a trivial query within `timeout`; else the
// reason (URL password masked). The embedded store is a local file: always
// healthy here (its errors surface on the requests themselves).
std::optional<std::string> probe_store(const Config& config, std::chrono::milliseconds timeout);

// Token buckets in the table lore_rate_limits (created on first use), one row
// per caller key: `burst` tokens refilled at `per_second`. take() refills and
// takes a token in one atomic UPSERT, so several nodes share each caller's
// budget exactly. Thread-safety: calls are serialised on one connection
// (a take is one short statement), reconnecting after a failure.
class SharedRateBuckets {
 public:
  explicit SharedRateBuckets(std::string url);
  ~SharedRateBuckets();
  // True when a token was taken; otherwise `retry_after_s` says when one will
  // be available. Error{io} when the database cannot be reached.
  bool take(const std::string& key, double per_second, double burst, double& retry_after_s);

 private:
  std::string url_;
  std::mutex mu_;
  struct Conn;  // the libpqxx connection
  std::unique_ptr<Conn> conn_;
};

}  // namespace lore::store
