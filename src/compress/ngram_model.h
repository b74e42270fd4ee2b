// A bigram self-information estimate over the pieces of a text collection
// (lower-cased words, single CJK characters; punctuation ignored), trained
// on the knowledge base's own text (or, when none is given, on the text
// being compressed). self_information(prev, key) = -log2 P(key | prev) with
// P interpolated between the bigram estimate and an add-one unigram:
// frequent, predictable pieces ("of the", 的) carry few bits and are pruned
// first; rare ones (names, terms of art) carry many.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lore::compress {

class NgramModel {
 public:
  NgramModel() = default;
  explicit NgramModel(const std::vector<std::string_view>& texts) { add(texts); }

  void add(const std::vector<std::string_view>& texts);
  void add(std::string_view text);

  // Bits of `key` after `prev` ("" = start of sentence). Unseen pieces get
  // the add-one unigram estimate (high information).
  double self_information(const std::string& prev, const std::string& key) const;
  uint64_t tokens() const { return total_; }

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFF;
  uint32_t id_of(const std::string& key) const;  // kNone when unseen
  uint32_t intern(const std::string& key);

  std::unordered_map<std::string, uint32_t> ids_;   // "" (sentence start) is id 0
  std::vector<uint32_t> unigrams_;                  // by id: occurrences as a piece
  std::vector<uint32_t> contexts_;                  // by id: times it preceded a piece
  std::unordered_map<uint64_t, uint32_t> bigrams_;  // (prev id << 32 | id) -> count
  uint64_t total_ = 0;
};

}  // namespace lore::compress
