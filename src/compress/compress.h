// Query-aware prompt compression: fit retrieved context into a token budget
// while keeping what answers the question (LongLLMLingua's recipe, on CPU
// without a language model).
//
//   coarse ranking   passages and their sentences scored against the
//                    question (BM25 over the request's own passages and
//                    sentences, models/builtin/lexical, blended with the
//                    caller's retrieval/reranker scores when given), a sentence
//                    also credited with its passage's score and its neighbours'
//   budget control   sentences taken best first; the best go in verbatim,
//                    the rest only pruned (dynamic keep ratio: lower rank,
//                    lower ratio), the least relevant are dropped; kept
//                    passages are ordered most relevant first and last
//   fine pruning     inside a pruned sentence, pieces with the lowest
//                    self-information (bigram model, ngram_model.h) go
//                    first; numbers, capitalised words (named entities) and
//                    words of the question are never removed
//
// Contract:
//   - text = instruction, compressed context, question, separated by blank
//     lines (empty parts left out); instruction and question verbatim.
//   - count_tokens(text) <= the budget: Target.budget, or
//     floor(rate * original_tokens), where original_tokens counts the same
//     text uncompressed. A budget the instruction and question alone exceed
//     is Error{invalid_argument}.
//   - context = the compressed passages joined by blank lines; passages =
//     each kept passage's compressed text, in output order.
//   - Every kept word is the input's word (pieces are dropped, never
//     rewritten); sentences keep their order within a passage.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "compress/ngram_model.h"

namespace lore::compress {

struct Target {
  double rate = 0;    // share of the original tokens to keep, in (0, 1]; used when budget == 0
  size_t budget = 0;  // maximum tokens of the output text; 0 = use rate
};

struct Request {
  std::string instruction;
  std::string question;
  std::vector<std::string> passages;
  Target target;
  // Self-information model trained on the knowledge base's text; nullptr =
  // train one on the passages themselves.
  const NgramModel* model = nullptr;
  // Optional relevance of each passage from upstream (retrieval, embedding
  // similarity, reranker), any scale, higher = more relevant; empty = BM25
  // alone. Blended into the passage score (ranking.h).
  std::vector<double> passage_priors;
  std::string priors_name = "priors";  // what the priors are, for Result.ranking (e.g. "rerank http:m")
};

struct KeptPassage {
  size_t index = 0;  // position in Request.passages
  std::string text;  // compressed
  double score = 0;  // relevance to the question (coarse ranking)
};

struct Result {
  std::string text;
  std::string context;
  std::vector<KeptPassage> passages;  // output order
  size_t original_tokens = 0;
  size_t compressed_tokens = 0;
  size_t budget = 0;
  double rate = 1;  // compressed_tokens / original_tokens (1 for empty input)
  double ms = 0;
  std::string ranking = "bm25";  // "bm25", or "bm25+<priors_name>" when priors were blended in
};

Result compress(const Request& request);

// Passages from `lore compress` input: a JSON array of strings (or of
// objects with a "text" string), or plain text split at blank lines.
// `name` names the input in errors (Error{bad_input}).
std::vector<std::string> parse_passages(std::string_view input, const std::string& name);
// Plain text split at blank (or whitespace-only) lines, paragraphs trimmed.
std::vector<std::string> split_paragraphs(std::string_view text);

// {"text", "passages": [strings], "original_tokens", "compressed_tokens", "rate", "ms", "ranking"}
nlohmann::json result_to_json(const Result& result);

}  // namespace lore::compress
