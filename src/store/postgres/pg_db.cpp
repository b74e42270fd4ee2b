#include "store/postgres/pg_db.h"

#include <spdlog/spdlog.h>

#include "store/store_url.h"

namespace lore::store::postgres {

namespace {

// libpq prints server notices ("relation ... already exists, skipping") to
// stderr by default; a CLI's stderr is for errors, so they go to the debug log.
class LogNotices final : public pqxx::errorhandler {
 public:
  using pqxx::errorhandler::errorhandler;
  bool operator()(const char msg[]) noexcept override {
    try {
      std::string line(msg);
      while (!line.empty() && line.back() == '\n') line.pop_back();
      spdlog::debug("postgres: {}", line);
    } catch (...) {
    }
    return false;  // handled: skip the default handler
  }
};

}  // namespace

PgDb::PgDb(const std::string& url) : url_(url), masked_url_(mask_url_password(url)) {
  try {
    conn_ = std::make_unique<pqxx::connection>(url_);
    notices_ = std::make_unique<LogNotices>(*conn_);
  } catch (const std::exception& e) {
    throw Error(ErrorCode::io,
                masked_url_ + ": cannot connect to PostgreSQL: " + scrub_password(url_, e.what()));
  }
}

pqxx::connection& PgDb::conn() {
  // libpqxx 6 reopens a broken connection when the next transaction starts.
  return *conn_;
}

void PgDb::fail(std::string_view what, const std::exception& e) const {
  std::string msg = scrub_password(url_, e.what());
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  ErrorCode code = ErrorCode::io;
  if (dynamic_cast<const pqxx::unique_violation*>(&e)) {
    code = ErrorCode::already_exists;
  } else if (dynamic_cast<const pqxx::foreign_key_violation*>(&e) ||
             dynamic_cast<const pqxx::check_violation*>(&e) ||
             dynamic_cast<const pqxx::data_exception*>(&e) ||
             dynamic_cast<const pqxx::not_null_violation*>(&e)) {
    code = ErrorCode::invalid_argument;
  } else if (dynamic_cast<const pqxx::transaction_rollback*>(&e)) {
    code = ErrorCode::locked;
  } else if (dynamic_cast<const pqxx::conversion_error*>(&e)) {
    code = ErrorCode::corrupt;
  }
  throw Error(code, masked_url_ + ": " + std::string(what) + " failed: " + msg);
}

}  // namespace lore::store::postgres
