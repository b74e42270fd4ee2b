// Tenant and API key management (admin keys only), and /api/v1/whoami.
#include "core/error.h"
#include "server/api_keys.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

namespace {

nlohmann::json key_json(const store::ApiKey& k) {
  nlohmann::json j = {{"id", k.id},
                      {"tenant", k.tenant_name},
                      {"name", k.name},
                      {"prefix", k.prefix},
                      {"admin", k.admin},
                      {"created_at", k.created_at},
                      {"revoked", !k.revoked_at.empty()}};
  if (!k.revoked_at.empty()) j["revoked_at"] = k.revoked_at;
  return j;
}

void create_key(Ctx& c) {
  const auto body = c.body();
  auto tenant = string_field(body, "tenant", false);
  if (tenant.empty()) tenant = c.caller.tenant.empty() ? "default" : c.caller.tenant;
  const auto name = string_field(body, "name", false);
  if (body.contains("admin") && !body["admin"].is_boolean())
    throw Error(ErrorCode::invalid_argument, "field \"admin\" must be true or false");
  const bool admin = body.value("admin", false);
  const auto [plaintext, rec] = c.app.write([&](pipeline::Workspace& ws) {
    auto& st = ws.store();
    auto t = st.find_tenant(tenant);
    if (!t) throw Error(ErrorCode::not_found, "tenant \"" + tenant + "\" not found");
    auto k = generate_api_key(t->id, name, admin);
    auto stored = st.create_api_key(k.record);
    c.app.set_active_keys(st.count_active_api_keys());
    return std::make_pair(k.plaintext, stored);
  });
  auto j = key_json(rec);
  j["key"] = plaintext;
  j["note"] = "store this key now: it is shown only once";
  c.json(201, j);
}

}  // namespace

void add_admin_routes(Router& r) {
  const RouteOptions admin{.admin = true};
  r.get("/api/v1/whoami", [](Ctx& c) {
    c.json(200, {{"tenant", c.caller.tenant},
                 {"tenant_id", c.caller.tenant_id},
                 {"admin", c.caller.admin},
                 {"key_id", c.caller.key_id},
                 {"auth", c.app.auth_required() ? "api_key" : "none"}});
  });

  r.get(
      "/api/v1/tenants",
      [](Ctx& c) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& t : c.reader().store().list_tenants())
          arr.push_back({{"id", t.id}, {"name", t.name}});
        c.json(200, {{"tenants", arr}});
      },
      admin);

  r.post(
      "/api/v1/tenants",
      [](Ctx& c) {
        const auto name = string_field(c.body(), "name", true);
        if (name.empty() || name.size() > 64 || name.find_first_of(" \t\r\n/") != std::string::npos)
          throw Error(ErrorCode::invalid_argument, "invalid tenant name \"" + name + "\"");
        const auto t = c.app.write([&](pipeline::Workspace& ws) { return ws.store().create_tenant(name); });
        c.json(201, {{"id", t.id}, {"name", t.name}});
      },
      admin);

  r.get(
      "/api/v1/keys",
      [](Ctx& c) {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& k : c.reader().store().list_api_keys()) arr.push_back(key_json(k));
        c.json(200, {{"keys", arr}});
      },
      admin);

  r.post("/api/v1/keys", create_key, admin);

  r.del(
      "/api/v1/keys/{id}",
      [](Ctx& c) {
        const store::Id id = c.id_param(1);
        c.app.write([&](pipeline::Workspace& ws) {
          ws.store().revoke_api_key(id);
          c.app.set_active_keys(ws.store().count_active_api_keys());
        });
        c.json(200, {{"revoked", id}});
      },
      admin);
}

}  // namespace lore::server
