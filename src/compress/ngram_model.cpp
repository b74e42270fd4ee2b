#include "compress/ngram_model.h"

#include <cmath>

#include "compress/units.h"

namespace lore::compress {

namespace {

// Weight of the bigram estimate in the interpolation (Jelinek-Mercer).
constexpr double kBigramWeight = 0.6;

}  // namespace

void NgramModel::add(const std::vector<std::string_view>& texts) {
  for (const auto t : texts) add(t);
}

uint32_t NgramModel::id_of(const std::string& key) const {
  const auto it = ids_.find(key);
  return it == ids_.end() ? kNone : it->second;
}

uint32_t NgramModel::intern(const std::string& key) {
  const auto [it, added] = ids_.emplace(key, static_cast<uint32_t>(unigrams_.size()));
  if (added) {
    unigrams_.push_back(0);
    contexts_.push_back(0);
  }
  return it->second;
}

void NgramModel::add(std::string_view text) {
  const uint32_t start = intern("");
  for (const auto sentence : split_units(text)) {
    uint32_t prev = start;
    for (const auto& p : split_pieces(sentence)) {
      if (p.key.empty()) continue;
      const uint32_t id = intern(p.key);
      ++unigrams_[id];
      ++contexts_[prev];
      ++bigrams_[(static_cast<uint64_t>(prev) << 32) | id];
      ++total_;
      prev = id;
    }
  }
}

double NgramModel::self_information(const std::string& prev, const std::string& key) const {
  const uint32_t k = id_of(key);
  const uint32_t c = id_of(prev);
  const double vocabulary = static_cast<double>(ids_.size()) + 1;
  const double n = static_cast<double>(total_);
  const double uni = ((k == kNone ? 0.0 : unigrams_[k]) + 1) / (n + vocabulary);
  double p = uni;
  const double context = c == kNone ? 0.0 : contexts_[c];
  if (context > 0) {
    double pair = 0;
    if (k != kNone)
      if (const auto it = bigrams_.find((static_cast<uint64_t>(c) << 32) | k); it != bigrams_.end())
        pair = it->second;
    p = kBigramWeight * pair / context + (1 - kBigramWeight) * uni;
  }
  return -std::log2(p);
}

}  // namespace lore::compress
