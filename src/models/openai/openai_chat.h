// OpenAI-compatible chat (OpenAI, vLLM, llama.cpp server, Xinference,
// DeepSeek, Qwen APIs): POST {base_url}/chat/completions.
//
// Streaming: "stream": true, SSE lines "data: {json}" carrying
// choices[0].delta.content (and delta.reasoning_content / delta.reasoning),
// ended by "data: [DONE]". An {"error": …} event or an unparsable event is an
// Error{model_error} naming the URL. Non-streaming (empty delta handler):
// choices[0].message.content.
#pragma once

#include "models/chat.h"
#include "models/http_client.h"

namespace lore::models {

class OpenAiChat : public ChatModel {
 public:
  explicit OpenAiChat(const ChatConfig& config);
  std::string complete(const std::vector<ChatMessage>& messages, const DeltaHandler& on_delta) override;
  std::string id() const override { return "openai:" + config_.model; }

 private:
  ChatConfig config_;
  HttpClient http_;
};

}  // namespace lore::models
