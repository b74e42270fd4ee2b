// App: the state of one running server — configuration, the writer
// Workspace (holding the data directory's writer lock) behind a mutex, the
// background ingest workers, metrics, rate limits and the auth mode.
//
// Reads lease a read-only Workspace from the reader pool (readers()), so
// searches never wait for writes; every write goes through write(), which
// serialises them on the one writer Workspace and then tells the pool.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>

#include "core/config.h"
#include "pipeline/jobs.h"
#include "pipeline/workspace.h"
#include "server/metrics.h"
#include "server/page_cache.h"
#include "server/rate_limit.h"
#include "server/reader_pool.h"

namespace lore::server {

class App {
 public:
  // Takes the writer lock (Error{locked} if a CLI writer runs), recovers
  // documents, indexes and interrupted jobs. Does not start the workers.
  explicit App(const Config& config);
  ~App();

  const Config& config() const { return config_; }
  ReaderPool& readers() { return readers_; }

  template <typename F>
  auto write(F&& f) {
    struct Changed {  // also after a write that threw: it may have committed part
      ReaderPool& pool;
      ~Changed() { pool.changed(); }
    } changed{readers_};
    std::lock_guard lock(writer_mu_);
    return f(*writer_);
  }

  pipeline::JobRunner& jobs() { return *jobs_; }
  Metrics& metrics() { return metrics_; }
  RateLimiter& limiter() { return limiter_; }
  PageCache& page_cache() { return page_cache_; }

  bool loopback() const { return loopback_; }
  // Keys are required as soon as one exists, and always off loopback (so
  // revoking the last key never opens a public port).
  bool auth_required() const { return !loopback_ || active_keys_.load() > 0; }
  int64_t active_keys() const { return active_keys_.load(); }
  void set_active_keys(int64_t n) { active_keys_ = n; }

  Metrics::Gauges gauges();

 private:
  Config config_;
  bool loopback_;
  std::mutex writer_mu_;
  std::unique_ptr<pipeline::Workspace> writer_;
  ReaderPool readers_;
  std::unique_ptr<pipeline::JobRunner> jobs_;
  Metrics metrics_;
  RateLimiter limiter_;
  PageCache page_cache_;
  std::atomic<int64_t> active_keys_{0};
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace lore::server
