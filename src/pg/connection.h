// One PostgreSQL connection that comes back after it breaks, shared by the
// PostgreSQL store (src/store/postgres) and indexes (src/index/postgres).
//
// A long-running node outlives its connections: PostgreSQL restarts, a proxy
// drops idle connections, an operator runs pg_terminate_backend. The first
// statement on such a connection fails; with_reconnect() opens a new
// connection and runs the work once more, so callers see an error only when
// the database stays unreachable.
#pragma once

#include <pqxx/pqxx>

#include <exception>
#include <memory>
#include <string>
#include <utility>

namespace lore::pg {

class Connection {
 public:
  // `label` names what the connection serves in every error, with the URL's
  // password masked ("PostgreSQL text index of knowledge base 3 at
  // postgresql://lore@db/lore").
  Connection(std::string url, std::string label);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The open connection, connecting when there is none or the last one
  // broke. Error{io} "<label>: cannot connect to PostgreSQL: ..." when the
  // server cannot be reached. Server notices go to the debug log.
  pqxx::connection& get();

  // Runs f(get()). If the connection turns out to be broken, reconnects and
  // runs f once more, so f must be safe to repeat: its own transaction, no
  // side effects outside the database that a rolled-back first run would
  // leave behind. A break during COMMIT (pqxx::in_doubt_error: the commit
  // may or may not have happened) is never repeated.
  template <typename F>
  auto with_reconnect(F&& f) -> decltype(f(std::declval<pqxx::connection&>())) {
    try {
      return f(get());
    } catch (const pqxx::in_doubt_error&) {
      drop();
      throw;
    } catch (const pqxx::failure& e) {
      if (!lost(e)) throw;
      reconnecting(e);
    }
    return f(get());
  }

  // Runs f(get()) once; a broken connection is dropped so that the next
  // call reconnects. For work that must not be repeated (it streams rows to
  // a caller).
  template <typename F>
  auto once(F&& f) -> decltype(f(std::declval<pqxx::connection&>())) {
    try {
      return f(get());
    } catch (const pqxx::failure& e) {
      if (lost(e)) drop();
      throw;
    }
  }

  const std::string& label() const { return label_; }
  const std::string& url() const { return url_; }

  // pg::describe_error for this connection's URL.
  std::string describe(const std::exception& e) const;

 private:
  // True when e came from a connection that is gone (not from SQL the
  // server rejected on a healthy connection).
  bool lost(const pqxx::failure& e) const;
  void drop();
  void reconnecting(const std::exception& e);

  std::string url_, label_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unique_ptr<pqxx::errorhandler> notices_;
};

}  // namespace lore::pg
