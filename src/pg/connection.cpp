#include "pg/connection.h"

#include <spdlog/spdlog.h>

#include "core/error.h"
#include "pg/url.h"

namespace lore::pg {

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

Connection::Connection(std::string url, std::string label) : url_(std::move(url)), label_(std::move(label)) {}

Connection::~Connection() { drop(); }

pqxx::connection& Connection::get() {
  if (conn_ && conn_->is_open()) return *conn_;
  drop();
  try {
    conn_ = std::make_unique<pqxx::connection>(url_);
    notices_ = std::make_unique<LogNotices>(*conn_);
  } catch (const std::exception& e) {
    drop();
    throw Error(ErrorCode::io, label_ + ": cannot connect to PostgreSQL: " + describe(e));
  }
  return *conn_;
}

void Connection::drop() {
  notices_.reset();  // an errorhandler unregisters itself from its connection
  conn_.reset();
}

bool Connection::lost(const pqxx::failure& e) const {
  return dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr || !conn_ || !conn_->is_open();
}

void Connection::reconnecting(const std::exception& e) {
  spdlog::warn("{}: connection lost ({}); reconnecting", label_, describe(e));
  drop();
}

std::string Connection::describe(const std::exception& e) const { return describe_error(url_, e); }

}  // namespace lore::pg
