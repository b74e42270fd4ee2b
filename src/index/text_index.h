// TextIndex: BM25 full-text search over the chunks of one knowledge base.
//
// The embedded implementation is Xapian (index/xapian): English stemming,
// CJK n-grams (so Chinese queries work without a segmenter), stop words
// dropped from queries, "quoted phrases" honoured. A PostgreSQL
// implementation can replace it; nothing above src/index knows which.
//
// The index is derived data: the store is the source of truth, and the
// pipeline syncs documents into the index through the store's outbox
// (store.h). remove_document + add of the same chunks is idempotent.
//
// Thread-safety: one writer per directory at a time (enforced by Xapian's
// lock: opening a second writer throws Error{locked}); readers may be opened
// concurrently with a writer and see the last commit.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lore::index {

struct IndexedChunk {
  int64_t chunk_id = 0;
  int64_t document_id = 0;
  std::string text;
  std::string title;  // heading path / document title: indexed with extra weight
};

struct TextHit {
  int64_t chunk_id = 0;
  int64_t document_id = 0;
  double score = 0;  // BM25
};

// Pseudo-relevance feedback (RM3): the query is run once, the top `docs`
// chunks form a relevance model (each chunk's term distribution weighted by
// its score), its `terms` most likely terms (ignoring terms in more than
// `max_df_ratio` of all chunks) are added to the query, and the original
// query keeps `original_weight` of the total weight. docs == 0: off.
struct Feedback {
  size_t docs = 0;
  size_t terms = 10;
  double original_weight = 0.5;
  double max_df_ratio = 0.1;
};

struct TextQuery {
  std::string text;
  size_t top_k = 10;
  std::vector<int64_t> document_ids = {};  // restrict to these documents when non-empty
  Feedback feedback = {};
  // Query-time field weighting: > 0 adds the query matched against the
  // title field alone, scaled by this factor, to the body score.
  double title_boost = 0;
};

// One term of the index's own analysis (stemmed words, CJK n-grams) with its
// count in a chunk.
struct TermCount {
  std::string term;
  uint32_t count = 0;
};

class TextIndex {
 public:
  virtual ~TextIndex() = default;

  // Writer operations (Error{invalid_argument} on a read-only index).
  virtual void add(const IndexedChunk& chunk) = 0;  // replaces a chunk with the same id
  virtual void remove_document(int64_t document_id) = 0;
  virtual void commit() = 0;  // durable and visible to new readers

  virtual std::vector<TextHit> search(const TextQuery& query) = 0;
  virtual int64_t size() = 0;  // number of chunks
  // Every chunk id in the index, ascending (consistency checks).
  virtual std::vector<int64_t> chunk_ids() = 0;

  // For models built on the index's own analysis (LSA, proximity rerank):
  // the content terms of `text` in text order (stemmed, stop words dropped),
  // and every chunk's content terms with counts. The two agree: a word
  // analysed here is the term for_each_chunk_terms reports. Terms are
  // opaque strings; they only compare with each other.
  virtual std::vector<std::string> analyze(const std::string& text) = 0;
  using ChunkTermsFn =
      std::function<void(int64_t chunk_id, int64_t document_id, const std::vector<TermCount>& terms)>;
  virtual void for_each_chunk_terms(const ChunkTermsFn& fn) = 0;
  // Changes whenever committed content changes (with size(), a cheap
  // staleness check for models derived from the index).
  virtual uint64_t revision() = 0;
};

enum class OpenMode { read, write };

// Opens (creating in write mode) the index stored in `dir`. In read mode a
// missing index is an empty index.
std::unique_ptr<TextIndex> open_text_index(const std::filesystem::path& dir, OpenMode mode);

}  // namespace lore::index
