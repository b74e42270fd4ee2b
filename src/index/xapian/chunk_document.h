// Internal to src/index: the one analysis of a chunk into terms. The Xapian
// index stores the resulting Xapian::Document; the PostgreSQL index stores
// its terms, wdfs and positions as postings. Both therefore see identical
// terms, within-document frequencies and document lengths, which is what
// makes their BM25 scores agree.
#pragma once

#include <xapian.h>

#include "index/text_index.h"

namespace lore::index::xapian {

class ChunkAnalyzer {
 public:
  ChunkAnalyzer();
  // Stemmed and unstemmed words (with positions), CJK n-grams, the title
  // twice over (counted double in the body and copied under the title
  // prefix). No id terms or values: each backend adds its own.
  Xapian::Document analyse(const IndexedChunk& chunk);

 private:
  Xapian::TermGenerator generator_;  // not thread-safe: one analyser per index
};

}  // namespace lore::index::xapian
