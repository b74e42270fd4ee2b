#include "models/openai/openai_chat.h"

#include "core/error.h"
#include "core/text.h"
#include "models/chat_stream.h"

namespace lore::models {

namespace {

constexpr const char* kDefaultBaseUrl = "https://api.openai.com/v1";

HttpOptions http_options(const ChatConfig& c) {
  HttpOptions o;
  o.timeout_seconds = c.timeout_seconds;
  o.max_retries = c.max_retries;
  o.api_key = c.api_key;
  return o;
}

std::string excerpt(std::string_view s) {
  std::string out(text::truncate_utf8(s, 200));
  return out.size() < s.size() ? out + "…" : out;
}

// "error" of an event or reply: {"error": {"message": …}} or {"error": "…"}.
std::string error_message(const nlohmann::json& j) {
  const auto& e = j["error"];
  if (e.is_string()) return e.get<std::string>();
  if (e.is_object() && e.contains("message") && e["message"].is_string())
    return e["message"].get<std::string>();
  return e.dump();
}

std::string string_field(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return "";
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

OpenAiChat::OpenAiChat(const ChatConfig& config)
    : config_(config),
      http_("openai chat", config.base_url.empty() ? kDefaultBaseUrl : config.base_url,
            http_options(config)) {}

std::string OpenAiChat::complete(const std::vector<ChatMessage>& messages, const DeltaHandler& on_delta) {
  nlohmann::json msgs = nlohmann::json::array();
  for (const auto& m : messages) msgs.push_back({{"role", m.role}, {"content", m.content}});
  nlohmann::json body = {{"model", config_.model},
                         {"messages", msgs},
                         {"temperature", config_.temperature},
                         {"max_tokens", config_.max_tokens},
                         {"stream", static_cast<bool>(on_delta)}};
  const std::string where = "openai chat: POST " + http_.url("/chat/completions");
  ChatStream stream(on_delta);

  if (!on_delta) {
    const auto reply = http_.post_json("/chat/completions", body);
    if (reply.contains("error")) throw Error(ErrorCode::model_error, where + ": " + error_message(reply));
    if (!reply.contains("choices") || !reply["choices"].is_array() || reply["choices"].empty())
      throw Error(ErrorCode::model_error, where + ": reply has no choices: " + excerpt(reply.dump()));
    const auto& message = reply["choices"][0]["message"];
    stream.reasoning(string_field(message, "reasoning_content") + string_field(message, "reasoning"));
    stream.content(string_field(message, "content"));
    return stream.finish();
  }

  // Errors found inside the line handler are raised after the request ends:
  // the handler runs inside the HTTP library and must not throw through it.
  std::string failure;
  bool done = false;
  http_.post_stream("/chat/completions", body, [&](std::string_view line) {
    if (line.substr(0, 5) != "data:") return true;  // blank lines, ": keep-alive", "event: …"
    const std::string_view data = text::trim(line.substr(5));
    if (data == "[DONE]") {
      done = true;
      return false;
    }
    const auto event = nlohmann::json::parse(data, nullptr, false);
    if (event.is_discarded() || !event.is_object()) {
      failure = "malformed stream event: " + excerpt(data);
      return false;
    }
    if (event.contains("error")) {
      failure = error_message(event);
      return false;
    }
    const auto choices = event.find("choices");
    if (choices == event.end() || !choices->is_array() || choices->empty()) return true;  // usage-only events
    const auto& delta = (*choices)[0]["delta"];
    if (!stream.reasoning(string_field(delta, "reasoning_content") + string_field(delta, "reasoning")))
      return false;
    return stream.content(string_field(delta, "content"));
  });
  if (!failure.empty()) throw Error(ErrorCode::model_error, where + ": " + failure);
  if (!done && !stream.cancelled() && !stream.received_any())
    throw Error(ErrorCode::model_error, where + ": the stream ended without any event");
  return stream.finish();
}

}  // namespace lore::models
