// Jobs of the embedded Store: a queue in the `jobs` table. Claiming is one
// UPDATE ... RETURNING, so two workers never run the same job.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "store/sqlite/sqlite_parts.h"

namespace lore::store::sqlite {

namespace {

using nlohmann::json;

constexpr std::string_view kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
constexpr std::string_view kJobColumns =
    "j.id, j.kb_id, j.kind, j.status, j.payload, j.progress, j.stage, j.attempts, j.error, j.created_at, "
    "j.updated_at, j.worker, COALESCE(j.lease_expires_at, '')";

Job read_job(const Stmt& s) {
  Job j;
  j.id = s.int64(0);
  j.kb_id = s.is_null(1) ? 0 : s.int64(1);
  j.kind = s.text(2);
  j.status = s.text(3);
  j.payload = json_column(s, 4);
  j.progress = s.real(5);
  j.stage = s.text(6);
  j.attempts = s.int64(7);
  j.error = s.text(8);
  j.created_at = s.text(9);
  j.updated_at = s.text(10);
  j.worker = s.text(11);
  j.lease_expires_at = s.text(12);
  return j;
}

// strftime() of now + `seconds` (a modifier such as "+60.000 seconds"),
// comparable as text with kNow.
std::string in_seconds(double seconds) { return fmt::format("{:+.3f} seconds", seconds); }
constexpr std::string_view kLater = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?)";

std::string select_jobs(std::string_view where) {
  return "SELECT " + std::string(kJobColumns) + " FROM jobs j " + std::string(where);
}

}  // namespace

json json_column(const Stmt& s, int col, const json& fallback) {
  const std::string text = s.text(col);
  if (text.empty()) return fallback;
  auto j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? fallback : j;
}

Id create_job(Db& db, Id kb_id, const std::string& kind, const json& payload) {
  Stmt s(db, "INSERT INTO jobs (kb_id, kind, status, payload) VALUES (?, ?, 'queued', ?)");
  s.bind(1, kb_id).bind(2, kind).bind(3, payload.dump()).run();
  return db.last_insert_id();
}

void update_job(Db& db, Id job_id, const std::string& status, double progress, const std::string& error) {
  Stmt s(db, "UPDATE jobs SET status = ?, progress = ?, error = ?, updated_at = " + std::string(kNow) +
                 " WHERE id = ?");
  s.bind(1, status).bind(2, progress).bind(3, error).bind(4, job_id).run();
}

std::optional<Job> get_job(Db& db, Id job_id) {
  Stmt s(db, select_jobs("WHERE j.id = ?"));
  s.bind(1, job_id);
  if (!s.step()) return std::nullopt;
  return read_job(s);
}

std::optional<Job> find_job(Db& db, Id tenant_id, Id job_id) {
  Stmt s(db, select_jobs("JOIN knowledge_bases k ON k.id = j.kb_id WHERE j.id = ? AND k.tenant_id = ?"));
  s.bind(1, job_id).bind(2, tenant_id);
  if (!s.step()) return std::nullopt;
  return read_job(s);
}

std::vector<Job> list_jobs(Db& db, Id kb_id, size_t limit) {
  Stmt s(db, select_jobs("WHERE j.kb_id = ? ORDER BY j.id DESC LIMIT ?"));
  s.bind(1, kb_id).bind(2, static_cast<int64_t>(limit));
  std::vector<Job> out;
  while (s.step()) out.push_back(read_job(s));
  return out;
}

std::optional<Job> claim_job(Db& db, const std::string& kind, const JobLease& lease) {
  const std::string now(kNow);
  const std::string expired =
      "status = 'running' AND lease_expires_at IS NOT NULL AND lease_expires_at < " + now;
  Transaction tx(db);
  // Dead letters first: expired jobs out of attempts, and their documents
  // that have no good version to fall back to.
  Stmt docs(db, "UPDATE documents SET status = 'failed', error = ?, updated_at = " + now +
                    " WHERE status IN ('queued', 'parsing') AND id IN (SELECT json_extract(payload, "
                    "'$.document_id') FROM jobs WHERE kind = ? AND " +
                    expired + " AND attempts >= ?)");
  docs.bind(1, "gave up after " + std::to_string(lease.max_attempts) +
                   " attempts (the worker stopped while processing this file each time); upload it again")
      .bind(2, kind)
      .bind(3, lease.max_attempts)
      .run();
  Stmt dead(db,
            "UPDATE jobs SET status = 'failed', stage = 'dead-lettered', lease_expires_at = NULL, "
            "error = 'gave up after ' || attempts || ' attempt(s); last error: the lease of worker ' || "
            "worker || ' expired (the worker stopped while processing this file)', updated_at = " +
                now + " WHERE kind = ? AND " + expired + " AND attempts >= ?");
  dead.bind(1, kind).bind(2, lease.max_attempts).run();
  Stmt s(
      db,
      "UPDATE jobs SET status = 'running', attempts = attempts + 1, stage = 'starting', worker = ?, "
      "lease_expires_at = " +
          std::string(kLater) +
          ", error = CASE WHEN status = 'running' THEN 'the lease of worker ' || worker || "
          "' expired (the worker stopped)' ELSE error END, updated_at = " +
          now +
          " WHERE id = (SELECT id FROM jobs WHERE kind = ? AND ((status = 'queued' AND (next_attempt_at IS "
          "NULL OR next_attempt_at <= " +
          now + ")) OR (" + expired + ")) ORDER BY id LIMIT 1) RETURNING id");
  s.bind(1, lease.worker).bind(2, in_seconds(lease.lease_seconds)).bind(3, kind);
  std::optional<Id> id;
  if (s.step()) id = s.int64(0);
  s.run();
  tx.commit();
  if (!id) return std::nullopt;
  return get_job(db, *id);
}

bool heartbeat_job(Db& db, Id job_id, const std::string& worker, double lease_seconds) {
  Stmt s(db, "UPDATE jobs SET lease_expires_at = " + std::string(kLater) +
                 " WHERE id = ? AND worker = ? AND status = 'running'");
  s.bind(1, in_seconds(lease_seconds)).bind(2, job_id).bind(3, worker).run();
  return db.changes() > 0;
}

bool retry_job(Db& db, Id job_id, const std::string& worker, const std::string& error, double backoff_seconds,
               int64_t max_attempts) {
  Transaction tx(db);
  Stmt held(db, "SELECT attempts FROM jobs WHERE id = ? AND worker = ? AND status = 'running'");
  held.bind(1, job_id).bind(2, worker);
  if (!held.step()) return false;
  const int64_t attempts = held.int64(0);
  held.run();
  const bool again = attempts < max_attempts;
  if (again) {
    const double delay = backoff_seconds * std::ldexp(1.0, static_cast<int>(std::min<int64_t>(attempts, 30)));
    Stmt s(db,
           "UPDATE jobs SET status = 'queued', stage = 'waiting to retry', progress = 0, error = ?, "
           "lease_expires_at = NULL, next_attempt_at = " +
               std::string(kLater) + ", updated_at = " + std::string(kNow) + " WHERE id = ?");
    s.bind(1, error).bind(2, in_seconds(delay)).bind(3, job_id).run();
  } else {
    Stmt s(db,
           "UPDATE jobs SET status = 'failed', stage = 'failed', progress = 0, error = ?, "
           "lease_expires_at = NULL, updated_at = " +
               std::string(kNow) + " WHERE id = ?");
    s.bind(1, "failed after " + std::to_string(attempts) + " attempt(s); last error: " + error)
        .bind(2, job_id)
        .run();
  }
  tx.commit();
  return again;
}

void set_job_stage(Db& db, Id job_id, const std::string& stage, double progress) {
  Stmt s(db, "UPDATE jobs SET stage = ?, progress = ?, updated_at = " + std::string(kNow) + " WHERE id = ?");
  s.bind(1, stage).bind(2, progress).bind(3, job_id).run();
}

int64_t count_jobs(Db& db, const std::string& status) {
  Stmt s(db, "SELECT COUNT(*) FROM jobs WHERE status = ?");
  s.bind(1, status);
  s.step();
  return s.int64(0);
}

std::pair<int64_t, int64_t> recover_interrupted_jobs(Db& db, int64_t max_attempts,
                                                     const std::string& reason) {
  Transaction tx(db);
  // The documents of jobs that give up fail too (a new document would
  // otherwise stay `queued` forever); an existing version stays as it was.
  Stmt docs(
      db,
      "UPDATE documents SET status = 'failed', error = ?, updated_at = " + std::string(kNow) +
          " WHERE status IN ('queued', 'parsing') AND id IN (SELECT json_extract(payload, '$.document_id') "
          "FROM jobs WHERE status = 'running' AND attempts >= ?)");
  docs.bind(1, reason).bind(2, max_attempts).run();
  Stmt fail(db, "UPDATE jobs SET status = 'failed', stage = 'interrupted', error = ?, updated_at = " +
                    std::string(kNow) + " WHERE status = 'running' AND attempts >= ?");
  fail.bind(1, reason).bind(2, max_attempts).run();
  const int64_t failed = db.changes();
  Stmt requeue(db,
               "UPDATE jobs SET status = 'queued', stage = 'resuming after restart', progress = 0, "
               "lease_expires_at = NULL, updated_at = " +
                   std::string(kNow) + " WHERE status = 'running'");
  requeue.run();
  const int64_t requeued = db.changes();
  tx.commit();
  return {requeued, failed};
}

}  // namespace lore::store::sqlite
