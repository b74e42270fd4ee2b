// lore key create [--tenant T] [--admin] [--name N] | list | revoke ID
#include <iostream>

#include "cli/cli.h"
#include "core/error.h"
#include "pipeline/workspace.h"
#include "server/api_keys.h"

namespace lore::cli {

namespace {

nlohmann::json key_json(const store::ApiKey& k) {
  return {{"id", k.id},
          {"tenant", k.tenant_name},
          {"name", k.name},
          {"prefix", k.prefix},
          {"admin", k.admin},
          {"created_at", k.created_at},
          {"revoked", !k.revoked_at.empty()}};
}

}  // namespace

void add_key_commands(CLI::App& app, Context& ctx) {
  auto* key = app.add_subcommand("key",
                                 "Manage API keys for `lore serve` (stored hashed; shown once)\n"
                                 "  example: lore key create --tenant acme --admin");
  key->require_subcommand(1);

  struct CreateOpts {
    std::string tenant = "default", name;
    bool admin = false, json = false;
  };
  auto c = std::make_shared<CreateOpts>();
  auto* create = key->add_subcommand("create",
                                     "Create a key (and the tenant if new); prints the key once\n"
                                     "  example: lore key create --tenant acme --name ci");
  create->add_option("--tenant", c->tenant,
                     "Tenant the key belongs to (created if missing; default \"default\")");
  create->add_option("--name", c->name, "A label for the key");
  create->add_flag("--admin", c->admin, "May manage tenants and keys through the API");
  create->add_flag("--json", c->json, "Print JSON");
  create->callback([&ctx, c] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::write);
    auto& st = ws.store();
    auto tenant = st.find_tenant(c->tenant);
    if (!tenant) tenant = st.create_tenant(c->tenant);
    const auto k = server::generate_api_key(tenant->id, c->name, c->admin);
    const auto rec = st.create_api_key(k.record);
    if (c->json) {
      auto j = key_json(rec);
      j["key"] = k.plaintext;
      print_json(j);
      return;
    }
    std::cout << k.plaintext << '\n';
    std::cerr << "key " << rec.id << " for tenant " << rec.tenant_name << (rec.admin ? " (admin)" : "")
              << ": store it now, it is not shown again\n";
  });

  auto list_json = std::make_shared<bool>(false);
  auto* list = key->add_subcommand("list", "List keys (never the secrets)\n  example: lore key list --json");
  list->add_flag("--json", *list_json, "Print JSON");
  list->callback([&ctx, list_json] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::read);
    const auto keys = ws.store().list_api_keys();
    if (*list_json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& k : keys) arr.push_back(key_json(k));
      print_json({{"keys", arr}});
      return;
    }
    if (keys.empty()) std::cout << "no API keys (lore serve runs without auth, loopback only)\n";
    for (const auto& k : keys)
      std::cout << k.id << "  lore_" << k.prefix << "_…  tenant=" << k.tenant_name
                << (k.admin ? "  admin" : "") << (k.name.empty() ? "" : "  name=" + k.name)
                << (k.revoked_at.empty() ? "" : "  REVOKED") << '\n';
  });

  auto revoke_id = std::make_shared<int64_t>(0);
  auto* revoke = key->add_subcommand("revoke", "Revoke a key by id\n  example: lore key revoke 3");
  revoke->add_option("ID", *revoke_id, "Key id (from `lore key list`)")->required();
  revoke->callback([&ctx, revoke_id] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::write);
    ws.store().revoke_api_key(*revoke_id);
    std::cout << "revoked key " << *revoke_id << '\n';
  });
}

}  // namespace lore::cli
