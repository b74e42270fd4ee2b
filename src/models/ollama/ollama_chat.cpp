#include "models/ollama/ollama_chat.h"

#include "core/error.h"
#include "core/text.h"
#include "models/chat_stream.h"

namespace lore::models {

namespace {

constexpr const char* kDefaultBaseUrl = "http://127.0.0.1:11434";

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

std::string string_field(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return "";
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string error_text(const nlohmann::json& j) {
  const auto& e = j["error"];
  return e.is_string() ? e.get<std::string>() : e.dump();
}

}  // namespace

OllamaChat::OllamaChat(const ChatConfig& config)
    : config_(config),
      http_("ollama chat", config.base_url.empty() ? kDefaultBaseUrl : config.base_url,
            http_options(config)) {}

std::string OllamaChat::complete(const std::vector<ChatMessage>& messages, const DeltaHandler& on_delta) {
  nlohmann::json msgs = nlohmann::json::array();
  for (const auto& m : messages) msgs.push_back({{"role", m.role}, {"content", m.content}});
  const nlohmann::json body = {
      {"model", config_.model},
      {"messages", msgs},
      {"stream", static_cast<bool>(on_delta)},
      {"options", {{"temperature", config_.temperature}, {"num_predict", config_.max_tokens}}}};
  const std::string where = "ollama chat: POST " + http_.url("/api/chat");
  ChatStream stream(on_delta);

  if (!on_delta) {
    const auto reply = http_.post_json("/api/chat", body);
    if (reply.contains("error")) throw Error(ErrorCode::model_error, where + ": " + error_text(reply));
    if (!reply.contains("message") || !reply["message"].is_object())
      throw Error(ErrorCode::model_error, where + ": reply has no message: " + excerpt(reply.dump()));
    stream.reasoning(string_field(reply["message"], "thinking"));
    stream.content(string_field(reply["message"], "content"));
    return stream.finish();
  }

  // The handler runs inside the HTTP library: failures are raised afterwards.
  std::string failure;
  bool done = false;
  http_.post_stream("/api/chat", body, [&](std::string_view line) {
    if (text::trim(line).empty()) return true;
    const auto event = nlohmann::json::parse(line, nullptr, false);
    if (event.is_discarded() || !event.is_object()) {
      failure = "malformed stream line: " + excerpt(line);
      return false;
    }
    if (event.contains("error")) {
      failure = error_text(event);
      return false;
    }
    if (const auto m = event.find("message"); m != event.end()) {
      if (!stream.reasoning(string_field(*m, "thinking"))) return false;
      if (!stream.content(string_field(*m, "content"))) return false;
    }
    if (event.value("done", false)) {
      done = true;
      return false;
    }
    return true;
  });
  if (!failure.empty()) throw Error(ErrorCode::model_error, where + ": " + failure);
  if (!done && !stream.cancelled())
    throw Error(ErrorCode::model_error, where + ": the stream ended before \"done\": true");
  return stream.finish();
}

}  // namespace lore::models
