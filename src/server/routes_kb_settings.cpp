// Knowledge base settings: PATCH /api/v1/kbs/{kb} with any of
//   "chat": {"provider": "openai"|"ollama"|"none", "base_url", "model"} | null
//   "prompt_template": string (must contain {sources}) | null
//   "chunk_tokens", "chunk_overlap": integers (apply to documents ingested or
//                                    re-parsed afterwards)
// null removes an override (the server's [chat] / built-in prompt apply
// again). Embedding settings are not changed here: switching the embedding
// model re-embeds every chunk (`lore kb reembed`).
#include <algorithm>

#include "core/error.h"
#include "core/text.h"
#include "pipeline/prompt.h"
#include "pipeline/views.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

namespace {

nlohmann::json chat_override(const nlohmann::json& v) {
  if (!v.is_object()) throw Error(ErrorCode::invalid_argument, "\"chat\" must be an object or null");
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, val] : v.items()) {
    if (k != "provider" && k != "base_url" && k != "model")
      throw Error(ErrorCode::invalid_argument,
                  "\"chat\" has an unknown field \"" + k + "\" (known: provider, base_url, model)");
    if (!val.is_string()) throw Error(ErrorCode::invalid_argument, "\"chat." + k + "\" must be a string");
    if (!val.get<std::string>().empty()) out[k] = val;
  }
  if (out.contains("provider")) {
    const auto p = out["provider"].get<std::string>();
    if (p != "openai" && p != "ollama" && p != "none")
      throw Error(ErrorCode::invalid_argument,
                  "\"chat.provider\" must be openai, ollama or none, not \"" + p + "\"");
  }
  return out;
}

int64_t int_field(const nlohmann::json& v, const std::string& name, int64_t min, int64_t max) {
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max)
    throw Error(ErrorCode::invalid_argument, "\"" + name + "\" must be an integer from " +
                                                 std::to_string(min) + " to " + std::to_string(max));
  return v.get<int64_t>();
}

void patch_kb(Ctx& c) {
  const auto body = c.body();
  static const char* kKnown[] = {"chat", "prompt_template", "chunk_tokens", "chunk_overlap"};
  for (const auto& [k, v] : body.items())
    if (std::find(std::begin(kKnown), std::end(kKnown), k) == std::end(kKnown))
      throw Error(ErrorCode::invalid_argument,
                  "unknown field \"" + k + "\" (known: chat, prompt_template, chunk_tokens, chunk_overlap)");
  const std::string name = c.param(1);
  const auto updated = c.app.write([&](pipeline::Workspace& ws) {
    auto kb = ws.require_kb(c.caller.tenant_id, name);
    auto s = kb.settings.is_object() ? kb.settings : nlohmann::json::object();
    if (body.contains("chat")) {
      if (body["chat"].is_null() || (body["chat"].is_object() && chat_override(body["chat"]).empty()))
        s.erase("chat");
      else
        s["chat"] = chat_override(body["chat"]);
    }
    if (body.contains("prompt_template")) {
      const auto& t = body["prompt_template"];
      if (t.is_null() || (t.is_string() && t.get<std::string>().empty())) {
        s.erase("prompt_template");
      } else {
        if (!t.is_string()) throw Error(ErrorCode::invalid_argument, "\"prompt_template\" must be a string");
        if (text::find_invalid_utf8(t.get<std::string>()) != std::string::npos)
          throw Error(ErrorCode::invalid_argument, "\"prompt_template\" is not valid UTF-8");
        pipeline::validate_prompt_template(t.get<std::string>());
        s["prompt_template"] = t;
      }
    }
    if (body.contains("chunk_tokens"))
      s["chunk_tokens"] = int_field(body["chunk_tokens"], "chunk_tokens", 16, 8192);
    if (body.contains("chunk_overlap"))
      s["chunk_overlap"] = int_field(body["chunk_overlap"], "chunk_overlap", 0, 4096);
    if (s.value("chunk_overlap", int64_t{0}) >= s.value("chunk_tokens", int64_t{512}))
      throw Error(ErrorCode::invalid_argument, "\"chunk_overlap\" must be smaller than \"chunk_tokens\"");
    ws.store().set_kb_settings(kb.id, s);
    return ws.require_kb(c.caller.tenant_id, name);
  });
  c.json(200, pipeline::kb_json(updated));
}

}  // namespace

void add_kb_settings_routes(Router& r) { r.patch("/api/v1/kbs/{kb}", patch_kb); }

}  // namespace lore::server
