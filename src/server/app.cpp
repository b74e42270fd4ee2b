#include "server/app.h"

#include "server/server.h"

namespace lore::server {

namespace {
// Idle readers kept open (each has its own SQLite connection, Xapian database
// and vector index; LSA models are shared), so this bounds memory, not
// concurrency.
constexpr size_t kIdleReaders = 8;
}  // namespace

App::App(const Config& config)
    : config_(config),
      loopback_(is_loopback(config.server_host)),
      readers_(config_, kIdleReaders),
      limiter_(config.rate_limit_per_minute, config.rate_limit_burst,
               config.store_backend == "postgres" ? config.store_url : ""),
      page_cache_(config.data_dir / "cache" / "pages", static_cast<uint64_t>(config.page_cache_mb) << 20) {
  writer_ = std::make_unique<pipeline::Workspace>(config_, pipeline::Access::write);
  // One machine: jobs left running by this data directory's previous
  // process go back to the queue. Shared PostgreSQL: never — other nodes'
  // jobs are running; a dead node's jobs come back when their leases expire.
  if (config_.store_backend != "postgres") pipeline::recover_jobs(*writer_);
  active_keys_ = writer_->store().count_active_api_keys();
  jobs_ = std::make_unique<pipeline::JobRunner>(
      *writer_, writer_mu_, static_cast<size_t>(config_.ingest_workers), [this] { readers_.changed(); });
}

App::~App() {
  if (jobs_) jobs_->stop();
}

Metrics::Gauges App::gauges() {
  Metrics::Gauges g;
  auto reader = readers_.acquire();
  g.jobs_queued = reader.workspace().store().count_jobs("queued");
  g.jobs_running = reader.workspace().store().count_jobs("running");
  g.jobs_failed = reader.workspace().store().count_jobs("failed");
  g.workers_busy = jobs_->active();
  g.uptime_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return g;
}

}  // namespace lore::server
