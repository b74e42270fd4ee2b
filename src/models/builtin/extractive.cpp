#include "models/builtin/extractive.h"

#include <algorithm>
#include <set>

#include "core/text.h"
#include "core/tokens.h"
#include "models/builtin/lexical.h"
#include "models/builtin/units.h"

namespace lore::models::builtin {

namespace {

constexpr size_t kMinSentenceTokens = 4;   // shorter "sentences" are fragments, not answers
constexpr size_t kMaxSentenceBytes = 400;  // one sentence never takes the whole budget
constexpr double kRankDecay = 0.1;         // chunk at rank r weighs 1 / (1 + 0.1 r)
constexpr double kFollowerShare = 0.6;     // later sentences score at least this share of the best
constexpr double kDuplicateJaccard = 0.6;  // term-set overlap above which two sentences say the same

struct Candidate {
  int n = 0;
  size_t rank = 0;
  std::string text;
  double rank_score = 0;
  double score = 0;
  double confidence = 0;
  bool code = false;
};

// Command lines, code and option lists: "--flags", backticks, or mostly
// symbols and digits.
bool looks_like_code(std::string_view s) {
  if (s.find(" --") != std::string_view::npos || s.find('`') != std::string_view::npos) return true;
  size_t letters = 0, other = 0;
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = text::next_codepoint(s, i);
    if (text::is_space(cp)) continue;
    if ((cp < 0x80 && std::isalpha(static_cast<int>(cp))) || cp >= 0x80)
      ++letters;
    else
      ++other;
  }
  return other * 3 > letters;
}

// A sentence containing the question itself (an FAQ heading, an example
// query) restates it rather than answers it.
bool echoes(std::string_view sentence, const std::string& question_norm) {
  if (question_norm.size() < 12) return false;
  return text::ascii_lower(text::collapse_whitespace(sentence)).find(question_norm) != std::string::npos;
}

std::string normalised_question(std::string_view question) {
  std::string q = text::ascii_lower(text::collapse_whitespace(question));
  while (!q.empty() && std::string_view("?.!").find(q.back()) != std::string_view::npos) q.pop_back();
  return q;
}

double jaccard(const std::vector<Term>& a, const std::vector<Term>& b) {
  std::set<std::string> sa, sb;
  for (const auto& t : a) sa.insert(t.text);
  for (const auto& t : b) sb.insert(t.text);
  size_t common = 0;
  for (const auto& t : sa) common += sb.count(t);
  const size_t total = sa.size() + sb.size() - common;
  return total == 0 ? 1.0 : static_cast<double>(common) / static_cast<double>(total);
}

}  // namespace

std::string cite_sentence(const std::string& sentence, int n) {
  const std::string marker = " [" + std::to_string(n) + "]";
  static const std::string_view kEnds[] = {".", "!", "?", "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F"};
  for (auto e : kEnds)
    if (sentence.size() > e.size() && sentence.compare(sentence.size() - e.size(), e.size(), e) == 0)
      return sentence.substr(0, sentence.size() - e.size()) + marker + std::string(e);
  return sentence + marker;
}

ExtractiveAnswer extractive_answer(std::string_view question, const std::vector<Passage>& passages,
                                   const ExtractiveOptions& options) {
  ExtractiveAnswer answer;
  answer.text = std::string(kNotFound);

  // How much of the question each whole chunk covers.
  std::vector<std::string_view> passage_texts;
  for (const auto& p : passages) passage_texts.push_back(p.text);
  const SentenceScorer by_passage(question, passage_texts);
  if (by_passage.query_empty()) return answer;

  std::vector<Candidate> candidates;
  std::set<std::string> seen_text;
  for (size_t rank = 0; rank < passages.size(); ++rank) {
    for (auto& unit : split_units(passages[rank].text, passages[rank].headings)) {
      if (unit.label || count_tokens(unit.text) < kMinSentenceTokens) continue;
      std::string s = std::move(unit.text);
      if (s.size() > kMaxSentenceBytes) s = std::string(text::truncate_utf8(s, kMaxSentenceBytes)) + "…";
      // Overlapping chunks repeat sentences verbatim: the higher-ranked copy wins.
      if (!seen_text.insert(s).second) continue;
      candidates.push_back({passages[rank].n, rank, std::move(s), 0, 0, 0, false});
    }
  }
  if (candidates.empty()) return answer;

  std::vector<std::string_view> texts;
  for (const auto& c : candidates) texts.push_back(c.text);
  const SentenceScorer scorer(question, texts);
  const std::string question_norm = normalised_question(question);
  for (size_t i = 0; i < candidates.size(); ++i) {
    auto& c = candidates[i];
    c.score = scorer.score(i);
    c.confidence = 0.5 * scorer.coverage(i) + 0.5 * by_passage.coverage(c.rank);
    double w = 1.0 / (1.0 + kRankDecay * static_cast<double>(c.rank));
    c.code = looks_like_code(c.text);
    if (c.code) w *= 0.5;
    if (echoes(c.text, question_norm)) w = 0;  // restating is not answering
    if (c.text.back() == ':') w *= 0.5;        // introduces a list it does not contain
    c.rank_score = c.score * (0.5 + c.confidence) * w;
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.rank_score > b.rank_score; });
  for (const auto& c : candidates) answer.confidence = std::max(answer.confidence, c.confidence);
  // Only sentences that, with their chunk, cover enough of the question may answer it.
  std::erase_if(candidates, [&](const Candidate& c) {
    return c.rank_score <= 0 || c.confidence <= options.min_confidence;
  });
  if (candidates.empty()) return answer;
  const Candidate& best = candidates.front();
  answer.confidence = best.confidence;

  std::vector<std::vector<Term>> chosen_terms;
  size_t bytes = 0;
  for (const auto& c : candidates) {
    if (answer.sentences.size() >= options.max_sentences) break;
    if (!answer.sentences.empty()) {
      if (c.rank_score < kFollowerShare * best.rank_score) break;
      if (c.code) continue;
      if (bytes + c.text.size() > options.max_answer_bytes) continue;
    }
    auto terms = extract_terms(c.text);
    bool duplicate = false;
    for (const auto& t : chosen_terms) duplicate = duplicate || jaccard(t, terms) >= kDuplicateJaccard;
    if (duplicate) continue;
    chosen_terms.push_back(std::move(terms));
    bytes += c.text.size();
    answer.sentences.push_back({c.n, c.text, c.score, c.confidence});
  }
  answer.found = true;
  answer.text.clear();
  for (const auto& s : answer.sentences) {
    if (!answer.text.empty()) answer.text += ' ';
    answer.text += cite_sentence(s.text, s.n);
  }
  return answer;
}

}  // namespace lore::models::builtin
