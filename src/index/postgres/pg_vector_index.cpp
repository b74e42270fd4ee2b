#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "index/postgres/pg_indexes.h"
#include "index/postgres/pg_util.h"

namespace lore::index {
namespace postgres {
namespace {

// pgvector's HNSW indexes `vector` columns of up to 2000 dimensions; wider
// embeddings are searched exactly.
constexpr size_t kMaxHnswDimensions = 2000;
constexpr size_t kMaxEfSearch = 1000;  // pgvector's limit

const std::vector<std::string> kVectorSchema = {
    "CREATE EXTENSION IF NOT EXISTS vector",
    "CREATE TABLE IF NOT EXISTS lore_vector_tables (id bigserial UNIQUE, kb_id bigint NOT NULL, model text "
    "NOT NULL,"
    " dimensions integer NOT NULL, PRIMARY KEY (kb_id, model, dimensions))",
};

class PgVectorIndex final : public VectorIndex {
 public:
  PgVectorIndex(const std::string& url, int64_t kb_id, const VectorIndexOptions& options, bool* loaded)
      : conn_(url, PgConnection::labelled(
                       "PostgreSQL vector index of knowledge base " + std::to_string(kb_id), url)),
        options_(options) {
    if (options_.dimensions == 0)
      throw Error(ErrorCode::invalid_argument, conn_.label() + ": vector dimensions must be positive");
    conn_.run("open", [&](pqxx::connection& c) {
      ensure_schema(c, "lore_vector_schema", kVectorSchema);
      pqxx::work tx(c);
      tx.exec("SELECT pg_advisory_xact_lock(hashtextextended('lore_vector_tables', 0))");
      const std::string key = "kb_id = " + std::to_string(kb_id) +
                              " AND model = " + tx.quote(options_.model) +
                              " AND dimensions = " + std::to_string(options_.dimensions);
      auto row = tx.exec("SELECT id FROM lore_vector_tables WHERE " + key);
      *loaded = !row.empty();
      if (row.empty()) {
        row = tx.exec("INSERT INTO lore_vector_tables (kb_id, model, dimensions) VALUES (" +
                      std::to_string(kb_id) + ", " + tx.quote(options_.model) + ", " +
                      std::to_string(options_.dimensions) + ") RETURNING id");
        table_ = "lore_vectors_" + row[0][0].as<std::string>();
        tx.exec("CREATE TABLE " + table_ +
                " (chunk_id bigint PRIMARY KEY, document_id bigint NOT NULL, embedding vector(" +
                std::to_string(options_.dimensions) + ") NOT NULL)");
        tx.exec("CREATE INDEX ON " + table_ + " (document_id)");
        if (options_.dimensions <= kMaxHnswDimensions)
          tx.exec("CREATE INDEX ON " + table_ +
                  " USING hnsw (embedding vector_ip_ops) WITH (m = " + std::to_string(options_.m) +
                  ", ef_construction = " + std::to_string(options_.ef_construction) + ")");
      } else {
        table_ = "lore_vectors_" + row[0][0].as<std::string>();
      }
      tx.commit();
    });
  }

  void add(int64_t chunk_id, int64_t document_id, const std::vector<float>& vector) override {
    if (vector.size() != options_.dimensions)
      throw Error(ErrorCode::invalid_argument, conn_.label() + ": chunk " + std::to_string(chunk_id) +
                                                   " has a " + std::to_string(vector.size()) +
                                                   "-dimensional vector, expected " +
                                                   std::to_string(options_.dimensions));
    std::vector<float> v = vector;
    if (!normalize(v))
      throw Error(ErrorCode::invalid_argument,
                  conn_.label() + ": chunk " + std::to_string(chunk_id) + " has a zero or non-finite vector");
    std::lock_guard lock(mu_);
    adds_[chunk_id] = {document_id, vector_literal(v)};
  }

  void remove_document(int64_t document_id) override {
    std::lock_guard lock(mu_);
    std::erase_if(adds_, [&](const auto& kv) { return kv.second.first == document_id; });
    removed_docs_.insert(document_id);
  }

  void clear() override {
    std::lock_guard lock(mu_);
    adds_.clear();
    removed_docs_.clear();
    clear_ = true;
  }

  void save() override {
    std::lock_guard lock(mu_);
    if (!clear_ && adds_.empty() && removed_docs_.empty()) return;
    conn_.run("save", [&](pqxx::connection& c) {
      pqxx::work tx(c);
      if (clear_) tx.exec("DELETE FROM " + table_);
      if (!removed_docs_.empty())
        tx.exec("DELETE FROM " + table_ + " WHERE document_id = ANY(" +
                tx.quote(int_array({removed_docs_.begin(), removed_docs_.end()})) + "::bigint[])");
      if (!adds_.empty()) {
        tx.exec(
            "CREATE TEMP TABLE lore_vector_stage (chunk_id bigint, document_id bigint, embedding text)"
            " ON COMMIT DROP");
        pqxx::stream_to stage(tx, "lore_vector_stage");
        for (const auto& [chunk_id, a] : adds_) stage << std::make_tuple(chunk_id, a.first, a.second);
        stage.complete();
        // ON CONFLICT: two nodes saving the same chunk leave one row.
        tx.exec("INSERT INTO " + table_ +
                " SELECT chunk_id, document_id, embedding::vector FROM lore_vector_stage ORDER BY chunk_id"
                " ON CONFLICT (chunk_id) DO UPDATE SET document_id = excluded.document_id,"
                " embedding = excluded.embedding");
      }
      tx.commit();
    });
    adds_.clear();
    removed_docs_.clear();
    clear_ = false;
  }

  std::vector<VectorHit> search(const std::vector<float>& query, size_t k,
                                const std::vector<int64_t>& document_ids) const override {
    if (k == 0) return {};
    if (query.size() != options_.dimensions)
      throw Error(ErrorCode::invalid_argument, conn_.label() + ": query vector has " +
                                                   std::to_string(query.size()) + " dimensions, expected " +
                                                   std::to_string(options_.dimensions));
    std::vector<float> q = query;
    if (!normalize(q)) return {};
    std::lock_guard lock(mu_);
    return conn_.run("search", [&](pqxx::connection& c) {
      pqxx::work tx(c);
      const std::string ql = tx.quote(vector_literal(q)) + "::vector";
      const std::string filter =
          document_ids.empty() ? "true"
                               : "document_id = ANY(" + tx.quote(int_array(document_ids)) + "::bigint[])";
      const bool exact =
          options_.dimensions > kMaxHnswDimensions || candidates(tx, filter) <= options_.exact_threshold;
      std::string sql;
      if (exact) {
        // MATERIALIZED keeps the planner off the HNSW index: a full scan of
        // the (filtered) rows, exact.
        sql = "WITH c AS MATERIALIZED (SELECT chunk_id, document_id, embedding FROM " + table_ + " WHERE " +
              filter + ") SELECT chunk_id, document_id, -(embedding <#> " + ql +
              ") FROM c ORDER BY embedding <#> " + ql + ", chunk_id LIMIT " + std::to_string(k);
      } else {
        tx.exec("SET LOCAL hnsw.ef_search = " +
                std::to_string(std::min(kMaxEfSearch, std::max(options_.ef_search, k))));
        // A filter applied after the graph walk could leave fewer than k
        // hits; the iterative scan keeps walking until k rows pass it.
        if (!document_ids.empty()) tx.exec("SET LOCAL hnsw.iterative_scan = relaxed_order");
        sql = "SELECT chunk_id, document_id, -(embedding <#> " + ql + ") FROM " + table_ + " WHERE " +
              filter + " ORDER BY embedding <#> " + ql + " LIMIT " + std::to_string(k);
      }
      std::vector<VectorHit> hits;
      for (const auto& row : tx.exec(sql))
        hits.push_back({row[0].as<int64_t>(), row[1].as<int64_t>(), row[2].as<double>()});
      tx.commit();
      std::stable_sort(hits.begin(), hits.end(),
                       [](const VectorHit& a, const VectorHit& b) { return a.similarity > b.similarity; });
      return hits;
    });
  }

  size_t size() const override {
    std::lock_guard lock(mu_);
    return conn_.run("size", [&](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      return tx.exec("SELECT count(*) FROM " + table_)[0][0].as<size_t>();
    });
  }

  int64_t chunk_id_sum() const override {
    std::lock_guard lock(mu_);
    return conn_.run("chunk_id_sum", [&](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      return tx.exec("SELECT coalesce(sum(chunk_id), 0)::bigint FROM " + table_)[0][0].as<int64_t>();
    });
  }

  const VectorIndexOptions& options() const override { return options_; }

 private:
  // Rows the search would consider, counted exactly only when that is cheap:
  // the planner's estimate decides for large unfiltered tables.
  size_t candidates(pqxx::transaction_base& tx, const std::string& filter) const {
    if (filter == "true") {
      const double estimate =
          tx.exec("SELECT reltuples FROM pg_class WHERE oid = " + tx.quote(table_) + "::regclass")[0][0]
              .as<double>();
      if (estimate > 10.0 * static_cast<double>(options_.exact_threshold))
        return static_cast<size_t>(estimate);
    }
    return tx
        .exec("SELECT count(*) FROM (SELECT 1 FROM " + table_ + " WHERE " + filter + " LIMIT " +
              std::to_string(options_.exact_threshold + 1) + ") x")[0][0]
        .as<size_t>();
  }

  mutable PgConnection conn_;
  const VectorIndexOptions options_;
  std::string table_;
  mutable std::mutex mu_;                                    // one connection: one call at a time
  std::map<int64_t, std::pair<int64_t, std::string>> adds_;  // chunk -> (document, vector literal)
  std::set<int64_t> removed_docs_;
  bool clear_ = false;
};

}  // namespace
}  // namespace postgres

OpenedVectorIndex open_pg_vector_index(const std::string& url, int64_t kb_id,
                                       const VectorIndexOptions& options) {
  if (url.empty())
    throw Error(ErrorCode::invalid_argument,
                "store.url (env LORE_STORE_URL) is required when store.backend = \"postgres\"");
  OpenedVectorIndex out;
  out.index = std::make_unique<postgres::PgVectorIndex>(url, kb_id, options, &out.loaded);
  return out;
}

}  // namespace lore::index
