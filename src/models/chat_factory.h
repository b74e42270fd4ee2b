// Builds the ChatModel a configuration names.
//
// Contract: "" (or "none") -> nullptr (the caller answers extractively);
// "openai" -> OpenAI-compatible /chat/completions (default base URL
// https://api.openai.com/v1); "ollama" -> /api/chat (default
// http://127.0.0.1:11434). Error{invalid_argument} for an unknown provider,
// a missing model or a malformed base URL, naming the setting to fix.
//
// Both providers stream when complete() is given a delta handler and make a
// plain JSON request when it is empty. Reasoning that a server sends apart
// from the answer (OpenAI-style "reasoning_content"/"reasoning", Ollama
// "thinking") is passed on inside <think>…</think>, so the stream_filter stage
// treats every model alike.
#pragma once

#include <memory>

#include "models/chat.h"

namespace lore::models {

std::unique_ptr<ChatModel> make_chat_model(const ChatConfig& config);

}  // namespace lore::models
