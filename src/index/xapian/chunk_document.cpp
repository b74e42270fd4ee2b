#include "index/xapian/chunk_document.h"

#include <string>

#include "index/xapian/query_builder.h"

namespace lore::index::xapian {
namespace {

// Title words count twice towards BM25's term frequency: a heading names
// what its chunk is about.
constexpr Xapian::termcount kTitleWdfInc = 2;

}  // namespace

ChunkAnalyzer::ChunkAnalyzer() {
  generator_.set_stemmer(Xapian::Stem(kStemLanguage));
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  generator_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
}

Xapian::Document ChunkAnalyzer::analyse(const IndexedChunk& chunk) {
  Xapian::Document doc;
  generator_.set_document(doc);
  if (!chunk.title.empty()) {
    generator_.index_text(chunk.title, kTitleWdfInc);
    // Position gaps keep a phrase from matching across title and text.
    generator_.increase_termpos();
    generator_.index_text(chunk.title, 1, std::string(kTitlePrefix));
    generator_.increase_termpos();
  }
  generator_.index_text(chunk.text);
  return doc;
}

}  // namespace lore::index::xapian
