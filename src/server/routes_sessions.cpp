// Sessions and their messages (the conversation history), per tenant.
// Asking within a session (routes_ask.cpp) appends the question and the
// answer and uses the earlier messages as history.
#include "core/error.h"
#include "pipeline/views.h"
#include "server/app.h"
#include "server/router.h"
#include "server/sessions.h"

#include <httplib.h>

namespace lore::server {

store::Session require_session(Ctx& c, store::Id id) {
  if (auto s = c.reader().store().get_session(c.caller.tenant_id, id)) return *s;
  throw Error(ErrorCode::not_found, "session " + std::to_string(id) + " not found");
}

namespace {

nlohmann::json messages_json(store::Store& store, store::Id session_id) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& m : store.list_messages(session_id)) arr.push_back(pipeline::message_json(m));
  return arr;
}

}  // namespace

void add_session_routes(Router& r) {
  r.post("/api/v1/sessions", [](Ctx& c) {
    const auto body = c.body();
    const auto kb = c.reader().require_kb(c.caller.tenant_id, string_field(body, "kb", true));
    const auto title = string_field(body, "title", false);
    const auto s = c.app.write(
        [&](pipeline::Workspace& ws) { return ws.store().create_session(c.caller.tenant_id, kb.id, title); });
    c.json(201, pipeline::session_json(s));
  });

  r.get("/api/v1/sessions", [](Ctx& c) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& s : c.reader().store().list_sessions(c.caller.tenant_id))
      arr.push_back(pipeline::session_json(s));
    c.json(200, {{"sessions", arr}});
  });

  r.get("/api/v1/sessions/{id}", [](Ctx& c) {
    const auto s = require_session(c, c.id_param(1));
    auto j = pipeline::session_json(s);
    j["message_list"] = messages_json(c.reader().store(), s.id);
    c.json(200, j);
  });

  r.del("/api/v1/sessions/{id}", [](Ctx& c) {
    const store::Id id = c.id_param(1);
    c.app.write([&](pipeline::Workspace& ws) { ws.store().delete_session(c.caller.tenant_id, id); });
    c.json(200, {{"deleted", id}});
  });

  r.get("/api/v1/sessions/{id}/messages", [](Ctx& c) {
    const auto s = require_session(c, c.id_param(1));
    c.json(200, {{"session_id", s.id}, {"messages", messages_json(c.reader().store(), s.id)}});
  });

  // Appends a message as given (clients that run their own model keep the
  // history here too).
  r.post("/api/v1/sessions/{id}/messages", [](Ctx& c) {
    const auto s = require_session(c, c.id_param(1));
    const auto body = c.body();
    const auto role = string_field(body, "role", true);
    const auto content = string_field(body, "content", true);
    const auto m = c.app.write([&](pipeline::Workspace& ws) {
      return ws.store().add_message(s.id, role, content, body.value("citations", nlohmann::json::array()));
    });
    c.json(201, pipeline::message_json(m));
  });
}

}  // namespace lore::server
