// The rewrite_query stage: a follow-up question in a conversation -> a
// standalone question that retrieval can use on its own.
//
// Contract:
// - No history: the question, unchanged (method "none").
// - With a ChatModel: the model rewrites the last question using the last
//   kRewriteTurns turns (method "llm"); reasoning (<think>) is removed, the
//   first non-empty line is kept; an empty or runaway reply falls back to the
//   deterministic rule. Model errors propagate (the answer would fail too).
// - Without a model: if the question looks elliptical (a pronoun or
//   demonstrative — it, they, this, 它, 这个 … — a follow-up opener — "and",
//   "what about", 那么, 还有 … — or at most two content words) the salient
//   keywords of the most recent user turns that the question lacks are
//   appended (method "keywords"); otherwise unchanged (method "none").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/chat.h"

namespace lore::pipeline {

inline constexpr size_t kRewriteTurns = 6;
inline constexpr size_t kRewriteKeywords = 8;

struct Rewrite {
  std::string question;
  std::string method;  // "none" | "keywords" | "llm"
};

bool looks_elliptical(std::string_view question);

Rewrite rewrite_query(std::string_view question, const std::vector<models::ChatMessage>& history,
                      models::ChatModel* chat);

}  // namespace lore::pipeline
