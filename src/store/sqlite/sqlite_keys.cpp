// API keys of the embedded Store. Only salted hashes are stored.
#include "core/error.h"
#include "store/sqlite/sqlite_parts.h"

namespace lore::store::sqlite {

namespace {

constexpr std::string_view kKeyColumns =
    "a.id, a.tenant_id, t.name, a.name, a.prefix, a.salt, a.hash, a.admin, a.created_at, "
    "COALESCE(a.revoked_at, '')";

ApiKey read_key(const Stmt& s) {
  ApiKey k;
  k.id = s.int64(0);
  k.tenant_id = s.int64(1);
  k.tenant_name = s.text(2);
  k.name = s.text(3);
  k.prefix = s.text(4);
  k.salt = s.text(5);
  k.hash = s.text(6);
  k.admin = s.int64(7) != 0;
  k.created_at = s.text(8);
  k.revoked_at = s.text(9);
  return k;
}

std::string select_keys(std::string_view where) {
  return "SELECT " + std::string(kKeyColumns) + " FROM api_keys a JOIN tenants t ON t.id = a.tenant_id " +
         std::string(where);
}

}  // namespace

ApiKey create_api_key(Db& db, const ApiKey& key) {
  Stmt s(db, "INSERT INTO api_keys (tenant_id, name, prefix, salt, hash, admin) VALUES (?, ?, ?, ?, ?, ?)");
  s.bind(1, key.tenant_id).bind(2, key.name).bind(3, key.prefix).bind(4, key.salt).bind(5, key.hash);
  s.bind(6, static_cast<int64_t>(key.admin ? 1 : 0));
  s.run();
  return *find_api_key(db, key.prefix);
}

std::optional<ApiKey> find_api_key(Db& db, const std::string& prefix) {
  Stmt s(db, select_keys("WHERE a.prefix = ?"));
  s.bind(1, prefix);
  if (!s.step()) return std::nullopt;
  return read_key(s);
}

std::vector<ApiKey> list_api_keys(Db& db) {
  Stmt s(db, select_keys("ORDER BY a.id"));
  std::vector<ApiKey> out;
  while (s.step()) out.push_back(read_key(s));
  return out;
}

void revoke_api_key(Db& db, Id key_id) {
  Stmt s(db,
         "UPDATE api_keys SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
         "WHERE id = ? AND revoked_at IS NULL");
  s.bind(1, key_id).run();
  if (db.changes() == 0)
    throw Error(ErrorCode::not_found,
                "API key " + std::to_string(key_id) + " not found (or already revoked)");
}

int64_t count_active_api_keys(Db& db) {
  Stmt s(db, "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL");
  s.step();
  return s.int64(0);
}

}  // namespace lore::store::sqlite
