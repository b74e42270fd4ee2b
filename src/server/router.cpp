#include "server/router.h"

#include <chrono>
#include <cmath>
#include <regex>

#include "core/error.h"
#include "core/log.h"
#include "server/api_keys.h"
#include "server/app.h"

#include <httplib.h>

namespace lore::server {

namespace {

// "/api/v1/kbs/{kb}/documents" -> regex with one capture per placeholder.
std::string to_regex(const std::string& path) {
  static const std::regex kPlaceholder(R"(\{(\w+)\})");
  std::string out;
  auto begin = std::sregex_iterator(path.begin(), path.end(), kPlaceholder);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    out += path.substr(last, static_cast<size_t>(it->position()) - last);
    const auto name = (*it)[1].str();
    out += name == "id" ? R"((\d+))" : name == "kb" ? R"(([A-Za-z0-9][A-Za-z0-9_.\-]*))" : R"(([^/]+))";
    last = static_cast<size_t>(it->position() + it->length());
  }
  return out + path.substr(last);
}

std::string bearer_key(const httplib::Request& req) {
  auto auth = req.get_header_value("Authorization");
  if (auth.size() > 7 && (auth.compare(0, 7, "Bearer ") == 0 || auth.compare(0, 7, "bearer ") == 0))
    return auth.substr(7);
  return req.get_header_value("X-API-Key");
}

Caller authenticate(Ctx& ctx) {
  auto& store = ctx.reader().store();
  if (!ctx.app.auth_required()) return {ctx.reader().tenant_id(), "default", 0, true};
  const std::string key = bearer_key(ctx.req);
  if (key.empty())
    throw Error(ErrorCode::unauthorized, "missing API key: send \"Authorization: Bearer <key>\"");
  const auto prefix = api_key_prefix(key);
  std::optional<store::ApiKey> rec;
  if (prefix) rec = store.find_api_key(*prefix);
  if (!rec || !rec->revoked_at.empty() || !api_key_matches(key, *rec))
    throw Error(ErrorCode::unauthorized, "invalid or revoked API key");
  return {rec->tenant_id, rec->tenant_name, rec->id, rec->admin};
}

}  // namespace

void Router::get(const std::string& p, Handler h, RouteOptions o) { add("GET", p, std::move(h), o); }
void Router::post(const std::string& p, Handler h, RouteOptions o) { add("POST", p, std::move(h), o); }
void Router::patch(const std::string& p, Handler h, RouteOptions o) { add("PATCH", p, std::move(h), o); }
void Router::del(const std::string& p, Handler h, RouteOptions o) { add("DELETE", p, std::move(h), o); }

void Router::add(const std::string& method, const std::string& path, Handler h, RouteOptions o) {
  App* app = &app_;
  auto handler = [app, method, path, h = std::move(h), o](const httplib::Request& req,
                                                          httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    const std::string rid = request_id_for(req);
    res.set_header("X-Request-Id", rid);
    Ctx ctx(req, res, *app, rid);
    try {
      const auto max_body = static_cast<size_t>(app->config().max_body_kb) * 1024;
      if (!o.upload && req.body.size() > max_body)
        throw Error(ErrorCode::too_large,
                    "request body is " + std::to_string(req.body.size() / 1024) + " KiB, over the limit of " +
                        std::to_string(app->config().max_body_kb) + " KiB (server.max_body_kb)");
      if (o.auth) {
        ctx.caller = authenticate(ctx);
        double retry = 0;
        const std::string who =
            ctx.caller.key_id ? "key:" + std::to_string(ctx.caller.key_id) : req.remote_addr;
        if (!app->limiter().allow(who, retry)) {
          res.set_header("Retry-After", std::to_string(static_cast<int64_t>(std::ceil(retry))));
          throw Error(ErrorCode::rate_limited, "rate limit exceeded (server.rate_limit_per_minute = " +
                                                   std::to_string(app->config().rate_limit_per_minute) +
                                                   "); retry in " +
                                                   std::to_string(static_cast<int>(std::ceil(retry))) + " s");
        }
        if (o.admin && !ctx.caller.admin)
          throw Error(ErrorCode::forbidden, method + " " + path + " needs an admin API key");
      }
      h(ctx);
    } catch (const HttpError& e) {
      ctx.json(e.status(), error_body(e.code(), e.what(), rid));
    } catch (const Error& e) {
      ctx.json(http_status_for(e.code()), error_body(error_code_name(e.code()), e.what(), rid));
    } catch (const std::exception& e) {
      spdlog::error("request_id={} {} {}: {}", rid, method, req.path, e.what());
      ctx.json(500, error_body("internal", std::string("internal error: ") + e.what(), rid));
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    app->metrics().observe(method, path, res.status, secs);
    spdlog::info("request_id={} {} {} status={} tenant={} ms={:.1f}", rid, method, req.path, res.status,
                 ctx.caller.tenant_id, secs * 1000);
  };
  const std::string re = to_regex(path);
  if (method == "GET")
    server_.Get(re, handler);
  else if (method == "POST")
    server_.Post(re, handler);
  else if (method == "PATCH")
    server_.Patch(re, handler);
  else if (method == "DELETE")
    server_.Delete(re, handler);
}

}  // namespace lore::server
