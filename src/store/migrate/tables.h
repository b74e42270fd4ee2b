// The tables `lore migrate` copies, their canonical row form, and one side
// (SQLite or PostgreSQL) of a copy. Private to src/store.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/hash.h"
#include "store/migrate.h"

namespace lore::store::migrate {

// How a column's value is represented in a canonical row (see migrate.h).
enum class Type { integer, text, json, timestamp, boolean, real, blob };

struct Column {
  std::string name;
  Type type;
};

struct Table {
  std::string name;
  std::vector<Column> columns;
  size_t key_columns = 1;     // the first key_columns columns are the primary key
  bool autoincrement = true;  // single integer id with a sequence
};

// In foreign-key order (parents first).
const std::vector<Table>& tables();

using Value = std::optional<std::string>;  // nullopt: SQL NULL
using Row = std::vector<Value>;

// Canonical text of a value of `type` as both backends read it.
Value canonical(Type type, Value v);

// Running row count and checksum of one table.
class Digester {
 public:
  void add(const Row& row);
  TableDigest finish();
  int64_t rows() const { return rows_; }

 private:
  Sha256 sha_;
  int64_t rows_ = 0;
};

// One backend's view of the migrated tables.
class Side {
 public:
  virtual ~Side() = default;
  // Reading: begin_read() opens one snapshot; rows come in primary-key order,
  // pages of at most `limit` after the key of `after` (nullopt: from the start).
  virtual void begin_read() = 0;
  virtual std::vector<Row> read_page(const Table& t, const std::optional<Row>& after, size_t limit) = 0;
  virtual void end_read() = 0;
  // The highest id the table's sequence has handed out (0: none).
  virtual int64_t sequence(const Table& t) = 0;
  // True when the store holds nothing but the default tenant.
  virtual bool empty() = 0;
  // Writing, all in one transaction: clear everything, insert, set sequences.
  virtual void begin_write() = 0;
  virtual void clear() = 0;
  virtual void insert(const Table& t, const std::vector<Row>& rows) = 0;
  virtual void set_sequence(const Table& t, int64_t high_water) = 0;
  virtual void commit() = 0;
  virtual int64_t queue_full_reindex() = 0;
};

// Opens (creating and migrating the schema as needed).
std::unique_ptr<Side> open_sqlite_side(const std::filesystem::path& data_dir, bool must_exist);
std::unique_ptr<Side> open_pg_side(const std::string& url);

}  // namespace lore::store::migrate
