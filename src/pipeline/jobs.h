// Background ingest: uploads become queued "ingest" jobs in the store (see
// Store::enqueue_ingest); a pool of workers runs them through the ingest
// pipeline: read blob -> parse + chunk (parse_for_kb) -> commit document and
// chunks -> sync the index -> job done.
//
// Durability: a job row is written in the same transaction as its document
// row, after the blob is on disk, so an acknowledged upload survives kill -9.
// recover_jobs() (call once at start-up, under the writer lock, embedded store
// only) puts jobs left `running` by a dead process back in the queue, or fails
// them with a reason after kMaxJobAttempts claims (a file that crashes the
// parser must not crash the server forever).
//
// Leases (several nodes on one PostgreSQL store, issue 10): every claim is a
// lease of `[jobs] lease_seconds` held by a worker id (hostname:pid:n); a
// heartbeat thread, with its own store connection, extends the leases of the
// jobs in hand every third of a lease. A worker that finds its lease lost
// (it stalled, another worker took the job) commits nothing. A job whose
// worker died is claimed again once its lease expires, up to `[jobs]
// max_attempts` claims. Transient failures (Error io / timeout / rate_limited:
// a model server or the database away) are retried with exponential backoff.
// Exactly-once effects: commit_document replaces the document named (kb,
// name), so a job run twice still leaves one set of chunks.
//
// Concurrency: the writer Workspace is shared with request handlers; every
// use of it happens under `writer_mutex`. Parsing runs outside the mutex, so
// `workers` files parse at once while writes stay serial.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "pipeline/workspace.h"

namespace lore::pipeline {

constexpr int64_t kMaxJobAttempts = 3;

// Returns {requeued, failed}.
std::pair<int64_t, int64_t> recover_jobs(Workspace& writer);

// The payload of an ingest job (what enqueue_ingest stores).
nlohmann::json ingest_job_payload(store::Id tenant_id, const std::string& name, const std::string& sha256,
                                  int64_t size, bool force);

class JobRunner {
 public:
  // `on_change` runs after each job, once its writes are committed.
  // `workers` 0: no job runs here (an API-only node; workers elsewhere).
  JobRunner(Workspace& writer, std::mutex& writer_mutex, size_t workers,
            std::function<void()> on_change = {});
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  void start();
  // Wakes a worker: a job was queued.
  void notify();
  // Workers finish the job in hand and exit. Idempotent.
  void stop();
  // Jobs being worked on right now.
  int64_t active() const { return active_; }

 private:
  struct Held {
    store::Id job_id = 0;
    std::string worker;
    std::atomic<bool> lost{false};
  };

  void work(const std::string& worker);
  void run(const store::Job& job, Held& held);
  void heartbeats();
  // True while the worker still holds the job's lease (caller holds the
  // writer mutex); extends it.
  bool still_held(Held& held);
  // Records the end of a job (caller holds the writer mutex).
  void finish(store::Id job_id, const std::string& status, const std::string& error);

  Workspace& ws_;
  std::mutex& mu_;
  size_t workers_;
  std::function<void()> on_change_;
  std::vector<std::thread> threads_;
  std::mutex wake_mu_;
  std::condition_variable wake_;
  std::condition_variable stop_;  // the heartbeat thread's (notify() must wake a worker, not it)
  uint64_t wakeups_ = 0;
  bool stopping_ = false;
  std::atomic<int64_t> active_{0};
  store::JobLease lease_;  // lease length and attempts from the config; worker set per thread
  double backoff_seconds_;
  std::mutex held_mu_;
  std::vector<Held*> held_;  // jobs in hand, heartbeated
  std::thread heartbeat_;
};

// "hostname:pid:n", unique per worker thread across nodes.
std::string worker_id();

}  // namespace lore::pipeline
