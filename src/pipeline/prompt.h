// The build_prompt stage: question + history + retrieved chunks -> the chat
// messages sent to the LLM.
//
// Contract:
// - The system message is the knowledge base's template (settings
//   "prompt_template") or kDefaultPromptTemplate, with "{sources}" replaced by
//   the numbered sources "[n] document (page p) — headings\ntext". A template
//   without "{sources}" is an Error{invalid_argument}.
// - Everything (system message, history, question) fits in
//   `context_tokens` (count_tokens, plus kMessageOverheadTokens per message).
//   The question is never cut (too long: Error{invalid_argument}); sources go
//   in rank order and the last one that does not fit whole is cut at a token
//   boundary if at least kMinSourceTokens remain; history turns go newest
//   first and whole, with at most a quarter of the budget kept for them ahead
//   of the sources, and whatever the sources left after.
// - Source numbers are 1..sources_used, the order of `sources`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/chat.h"

namespace lore::pipeline {

extern const std::string_view kDefaultPromptTemplate;
inline constexpr size_t kMessageOverheadTokens = 4;
inline constexpr size_t kMinSourceTokens = 64;

struct PromptSource {
  std::string document;
  std::string headings;  // "Install > Debian" or ""
  int page = 0;          // 0: no page
  std::string text;
};

struct Prompt {
  std::vector<models::ChatMessage> messages;
  size_t sources_used = 0;  // sources[0..sources_used) are in the prompt, numbered from 1
  size_t history_used = 0;  // most recent turns kept
  size_t tokens = 0;        // estimated prompt size
};

// Error{invalid_argument} when `tmpl` lacks "{sources}".
void validate_prompt_template(std::string_view tmpl);

Prompt build_prompt(std::string_view question, const std::vector<models::ChatMessage>& history,
                    const std::vector<PromptSource>& sources, std::string_view tmpl, size_t context_tokens);

// The longest prefix of `text` (whole UTF-8 characters) of at most
// `max_tokens` tokens.
std::string_view truncate_to_tokens(std::string_view text, size_t max_tokens);

}  // namespace lore::pipeline
