#include "raptor/summarise.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "core/error.h"
#include "core/log.h"
#include "core/text.h"
#include "core/tokens.h"
#include "models/builtin/lexical.h"
#include "models/chat_factory.h"

namespace lore::raptor {

namespace {

using SparseVec = std::unordered_map<std::string, double>;

double dot(const SparseVec& a, const SparseVec& b) {
  const auto& small = a.size() < b.size() ? a : b;
  const auto& large = a.size() < b.size() ? b : a;
  double s = 0;
  for (const auto& [t, w] : small)
    if (auto it = large.find(t); it != large.end()) s += w * it->second;
  return s;
}

void normalise(SparseVec& v) {
  double n = 0;
  for (const auto& [t, w] : v) n += w * w;
  if (n <= 0) return;
  n = std::sqrt(n);
  for (auto& [t, w] : v) w /= n;
}

std::string strip_think(std::string s) {
  for (size_t open; (open = s.find("<think>")) != std::string::npos;) {
    const size_t close = s.find("</think>", open);
    s.erase(open, close == std::string::npos ? std::string::npos : close + 8 - open);
  }
  return std::string(text::trim(s));
}

}  // namespace

std::string ExtractiveSummariser::summarise(const std::vector<std::string>& texts, size_t max_tokens) {
  std::vector<std::string> sentences;
  for (const auto& t : texts)
    for (auto s : text::split_sentences(t)) {
      auto c = text::collapse_whitespace(s);
      if (!text::trim(c).empty()) sentences.push_back(std::move(c));
    }
  if (sentences.empty()) return "";
  std::vector<SparseVec> vecs(sentences.size());
  std::map<std::string, int> df;
  std::vector<std::map<std::string, int>> counts;
  counts.reserve(sentences.size());
  for (const auto& s : sentences) {
    counts.push_back(models::builtin::term_counts(s));
    for (const auto& [t, c] : counts.back()) ++df[t];
  }
  const double n = static_cast<double>(sentences.size());
  SparseVec centroid;
  for (size_t i = 0; i < sentences.size(); ++i) {
    for (const auto& [t, c] : counts[i]) {
      const double w = (1 + std::log(static_cast<double>(c))) * std::log(1 + n / df[t]);
      vecs[i][t] = w;
      centroid[t] += w;
    }
    normalise(vecs[i]);
  }
  normalise(centroid);
  std::vector<double> relevance(sentences.size());
  std::vector<size_t> tokens(sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) {
    relevance[i] = dot(vecs[i], centroid);
    tokens[i] = count_tokens(sentences[i]);
  }
  std::vector<size_t> picked;
  std::vector<double> redundancy(sentences.size(), 0);
  std::vector<bool> used(sentences.size(), false);
  size_t budget_used = 0;
  for (;;) {
    size_t best = sentences.size();
    double best_score = -1e300;
    for (size_t i = 0; i < sentences.size(); ++i) {
      if (used[i] || budget_used + tokens[i] > max_tokens) continue;
      const double score = relevance[i] - 0.5 * redundancy[i];
      if (score > best_score) best_score = score, best = i;
    }
    if (best == sentences.size()) break;
    used[best] = true;
    picked.push_back(best);
    budget_used += tokens[best];
    for (size_t i = 0; i < sentences.size(); ++i)
      if (!used[i]) redundancy[i] = std::max(redundancy[i], dot(vecs[i], vecs[best]));
  }
  if (picked.empty()) {
    // Not one sentence fits: the most central one, cut to the budget.
    const size_t best =
        static_cast<size_t>(std::max_element(relevance.begin(), relevance.end()) - relevance.begin());
    std::string s = sentences[best];
    while (!s.empty() && count_tokens(s) > max_tokens)
      s = std::string(text::truncate_utf8(s, s.size() * 3 / 4));
    return s;
  }
  std::sort(picked.begin(), picked.end());
  std::string out;
  for (size_t i : picked) {
    if (!out.empty()) out += ' ';
    out += sentences[i];
  }
  return out;
}

std::vector<models::ChatMessage> summary_prompt(const std::vector<std::string>& texts, size_t max_tokens) {
  std::string context;
  for (const auto& t : texts) context += text::collapse_whitespace(t) + "\n\n";
  return {
      {"system",
       "You are a summarizing assistant. Use only the given text: never add facts it does not contain, "
       "and keep every number, name and date exactly as written."},
      {"user", "Write a summary of the following, including as many key details as possible, in at most " +
                   std::to_string(max_tokens) + " tokens:\n\n" + context}};
}

ChatSummariser::ChatSummariser(models::ChatConfig config, size_t concurrency, int retries)
    : config_(std::move(config)),
      concurrency_(std::max<size_t>(1, concurrency)),
      retries_(std::max(0, retries)) {
  config_.max_tokens = std::max(config_.max_tokens, 64);
}

std::string ChatSummariser::summarise(const std::vector<std::string>& texts, size_t max_tokens) {
  models::ChatConfig c = config_;
  c.max_tokens = static_cast<int>(std::max<size_t>(64, max_tokens * 2));  // room for a <think> preamble
  const auto messages = summary_prompt(texts, max_tokens);
  std::string last_error;
  for (int attempt = 0; attempt <= retries_; ++attempt) {
    try {
      auto model = models::make_chat_model(c);
      auto out = strip_think(model->complete(messages, {}));
      if (!out.empty()) return out;
      last_error = "empty summary";
    } catch (const Error& e) {
      last_error = e.what();
    }
    spdlog::warn("raptor: summary attempt {} with {} failed: {}", attempt + 1, id(), last_error);
  }
  throw Error(ErrorCode::model_error, "summary model " + id() + " failed after " +
                                          std::to_string(retries_ + 1) + " attempts: " + last_error);
}

}  // namespace lore::raptor
