#include "pipeline/prompt.h"

#include <algorithm>

#include "core/error.h"
#include "core/text.h"
#include "core/tokens.h"

namespace lore::pipeline {

const std::string_view kDefaultPromptTemplate =
    "You are Lore, an assistant that answers questions using only the numbered sources below.\n"
    "Rules:\n"
    "- Use only facts stated in the sources; never add outside knowledge.\n"
    "- After each statement, cite the source(s) it comes from as [n], for example [1] or [2][3].\n"
    "- If the sources do not contain the answer, say clearly that the knowledge base does not contain "
    "the answer, and do not guess.\n"
    "- Answer in the language of the question, concisely.\n"
    "\n"
    "Sources:\n"
    "{sources}";

namespace {

constexpr std::string_view kPlaceholder = "{sources}";

std::string source_header(size_t n, const PromptSource& s) {
  std::string h = "[" + std::to_string(n) + "] " + s.document;
  if (s.page > 0) h += " (page " + std::to_string(s.page) + ")";
  if (!s.headings.empty()) h += " — " + s.headings;
  return h + "\n";
}

}  // namespace

void validate_prompt_template(std::string_view tmpl) {
  if (tmpl.find(kPlaceholder) == std::string_view::npos)
    throw Error(ErrorCode::invalid_argument,
                "prompt template must contain {sources} (where the numbered sources go)");
}

std::string_view truncate_to_tokens(std::string_view text, size_t max_tokens) {
  if (count_tokens(text) <= max_tokens) return text;
  size_t lo = 0, hi = text.size();  // invariant: prefix of lo bytes fits
  while (hi - lo > 1) {
    const size_t mid = lo + (hi - lo) / 2;
    if (count_tokens(text::truncate_utf8(text, mid)) <= max_tokens)
      lo = mid;
    else
      hi = mid;
  }
  return text::truncate_utf8(text, lo);
}

Prompt build_prompt(std::string_view question, const std::vector<models::ChatMessage>& history,
                    const std::vector<PromptSource>& sources, std::string_view tmpl, size_t context_tokens) {
  if (tmpl.empty()) tmpl = kDefaultPromptTemplate;
  validate_prompt_template(tmpl);
  const size_t fixed =
      count_tokens(tmpl) + count_tokens(question) + 2 * kMessageOverheadTokens;  // system + question messages
  if (fixed > context_tokens)
    throw Error(ErrorCode::invalid_argument, "question too long: the prompt needs " + std::to_string(fixed) +
                                                 " tokens before any source; ask.context_tokens is " +
                                                 std::to_string(context_tokens));
  size_t left = context_tokens - fixed;

  // Keep up to a quarter of what is left for the most recent history.
  size_t history_tokens = 0;
  for (const auto& m : history) history_tokens += count_tokens(m.content) + kMessageOverheadTokens;
  const size_t history_reserve = std::min(history_tokens, left / 4);

  Prompt p;
  std::string block;
  size_t source_budget = left - history_reserve;
  for (const auto& s : sources) {
    const std::string header = source_header(p.sources_used + 1, s);
    const size_t header_tokens = count_tokens(header) + 1;
    const size_t need = header_tokens + count_tokens(s.text);
    if (need <= source_budget) {
      block += header + s.text + "\n\n";
      source_budget -= need;
      ++p.sources_used;
      continue;
    }
    if (source_budget >= header_tokens + kMinSourceTokens) {
      block += header + std::string(truncate_to_tokens(s.text, source_budget - header_tokens)) + "\n\n";
      source_budget = 0;
      ++p.sources_used;
    }
    break;
  }
  const size_t block_tokens = count_tokens(block);
  left = left > block_tokens ? left - block_tokens : 0;

  // History: newest turns first, whole turns only, chronological in the prompt.
  size_t first = history.size();
  size_t used = 0;
  while (first > 0) {
    const size_t t = count_tokens(history[first - 1].content) + kMessageOverheadTokens;
    if (used + t > left) break;
    used += t;
    --first;
  }
  p.history_used = history.size() - first;

  std::string system(tmpl);
  const std::string sources_text = block.empty() ? "(no sources were found)\n" : block;
  system.replace(system.find(kPlaceholder), kPlaceholder.size(), std::string(text::trim(sources_text)));
  p.messages.push_back({"system", system});
  for (size_t i = first; i < history.size(); ++i) p.messages.push_back(history[i]);
  p.messages.push_back({"user", std::string(question)});
  for (const auto& m : p.messages) p.tokens += count_tokens(m.content) + kMessageOverheadTokens;
  return p;
}

}  // namespace lore::pipeline
