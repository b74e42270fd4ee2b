#include <pqxx/pqxx>

#include "core/config.h"
#include "core/error.h"
#include "store/store_health.h"
#include "store/store_url.h"

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
    std::string msg = scrub_password(config.store_url, e.what());
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return "database " + mask_url_password(config.store_url) + " not answering: " + msg;
  }
}

struct SharedRateBuckets::Conn {
  explicit Conn(const std::string& url) : c(url) {}
  pqxx::connection c;
};

SharedRateBuckets::SharedRateBuckets(std::string url) : url_(std::move(url)) {}
SharedRateBuckets::~SharedRateBuckets() = default;

bool SharedRateBuckets::take(const std::string& key, double per_second, double burst, double& retry_after_s) {
  std::lock_guard lock(mu_);
  try {
    if (!conn_ || !conn_->c.is_open()) {
      conn_.reset();
      auto conn = std::make_unique<Conn>(url_);
      auto* c = &conn->c;
      pqxx::work tx(*c);
      tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kRateTableLock) + ")");
      tx.exec(
          "CREATE TABLE IF NOT EXISTS lore_rate_limits (key TEXT PRIMARY KEY, tokens DOUBLE PRECISION NOT "
          "NULL, "
          "updated_at TIMESTAMPTZ NOT NULL, allowed BOOLEAN NOT NULL)");
      tx.commit();
      c->prepare("lore_take_token",
                 // The refill r = min(burst, tokens + elapsed * rate) is
                 // computed from the row's old values; a token is taken only
                 // when r >= 1. One statement: atomic across nodes.
                 "INSERT INTO lore_rate_limits AS b (key, tokens, updated_at, allowed) "
                 "VALUES ($1, $3 - 1, now(), true) "
                 "ON CONFLICT (key) DO UPDATE SET "
                 "tokens = LEAST($3, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)) * "
                 "$2) - CASE WHEN LEAST($3, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - "
                 "b.updated_at)) * $2) >= 1 THEN 1 ELSE 0 END, "
                 "updated_at = now(), "
                 "allowed = LEAST($3, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)) "
                 "* $2) >= 1 "
                 "RETURNING allowed, tokens");
      conn_ = std::move(conn);
    }
    pqxx::nontransaction tx(conn_->c);
    const auto r = tx.exec_prepared("lore_take_token", key, per_second, burst)[0];
    if (r[0].as<bool>()) return true;
    retry_after_s = (1.0 - r[1].as<double>()) / per_second;
    return false;
  } catch (const std::exception& e) {
    conn_.reset();
    throw Error(ErrorCode::io, "rate limits in " + mask_url_password(url_) +
                                   " unavailable: " + scrub_password(url_, e.what()));
  }
}

}  // namespace lore::store
