#include "index/xapian/query_builder.h"

#include <algorithm>
#include <iterator>

#include "core/text.h"

namespace lore::index::xapian {
namespace {

// The Snowball English stop-word list (as shipped with Xapian/Omega). It
// includes question words (what, how, why), which carry no topic in a
// question-answering query. Applied to queries only: the index keeps every
// word so that "quoted phrases" with stop words still match.
constexpr const char* kEnglishStopWords[] = {
    "a",          "about",   "above",     "after",   "again",    "against",    "all",    "am",
    "an",         "and",     "any",       "are",     "aren't",   "as",         "at",     "be",
    "because",    "been",    "before",    "being",   "below",    "between",    "both",   "but",
    "by",         "can't",   "cannot",    "could",   "couldn't", "did",        "didn't", "do",
    "does",       "doesn't", "doing",     "don't",   "down",     "during",     "each",   "few",
    "for",        "from",    "further",   "had",     "hadn't",   "has",        "hasn't", "have",
    "haven't",    "having",  "he",        "he'd",    "he'll",    "he's",       "her",    "here",
    "here's",     "hers",    "herself",   "him",     "himself",  "his",        "how",    "how's",
    "i",          "i'd",     "i'll",      "i'm",     "i've",     "if",         "in",     "into",
    "is",         "isn't",   "it",        "it's",    "its",      "itself",     "let's",  "me",
    "more",       "most",    "mustn't",   "my",      "myself",   "no",         "nor",    "not",
    "of",         "off",     "on",        "once",    "only",     "or",         "other",  "ought",
    "our",        "ours",    "ourselves", "out",     "over",     "own",        "same",   "shan't",
    "she",        "she'd",   "she'll",    "she's",   "should",   "shouldn't",  "so",     "some",
    "such",       "than",    "that",      "that's",  "the",      "their",      "theirs", "them",
    "themselves", "then",    "there",     "there's", "these",    "they",       "they'd", "they'll",
    "they're",    "they've", "this",      "those",   "through",  "to",         "too",    "under",
    "until",      "up",      "very",      "was",     "wasn't",   "we",         "we'd",   "we'll",
    "we're",      "we've",   "were",      "weren't", "what",     "what's",     "when",   "when's",
    "where",      "where's", "which",     "while",   "who",      "who's",      "whom",   "why",
    "why's",      "with",    "won't",     "would",   "wouldn't", "you",        "you'd",  "you'll",
    "you're",     "you've",  "your",      "yours",   "yourself", "yourselves",
};

constexpr unsigned kParseFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
                                 Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_LOVEHATE |
                                 Xapian::QueryParser::FLAG_CJK_NGRAM;
// Used when kParseFlags is rejected: operators and quotes become plain text.
constexpr unsigned kPlainWordFlags = Xapian::QueryParser::FLAG_CJK_NGRAM;

bool is_double_quote(char32_t cp) { return cp == U'"' || cp == U'\u201C' || cp == U'\u201D'; }

struct SplitQuery {
  std::string rest;  // for QueryParser; each CJK run replaced by a space
  std::string cjk;   // CJK runs outside quotes, separated by spaces
};

// CJK inside quotes stays with the parser: there the user asked for the exact
// phrase, and the parser's AND/phrase of n-grams is what they want.
SplitQuery split_cjk(std::string_view text) {
  SplitQuery out;
  bool in_quotes = false;
  bool in_run = false;
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const char32_t cp = text::next_codepoint(text, i);
    const std::string_view bytes = text.substr(start, i - start);
    if (is_double_quote(cp)) in_quotes = !in_quotes;
    const bool cjk = !in_quotes && text::is_cjk(cp);
    if (cjk) {
      if (!in_run) out.rest += ' ';
      out.cjk += bytes;
    } else {
      if (in_run) out.cjk += ' ';
      out.rest += bytes;
    }
    in_run = cjk;
  }
  return out;
}

Xapian::Query or_of_cjk_ngrams(std::string_view cjk) {
  std::vector<Xapian::Query> terms;
  for (const auto& [term, count] : cjk_ngram_terms(cjk)) terms.emplace_back(term, count);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

std::vector<std::pair<std::string, Xapian::termcount>> cjk_ngram_terms(std::string_view text) {
  // No stemmer: with one, TermGenerator would also emit Z-prefixed copies of
  // each n-gram; the unprefixed forms are the ones the parser itself uses.
  Xapian::TermGenerator generator;
  generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  Xapian::Document scratch;
  generator.set_document(scratch);
  generator.index_text_without_positions(std::string(text));
  std::vector<std::pair<std::string, Xapian::termcount>> terms;
  for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
    const std::string term = *it;
    // Non-CJK words that slipped into `text` are the parser's business.
    if (text::contains_cjk(term)) terms.emplace_back(term, it.get_wdf());
  }
  return terms;
}

bool is_content_term(std::string_view term) {
  if (term.size() < 2) return !term.empty() && term[0] >= '0' && term[0] <= '9';
  if (term[0] == 'Z') return !(term[1] >= 'A' && term[1] <= 'Z');  // "ZS..." is a stemmed title term
  return term[0] >= '0' && term[0] <= '9';
}

QueryBuilder::QueryBuilder() {
  parser_.set_stemmer(Xapian::Stem(kStemLanguage));
  parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser_.set_default_op(Xapian::Query::OP_OR);
  parser_.add_prefix("title", std::string(kTitlePrefix));
  // release() hands ownership to the parser (reference counted), so copies
  // of the parser stay valid.
  parser_.set_stopper(
      (new Xapian::SimpleStopper(std::begin(kEnglishStopWords), std::end(kEnglishStopWords)))->release());
}

Xapian::Query QueryBuilder::build_title(std::string_view text) const {
  const SplitQuery split = split_cjk(text);
  std::string plain = split.rest + " " + split.cjk;
  if (text::trim(plain).empty()) return {};
  try {
    return parser_.parse_query(plain, kPlainWordFlags, std::string(kTitlePrefix));
  } catch (const Xapian::QueryParserError&) {
    return {};
  }
}

std::vector<std::string> QueryBuilder::content_terms(std::string_view text) const {
  // STEM_ALL_Z gives every word a positioned "Z" stem; words starting with a
  // digit are stored unstemmed and unprefixed by the index (STEM_SOME), so
  // their "Z" is dropped to match.
  static const Xapian::SimpleStopper stopper(std::begin(kEnglishStopWords), std::end(kEnglishStopWords));
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem(kStemLanguage));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  generator.set_stopper(&stopper);
  generator.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
  Xapian::Document scratch;
  generator.set_document(scratch);
  generator.index_text(std::string(text));
  std::vector<std::pair<Xapian::termpos, std::string>> positioned;
  for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
    std::string term = *it;
    if (term.size() > 1 && term[0] == 'Z' && term[1] >= '0' && term[1] <= '9') term.erase(0, 1);
    if (!is_content_term(term)) continue;
    for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) positioned.emplace_back(*p, term);
  }
  std::sort(positioned.begin(), positioned.end());
  std::vector<std::string> out;
  out.reserve(positioned.size());
  for (auto& [pos, term] : positioned) out.push_back(std::move(term));
  return out;
}

Xapian::Query QueryBuilder::build(std::string_view text) const {
  const SplitQuery split = split_cjk(text);
  Xapian::Query words;
  if (!text::trim(split.rest).empty()) {
    try {
      words = parser_.parse_query(split.rest, kParseFlags);
    } catch (const Xapian::QueryParserError&) {
      try {
        words = parser_.parse_query(split.rest, kPlainWordFlags);
      } catch (const Xapian::QueryParserError&) {
        words = Xapian::Query();
      }
    }
  }
  if (split.cjk.empty()) return words;
  Xapian::Query cjk = or_of_cjk_ngrams(split.cjk);
  if (words.empty()) return cjk;
  if (cjk.empty()) return words;
  return Xapian::Query(Xapian::Query::OP_OR, words, cjk);
}

}  // namespace lore::index::xapian
