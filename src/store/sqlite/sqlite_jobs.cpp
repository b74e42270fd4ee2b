// Jobs of the embedded Store: a queue in the `jobs` table. Claiming is one
// UPDATE ... RETURNING, so two workers never run the same job.
#include "core/error.h"
#include "store/sqlite/sqlite_parts.h"

namespace lore::store::sqlite {

namespace {

using nlohmann::json;

constexpr std::string_view kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
constexpr std::string_view kJobColumns =
    "j.id, j.kb_id, j.kind, j.status, j.payload, j.progress, j.stage, j.attempts, j.error, j.created_at, "
    "j.updated_at";

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
  return j;
}

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

std::optional<Job> claim_job(Db& db, const std::string& kind) {
  Stmt s(db,
         "UPDATE jobs SET status = 'running', attempts = attempts + 1, stage = 'starting', updated_at = " +
             std::string(kNow) +
             " WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND kind = ? ORDER BY id LIMIT 1) "
             "RETURNING id");
  s.bind(1, kind);
  if (!s.step()) return std::nullopt;
  const Id id = s.int64(0);
  s.run();
  return get_job(db, id);
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
  Stmt requeue(
      db, "UPDATE jobs SET status = 'queued', stage = 'resuming after restart', progress = 0, updated_at = " +
              std::string(kNow) + " WHERE status = 'running'");
  requeue.run();
  const int64_t requeued = db.changes();
  tx.commit();
  return {requeued, failed};
}

}  // namespace lore::store::sqlite
