// The query pipeline: a question about one knowledge base -> a cited answer,
// streamed. Serves the CLI (`lore ask`) and the HTTP server alike.
//
// Stages (ARCHITECTURE.md), each timed and logged under the request id:
//   rewrite_query  history -> standalone question (rewrite.h)
//   preprocess     normalise whitespace, detect language, search query
//   search         pipeline::search (retrieval with its own fusion/rerank)
//   merge          drop duplicate chunks (same text in several documents)
//   filter_top_k   keep the top_k best chunks: the numbered sources
//   compress       optional (request or knowledge-base setting, compression.h):
//                  the sources' text fitted into a token budget, question-aware;
//                  the model sees the compressed text, citations quote the chunks
//   build_prompt   system prompt + sources + history within the budget (LLM only)
//   generate       ChatModel stream, or the builtin extractive answer
//   stream_filter  <think> removal and citation-marker checking on every
//                  delta (time summed), then citations mapped
//
// Contract: on_delta receives the visible answer as it is produced (already
// filtered: no reasoning, only valid markers); returning false cancels the
// generation and the result has cancelled = true with what was produced.
// The answer's [n] refer to citations[].n. Errors are lore::Error: an
// empty question (invalid_argument), a request without a resolved knowledge
// base (internal), model failures (model_error / timeout, naming the
// provider and URL).
//
// Tenancy: the pipeline never looks a knowledge base up by name. The caller
// resolves it within its tenant (Workspace::require_kb(tenant_id, name) —
// the CLI in the default tenant, the server in the API key's tenant) and
// passes the record, so a name can never reach another tenant's data.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "models/chat.h"
#include "pipeline/citations.h"
#include "pipeline/compression.h"
#include "pipeline/filters.h"
#include "pipeline/stage_clock.h"
#include "pipeline/workspace.h"

namespace lore::pipeline {

class KbSearcher;  // pipeline/search.h

using AnswerDeltaHandler = std::function<bool(std::string_view delta)>;

struct AskRequest {
  store::KnowledgeBase kb;  // resolved by the caller within its tenant (id != 0)
  std::string question;
  std::vector<models::ChatMessage> history;  // earlier turns, oldest first ("user" / "assistant")
  size_t top_k = 0;                          // sources; 0 = config ask.top_k
  SearchFilter filter;                       // documents/tags/metadata the sources may come from
  CompressSetting compress;                  // off: the knowledge base's settings.compress, if any
  AnswerDeltaHandler on_delta;               // empty: no streaming
  bool want_reasoning = false;
  bool want_timings = false;
  std::string request_id;          // empty: one is generated
  KbSearcher* searcher = nullptr;  // kb's search pipeline open in the workspace; nullptr: opened per ask
};

struct AskResult {
  std::string request_id;
  std::string answer;
  std::vector<Citation> citations;
  std::string reasoning;             // only when want_reasoning
  std::vector<StageTiming> timings;  // only when want_timings
  std::string standalone_question;   // after rewrite_query
  std::string model;                 // "extractive" or "openai:<model>" / "ollama:<model>"
  bool found = true;                 // false: the extractive answer is "Not found in the knowledge base."
  bool cancelled = false;
};

// The chat settings for a knowledge base: the [chat] configuration with the
// knowledge base's settings.chat {provider, base_url, model} on top.
models::ChatConfig chat_config_for(const Config& config, const store::KnowledgeBase& kb);

// `chat`: the model to use; nullptr builds it from chat_config_for() (and
// none configured means extractive answers).
AskResult ask(Workspace& workspace, const AskRequest& request, models::ChatModel* chat = nullptr);

// {"answer", "citations": [...], "timings": {stage: ms} (when requested),
//  "reasoning" (when requested)} — the shape of `lore ask --json`.
nlohmann::json ask_result_to_json(const AskResult& result, bool with_timings, bool with_reasoning);

}  // namespace lore::pipeline
