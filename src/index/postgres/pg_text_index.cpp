#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "index/postgres/pg_indexes.h"
#include "index/postgres/pg_text_search.h"
#include "index/postgres/pg_util.h"
#include "index/xapian/chunk_document.h"
#include "index/xapian/query_builder.h"

namespace lore::index {
namespace postgres {
namespace {

const std::vector<std::string> kTextSchema = {
    "CREATE TABLE IF NOT EXISTS lore_text_state (kb_id bigint PRIMARY KEY, revision bigint NOT NULL DEFAULT "
    "0,"
    " chunk_count bigint NOT NULL DEFAULT 0, total_length bigint NOT NULL DEFAULT 0)",
    "CREATE TABLE IF NOT EXISTS lore_text_chunks (kb_id bigint NOT NULL, chunk_id bigint NOT NULL,"
    " document_id bigint NOT NULL, length integer NOT NULL, PRIMARY KEY (kb_id, chunk_id))",
    "CREATE INDEX IF NOT EXISTS lore_text_chunks_document ON lore_text_chunks (kb_id, document_id)",
    // doclen and document_id are copied into each posting so that scoring and
    // document filters never join the chunks table.
    "CREATE TABLE IF NOT EXISTS lore_text_postings (kb_id bigint NOT NULL, term text COLLATE \"C\" NOT NULL,"
    " chunk_id bigint NOT NULL, document_id bigint NOT NULL, tf integer NOT NULL, doclen integer NOT NULL,"
    " positions integer[] NOT NULL DEFAULT '{}', PRIMARY KEY (kb_id, term, chunk_id))",
    "CREATE INDEX IF NOT EXISTS lore_text_postings_chunk ON lore_text_postings (kb_id, chunk_id)",
};

struct PendingChunk {
  int64_t document_id = 0;
  int32_t length = 0;
  // term, wdf, positions ("{1,5}")
  std::vector<std::tuple<std::string, int32_t, std::string>> postings;
};

class PgTextIndex final : public TextIndex {
 public:
  PgTextIndex(const std::string& url, int64_t kb_id, OpenMode mode)
      : conn_(url, PgConnection::labelled("PostgreSQL text index of knowledge base " + std::to_string(kb_id),
                                          url)),
        kb_(kb_id),
        mode_(mode) {
    conn_.run("open", [&](pqxx::connection& c) {
      ensure_schema(c, "lore_text_schema", kTextSchema);
      pqxx::work tx(c);
      tx.exec("INSERT INTO lore_text_state (kb_id) VALUES (" + std::to_string(kb_) +
              ") ON CONFLICT DO NOTHING");
      tx.commit();
    });
  }

  void add(const IndexedChunk& chunk) override {
    std::lock_guard lock(mu_);
    require_writer("add");
    const Xapian::Document doc = analyzer_.analyse(chunk);
    PendingChunk p;
    p.document_id = chunk.document_id;
    int64_t length = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      std::string positions = "{";
      for (auto pos = t.positionlist_begin(); pos != t.positionlist_end(); ++pos) {
        if (positions.size() > 1) positions += ',';
        positions += std::to_string(*pos);
      }
      positions += '}';
      p.postings.emplace_back(*t, static_cast<int32_t>(t.get_wdf()), std::move(positions));
      length += t.get_wdf();
    }
    p.length = static_cast<int32_t>(length);  // Xapian's document length: the sum of wdfs
    adds_[chunk.chunk_id] = std::move(p);
  }

  void remove_document(int64_t document_id) override {
    std::lock_guard lock(mu_);
    require_writer("remove_document");
    std::erase_if(adds_, [&](const auto& kv) { return kv.second.document_id == document_id; });
    removed_docs_.insert(document_id);
  }

  void commit() override {
    std::lock_guard lock(mu_);
    require_writer("commit");
    if (adds_.empty() && removed_docs_.empty()) return;
    conn_.run("commit", [&](pqxx::connection& c) { apply(c); });
    adds_.clear();
    removed_docs_.clear();
  }

  std::vector<TextHit> search(const TextQuery& query) override {
    std::lock_guard lock(mu_);
    if (query.top_k == 0) return {};
    return conn_.run("search", [&](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      return search_bm25(tx, kb_, query, query_builder_);
    });
  }

  int64_t size() override {
    std::lock_guard lock(mu_);
    return conn_.run("size", [&](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      return tx.exec("SELECT chunk_count FROM lore_text_state WHERE kb_id = " + std::to_string(kb_))[0][0]
          .as<int64_t>();
    });
  }

  std::vector<int64_t> chunk_ids() override {
    std::lock_guard lock(mu_);
    return conn_.run("chunk_ids", [&](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      std::vector<int64_t> ids;
      for (const auto& row : tx.exec("SELECT chunk_id FROM lore_text_chunks WHERE kb_id = " +
                                     std::to_string(kb_) + " ORDER BY chunk_id"))
        ids.push_back(row[0].as<int64_t>());
      return ids;
    });
  }

  std::vector<std::string> analyze(const std::string& text) override {
    return query_builder_.content_terms(text);
  }

  void for_each_chunk_terms(const ChunkTermsFn& fn) override {
    std::lock_guard lock(mu_);
    constexpr int kPage = 1000;
    conn_.run_once("for_each_chunk_terms", [&](pqxx::connection& c) {
      // One snapshot for the whole walk, paged by chunk id.
      pqxx::work tx(c, "for_each_chunk_terms");
      tx.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const std::string kb = std::to_string(kb_);
      int64_t after = std::numeric_limits<int64_t>::min();
      std::vector<TermCount> terms;
      for (;;) {
        const auto chunks = tx.exec("SELECT chunk_id, document_id FROM lore_text_chunks WHERE kb_id = " + kb +
                                    " AND chunk_id > " + std::to_string(after) + " ORDER BY chunk_id LIMIT " +
                                    std::to_string(kPage));
        if (chunks.empty()) break;
        const int64_t last = chunks[chunks.size() - 1][0].as<int64_t>();
        const auto rows = tx.exec("SELECT chunk_id, term, tf FROM lore_text_postings WHERE kb_id = " + kb +
                                  " AND chunk_id > " + std::to_string(after) +
                                  " AND chunk_id <= " + std::to_string(last) + " ORDER BY chunk_id, term");
        size_t r = 0;
        for (const auto& chunk : chunks) {
          const int64_t id = chunk[0].as<int64_t>();
          terms.clear();
          for (; r < rows.size() && rows[r][0].as<int64_t>() == id; ++r) {
            std::string term = rows[r][1].as<std::string>();
            if (xapian::is_content_term(term)) terms.push_back({std::move(term), rows[r][2].as<uint32_t>()});
          }
          fn(id, chunk[1].as<int64_t>(), terms);
        }
        after = last;
      }
      tx.commit();
    });
  }

  uint64_t revision() override {
    std::lock_guard lock(mu_);
    return conn_.run("revision", [&](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      return tx.exec("SELECT revision FROM lore_text_state WHERE kb_id = " + std::to_string(kb_))[0][0]
          .as<uint64_t>();
    });
  }

 private:
  void require_writer(const char* what) const {
    if (mode_ != OpenMode::write)
      throw Error(ErrorCode::invalid_argument, conn_.label() + ": opened read-only, cannot " + what);
  }

  // One transaction: lock the touched documents, drop what the index holds
  // for removed documents and replaced chunks, copy the new postings in,
  // update the statistics BM25 reads.
  void apply(pqxx::connection& c) {
    const std::string kb = std::to_string(kb_);
    std::set<int64_t> docs = removed_docs_;
    std::vector<int64_t> replaced;
    int64_t added_length = 0;
    for (const auto& [chunk_id, p] : adds_) {
      docs.insert(p.document_id);
      replaced.push_back(chunk_id);
      added_length += p.length;
    }
    pqxx::work tx(c);
    // Sorted, so two committers touching the same documents cannot deadlock.
    tx.exec("SELECT pg_advisory_xact_lock(hashtextextended('lore_text:" + kb + ":' || d, 0)) FROM unnest(" +
            tx.quote(int_array({docs.begin(), docs.end()})) + "::bigint[]) AS d ORDER BY d");
    const auto removed = tx.exec("WITH gone AS (DELETE FROM lore_text_chunks WHERE kb_id = " + kb +
                                 " AND (document_id = ANY(" +
                                 tx.quote(int_array({removed_docs_.begin(), removed_docs_.end()})) +
                                 "::bigint[]) OR chunk_id = ANY(" + tx.quote(int_array(replaced)) +
                                 "::bigint[])) RETURNING chunk_id, length), "
                                 "p AS (DELETE FROM lore_text_postings WHERE kb_id = " +
                                 kb +
                                 " AND chunk_id IN (SELECT chunk_id FROM gone)) "
                                 "SELECT count(*), coalesce(sum(length), 0) FROM gone");
    const int64_t removed_count = removed[0][0].as<int64_t>();
    const int64_t removed_length = removed[0][1].as<int64_t>();
    if (!adds_.empty()) {
      pqxx::stream_to chunks(tx, "lore_text_chunks",
                             std::vector<std::string>{"kb_id", "chunk_id", "document_id", "length"});
      for (const auto& [chunk_id, p] : adds_)
        chunks << std::make_tuple(kb_, chunk_id, p.document_id, p.length);
      chunks.complete();
      pqxx::stream_to postings(
          tx, "lore_text_postings",
          std::vector<std::string>{"kb_id", "term", "chunk_id", "document_id", "tf", "doclen", "positions"});
      for (const auto& [chunk_id, p] : adds_)
        for (const auto& [term, tf, positions] : p.postings)
          postings << std::make_tuple(kb_, term, chunk_id, p.document_id, tf, p.length, positions);
      postings.complete();
    }
    tx.exec("UPDATE lore_text_state SET revision = revision + 1, chunk_count = chunk_count + " +
            std::to_string(static_cast<int64_t>(adds_.size()) - removed_count) +
            ", total_length = total_length + " + std::to_string(added_length - removed_length) +
            " WHERE kb_id = " + kb);
    tx.commit();
  }

  PgConnection conn_;
  const int64_t kb_;
  const OpenMode mode_;
  std::mutex mu_;  // one connection: one call at a time
  xapian::ChunkAnalyzer analyzer_;
  xapian::QueryBuilder query_builder_;
  std::map<int64_t, PendingChunk> adds_;  // by chunk id; applied after removed_docs_
  std::set<int64_t> removed_docs_;
};

}  // namespace
}  // namespace postgres

std::unique_ptr<TextIndex> open_pg_text_index(const std::string& url, int64_t kb_id, OpenMode mode) {
  if (url.empty())
    throw Error(ErrorCode::invalid_argument,
                "store.url (env LORE_STORE_URL) is required when store.backend = \"postgres\"");
  return std::make_unique<postgres::PgTextIndex>(url, kb_id, mode);
}

}  // namespace lore::index
