// lore worker [--workers N]: a worker-only node (no HTTP). Runs ingest jobs
// from the store's queue until SIGINT/SIGTERM; the job in hand is finished
// (or, if the process is killed, taken over by another worker when its lease
// expires). Meant for `[store] backend = "postgres"`, where any number of
// workers on any number of machines share one queue.
#include <pthread.h>
#include <csignal>
#include <cstdio>

#include <algorithm>

#include "cli/cli.h"
#include "core/error.h"
#include "core/log.h"
#include "pipeline/jobs.h"

namespace lore::cli {

namespace {

void run_worker(const Config& config, size_t workers) {
  // Block SIGINT/SIGTERM in every thread (the job threads inherit the mask);
  // this thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  pipeline::Workspace writer(config, pipeline::Access::write);
  // Embedded store: this process is the sole writer (it holds the lock), so
  // jobs a dead process left running go back to the queue.
  if (config.store_backend != "postgres") pipeline::recover_jobs(writer);
  std::mutex writer_mu;
  pipeline::JobRunner runner(writer, writer_mu, workers);
  runner.start();
  std::fprintf(stderr, "lore: worker running %zu ingest job(s) at once (store %s, lease %gs); Ctrl-C stops\n",
               workers, config.store_backend.c_str(), config.job_lease_seconds);
  int sig = 0;
  sigwait(&signals, &sig);
  spdlog::warn("signal {}: finishing the job(s) in hand, then stopping", sig);
  std::fprintf(stderr, "lore: stopping after %lld job(s) in hand\n", static_cast<long long>(runner.active()));
  runner.stop();
}

}  // namespace

void add_worker_command(CLI::App& app, Context& ctx) {
  auto workers = std::make_shared<int>(0);
  auto* cmd = app.add_subcommand(
      "worker",
      "Run ingest jobs from the shared queue without serving HTTP, until Ctrl-C/SIGTERM\n"
      "  example: LORE_STORE_BACKEND=postgres LORE_STORE_URL=postgresql://lore@db/lore \\\n"
      "           LORE_STORE_BLOB_DIR=/mnt/lore-blobs lore worker --workers 4\n"
      "  Uploads through any `lore serve` node sharing the database are processed by\n"
      "  whichever worker claims them; a worker that dies loses its job after\n"
      "  [jobs] lease_seconds and another worker finishes it.");
  cmd->add_option("--workers", *workers, "Jobs run at once (default: ingest.workers)")
      ->check(CLI::Range(1, 256));
  cmd->callback([&ctx, workers] {
    const Config config = ctx.config();
    const int64_t n = *workers > 0 ? *workers : std::max<int64_t>(1, config.ingest_workers);
    run_worker(config, static_cast<size_t>(n));
  });
}

}  // namespace lore::cli
