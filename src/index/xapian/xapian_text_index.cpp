#include "index/xapian/xapian_text_index.h"

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <xapian.h>

#include "core/error.h"
#include "index/xapian/bm25_params.h"
#include "index/xapian/chunk_document.h"
#include "index/xapian/feedback.h"
#include "index/xapian/query_builder.h"

namespace lore::index::xapian {
namespace {

// Ids are stored as 8 big-endian bytes with the sign bit flipped: exact for
// every int64 and byte-wise ordered like the numbers.
std::string encode_id(int64_t id) {
  const uint64_t u = static_cast<uint64_t>(id) ^ (uint64_t{1} << 63);
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((u >> (56 - 8 * i)) & 0xFF);
  return out;
}

std::optional<int64_t> decode_id(const std::string& bytes) {
  if (bytes.size() != 8) return std::nullopt;
  uint64_t u = 0;
  for (unsigned char c : bytes) u = (u << 8) | c;
  return static_cast<int64_t>(u ^ (uint64_t{1} << 63));
}

std::string id_term(std::string_view prefix, int64_t id) { return std::string(prefix) + std::to_string(id); }

class XapianTextIndex final : public TextIndex {
 public:
  XapianTextIndex(std::filesystem::path dir, OpenMode mode) : dir_(std::move(dir)), mode_(mode) {
    guarded("open", [&] {
      if (mode_ == OpenMode::write)
        open_writer();
      else
        open_reader_if_present();
    });
  }

  void add(const IndexedChunk& chunk) override {
    std::lock_guard lock(mu_);
    require_writer("add");
    Xapian::Document doc = analyzer_.analyse(chunk);
    const std::string unique = id_term(kChunkIdPrefix, chunk.chunk_id);
    doc.add_boolean_term(unique);
    doc.add_boolean_term(id_term(kDocumentIdPrefix, chunk.document_id));
    doc.add_value(kChunkIdSlot, encode_id(chunk.chunk_id));
    doc.add_value(kDocumentIdSlot, encode_id(chunk.document_id));
    guarded("add", [&] { writer_->replace_document(unique, doc); });
  }

  void remove_document(int64_t document_id) override {
    std::lock_guard lock(mu_);
    require_writer("remove_document");
    guarded("remove_document", [&] { writer_->delete_document(id_term(kDocumentIdPrefix, document_id)); });
  }

  void commit() override {
    std::lock_guard lock(mu_);
    require_writer("commit");
    guarded("commit", [&] { writer_->commit(); });
  }

  std::vector<TextHit> search(const TextQuery& query) override {
    std::lock_guard lock(mu_);
    if (query.top_k == 0) return {};
    Xapian::Query q = query_builder_.build(query.text);
    if (q.empty()) return {};
    if (query.title_boost > 0) {
      Xapian::Query title = query_builder_.build_title(query.text);
      if (!title.empty())
        q = Xapian::Query(Xapian::Query::OP_OR, q,
                          Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, title, query.title_boost));
    }
    std::optional<Xapian::Query> filter;
    if (!query.document_ids.empty()) {
      std::vector<Xapian::Query> ids;
      for (int64_t id : query.document_ids) ids.emplace_back(id_term(kDocumentIdPrefix, id));
      filter.emplace(Xapian::Query::OP_OR, ids.begin(), ids.end());
    }
    return with_fresh_reader("search", [&] {
      Xapian::Enquire enquire(*db_);
      enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, kBm25K2, kBm25K3, kBm25B, kBm25MinNormLen));
      auto filtered = [&](const Xapian::Query& x) {
        return filter ? Xapian::Query(Xapian::Query::OP_FILTER, x, *filter) : x;
      };
      Xapian::Query final_query = q;
      if (query.feedback.docs > 0) {
        enquire.set_query(filtered(q));
        const Xapian::MSet top = enquire.get_mset(0, static_cast<Xapian::doccount>(query.feedback.docs));
        final_query = rm3_expand(*db_, q, top, query.feedback);
      }
      enquire.set_query(filtered(final_query));
      const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(query.top_k));
      std::vector<TextHit> hits;
      hits.reserve(mset.size());
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        hits.push_back(
            {read_id(doc.get_value(kChunkIdSlot)), read_id(doc.get_value(kDocumentIdSlot)), it.get_weight()});
      }
      return hits;
    });
  }

  std::vector<std::string> analyze(const std::string& text) override {
    return guarded("analyze", [&] { return query_builder_.content_terms(text); });
  }

  uint64_t revision() override {
    std::lock_guard lock(mu_);
    return with_fresh_reader("revision", [&] { return static_cast<uint64_t>(db_->get_revision()); });
  }

  void for_each_chunk_terms(const ChunkTermsFn& fn) override {
    std::lock_guard lock(mu_);
    with_fresh_reader("for_each_chunk_terms", [&] {
      std::vector<TermCount> terms;
      for (auto it = db_->postlist_begin(""); it != db_->postlist_end(""); ++it) {
        const Xapian::Document doc = db_->get_document(*it);
        terms.clear();
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
          const std::string term = *t;
          if (is_content_term(term)) terms.push_back({term, t.get_wdf()});
        }
        fn(read_id(doc.get_value(kChunkIdSlot)), read_id(doc.get_value(kDocumentIdSlot)), terms);
      }
      return 0;
    });
  }

  int64_t size() override {
    std::lock_guard lock(mu_);
    return with_fresh_reader("size", [&] { return static_cast<int64_t>(db_->get_doccount()); });
  }

  std::vector<int64_t> chunk_ids() override {
    std::lock_guard lock(mu_);
    return with_fresh_reader("chunk_ids", [&] {
      std::vector<int64_t> ids;
      ids.reserve(db_->get_doccount());
      for (auto it = db_->valuestream_begin(kChunkIdSlot); it != db_->valuestream_end(kChunkIdSlot); ++it) {
        ids.push_back(read_id(*it));
      }
      std::sort(ids.begin(), ids.end());
      return ids;
    });
  }

 private:
  void open_writer() {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec)
      throw Error(ErrorCode::io, dir_.string() + ": cannot create text index directory: " + ec.message());
    writer_.emplace(dir_.string(), Xapian::DB_CREATE_OR_OPEN);
    db_ = *writer_;  // shares the writer's handle, so searches see uncommitted changes
  }

  // A reader of a directory no writer has created yet is an empty index; it
  // keeps looking on each call so it picks the index up once one is written.
  void open_reader_if_present() {
    std::error_code ec;
    if (!std::filesystem::exists(dir_, ec)) return;
    try {
      db_.emplace(dir_.string());
    } catch (const Xapian::DatabaseNotFoundError&) {
      // The directory exists but holds no database yet.
    }
  }

  // Runs `f` against the newest committed revision. A reader whose revision
  // a writer overwrote meanwhile gets DatabaseModifiedError: reopen, retry.
  template <typename F>
  auto with_fresh_reader(const char* what, F f) -> decltype(f()) {
    return guarded(what, [&]() -> decltype(f()) {
      for (int attempt = 0;; ++attempt) {
        if (mode_ == OpenMode::read) {
          if (db_)
            db_->reopen();
          else
            open_reader_if_present();
        }
        if (!db_) return decltype(f())();
        try {
          return f();
        } catch (const Xapian::DatabaseModifiedError&) {
          if (attempt >= 2) throw;
        }
      }
    });
  }

  void require_writer(const char* what) const {
    if (!writer_) {
      throw Error(ErrorCode::invalid_argument,
                  dir_.string() + ": text index opened read-only, cannot " + std::string(what));
    }
  }

  int64_t read_id(const std::string& bytes) const {
    if (auto id = decode_id(bytes)) return *id;
    throw Error(ErrorCode::corrupt, dir_.string() + ": text index entry without a valid id value");
  }

  // Translates Xapian's exceptions into lore::Error naming the directory.
  template <typename F>
  auto guarded(const char* what, F f) -> decltype(f()) {
    const std::string where = dir_.string() + ": text index " + what + " failed: ";
    try {
      return f();
    } catch (const Xapian::DatabaseLockError&) {
      throw Error(ErrorCode::locked, dir_.string() + ": text index is locked by another process");
    } catch (const Xapian::DatabaseCorruptError& e) {
      throw Error(ErrorCode::corrupt, where + e.get_description());
    } catch (const Xapian::DatabaseVersionError& e) {
      throw Error(ErrorCode::corrupt, where + e.get_description());
    } catch (const Xapian::Error& e) {
      throw Error(ErrorCode::io, where + e.get_description());
    }
  }

  const std::filesystem::path dir_;
  const OpenMode mode_;
  std::mutex mu_;  // Xapian handles are not thread-safe; one call at a time
  std::optional<Xapian::WritableDatabase> writer_;
  std::optional<Xapian::Database> db_;  // unset only for a reader of a missing index
  ChunkAnalyzer analyzer_;
  QueryBuilder query_builder_;
};

}  // namespace

std::unique_ptr<TextIndex> open_xapian_text_index(const std::filesystem::path& dir, OpenMode mode) {
  return std::make_unique<XapianTextIndex>(dir, mode);
}

}  // namespace lore::index::xapian
