// ChatModel: messages -> a streamed completion. Providers: openai/
// (POST /v1/chat/completions with "stream": true, SSE) and ollama/
// (POST /api/chat, NDJSON stream).
//
// Contract: complete() calls on_delta with each text fragment as it arrives
// (raw model output, <think> included: filtering is the stream_filter
// stage's job) and returns the whole text. on_delta returning false cancels
// the request (client went away); complete() then returns what it had.
// Errors (timeout, HTTP status, malformed stream) throw lore::Error naming
// the provider, the URL and the reason, never the API key.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lore::models {

struct ChatMessage {
  std::string role;  // "system" | "user" | "assistant"
  std::string content;
};

struct ChatConfig {
  std::string provider;  // "openai" | "ollama" | "" (none: extractive answers)
  std::string base_url;
  std::string model;
  std::string api_key;  // never logged
  double timeout_seconds = 120;
  int max_retries = 2;  // only before the first token arrives
  double temperature = 0.1;
  int max_tokens = 1024;
};

using DeltaHandler = std::function<bool(std::string_view delta)>;

class ChatModel {
 public:
  virtual ~ChatModel() = default;
  virtual std::string complete(const std::vector<ChatMessage>& messages, const DeltaHandler& on_delta) = 0;
  virtual std::string id() const = 0;
};

}  // namespace lore::models
