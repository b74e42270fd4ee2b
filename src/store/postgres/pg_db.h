// One PostgreSQL connection of the Store, private to src/store/postgres.
// Every statement runs inside run(), which owns the transaction and turns
// every libpqxx failure into a lore::Error naming the (password-masked) URL.
// The connection reconnects after it breaks (pg/connection.h).
#pragma once

#include <pqxx/pqxx>

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/error.h"
#include "pg/connection.h"

namespace lore::store::postgres {

class PgDb {
 public:
  // Connects; Error{io} naming the masked URL when the URL is bad or the
  // server unreachable.
  explicit PgDb(const std::string& url);

  const std::string& masked_url() const { return conn_.label(); }

  // Runs f(pqxx::work&) in one READ COMMITTED transaction and commits it.
  // A deadlock or serialization failure (another node touched the same rows)
  // or a lost connection rolls back and runs f again, so f must only read and
  // write the database.
  // lore::Error thrown by f passes through (after rollback); pqxx errors
  // become lore::Error: unique -> already_exists, foreign key and bad data ->
  // invalid_argument, lost connection -> io.
  template <typename F>
  auto run(std::string_view what, F&& f) -> std::invoke_result_t<F&, pqxx::work&> {
    for (int attempt = 1;; ++attempt) {
      try {
        return conn_.with_reconnect([&](pqxx::connection& c) {
          pqxx::work tx(c);
          if constexpr (std::is_void_v<std::invoke_result_t<F&, pqxx::work&>>) {
            f(tx);
            tx.commit();
          } else {
            auto out = f(tx);
            tx.commit();
            return out;
          }
        });
      } catch (const pqxx::transaction_rollback& e) {
        if (attempt >= kMaxAttempts) fail(what, e);
      } catch (const Error&) {
        throw;
      } catch (const std::exception& e) {
        fail(what, e);
      }
    }
  }

  [[noreturn]] void fail(std::string_view what, const std::exception& e) const;

 private:
  static constexpr int kMaxAttempts = 5;
  pg::Connection conn_;
};

// The first row's first column as int64 (COUNT(*), RETURNING id, ...).
inline int64_t scalar(const pqxx::result& r) { return r.at(0).at(0).as<int64_t>(); }

}  // namespace lore::store::postgres
