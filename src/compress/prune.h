// Fine pruning inside a sentence: drop the pieces (units.h) carrying the
// least information until the sentence fits a token target.
//
// Importance of a piece = its self-information after the previous piece
// (NgramModel), scaled down for stop words / function characters and for
// words already present in the output (redundancy). Protected pieces are
// never dropped: numbers, capitalised words that are not stop words (named
// entities), pieces matching a word of the question, and punctuation
// between two protected pieces (Denver, Colorado). The result may therefore
// stay above the target; callers check the tokens they get.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "compress/ngram_model.h"

namespace lore::compress {

class Pruner {
 public:
  Pruner(std::string_view question, const NgramModel& model);

  // The sentence with pieces dropped until count_tokens <= max_tokens or
  // only protected pieces remain. Kept pieces keep their text and order.
  std::string prune(std::string_view sentence, size_t max_tokens);

  // Records the words of text that went into the output (redundancy).
  void note_output(std::string_view text);

 private:
  bool is_stop(const std::string& key);
  bool in_question(const std::string& key);

  const NgramModel& model_;
  std::unordered_set<std::string> question_terms_;  // lexical.h terms of the question
  std::unordered_set<std::string> question_chars_;  // CJK characters of the question's terms
  std::unordered_map<std::string, bool> stop_cache_;
  std::unordered_map<std::string, bool> question_cache_;
  std::unordered_set<std::string> seen_;  // keys already in the output
};

}  // namespace lore::compress
