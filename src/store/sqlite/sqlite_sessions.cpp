// Sessions and messages of the embedded Store, always scoped to a tenant.
#include "core/error.h"
#include "store/sqlite/sqlite_parts.h"

namespace lore::store::sqlite {

namespace {

constexpr std::string_view kSessionColumns =
    "s.id, s.tenant_id, s.kb_id, k.name, s.title, s.created_at, s.updated_at, "
    "(SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id)";

Session read_session(const Stmt& q) {
  Session s;
  s.id = q.int64(0);
  s.tenant_id = q.int64(1);
  s.kb_id = q.int64(2);
  s.kb_name = q.text(3);
  s.title = q.text(4);
  s.created_at = q.text(5);
  s.updated_at = q.text(6);
  s.message_count = q.int64(7);
  return s;
}

std::string select_sessions(std::string_view where) {
  return "SELECT " + std::string(kSessionColumns) +
         " FROM sessions s JOIN knowledge_bases k ON k.id = s.kb_id " + std::string(where);
}

}  // namespace

Session create_session(Db& db, Id tenant_id, Id kb_id, const std::string& title) {
  Stmt s(db, "INSERT INTO sessions (tenant_id, kb_id, title) VALUES (?, ?, ?)");
  s.bind(1, tenant_id).bind(2, kb_id).bind(3, title).run();
  return *get_session(db, tenant_id, db.last_insert_id());
}

std::optional<Session> get_session(Db& db, Id tenant_id, Id session_id) {
  Stmt s(db, select_sessions("WHERE s.id = ? AND s.tenant_id = ?"));
  s.bind(1, session_id).bind(2, tenant_id);
  if (!s.step()) return std::nullopt;
  return read_session(s);
}

std::vector<Session> list_sessions(Db& db, Id tenant_id) {
  Stmt s(db, select_sessions("WHERE s.tenant_id = ? ORDER BY s.id DESC"));
  s.bind(1, tenant_id);
  std::vector<Session> out;
  while (s.step()) out.push_back(read_session(s));
  return out;
}

void delete_session(Db& db, Id tenant_id, Id session_id) {
  Stmt s(db, "DELETE FROM sessions WHERE id = ? AND tenant_id = ?");
  s.bind(1, session_id).bind(2, tenant_id).run();
  if (db.changes() == 0)
    throw Error(ErrorCode::not_found, "session " + std::to_string(session_id) + " not found");
}

Message add_message(Db& db, Id session_id, const std::string& role, const std::string& content,
                    const nlohmann::json& citations) {
  if (role != "user" && role != "assistant" && role != "system")
    throw Error(ErrorCode::invalid_argument,
                "message role must be user, assistant or system, got \"" + role + "\"");
  Transaction tx(db);
  Stmt s(db, "INSERT INTO messages (session_id, role, content, citations) VALUES (?, ?, ?, ?)");
  s.bind(1, session_id).bind(2, role).bind(3, content).bind(4, citations.dump()).run();
  const Id id = db.last_insert_id();
  Stmt touch(db, "UPDATE sessions SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?");
  touch.bind(1, session_id).run();
  tx.commit();
  Stmt q(db, "SELECT id, session_id, role, content, citations, created_at FROM messages WHERE id = ?");
  q.bind(1, id);
  q.step();
  return {q.int64(0), q.int64(1), q.text(2), q.text(3), json_column(q, 4, nlohmann::json::array()),
          q.text(5)};
}

std::vector<Message> list_messages(Db& db, Id session_id) {
  Stmt q(db,
         "SELECT id, session_id, role, content, citations, created_at FROM messages WHERE session_id = ? "
         "ORDER BY id");
  q.bind(1, session_id);
  std::vector<Message> out;
  while (q.step())
    out.push_back({q.int64(0), q.int64(1), q.text(2), q.text(3), json_column(q, 4, nlohmann::json::array()),
                   q.text(5)});
  return out;
}

}  // namespace lore::store::sqlite
