#include "store/postgres/pg_db.h"

#include "pg/url.h"

namespace lore::store::postgres {

PgDb::PgDb(const std::string& url) : conn_(url, pg::mask_url_password(url)) {
  conn_.get();  // fail at open, naming the URL, rather than at the first statement
}

void PgDb::fail(std::string_view what, const std::exception& e) const {
  const std::string msg = conn_.describe(e);
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
  throw Error(code, conn_.label() + ": " + std::string(what) + " failed: " + msg);
}

}  // namespace lore::store::postgres
