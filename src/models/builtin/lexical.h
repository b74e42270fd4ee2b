// Lexical matching shared by the builtin answer models: the query terms of a
// question and BM25 scoring of sentences against them. No model, no
// vocabulary file; works on English and Chinese (and anything in between).
//
// Terms:
//   - Latin-script words are lower-cased, stop words dropped, and reduced by a
//     light suffix stemmer ("chunks" -> "chunk", "indexing" -> "index");
//   - CJK runs yield character bigrams and single characters, after question
//     words (什么, 如何, 哪里, …) and function characters (的, 了, 是, …) are cut
//     out.
// `coverage` counts words and CJK bigrams (a lone character between cut
// points counts as itself); single characters only add to the score, as
// they are weak evidence ("数据库" shares 数据 with "数据目录", not 目录).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lore::models::builtin {

struct Term {
  std::string text;
  bool coverage = true;  // counts towards coverage (words, CJK bigrams; not single CJK characters)
};

// The distinct terms of `text`, in order of first appearance.
std::vector<Term> extract_terms(std::string_view text);

// Term -> occurrences in `text` (all terms, bigrams included).
std::map<std::string, int> term_counts(std::string_view text);

// Salient words of `text` in their original spelling (for query rewriting):
// Latin words that are not stop words and CJK runs with question words cut
// out, in order of appearance, without duplicates.
std::vector<std::string> keywords(std::string_view text);

// BM25 over a small collection of texts (sentences), for one query.
class SentenceScorer {
 public:
  SentenceScorer(std::string_view query, const std::vector<std::string_view>& texts);
  // The same over term counts the caller already has (term_counts of each
  // text), e.g. to score sentences and the passages they add up to.
  SentenceScorer(std::string_view query, std::vector<std::map<std::string, int>> counts);

  // BM25 of texts[i] (0 when it shares no term with the query).
  double score(size_t i) const;
  // Share of the query's coverage weight (idf-weighted words and CJK
  // bigrams) found in texts[i], in [0, 1]. 0 when the query has no terms.
  double coverage(size_t i) const;
  // The query terms found in texts[i].
  std::vector<std::string> matched(size_t i) const;
  bool query_empty() const { return query_.empty(); }

 private:
  double idf(const std::string& term) const;
  double idf_of_df(double df) const;
  void index_counts();

  std::vector<Term> query_;
  std::vector<std::map<std::string, int>> counts_;
  std::vector<size_t> lengths_;
  std::map<std::string, int> df_;
  double avg_length_ = 1;
};

}  // namespace lore::models::builtin
