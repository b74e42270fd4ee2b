#include "compress/ngram_model.h"

#include <cmath>

#include "compress/units.h"

namespace lore::compress {

namespace {

// Weight of the bigram estimate in the interpolation (Jelinek-Mercer).
constexpr double kBigramWeight = 0.6;

std::string bigram_key(const std::string& prev, const std::string& key) { return prev + '\x1f' + key; }

}  // namespace

void NgramModel::add(const std::vector<std::string_view>& texts) {
  for (const auto t : texts) add(t);
}

void NgramModel::add(std::string_view text) {
  for (const auto sentence : split_units(text)) {
    std::string prev;
    for (const auto& p : split_pieces(sentence)) {
      if (p.key.empty()) continue;
      ++unigrams_[p.key];
      ++contexts_[prev];  // "" counts sentence starts
      ++bigrams_[bigram_key(prev, p.key)];
      ++total_;
      prev = p.key;
    }
  }
}

double NgramModel::self_information(const std::string& prev, const std::string& key) const {
  auto count = [](const std::unordered_map<std::string, uint32_t>& m, const std::string& k) -> double {
    const auto it = m.find(k);
    return it == m.end() ? 0.0 : it->second;
  };
  const double vocabulary = static_cast<double>(unigrams_.size()) + 1;
  const double n = static_cast<double>(total_);
  const double uni = (count(unigrams_, key) + 1) / (n + vocabulary);
  double p = uni;
  const double context = count(contexts_, prev);
  if (context > 0) {
    const double bi = count(bigrams_, bigram_key(prev, key)) / context;
    p = kBigramWeight * bi + (1 - kBigramWeight) * uni;
  }
  return -std::log2(p);
}

}  // namespace lore::compress
