#include "models/builtin/extractive.h"

#include <algorithm>
#include <set>

#include "core/text.h"
#include "core/tokens.h"
#include "models/builtin/lexical.h"

namespace lore::models::builtin {

namespace {

constexpr size_t kMinSentenceTokens = 4;   // shorter "sentences" are labels, not answers
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
  double coverage = 0;
};

bool ends_sentence(std::string_view s) {
  s = text::trim(s);
  if (s.empty()) return false;
  const char c = s.back();
  if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == ')' || c == '"') return true;
  return static_cast<unsigned char>(c) >= 0x80;  // CJK terminators and closing quotes are multi-byte
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

std::string clean_sentence(std::string_view sentence) {
  std::string out;
  size_t pos = 0;
  while (pos <= sentence.size()) {
    size_t eol = sentence.find('\n', pos);
    if (eol == std::string_view::npos) eol = sentence.size();
    std::string_view line = text::trim(sentence.substr(pos, eol - pos));
    for (bool stripped = true; stripped && !line.empty();) {
      stripped = false;
      if (line[0] == '#' || line[0] == '>' || line[0] == '|' ||
          ((line[0] == '-' || line[0] == '*' || line[0] == '+') && line.size() > 1 && line[1] == ' ')) {
        line = text::trim(line.substr(1));
        stripped = true;
      } else if (std::isdigit(static_cast<unsigned char>(line[0]))) {
        size_t d = 0;
        while (d < line.size() && std::isdigit(static_cast<unsigned char>(line[d]))) ++d;
        if (d < line.size() - 1 && (line[d] == '.' || line[d] == ')') && line[d + 1] == ' ') {
          line = text::trim(line.substr(d + 1));
          stripped = true;
        }
      }
    }
    if (!line.empty()) out += (out.empty() ? "" : " ") + std::string(line);
    pos = eol + 1;
  }
  return text::collapse_whitespace(out);
}

ExtractiveAnswer extractive_answer(std::string_view question, const std::vector<Passage>& passages,
                                   const ExtractiveOptions& options) {
  std::vector<Candidate> candidates;
  std::set<std::string> seen_text;
  for (size_t rank = 0; rank < passages.size(); ++rank) {
    for (auto raw : text::split_sentences(passages[rank].text)) {
      std::string s = clean_sentence(raw);
      if (count_tokens(s) < kMinSentenceTokens) continue;
      if (s.size() > kMaxSentenceBytes) s = std::string(text::truncate_utf8(s, kMaxSentenceBytes)) + "…";
      // Overlapping chunks repeat sentences verbatim: the higher-ranked copy wins.
      if (!seen_text.insert(s).second) continue;
      candidates.push_back({passages[rank].n, rank, std::move(s), 0, 0, 0});
    }
  }
  ExtractiveAnswer answer;
  answer.text = std::string(kNotFound);
  if (candidates.empty()) return answer;

  std::vector<std::string_view> texts;
  texts.reserve(candidates.size());
  for (const auto& c : candidates) texts.push_back(c.text);
  const SentenceScorer scorer(question, texts);
  if (scorer.query_empty()) return answer;
  for (size_t i = 0; i < candidates.size(); ++i) {
    auto& c = candidates[i];
    c.score = scorer.score(i);
    c.coverage = scorer.coverage(i);
    double w = 1.0 / (1.0 + kRankDecay * static_cast<double>(c.rank));
    // Headings and labels (short, no terminal punctuation) restate the question
    // rather than answer it.
    if (!ends_sentence(c.text) && count_tokens(c.text) < 10) w *= 0.5;
    c.rank_score = c.score * (0.5 + c.coverage) * w;
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.rank_score > b.rank_score; });
  const Candidate& best = candidates.front();
  answer.confidence = best.coverage;
  if (best.rank_score <= 0 || best.coverage < options.min_confidence) return answer;

  std::vector<std::vector<Term>> chosen_terms;
  size_t bytes = 0;
  for (const auto& c : candidates) {
    if (answer.sentences.size() >= options.max_sentences) break;
    if (!answer.sentences.empty()) {
      if (c.rank_score < kFollowerShare * best.rank_score) break;
      if (c.coverage < options.min_confidence / 2) continue;
    }
    if (!answer.sentences.empty() && bytes + c.text.size() > options.max_answer_bytes) continue;
    auto terms = extract_terms(c.text);
    bool duplicate = false;
    for (const auto& t : chosen_terms) duplicate = duplicate || jaccard(t, terms) >= kDuplicateJaccard;
    if (duplicate) continue;
    chosen_terms.push_back(std::move(terms));
    bytes += c.text.size();
    answer.sentences.push_back({c.n, c.text, c.score, c.coverage});
  }
  answer.found = true;
  answer.text.clear();
  for (const auto& s : answer.sentences) {
    if (!answer.text.empty()) answer.text += ' ';
    answer.text += s.text + " [" + std::to_string(s.n) + "]";
  }
  return answer;
}

}  // namespace lore::models::builtin
