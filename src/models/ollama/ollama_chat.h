// Ollama chat: POST {base_url}/api/chat (default http://127.0.0.1:11434).
//
// Streaming: "stream": true, NDJSON lines {"message": {"content", "thinking"?},
// "done": false} … {"done": true}. A line {"error": "…"} or an unparsable
// line is an Error{model_error} naming the URL. Non-streaming (empty delta
// handler): one JSON object with message.content.
#pragma once

#include "models/chat.h"
#include "models/http_client.h"

namespace lore::models {

class OllamaChat : public ChatModel {
 public:
  explicit OllamaChat(const ChatConfig& config);
  std::string complete(const std::vector<ChatMessage>& messages, const DeltaHandler& on_delta) override;
  std::string id() const override { return "ollama:" + config_.model; }

 private:
  ChatConfig config_;
  HttpClient http_;
};

}  // namespace lore::models
