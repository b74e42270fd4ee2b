// The builtin answer "model": with no LLM configured, Lore answers with the
// sentences of the retrieved chunks that best support the question, each
// with its [n] citation (before the final punctuation: "… 64 tokens [2].") —
// or with exactly kNotFound when nothing supports an answer well enough.
//
// Candidates are the prose units of the chunks (units.h; headings and labels
// name a topic and answer nothing). Each is scored by BM25 against the
// question's terms (lexical.h), weighted by its confidence and by the rank of
// its chunk, and halved when it looks like code or restates the question.
// Confidence = mean of two shares of the question's idf-weighted words (CJK:
// bigrams): the share found in the sentence and the share found in its chunk
// (the context that makes the sentence an answer). Only sentences whose
// confidence is above min_confidence may answer; when there is none the
// answer is kNotFound. Near-
// duplicate sentences (overlapping chunks repeat text) are kept once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lore::models::builtin {

// The exact answer when the knowledge base does not support an answer
// (documented in docs/cli.md; clients may compare against it).
inline constexpr std::string_view kNotFound = "Not found in the knowledge base.";

struct Passage {
  int n = 0;  // citation number
  std::string_view text;
  std::vector<std::string> headings;  // the chunk's heading path, if known
};

struct ExtractiveOptions {
  double min_confidence = 0.5;    // the best sentence's confidence must be above this
  size_t max_answer_bytes = 800;  // length budget of the answer (sentences are whole)
  size_t max_sentences = 3;
};

struct ExtractedSentence {
  int n = 0;         // passage it came from
  std::string text;  // cleaned sentence (clean_sentence)
  double score = 0;
  double confidence = 0;
};

struct ExtractiveAnswer {
  bool found = false;
  std::string text;  // cite_sentence() of each sentence joined by spaces, or kNotFound
  std::vector<ExtractedSentence> sentences;
  double confidence = 0;  // of the first sentence (found) or the highest seen (not found)
};

ExtractiveAnswer extractive_answer(std::string_view question, const std::vector<Passage>& passages,
                                   const ExtractiveOptions& options = {});

// "Chunks are small." + 2 -> "Chunks are small [2]." (marker appended when
// the sentence has no final punctuation).
std::string cite_sentence(const std::string& sentence, int n);

}  // namespace lore::models::builtin
