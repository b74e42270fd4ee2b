#include "compress/prune.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "compress/units.h"
#include "core/tokens.h"
#include "models/builtin/lexical.h"

namespace lore::compress {

namespace {

constexpr double kStopFactor = 0.3;       // stop words / function characters
constexpr double kRedundantFactor = 0.6;  // a word already in the output
constexpr double kPunctBits = 2.0;        // punctuation: cheap to drop, some structure
constexpr double kProtected = std::numeric_limits<double>::infinity();

// Chinese function characters: grammatical glue, like English stop words.
bool is_cjk_function(std::string_view c) {
  static const std::unordered_set<std::string_view> chars = {
      "的", "了", "是", "在", "和", "与", "及", "也", "都", "就", "被", "把", "从", "或",
      "着", "过", "而", "之", "其", "对", "于", "并", "又", "还", "这", "那", "个", "为"};
  return chars.count(c) > 0;
}

bool starts_upper(std::string_view w) { return !w.empty() && w[0] >= 'A' && w[0] <= 'Z'; }

}  // namespace

Pruner::Pruner(std::string_view question, const NgramModel& model) : model_(model) {
  for (const auto& t : models::builtin::extract_terms(question)) {
    question_terms_.insert(t.text);
    if (!t.text.empty() && static_cast<unsigned char>(t.text[0]) >= 0x80)
      for (const auto& p : split_pieces(t.text))
        if (p.kind == PieceKind::cjk) question_chars_.insert(p.key);
  }
}

bool Pruner::is_stop(const std::string& key) {
  const auto it = stop_cache_.find(key);
  if (it != stop_cache_.end()) return it->second;
  // lexical.h drops stop words: a word yielding no term is one.
  return stop_cache_[key] = models::builtin::extract_terms(key).empty();
}

bool Pruner::in_question(const std::string& key) {
  const auto it = question_cache_.find(key);
  if (it != question_cache_.end()) return it->second;
  bool hit = false;
  for (const auto& t : models::builtin::extract_terms(key)) hit = hit || question_terms_.count(t.text) > 0;
  return question_cache_[key] = hit;
}

void Pruner::note_output(std::string_view text) {
  for (const auto& p : split_pieces(text))
    if (!p.key.empty()) seen_.insert(p.key);
}

std::string Pruner::prune(std::string_view sentence, size_t max_tokens) {
  const auto pieces = split_pieces(sentence);
  const size_t n = pieces.size();
  std::vector<double> importance(n);
  std::vector<size_t> tokens(n);
  std::vector<bool> guarded(n, false);
  size_t total = 0;
  std::string prev;
  for (size_t i = 0; i < n; ++i) {
    const auto& p = pieces[i];
    tokens[i] = count_tokens(p.text);
    total += tokens[i];
    if (p.kind == PieceKind::punct) continue;
    if (p.kind == PieceKind::number)
      guarded[i] = true;
    else if (p.kind == PieceKind::word)
      guarded[i] = (starts_upper(p.text) && !is_stop(p.key)) || in_question(p.key);
    else
      guarded[i] = question_chars_.count(p.key) > 0;
    double bits = model_.self_information(prev, p.key);
    const bool stop = p.kind == PieceKind::cjk ? is_cjk_function(p.key) : is_stop(p.key);
    if (stop) bits *= kStopFactor;
    if (seen_.count(p.key)) bits *= kRedundantFactor;
    importance[i] = bits;
    prev = p.key;
  }
  for (size_t i = 0; i < n; ++i) {
    if (guarded[i])
      importance[i] = kProtected;
    else if (pieces[i].kind == PieceKind::punct)
      importance[i] = (i > 0 && i + 1 < n && guarded[i - 1] && guarded[i + 1]) ? kProtected : kPunctBits;
  }
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return importance[a] < importance[b]; });
  std::vector<bool> keep(n, true);
  for (size_t k = 0; k < n && total > max_tokens; ++k) {
    const size_t i = order[k];
    if (importance[i] == kProtected) break;
    keep[i] = false;
    total -= tokens[i];
  }
  // Reassemble: a dropped piece's neighbours are separated by a space unless
  // the text had none there (a dropped bracket must not glue two words).
  std::string out;
  bool gap = false;
  for (size_t i = 0; i < n; ++i) {
    if (!keep[i]) {
      gap = gap || !pieces[i].space.empty() || i == 0 || pieces[i - 1].space.empty();
      continue;
    }
    if (!out.empty() && gap && out.back() != ' ' && !ends_with_cjk(out)) out += ' ';
    out += pieces[i].text;
    if (!pieces[i].space.empty()) out += ' ';
    gap = false;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace lore::compress
