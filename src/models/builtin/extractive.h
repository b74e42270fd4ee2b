// The builtin answer "model": with no LLM configured, Lore answers with the
// sentences of the retrieved chunks that best support the question, each
// followed by its [n] citation — or with exactly kNotFound when no sentence
// is supported well enough.
//
// Scoring: BM25 of each sentence against the question's terms (lexical.h),
// weighted by how much of the question it covers and by the rank of its
// chunk. Confidence is the idf-weighted share of the question's words (CJK:
// characters) present in the best sentence; below min_confidence the answer
// is kNotFound. Near-duplicate sentences (overlapping chunks repeat text) are
// kept once. Works on any language split_sentences handles (English, Chinese).
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
};

struct ExtractiveOptions {
  double min_confidence = 0.5;    // share of the question that the best sentence must cover
  size_t max_answer_bytes = 800;  // length budget of the answer (sentences are whole)
  size_t max_sentences = 3;
};

struct ExtractedSentence {
  int n = 0;         // passage it came from
  std::string text;  // cleaned sentence (markdown markers stripped, whitespace collapsed)
  double score = 0;
  double coverage = 0;
};

struct ExtractiveAnswer {
  bool found = false;
  std::string text;  // sentences each followed by " [n]", or kNotFound
  std::vector<ExtractedSentence> sentences;
  double confidence = 0;
};

ExtractiveAnswer extractive_answer(std::string_view question, const std::vector<Passage>& passages,
                                   const ExtractiveOptions& options = {});

// A sentence as shown in an answer: leading Markdown markers (#, -, *, >, |,
// "1.") removed from each line, whitespace collapsed.
std::string clean_sentence(std::string_view sentence);

}  // namespace lore::models::builtin
