// API keys (only salted hashes), sessions and messages of the PostgreSQL
// Store; sessions are always scoped to a tenant.
#include "core/error.h"
#include "store/postgres/pg_db.h"
#include "store/postgres/pg_parts.h"

namespace lore::store::postgres {

namespace {

const std::string kKeyColumns =
    "a.id, a.tenant_id, t.name, a.name, a.prefix, a.salt, a.hash, a.admin, lore_iso(a.created_at), "
    "COALESCE(lore_iso(a.revoked_at), '')";

ApiKey read_key(const pqxx::row& r) {
  ApiKey k;
  k.id = r[0].as<int64_t>();
  k.tenant_id = r[1].as<int64_t>();
  k.tenant_name = r[2].c_str();
  k.name = r[3].c_str();
  k.prefix = r[4].c_str();
  k.salt = r[5].c_str();
  k.hash = r[6].c_str();
  k.admin = r[7].as<bool>();
  k.created_at = r[8].c_str();
  k.revoked_at = r[9].c_str();
  return k;
}

std::string select_keys(std::string_view where) {
  return "SELECT " + kKeyColumns + " FROM api_keys a JOIN tenants t ON t.id = a.tenant_id " +
         std::string(where);
}

const std::string kSessionColumns =
    "s.id, s.tenant_id, s.kb_id, k.name, s.title, lore_iso(s.created_at), lore_iso(s.updated_at), "
    "(SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id)";

Session read_session(const pqxx::row& r) {
  Session s;
  s.id = r[0].as<int64_t>();
  s.tenant_id = r[1].as<int64_t>();
  s.kb_id = r[2].as<int64_t>();
  s.kb_name = r[3].c_str();
  s.title = r[4].c_str();
  s.created_at = r[5].c_str();
  s.updated_at = r[6].c_str();
  s.message_count = r[7].as<int64_t>();
  return s;
}

std::string select_sessions(std::string_view where) {
  return "SELECT " + kSessionColumns + " FROM sessions s JOIN knowledge_bases k ON k.id = s.kb_id " +
         std::string(where);
}

constexpr std::string_view kMessageColumns = "id, session_id, role, content, citations, lore_iso(created_at)";

Message read_message(const pqxx::row& r) {
  return {r[0].as<int64_t>(),
          r[1].as<int64_t>(),
          r[2].c_str(),
          std::string(r[3].c_str(), r[3].size()),
          json_field(r[4], nlohmann::json::array()),
          r[5].c_str()};
}

}  // namespace

ApiKey create_api_key(Tx& tx, const ApiKey& key) {
  tx.exec_params(
      "INSERT INTO api_keys (tenant_id, name, prefix, salt, hash, admin) VALUES ($1, $2, $3, $4, $5, $6)",
      key.tenant_id, key.name, key.prefix, key.salt, key.hash, key.admin);
  return *find_api_key(tx, key.prefix);
}

std::optional<ApiKey> find_api_key(Tx& tx, const std::string& prefix) {
  const auto r = tx.exec_params(select_keys("WHERE a.prefix = $1"), prefix);
  if (r.empty()) return std::nullopt;
  return read_key(r[0]);
}

std::vector<ApiKey> list_api_keys(Tx& tx) {
  std::vector<ApiKey> out;
  for (const auto& row : tx.exec(select_keys("ORDER BY a.id"))) out.push_back(read_key(row));
  return out;
}

void revoke_api_key(Tx& tx, Id key_id) {
  const auto r =
      tx.exec_params("UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL", key_id);
  if (r.affected_rows() == 0)
    throw Error(ErrorCode::not_found,
                "API key " + std::to_string(key_id) + " not found (or already revoked)");
}

int64_t count_active_api_keys(Tx& tx) {
  return scalar(tx.exec("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL"));
}

Session create_session(Tx& tx, Id tenant_id, Id kb_id, const std::string& title) {
  const Id id =
      scalar(tx.exec_params("INSERT INTO sessions (tenant_id, kb_id, title) VALUES ($1, $2, $3) RETURNING id",
                            tenant_id, kb_id, title));
  return *get_session(tx, tenant_id, id);
}

std::optional<Session> get_session(Tx& tx, Id tenant_id, Id session_id) {
  const auto r =
      tx.exec_params(select_sessions("WHERE s.id = $1 AND s.tenant_id = $2"), session_id, tenant_id);
  if (r.empty()) return std::nullopt;
  return read_session(r[0]);
}

std::vector<Session> list_sessions(Tx& tx, Id tenant_id) {
  std::vector<Session> out;
  for (const auto& row :
       tx.exec_params(select_sessions("WHERE s.tenant_id = $1 ORDER BY s.id DESC"), tenant_id))
    out.push_back(read_session(row));
  return out;
}

void delete_session(Tx& tx, Id tenant_id, Id session_id) {
  const auto r =
      tx.exec_params("DELETE FROM sessions WHERE id = $1 AND tenant_id = $2", session_id, tenant_id);
  if (r.affected_rows() == 0)
    throw Error(ErrorCode::not_found, "session " + std::to_string(session_id) + " not found");
}

Message add_message(Tx& tx, Id session_id, const std::string& role, const std::string& content,
                    const nlohmann::json& citations) {
  if (role != "user" && role != "assistant" && role != "system")
    throw Error(ErrorCode::invalid_argument,
                "message role must be user, assistant or system, got \"" + role + "\"");
  const auto r = tx.exec_params(
      "INSERT INTO messages (session_id, role, content, citations) "
      "VALUES ($1, $2, $3, $4::jsonb) RETURNING " +
          std::string(kMessageColumns),
      session_id, role, content, citations.dump());
  tx.exec_params("UPDATE sessions SET updated_at = now() WHERE id = $1", session_id);
  return read_message(r[0]);
}

std::vector<Message> list_messages(Tx& tx, Id session_id) {
  std::vector<Message> out;
  for (const auto& row : tx.exec_params(
           "SELECT " + std::string(kMessageColumns) + " FROM messages WHERE session_id = $1 ORDER BY id",
           session_id))
    out.push_back(read_message(row));
  return out;
}

}  // namespace lore::store::postgres
