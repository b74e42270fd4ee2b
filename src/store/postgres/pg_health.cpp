#include <pqxx/pqxx>

#include "core/config.h"
#include "core/error.h"
#include "pg/connection.h"
#include "pg/url.h"
#include "store/store_health.h"

namespace lore::store {

namespace {

// libpq's connect_timeout (whole seconds, at least 2) in either URL form.
std::string with_connect_timeout(const std::string& url, std::chrono::milliseconds timeout) {
  const auto seconds = std::max<int64_t>(2, (timeout.count() + 999) / 1000);
  const std::string param = "connect_timeout=" + std::to_string(seconds);
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
  return url + " " + param;
}

constexpr int64_t kRateTableLock = 0x6c6f7272;  // advisory lock key for creating lore_rate_limits

}  // namespace

std::optional<std::string> probe_store(const Config& config, std::chrono::milliseconds timeout) {
  if (config.store_backend != "postgres") return std::nullopt;
  try {
    pqxx::connection c(with_connect_timeout(config.store_url, timeout));
    pqxx::nontransaction tx(c);
    tx.exec("SET statement_timeout = " + std::to_string(timeout.count()));
    tx.exec("SELECT version FROM lore_schema_version");
    return std::nullopt;
  } catch (const std::exception& e) {
    return "database " + pg::mask_url_password(config.store_url) +
           " not answering: " + pg::describe_error(config.store_url, e);
  }
}

struct SharedRateBuckets::Conn {
  explicit Conn(const std::string& url) : db(url, "rate limits in " + pg::mask_url_password(url)) {}
  pg::Connection db;
  bool table_ready = false;
};

SharedRateBuckets::SharedRateBuckets(std::string url)
    : url_(std::move(url)), conn_(std::make_unique<Conn>(url_)) {}
SharedRateBuckets::~SharedRateBuckets() = default;

bool SharedRateBuckets::take(const std::string& key, double per_second, double burst, double& retry_after_s) {
  std::lock_guard lock(mu_);
  try {
    // Taking a token is one statement in its own transaction: safe to repeat
    // on a new connection when the old one was lost.
    const auto r = conn_->db.with_reconnect([&](pqxx::connection& c) {
      if (!conn_->table_ready) {
        pqxx::work tx(c);
        tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kRateTableLock) + ")");
        tx.exec(
            "CREATE TABLE IF NOT EXISTS lore_rate_limits (key TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT "
            "NULL, updated_at TIMESTAMPTZ NOT NULL, allowed BOOLEAN NOT NULL)");
        tx.commit();
        conn_->table_ready = true;
      }
      pqxx::nontransaction tx(c);
      // The refill r = min(burst, tokens + elapsed * rate) is computed from
      // the row's old values; a token is taken only when r >= 1. One
      // statement: atomic across nodes.
      return tx.exec_params(
          "INSERT INTO lore_rate_limits AS b (key, tokens, updated_at, allowed) "
          "VALUES ($1, $3 - 1, now(), true) "
          "ON CONFLICT (key) DO UPDATE SET "
          "tokens = LEAST($3, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)) * "
          "$2) - CASE WHEN LEAST($3, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - "
          "b.updated_at)) * $2) >= 1 THEN 1 ELSE 0 END, "
          "updated_at = now(), "
          "allowed = LEAST($3, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)) "
          "* $2) >= 1 "
          "RETURNING allowed, tokens",
          key, per_second, burst)[0];
    });
    if (r[0].as<bool>()) return true;
    retry_after_s = (1.0 - r[1].as<double>()) / per_second;
    return false;
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Error(ErrorCode::io, conn_->db.label() + " unavailable: " + conn_->db.describe(e));
  }
}

}  // namespace lore::store
