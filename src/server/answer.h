// Answering over HTTP: runs the query pipeline (pipeline::ask) for a route,
// either as one JSON response or as a Server-Sent Events stream in the
// route's own wire format (Lore's events, or OpenAI chat.completion.chunk).
//
// Contract:
// - The knowledge base in the AskRequest is already resolved within the
//   caller's tenant (Ctx::kb_param, or a session's knowledge base).
// - Everything that can fail before the first byte — an empty question, the
//   knowledge base's chat model settings — fails as an ordinary HTTP error
//   ({"error": {...}} with its status). Once a stream has started, a failure
//   (the model server down, a timeout) is sent as the format's error event
//   and the stream ends.
// - A stream writes each answer delta as soon as the pipeline produces it
//   (chunked transfer, one write per event). When the client goes away the
//   write fails, the pipeline cancels the generation, and nothing after it
//   (no `after`, no final event) runs.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "pipeline/query.h"
#include "server/http.h"

namespace lore::server {

// How a route renders a streamed answer. Each function returns the complete
// SSE text to send (use sse()); an empty string sends nothing.
struct StreamFormat {
  std::function<std::string()> open;                         // before the first delta
  std::function<std::string(std::string_view delta)> delta;  // each visible fragment
  std::function<std::string(const pipeline::AskResult&, const nlohmann::json& extra)> done;
  std::function<std::string(std::string_view code, const std::string& message)> error;
};

// Runs after a complete (not cancelled) answer, before the final event
// (e.g. stores the session's messages); returns fields for the final event.
using AfterAnswer = std::function<nlohmann::json(const pipeline::AskResult&)>;

// Validates the request (including its filter: an unknown document is a
// 400 before any byte is streamed) and builds the knowledge base's chat model (nullptr:
// extractive answers). Sets the request id to the HTTP request's.
std::unique_ptr<models::ChatModel> prepare_ask(Ctx& c, pipeline::AskRequest& req);

// Answers in the handler (non-streaming).
pipeline::AskResult ask_now(Ctx& c, const pipeline::AskRequest& req, models::ChatModel* chat);

// Makes the response a text/event-stream whose content provider runs the
// pipeline. Takes over the request's reader Workspace.
void ask_streamed(Ctx& c, pipeline::AskRequest req, std::unique_ptr<models::ChatModel> chat,
                  StreamFormat format, AfterAnswer after = {});

// True when the client asked for a stream: "stream": true in the body, or an
// Accept header naming text/event-stream. A non-boolean "stream" is an error.
bool wants_stream(const Ctx& c, const nlohmann::json& body);

// One SSE event: "event: <name>\n" (when named) + "data: <json>\n\n".
std::string sse(const nlohmann::json& data, std::string_view event = {});

// Optional typed fields of a request body, with clear errors.
bool bool_field(const nlohmann::json& body, const std::string& name, bool fallback);
size_t top_k_field(const nlohmann::json& body);  // 0 when absent (config ask.top_k)
// "filter": {"documents", "tags", "metadata"} (pipeline/filters.h); empty when absent.
pipeline::SearchFilter filter_field(const nlohmann::json& body);

// A conversation in the OpenAI messages shape: [{"role": "system" | "user" |
// "assistant", "content": "text" | [{"type": "text", "text": "..."}, ...]}].
// `field` names the body field in errors.
std::vector<models::ChatMessage> chat_messages(const nlohmann::json& messages, const std::string& field);

}  // namespace lore::server
