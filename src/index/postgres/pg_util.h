// Internal to index/postgres: connection handling, error translation and
// literal formatting shared by the PostgreSQL text and vector indexes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "core/error.h"

namespace lore::index::postgres {

// The URL without its password, for messages and logs.
std::string redact_url(const std::string& url);

// A lazily (re)connected connection. `label` names the index in errors
// ("PostgreSQL text index of knowledge base 3 at postgresql://u@h/db").
class PgConnection {
 public:
  PgConnection(std::string url, std::string label);
  // The open connection, reconnecting if the last one broke.
  pqxx::connection& get();
  void reset() { conn_.reset(); }
  const std::string& label() const { return label_; }

  // Runs f(connection), translating libpqxx exceptions into lore::Error
  // naming the index and the operation. A broken connection is dropped so
  // the next call reconnects.
  template <typename F>
  auto run(const char* what, F f) -> decltype(f(std::declval<pqxx::connection&>())) {
    try {
      return f(get());
    } catch (const pqxx::broken_connection& e) {
      conn_.reset();
      throw Error(ErrorCode::io, label_ + ": " + what + " failed: connection lost: " + first_line(e.what()));
    } catch (const pqxx::sql_error& e) {
      throw Error(ErrorCode::io, label_ + ": " + what + " failed: " + first_line(e.what()));
    } catch (const pqxx::failure& e) {
      throw Error(ErrorCode::io, label_ + ": " + what + " failed: " + first_line(e.what()));
    }
  }

 private:
  static std::string first_line(const std::string& s);
  std::string url_, label_;
  std::unique_ptr<pqxx::connection> conn_;
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
