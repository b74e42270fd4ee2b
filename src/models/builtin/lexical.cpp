#include "models/builtin/lexical.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/text.h"

namespace lore::models::builtin {

namespace {

const std::set<std::string>& english_stop_words() {
  static const std::set<std::string> words = {
      "a", "about", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but",
      "by", "can", "could", "did", "do", "does", "doing", "done", "each", "for", "from", "had", "has", "have",
      "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "may",
      "me", "might", "more", "most", "much", "must", "my", "no", "not", "of", "on", "only", "or", "other",
      "our", "please", "shall", "she", "should", "so", "some", "such", "tell", "than", "that", "the", "their",
      "them", "then", "there", "these", "they", "this", "those", "to", "too", "very", "was", "we", "were",
      "what", "when", "where", "which", "while", "who", "whom", "whose", "why", "will", "with", "would",
      "you", "your",
      // Verbs and nouns that frame a question rather than carry its content.
      "happen", "happens", "happened", "mean", "means", "meant", "work", "works", "explain", "describe",
      "show", "give", "need", "needs", "want", "know", "list", "way", "ways", "thing", "things"};
  return words;
}

// Question words and function characters cut out of CJK runs before n-grams
// are taken (longest first, so 为什么 goes before 什么).
const std::vector<std::string>& cjk_stop_strings() {
  static const std::vector<std::string> strings = {
      "为什么", "什么", "怎么", "怎样", "如何", "哪里", "哪些", "哪个", "是否", "多少", "吗", "呢",
      "吧",     "的",   "了",   "是",   "在",   "和",   "与",   "及",   "请",   "我",   "你", "们",
      "这",     "那",   "个",   "也",   "都",   "就",   "被",   "把",   "从",   "或"};
  return strings;
}

bool is_cjk_punct(char32_t cp) {
  return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
         (cp >= 0xFF5B && cp <= 0xFF65) || (cp >= 0xFE30 && cp <= 0xFE4F);
}

bool is_word_char(char32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) != 0;
  if (text::is_cjk(cp) || text::is_space(cp)) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // general punctuation, arrows, symbols
  return cp >= 0xC0;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A light English stemmer: enough to join chunk/chunks, index/indexing/indexed,
// size/sized/sizes; not Porter, and deliberately conservative.
std::string stem(std::string w) {
  if (w.size() <= 3 || !std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    return w;
  if (ends_with(w, "ies") && w.size() > 4) {
    w.replace(w.size() - 3, 3, "y");
  } else if (ends_with(w, "sses")) {
    w.resize(w.size() - 2);
  } else if (ends_with(w, "es") && w.size() > 4 &&
             std::string_view("sxzh").find(w[w.size() - 3]) != std::string_view::npos) {
    w.resize(w.size() - 2);
  } else if (ends_with(w, "s") && !ends_with(w, "ss") && !ends_with(w, "us") && !ends_with(w, "is")) {
    w.resize(w.size() - 1);
  }
  bool cut = false;
  if (ends_with(w, "ing") && w.size() > 5) {
    w.resize(w.size() - 3);
    cut = true;
  } else if (ends_with(w, "ed") && w.size() > 4) {
    w.resize(w.size() - 2);
    cut = true;
  }
  if (cut && w.size() > 2 && w.back() == w[w.size() - 2] &&
      std::string_view("aeioulsz").find(w.back()) == std::string_view::npos)
    w.pop_back();  // running -> run
  if (w.size() > 3 && w.back() == 'e') w.pop_back();
  return w;
}

enum class Kind { word, cjk_char, cjk_bigram, cjk_segment };

// Visits the terms of `s` in order: fn(term, kind, original_spelling).
// cjk_segment (a whole run between cut points) is for keywords only.
template <typename Fn>
void for_each_term(std::string_view s, Fn&& fn) {
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i;
    const char32_t cp = text::next_codepoint(s, j);
    if (is_word_char(cp)) {
      size_t end = j;
      while (end < s.size()) {
        size_t k = end;
        if (!is_word_char(text::next_codepoint(s, k))) break;
        end = k;
      }
      const std::string original(s.substr(i, end - i));
      const std::string lower = text::ascii_lower(original);
      if (!english_stop_words().count(lower)) fn(stem(lower), Kind::word, original);
      i = end;
    } else if (text::is_cjk(cp) && !is_cjk_punct(cp)) {
      size_t end = j;
      while (end < s.size()) {
        size_t k = end;
        const char32_t c = text::next_codepoint(s, k);
        if (!text::is_cjk(c) || is_cjk_punct(c)) break;
        end = k;
      }
      // Cut the run at question words and function characters.
      std::string run(s.substr(i, end - i));
      for (const auto& stop : cjk_stop_strings())
        for (size_t p = run.find(stop); p != std::string::npos; p = run.find(stop, p + 1))
          run.replace(p, stop.size(), " ");
      size_t a = 0;
      while (a < run.size()) {
        if (run[a] == ' ') {
          ++a;
          continue;
        }
        size_t b = run.find(' ', a);
        if (b == std::string::npos) b = run.size();
        const std::string_view seg(run.data() + a, b - a);
        fn(std::string(seg), Kind::cjk_segment, std::string(seg));
        std::vector<std::string> chars;
        for (size_t q = 0; q < seg.size();) {
          const size_t from = q;
          text::next_codepoint(seg, q);
          chars.emplace_back(seg.substr(from, q - from));
        }
        // A one-character segment's character stands in for its bigram.
        if (chars.size() == 1) fn(chars[0], Kind::cjk_bigram, chars[0]);
        for (size_t c = 0; c < chars.size() && chars.size() > 1; ++c) {
          fn(chars[c], Kind::cjk_char, chars[c]);
          if (c + 1 < chars.size()) fn(chars[c] + chars[c + 1], Kind::cjk_bigram, chars[c] + chars[c + 1]);
        }
        a = b;
      }
      i = end;
    } else {
      i = j;
    }
  }
}

}  // namespace

std::vector<Term> extract_terms(std::string_view text) {
  std::vector<Term> out;
  std::set<std::string> seen;
  for_each_term(text, [&](const std::string& term, Kind kind, const std::string&) {
    if (kind == Kind::cjk_segment) return;
    if (seen.insert(term).second) out.push_back({term, kind != Kind::cjk_char});
  });
  return out;
}

std::map<std::string, int> term_counts(std::string_view text) {
  std::map<std::string, int> out;
  for_each_term(text, [&](const std::string& term, Kind kind, const std::string&) {
    if (kind != Kind::cjk_segment) ++out[term];
  });
  return out;
}

std::vector<std::string> keywords(std::string_view text) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for_each_term(text, [&](const std::string& term, Kind kind, const std::string& original) {
    if (kind != Kind::word && kind != Kind::cjk_segment) return;
    if (seen.insert(term).second) out.push_back(original);
  });
  return out;
}

SentenceScorer::SentenceScorer(std::string_view query, const std::vector<std::string_view>& texts)
    : query_(extract_terms(query)) {
  counts_.reserve(texts.size());
  for (const auto& t : texts) counts_.push_back(term_counts(t));
  index_counts();
}

SentenceScorer::SentenceScorer(std::string_view query, std::vector<std::map<std::string, int>> counts)
    : query_(extract_terms(query)), counts_(std::move(counts)) {
  index_counts();
}

void SentenceScorer::index_counts() {
  size_t total = 0;
  for (const auto& counts : counts_) {
    size_t len = 0;
    for (const auto& [term, n] : counts) {
      len += static_cast<size_t>(n);
      ++df_[term];
    }
    lengths_.push_back(len);
    total += len;
  }
  if (!counts_.empty())
    avg_length_ = std::max(1.0, static_cast<double>(total) / static_cast<double>(counts_.size()));
}

double SentenceScorer::idf_of_df(double df) const {
  const double n = static_cast<double>(counts_.size());
  return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
}

double SentenceScorer::idf(const std::string& term) const {
  const auto it = df_.find(term);
  return idf_of_df(it == df_.end() ? 0 : it->second);
}

double SentenceScorer::score(size_t i) const {
  constexpr double k1 = 1.2, b = 0.75;
  double s = 0;
  const auto& counts = counts_.at(i);
  const double norm = k1 * (1 - b + b * static_cast<double>(lengths_[i]) / avg_length_);
  for (const auto& q : query_) {
    const auto it = counts.find(q.text);
    if (it == counts.end()) continue;
    const double tf = it->second;
    s += idf(q.text) * tf * (k1 + 1) / (tf + norm);
  }
  return s;
}

double SentenceScorer::coverage(size_t i) const {
  double have = 0, total = 0;
  const auto& counts = counts_.at(i);
  // A query word absent from every sentence weighs like a word found once:
  // paraphrase ("how big" vs "512 tokens") should not outweigh the words that
  // do match.
  const double rare = idf_of_df(1);
  for (const auto& q : query_) {
    if (!q.coverage) continue;
    const double w = std::min(idf(q.text), rare);
    total += w;
    if (counts.count(q.text)) have += w;
  }
  return total > 0 ? have / total : 0;
}

std::vector<std::string> SentenceScorer::matched(size_t i) const {
  std::vector<std::string> out;
  const auto& counts = counts_.at(i);
  for (const auto& q : query_)
    if (counts.count(q.text)) out.push_back(q.text);
  return out;
}

}  // namespace lore::models::builtin
