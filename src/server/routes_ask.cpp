// Ask: a cited answer from one of the caller's knowledge bases, as JSON or as
// Server-Sent Events (answer.h).
//
//   POST /api/v1/kbs/{kb}/ask        {"question", "history"?, "top_k"?, "stream"?, "timings"?, "reasoning"?,
//                                     "compress"? {"rate" | "budget"} (pipeline/compression.h),
//                                     "filter"? {"documents", "tags", "metadata"} (pipeline/filters.h)}
//   POST /api/v1/sessions/{id}/ask   the same without "history": the session's
//                                    messages are the history; the question and
//                                    the answer are appended to them.
//
// JSON reply: {"answer", "citations" (as `lore ask --json`), "timings"
// (unless "timings": false), "reasoning" (when asked), "request_id", "model",
// "found"} plus {"session_id", "message_id"} for a session.
// SSE reply: `event: delta` {"delta": text} per fragment, then `event: done`
// with the JSON reply, or `event: error` {"error": {...}}.
#include "core/error.h"
#include "pipeline/citations.h"
#include "server/answer.h"
#include "server/app.h"
#include "server/router.h"
#include "server/sessions.h"

#include <httplib.h>

namespace lore::server {

namespace {

struct Options {
  bool timings = true, reasoning = false, stream = false;
};

pipeline::AskRequest request_from(Ctx& c, const nlohmann::json& body, Options& o) {
  pipeline::AskRequest req;
  req.question = string_field(body, "question", true);
  req.top_k = top_k_field(body);
  req.filter = filter_field(body);
  if (body.contains("compress"))
    req.compress = pipeline::compress_setting_from_json(body["compress"], "compress");
  o.timings = bool_field(body, "timings", true);
  o.reasoning = bool_field(body, "reasoning", false);
  o.stream = wants_stream(c, body);
  req.want_timings = o.timings;
  req.want_reasoning = o.reasoning;
  return req;
}

nlohmann::json reply(const pipeline::AskResult& r, const Options& o, const nlohmann::json& extra) {
  auto j = pipeline::ask_result_to_json(r, o.timings, o.reasoning);
  j["request_id"] = r.request_id;
  j["model"] = r.model;
  j["found"] = r.found;
  for (const auto& [k, v] : extra.items()) j[k] = v;
  return j;
}

StreamFormat lore_events(const Options& o, const std::string& request_id) {
  StreamFormat f;
  f.delta = [](std::string_view d) { return sse({{"delta", d}}, "delta"); };
  f.done = [o](const pipeline::AskResult& r, const nlohmann::json& extra) {
    return sse(reply(r, o, extra), "done");
  };
  f.error = [request_id](std::string_view code, const std::string& message) {
    return sse(error_body(code, message, request_id), "error");
  };
  return f;
}

void answer(Ctx& c, pipeline::AskRequest req, const Options& o, AfterAnswer after) {
  auto chat = prepare_ask(c, req);
  if (o.stream) {
    ask_streamed(c, std::move(req), std::move(chat), lore_events(o, c.request_id), std::move(after));
    return;
  }
  const auto r = ask_now(c, req, chat.get());
  c.json(200, reply(r, o, after ? after(r) : nlohmann::json::object()));
}

void ask_kb(Ctx& c) {
  const auto kb = c.kb_param(1);
  const auto body = c.body();
  Options o;
  auto req = request_from(c, body, o);
  req.kb = kb;
  if (body.contains("history") && !body["history"].is_null())
    for (auto& m : chat_messages(body["history"], "history"))
      if (m.role != "system") req.history.push_back(std::move(m));
  answer(c, std::move(req), o, {});
}

void ask_session(Ctx& c) {
  const auto session = require_session(c, c.id_param(1));
  const auto body = c.body();
  if (body.contains("history"))
    throw Error(ErrorCode::invalid_argument,
                "a session's history is its messages: \"history\" is only for /api/v1/kbs/{kb}/ask");
  Options o;
  auto req = request_from(c, body, o);
  auto& store = c.reader().store();
  const auto kb = store.get_kb(c.caller.tenant_id, session.kb_id);
  if (!kb)
    throw Error(ErrorCode::not_found,
                "the knowledge base of session " + std::to_string(session.id) + " no longer exists");
  req.kb = *kb;
  for (const auto& m : store.list_messages(session.id))
    if (m.role == "user" || m.role == "assistant") req.history.push_back({m.role, m.content});
  // Stored only once the answer is complete: a failed or abandoned ask leaves
  // the conversation as it was.
  App* app = &c.app;
  const store::Id sid = session.id;
  const std::string question = req.question;
  answer(c, std::move(req), o, [app, sid, question](const pipeline::AskResult& r) {
    nlohmann::json citations = nlohmann::json::array();
    for (const auto& cite : r.citations) citations.push_back(pipeline::citation_to_json(cite));
    const auto id = app->write([&](pipeline::Workspace& ws) {
      ws.store().add_message(sid, "user", question, nlohmann::json::array());
      return ws.store().add_message(sid, "assistant", r.answer, citations).id;
    });
    return nlohmann::json{{"session_id", sid}, {"message_id", id}};
  });
}

}  // namespace

void add_ask_routes(Router& r) {
  r.post("/api/v1/kbs/{kb}/ask", ask_kb);
  r.post("/api/v1/sessions/{id}/ask", ask_session);
}

}  // namespace lore::server
