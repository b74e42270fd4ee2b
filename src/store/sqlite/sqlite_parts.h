// The parts of the embedded Store beyond the catalog (jobs, API keys,
// sessions), as functions over one open database. Private to src/store/sqlite:
// SqliteStore (sqlite_store.cpp) delegates to them; callers hold the same
// one-thread-at-a-time rule as the Store.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace lore::store::sqlite {

// A TEXT column holding JSON; an empty or unparsable value reads as `fallback`.
nlohmann::json json_column(const Stmt& s, int col, const nlohmann::json& fallback = nlohmann::json::object());

// --- jobs (sqlite_jobs.cpp)
Id create_job(Db& db, Id kb_id, const std::string& kind, const nlohmann::json& payload);
void update_job(Db& db, Id job_id, const std::string& status, double progress, const std::string& error);
std::optional<Job> get_job(Db& db, Id job_id);
std::optional<Job> find_job(Db& db, Id tenant_id, Id job_id);
std::vector<Job> list_jobs(Db& db, Id kb_id, size_t limit);
std::optional<Job> claim_job(Db& db, const std::string& kind, const JobLease& lease);
bool heartbeat_job(Db& db, Id job_id, const std::string& worker, double lease_seconds);
bool retry_job(Db& db, Id job_id, const std::string& worker, const std::string& error, double backoff_seconds,
               int64_t max_attempts);
void set_job_stage(Db& db, Id job_id, const std::string& stage, double progress);
int64_t count_jobs(Db& db, const std::string& status);
std::pair<int64_t, int64_t> recover_interrupted_jobs(Db& db, int64_t max_attempts, const std::string& reason);

// --- API keys (sqlite_keys.cpp)
ApiKey create_api_key(Db& db, const ApiKey& key);
std::optional<ApiKey> find_api_key(Db& db, const std::string& prefix);
std::vector<ApiKey> list_api_keys(Db& db);
void revoke_api_key(Db& db, Id key_id);
int64_t count_active_api_keys(Db& db);

// --- sessions and messages (sqlite_sessions.cpp)
Session create_session(Db& db, Id tenant_id, Id kb_id, const std::string& title);
std::optional<Session> get_session(Db& db, Id tenant_id, Id session_id);
std::vector<Session> list_sessions(Db& db, Id tenant_id);
void delete_session(Db& db, Id tenant_id, Id session_id);
Message add_message(Db& db, Id session_id, const std::string& role, const std::string& content,
                    const nlohmann::json& citations);
std::vector<Message> list_messages(Db& db, Id session_id);

}  // namespace lore::store::sqlite
