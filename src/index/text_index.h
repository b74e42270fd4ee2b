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

struct TextQuery {
  std::string text;
  size_t top_k = 10;
  std::vector<int64_t> document_ids;  // restrict to these documents when non-empty
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
};

enum class OpenMode { read, write };

// Opens (creating in write mode) the index stored in `dir`. In read mode a
// missing index is an empty index.
std::unique_ptr<TextIndex> open_text_index(const std::filesystem::path& dir, OpenMode mode);

}  // namespace lore::index
