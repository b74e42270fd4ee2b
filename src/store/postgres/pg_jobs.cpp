// Jobs of the PostgreSQL Store: a queue in the `jobs` table shared by every
// node. Claiming locks the oldest queued row with FOR UPDATE SKIP LOCKED, so
// workers on several nodes never run the same job and never wait on each other.
#include "core/error.h"
#include "store/postgres/pg_db.h"
#include "store/postgres/pg_parts.h"

namespace lore::store::postgres {

namespace {

std::string select_jobs(std::string_view where) {
  return "SELECT " + kJobColumns + " FROM jobs j " + std::string(where);
}

std::optional<Job> first_job(const pqxx::result& r) {
  if (r.empty()) return std::nullopt;
  return read_job(r[0]);
}

}  // namespace

Id create_job(Tx& tx, Id kb_id, const std::string& kind, const nlohmann::json& payload) {
  return scalar(tx.exec_params(
      "INSERT INTO jobs (kb_id, kind, status, payload) VALUES ($1, $2, 'queued', $3::jsonb) RETURNING id",
      kb_id, kind, payload.dump()));
}

void update_job(Tx& tx, Id job_id, const std::string& status, double progress, const std::string& error) {
  tx.exec_params("UPDATE jobs SET status = $1, progress = $2, error = $3, updated_at = now() WHERE id = $4",
                 status, progress, error, job_id);
}

std::optional<Job> get_job(Tx& tx, Id job_id) {
  return first_job(tx.exec_params(select_jobs("WHERE j.id = $1"), job_id));
}

std::optional<Job> find_job(Tx& tx, Id tenant_id, Id job_id) {
  return first_job(tx.exec_params(
      select_jobs("JOIN knowledge_bases k ON k.id = j.kb_id WHERE j.id = $1 AND k.tenant_id = $2"), job_id,
      tenant_id));
}

std::vector<Job> list_jobs(Tx& tx, Id kb_id, size_t limit) {
  const auto r = tx.exec_params(select_jobs("WHERE j.kb_id = $1 ORDER BY j.id DESC LIMIT $2"), kb_id,
                                static_cast<int64_t>(limit));
  std::vector<Job> out;
  for (const auto& row : r) out.push_back(read_job(row));
  return out;
}

std::optional<Job> claim_job(Tx& tx, const std::string& kind) {
  return first_job(tx.exec_params(
      "UPDATE jobs j SET status = 'running', attempts = attempts + 1, stage = 'starting', updated_at = now() "
      "WHERE j.id = (SELECT id FROM jobs WHERE status = 'queued' AND kind = $1 ORDER BY id LIMIT 1 "
      "FOR UPDATE SKIP LOCKED) RETURNING " +
          kJobColumns,
      kind));
}

void set_job_stage(Tx& tx, Id job_id, const std::string& stage, double progress) {
  tx.exec_params("UPDATE jobs SET stage = $1, progress = $2, updated_at = now() WHERE id = $3", stage,
                 progress, job_id);
}

int64_t count_jobs(Tx& tx, const std::string& status) {
  return scalar(tx.exec_params("SELECT COUNT(*) FROM jobs WHERE status = $1", status));
}

std::pair<int64_t, int64_t> recover_interrupted_jobs(Tx& tx, int64_t max_attempts,
                                                     const std::string& reason) {
  // The documents of jobs that give up fail too (a new document would
  // otherwise stay `queued` forever); an existing version stays as it was.
  tx.exec_params(
      "UPDATE documents SET status = 'failed', error = $1, updated_at = now() "
      "WHERE status IN ('queued', 'parsing') AND id::numeric IN (SELECT (payload->>'document_id')::numeric "
      "FROM jobs WHERE status = 'running' AND attempts >= $2 AND jsonb_typeof(payload->'document_id') = "
      "'number')",
      reason, max_attempts);
  const auto failed = tx.exec_params(
      "UPDATE jobs SET status = 'failed', stage = 'interrupted', error = $1, updated_at = now() "
      "WHERE status = 'running' AND attempts >= $2",
      reason, max_attempts);
  const auto requeued = tx.exec(
      "UPDATE jobs SET status = 'queued', stage = 'resuming after restart', progress = 0, updated_at = now() "
      "WHERE status = 'running'");
  return {static_cast<int64_t>(requeued.affected_rows()), static_cast<int64_t>(failed.affected_rows())};
}

}  // namespace lore::store::postgres
