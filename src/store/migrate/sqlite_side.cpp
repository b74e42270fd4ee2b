// The SQLite side of `lore migrate`: raw rows of data_dir/lore.db.
#include <cstdio>

#include "core/error.h"
#include "store/migrate/tables.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace lore::store::migrate {

namespace {

std::string column_list(const Table& t) {
  std::string out;
  for (const auto& c : t.columns) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

void bind_value(sqlite::Stmt& s, int i, Type type, const Value& v) {
  if (!v) {
    s.bind_null(i);
    return;
  }
  switch (type) {
    case Type::integer:
    case Type::boolean:
      s.bind(i, static_cast<int64_t>(std::stoll(*v)));
      break;
    case Type::real:
      s.bind(i, std::strtod(v->c_str(), nullptr));
      break;
    case Type::blob:
      s.bind_blob(i, v->data(), v->size());
      break;
    default:
      s.bind(i, std::string_view(*v));
  }
}

class SqliteSide final : public Side {
 public:
  explicit SqliteSide(const std::filesystem::path& path) : db_(path) {}
  ~SqliteSide() override {
    if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }

  void begin_read() override {
    db_.exec("BEGIN");  // deferred: one read snapshot until end_read
    open_ = true;
  }
  void end_read() override {
    db_.exec("COMMIT");
    open_ = false;
  }

  std::vector<Row> read_page(const Table& t, const std::optional<Row>& after, size_t limit) override {
    std::string keys, marks;
    for (size_t k = 0; k < t.key_columns; ++k) {
      keys += (k ? ", " : "") + t.columns[k].name;
      marks += k ? ", ?" : "?";
    }
    std::string sql = "SELECT " + column_list(t) + " FROM " + t.name;
    if (after) sql += " WHERE (" + keys + ") > (" + marks + ")";
    sql += " ORDER BY " + keys + " LIMIT " + std::to_string(limit);
    sqlite::Stmt s(db_, sql);
    if (after)
      for (size_t k = 0; k < t.key_columns; ++k)
        bind_value(s, static_cast<int>(k) + 1, t.columns[k].type, (*after)[k]);
    std::vector<Row> rows;
    while (s.step()) {
      Row row;
      for (size_t c = 0; c < t.columns.size(); ++c) {
        const int i = static_cast<int>(c);
        if (s.is_null(i)) {
          row.emplace_back();
          continue;
        }
        switch (t.columns[c].type) {
          case Type::integer:
            row.emplace_back(std::to_string(s.int64(i)));
            break;
          case Type::boolean:
            row.emplace_back(s.int64(i) ? "1" : "0");
            break;
          case Type::real: {
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.17g", s.real(i));
            row.emplace_back(buf);
            break;
          }
          case Type::blob:
            row.emplace_back(std::string(s.blob(i)));
            break;
          default:
            row.emplace_back(canonical(t.columns[c].type, s.text(i)));
        }
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  int64_t sequence(const Table& t) override {
    if (!t.autoincrement) return 0;
    sqlite::Stmt s(db_, "SELECT seq FROM sqlite_sequence WHERE name = ?");
    s.bind(1, std::string_view(t.name));
    return s.step() ? s.int64(0) : 0;
  }

  bool empty() override {
    sqlite::Stmt s(db_,
                   "SELECT (SELECT COUNT(*) FROM tenants WHERE name <> 'default') + "
                   "(SELECT COUNT(*) FROM knowledge_bases) + (SELECT COUNT(*) FROM api_keys) + "
                   "(SELECT COUNT(*) FROM jobs) + (SELECT COUNT(*) FROM embedding_cache)");
    return s.step() && s.int64(0) == 0;
  }

  void begin_write() override {
    db_.exec("BEGIN IMMEDIATE");
    open_ = true;
  }
  void clear() override {
    const auto& all = tables();
    for (auto it = all.rbegin(); it != all.rend(); ++it) db_.exec("DELETE FROM " + it->name);
    db_.exec("DELETE FROM sqlite_sequence");
  }
  void insert(const Table& t, const std::vector<Row>& rows) override {
    std::string marks;
    for (size_t c = 0; c < t.columns.size(); ++c) marks += c ? ", ?" : "?";
    sqlite::Stmt s(db_, "INSERT INTO " + t.name + " (" + column_list(t) + ") VALUES (" + marks + ")");
    for (const auto& row : rows) {
      for (size_t c = 0; c < t.columns.size(); ++c)
        bind_value(s, static_cast<int>(c) + 1, t.columns[c].type, row[c]);
      s.run();
      s.reset();
    }
  }
  void set_sequence(const Table& t, int64_t high_water) override {
    if (!t.autoincrement) return;
    sqlite::Stmt del(db_, "DELETE FROM sqlite_sequence WHERE name = ?");
    del.bind(1, std::string_view(t.name)).run();
    if (high_water <= 0) return;
    sqlite::Stmt ins(db_, "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)");
    ins.bind(1, std::string_view(t.name)).bind(2, high_water).run();
  }
  void commit() override {
    db_.exec("COMMIT");
    open_ = false;
  }

  int64_t queue_full_reindex() override {
    sqlite::Transaction tx(db_);
    db_.exec("INSERT INTO index_ops (kb_id, document_id) SELECT kb_id, id FROM documents ORDER BY id");
    const int64_t n = db_.changes();
    tx.commit();
    return n;
  }

 private:
  sqlite::Db db_;
  bool open_ = false;
};

}  // namespace

std::unique_ptr<Side> open_sqlite_side(const std::filesystem::path& data_dir, bool must_exist) {
  const auto path = data_dir / "lore.db";
  if (must_exist && !std::filesystem::exists(path))
    throw Error(ErrorCode::not_found, path.string() + ": no embedded store here (wrong --data-dir?)");
  open_store(data_dir);  // creates the file and applies the schema migrations
  return std::make_unique<SqliteSide>(path);
}

}  // namespace lore::store::migrate
