// Internal to index/postgres: connection handling, error translation and
// literal formatting shared by the PostgreSQL text and vector indexes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "core/error.h"
#include "pg/connection.h"

namespace lore::index::postgres {

// An index's connection (pg/connection.h: reconnects after it breaks).
// `label` names the index in errors ("PostgreSQL text index of knowledge
// base 3 at postgresql://u@h/db"); labelled() builds it with the URL masked.
class PgConnection {
 public:
  PgConnection(const std::string& url, const std::string& label) : conn_(url, label) {}
  static std::string labelled(const std::string& what, const std::string& url);
  const std::string& label() const { return conn_.label(); }

  // Runs f(connection), translating libpqxx exceptions into lore::Error
  // naming the index and the operation. A lost connection is reopened and f
  // run once more, so f must be safe to repeat (its own transaction).
  template <typename F>
  auto run(const char* what, F f) -> decltype(f(std::declval<pqxx::connection&>())) {
    return translated(what, [&] { return conn_.with_reconnect(f); });
  }
  // As run(), but f runs at most once (it hands rows to a caller).
  template <typename F>
  auto run_once(const char* what, F f) -> decltype(f(std::declval<pqxx::connection&>())) {
    return translated(what, [&] { return conn_.once(f); });
  }

 private:
  template <typename G>
  auto translated(const char* what, G g) -> decltype(g()) {
    try {
      return g();
    } catch (const pqxx::failure& e) {
      throw Error(ErrorCode::io, label() + ": " + what + " failed: " + conn_.describe(e));
    }
  }
  pg::Connection conn_;
};

// PostgreSQL array literals (to be quoted with tx.quote and cast, e.g.
// `'{1,2}'::bigint[]`). Text elements are double-quoted and escaped.
std::string int_array(const std::vector<int64_t>& values);
std::string float_array(const std::vector<double>& values);
std::string text_array(const std::vector<std::string>& values);
// pgvector's text form, "[x,y,...]", with round-trip float precision.
std::string vector_literal(const std::vector<float>& v);
std::vector<float> parse_vector(const std::string& text);

// Runs the statements once per database under a transaction-level advisory
// lock, so concurrent first opens do not race on CREATE ... IF NOT EXISTS.
void ensure_schema(pqxx::connection& c, const std::string& key, const std::vector<std::string>& statements);

}  // namespace lore::index::postgres
