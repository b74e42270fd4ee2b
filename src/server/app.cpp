#include "server/app.h"

#include "server/server.h"

namespace lore::server {

App::App(const Config& config)
    : config_(config),
      loopback_(is_loopback(config.server_host)),
      limiter_(config.rate_limit_per_minute, config.rate_limit_burst) {
  writer_ = std::make_unique<pipeline::Workspace>(config_, pipeline::Access::write);
  pipeline::recover_jobs(*writer_);
  active_keys_ = writer_->store().count_active_api_keys();
  jobs_ = std::make_unique<pipeline::JobRunner>(*writer_, writer_mu_,
                                                static_cast<size_t>(config_.ingest_workers));
}

App::~App() {
  if (jobs_) jobs_->stop();
}

std::unique_ptr<pipeline::Workspace> App::open_reader() const {
  return std::make_unique<pipeline::Workspace>(config_, pipeline::Access::read);
}

Metrics::Gauges App::gauges() {
  Metrics::Gauges g;
  auto reader = open_reader();
  g.jobs_queued = reader->store().count_jobs("queued");
  g.jobs_running = reader->store().count_jobs("running");
  g.jobs_failed = reader->store().count_jobs("failed");
  g.workers_busy = jobs_->active();
  g.uptime_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  return g;
}

}  // namespace lore::server
