// OpenAI-compatible API: /v1/models lists the caller's knowledge bases as
// models "lore:<kb>"; /v1/chat/completions answers from one of them, so any
// OpenAI client library can ask Lore.
//
// The knowledge base: the X-Lore-KB header when sent, else the model
// "lore:<kb>"; looked up in the caller's tenant (another tenant's: 404).
// The last message must be the user's question; earlier user/assistant
// messages are the history (system messages are ignored: the knowledge
// base's prompt template governs the answer).
//
// Lore extension: "filter": {"documents", "tags", "metadata"} in the body
// restricts the sources as in /api/v1/kbs/{kb}/ask (pipeline/filters.h); with
// the OpenAI Python client, pass it as extra_body={"filter": {...}}.
//
// Non-stream reply: a chat.completion object with "citations" (as in
// `lore ask --json`) beside "choices". Stream: chat.completion.chunk events
// (role, then content deltas), a final chunk with finish_reason "stop" and
// "citations", then `data: [DONE]`. A failure mid-stream is sent as
// `data: {"error": {...}}` (which OpenAI clients raise) and ends the stream.
#include <ctime>

#include "core/error.h"
#include "pipeline/citations.h"
#include "server/answer.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

namespace {

constexpr std::string_view kModelPrefix = "lore:";

store::KnowledgeBase kb_for(Ctx& c, const nlohmann::json& body) {
  std::string name = c.req.get_header_value("X-Lore-KB");
  const auto model = string_field(body, "model", name.empty());
  if (name.empty()) {
    if (model.rfind(kModelPrefix, 0) != 0 || model.size() == kModelPrefix.size())
      throw Error(ErrorCode::invalid_argument,
                  "model \"" + model +
                      "\" does not name a knowledge base: use \"lore:<kb>\" (see GET /v1/models) or send "
                      "the X-Lore-KB header");
    name = model.substr(kModelPrefix.size());
  }
  return c.reader().require_kb(c.caller.tenant_id, name);
}

nlohmann::json citations_json(const pipeline::AskResult& r) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& cite : r.citations) arr.push_back(pipeline::citation_to_json(cite));
  return arr;
}

struct Completion {
  std::string id, model;
  int64_t created = 0;

  nlohmann::json chunk(nlohmann::json delta, nlohmann::json finish_reason) const {
    return {{"id", id},
            {"object", "chat.completion.chunk"},
            {"created", created},
            {"model", model},
            {"choices",
             {{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", std::move(finish_reason)}}}}};
  }
};

void chat_completions(Ctx& c) {
  const auto body = c.body();
  const auto kb = kb_for(c, body);
  if (!body.contains("messages")) throw Error(ErrorCode::invalid_argument, "missing field \"messages\"");
  auto messages = chat_messages(body["messages"], "messages");
  if (messages.empty() || messages.back().role != "user")
    throw Error(ErrorCode::invalid_argument,
                "the last of \"messages\" must be the user's question (role \"user\")");
  pipeline::AskRequest req;
  req.kb = kb;
  req.question = messages.back().content;
  messages.pop_back();
  for (auto& m : messages)
    if (m.role != "system") req.history.push_back(std::move(m));
  req.top_k = top_k_field(body);
  req.filter = filter_field(body);  // Lore extension
  const bool stream = wants_stream(c, body);
  auto chat = prepare_ask(c, req);

  Completion comp{"chatcmpl-" + c.request_id, std::string(kModelPrefix) + kb.name,
                  static_cast<int64_t>(std::time(nullptr))};
  if (stream) {
    StreamFormat f;
    f.open = [comp] { return sse(comp.chunk({{"role", "assistant"}, {"content", ""}}, nullptr)); };
    f.delta = [comp](std::string_view d) { return sse(comp.chunk({{"content", d}}, nullptr)); };
    f.done = [comp](const pipeline::AskResult& r, const nlohmann::json&) {
      auto last = comp.chunk(nlohmann::json::object(), "stop");
      last["citations"] = citations_json(r);
      return sse(last) + "data: [DONE]\n\n";
    };
    const std::string rid = c.request_id;
    f.error = [rid](std::string_view code, const std::string& message) {
      return sse(error_body(code, message, rid));
    };
    ask_streamed(c, std::move(req), std::move(chat), std::move(f));
    return;
  }
  const auto r = ask_now(c, req, chat.get());
  c.json(200, {{"id", comp.id},
               {"object", "chat.completion"},
               {"created", comp.created},
               {"model", comp.model},
               {"choices",
                {{{"index", 0},
                  {"message", {{"role", "assistant"}, {"content", r.answer}}},
                  {"finish_reason", "stop"}}}},
               {"citations", citations_json(r)}});
}

}  // namespace

void add_openai_routes(Router& r) {
  r.get("/v1/models", [](Ctx& c) {
    nlohmann::json data = nlohmann::json::array();
    for (const auto& kb : c.reader().store().list_kbs(c.caller.tenant_id))
      data.push_back({{"id", std::string(kModelPrefix) + kb.name},
                      {"object", "model"},
                      {"created", 0},
                      {"owned_by", c.caller.tenant}});
    c.json(200, {{"object", "list"}, {"data", data}});
  });
  r.post("/v1/chat/completions", chat_completions);
}

}  // namespace lore::server
