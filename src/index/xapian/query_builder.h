// Internal to index/xapian: turns a user's query text into a Xapian::Query.
//
// English goes through Xapian's QueryParser (stemming, "quoted phrases",
// AND/OR/NOT, +/-, title:word). CJK runs outside quotes are taken out first
// and become an OR of their unigrams and bigrams, because the parser ANDs a
// CJK run's n-grams: a natural Chinese question with one word the chunk lacks
// would match nothing (ARCHITECTURE.md, Xapian build note). BM25 then ranks
// chunks sharing more (and rarer) n-grams higher.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

namespace lore::index::xapian {

// Term prefixes and value slots of the on-disk schema; changing any of them
// requires re-indexing every knowledge base.
inline constexpr std::string_view kChunkIdPrefix = "Q";     // unique per chunk
inline constexpr std::string_view kDocumentIdPrefix = "D";  // boolean filter
inline constexpr std::string_view kTitlePrefix = "S";       // `title:` field search
inline constexpr Xapian::valueno kChunkIdSlot = 0;
inline constexpr Xapian::valueno kDocumentIdSlot = 1;

// The language both sides stem with; the query side must match the index side.
inline constexpr const char* kStemLanguage = "english";

// The terms TermGenerator's FLAG_CJK_NGRAM mode indexes for the CJK text in
// `text` (unprefixed unigrams and bigrams within each run), with their counts.
// Exposed so tests can check that query and index agree.
std::vector<std::pair<std::string, Xapian::termcount>> cjk_ngram_terms(std::string_view text);

// Terms models built on the index's analysis use: stems ("Z" prefix; CJK
// n-grams get one too) and numbers (never stemmed, so unprefixed). Field
// terms (title copies), ids and surface forms are left out.
bool is_content_term(std::string_view term);

class QueryBuilder {
 public:
  QueryBuilder();

  // Never throws on malformed syntax: if the parser rejects the text (e.g. a
  // dangling AND), the text is re-read as plain words. Returns an empty Query
  // when nothing searchable remains.
  Xapian::Query build(std::string_view text) const;
  // The same text matched against the title field only (`title:` prefix).
  Xapian::Query build_title(std::string_view text) const;

  // The content terms (is_content_term) the index side produces for `text`,
  // in text order, stop words dropped. Thread-safe (no shared state).
  std::vector<std::string> content_terms(std::string_view text) const;

 private:
  mutable Xapian::QueryParser parser_;  // parse_query is non-const in Xapian
};

}  // namespace lore::index::xapian
