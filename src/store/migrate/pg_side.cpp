// The PostgreSQL side of `lore migrate`: raw rows of the shared database.
#include <pqxx/pqxx>

#include <cstdio>

#include "core/error.h"
#include "pg/url.h"
#include "store/migrate/tables.h"
#include "store/postgres/pg_store.h"

namespace lore::store::migrate {

namespace {

// The select expression giving a column's canonical text (see migrate.h).
std::string select_expr(const Column& c) {
  switch (c.type) {
    case Type::timestamp:
      return "lore_iso(" + c.name + ")";
    case Type::json:
      return c.name + "::text";
    case Type::boolean:
      return "(" + c.name + "::int)::text";
    default:
      return c.name;
  }
}

// Text keys compare bytewise, as SQLite's BINARY collation does.
std::string key_expr(const Column& c) { return c.type == Type::text ? c.name + " COLLATE \"C\"" : c.name; }

std::string hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

class PgSide final : public Side {
 public:
  explicit PgSide(const std::string& url) : url_(url), masked_(pg::mask_url_password(url)) {
    guard("connect", [&] { conn_ = std::make_unique<pqxx::connection>(url_); });
  }

  void begin_read() override {
    guard("read", [&] {
      tx_ = std::make_unique<pqxx::work>(*conn_);
      tx_->exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    });
  }
  void end_read() override {
    guard("read", [&] {
      tx_->commit();
      tx_.reset();
    });
  }

  std::vector<Row> read_page(const Table& t, const std::optional<Row>& after, size_t limit) override {
    std::vector<Row> rows;
    guard("read " + t.name, [&] {
      std::string cols, keys, vals;
      for (const auto& c : t.columns) cols += (cols.empty() ? "" : ", ") + select_expr(c);
      for (size_t k = 0; k < t.key_columns; ++k) {
        keys += (k ? ", " : "") + key_expr(t.columns[k]);
        if (after) vals += (k ? ", " : "") + tx_->quote(*(*after)[k]);
      }
      std::string sql = "SELECT " + cols + " FROM " + t.name;
      if (after) sql += " WHERE (" + keys + ") > (" + vals + ")";
      sql += " ORDER BY " + keys + " LIMIT " + std::to_string(limit);
      for (const auto& r : tx_->exec(sql)) {
        Row row;
        for (size_t c = 0; c < t.columns.size(); ++c) {
          const auto f = r[static_cast<int>(c)];
          if (f.is_null()) {
            row.emplace_back();
          } else if (t.columns[c].type == Type::blob) {
            const pqxx::binarystring bytes(f);
            row.emplace_back(bytes.str());
          } else if (t.columns[c].type == Type::real) {
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.17g", f.as<double>());
            row.emplace_back(buf);
          } else {
            row.emplace_back(canonical(t.columns[c].type, std::string(f.c_str(), f.size())));
          }
        }
        rows.push_back(std::move(row));
      }
    });
    return rows;
  }

  int64_t sequence(const Table& t) override {
    if (!t.autoincrement) return 0;
    int64_t hw = 0;
    guard("read sequence of " + t.name, [&] {
      // Inside the read snapshot when there is one (one transaction per connection).
      std::unique_ptr<pqxx::work> own;
      if (!tx_) own = std::make_unique<pqxx::work>(*conn_);
      pqxx::work& tx = tx_ ? *tx_ : *own;
      const auto seq = tx.exec("SELECT pg_get_serial_sequence(" + tx.quote(t.name) + ", 'id')")[0][0];
      if (!seq.is_null()) {
        const auto r = tx.exec("SELECT last_value, is_called FROM " + seq.as<std::string>())[0];
        hw = r[1].as<bool>() ? r[0].as<int64_t>() : r[0].as<int64_t>() - 1;
      }
      if (own) own->commit();
    });
    return hw;
  }

  bool empty() override {
    bool out = false;
    guard("inspect", [&] {
      pqxx::work tx(*conn_);
      out = tx.exec(
                  "SELECT (SELECT COUNT(*) FROM tenants WHERE name <> 'default') + "
                  "(SELECT COUNT(*) FROM knowledge_bases) + (SELECT COUNT(*) FROM api_keys) + "
                  "(SELECT COUNT(*) FROM jobs) + (SELECT COUNT(*) FROM embedding_cache)")[0][0]
                .as<int64_t>() == 0;
      tx.commit();
    });
    return out;
  }

  void begin_write() override {
    guard("begin", [&] { tx_ = std::make_unique<pqxx::work>(*conn_); });
  }
  void clear() override {
    guard("clear", [&] {
      std::string names;
      for (const auto& t : tables()) names += (names.empty() ? "" : ", ") + t.name;
      tx_->exec("TRUNCATE " + names + " CASCADE");
    });
  }
  void insert(const Table& t, const std::vector<Row>& rows) override {
    if (rows.empty()) return;
    guard("write " + t.name, [&] {
      std::string cols;
      for (const auto& c : t.columns) cols += (cols.empty() ? "" : ", ") + c.name;
      std::string sql = "INSERT INTO " + t.name + " (" + cols + ") VALUES ";
      for (size_t r = 0; r < rows.size(); ++r) {
        sql += r ? ",(" : "(";
        for (size_t c = 0; c < t.columns.size(); ++c) {
          if (c) sql += ',';
          const auto& v = rows[r][c];
          if (!v)
            sql += "NULL";
          else if (t.columns[c].type == Type::blob)
            sql += "'\\x" + hex(*v) + "'::bytea";
          else
            sql += tx_->quote(*v);
        }
        sql += ')';
      }
      tx_->exec(sql);
    });
  }
  void set_sequence(const Table& t, int64_t high_water) override {
    if (!t.autoincrement) return;
    guard("set sequence of " + t.name, [&] {
      const std::string seq = "pg_get_serial_sequence(" + tx_->quote(t.name) + ", 'id')";
      tx_->exec(high_water > 0 ? "SELECT setval(" + seq + ", " + std::to_string(high_water) + ", true)"
                               : "SELECT setval(" + seq + ", 1, false)");
    });
  }
  void commit() override {
    guard("commit", [&] {
      tx_->commit();
      tx_.reset();
    });
  }

  int64_t queue_full_reindex() override {
    int64_t n = 0;
    guard("queue reindex", [&] {
      pqxx::work tx(*conn_);
      n = static_cast<int64_t>(
          tx.exec("INSERT INTO index_ops (kb_id, document_id) SELECT kb_id, id FROM documents ORDER BY id")
              .affected_rows());
      tx.commit();
    });
    return n;
  }

 private:
  // Runs f; every non-lore error becomes Error{io} naming the masked URL.
  template <typename F>
  void guard(const std::string& what, F&& f) {
    try {
      f();
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      tx_.reset();
      throw Error(ErrorCode::io, masked_ + ": migrate: " + what + " failed: " + pg::describe_error(url_, e));
    }
  }

  std::string url_, masked_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::work> tx_;
};

}  // namespace

std::unique_ptr<Side> open_pg_side(const std::string& url) {
  open_pg_store(url);  // connects and applies the schema migrations
  return std::make_unique<PgSide>(url);
}

}  // namespace lore::store::migrate
