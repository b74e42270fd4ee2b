// Knowledge bases: /api/v1/kbs[/{kb}], names are unique within a tenant.
#include "pipeline/raptor.h"
#include "pipeline/views.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

void add_kb_routes(Router& r) {
  r.get("/api/v1/kbs", [](Ctx& c) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& kb : c.reader().store().list_kbs(c.caller.tenant_id))
      arr.push_back(pipeline::kb_json(kb));
    c.json(200, {{"knowledge_bases", arr}});
  });

  r.post("/api/v1/kbs", [](Ctx& c) {
    const auto body = c.body();
    const auto name = string_field(body, "name", true);
    auto tmpl = string_field(body, "template", false);
    if (tmpl.empty()) tmpl = c.app.config().chunk_template;
    const auto kb =
        c.app.write([&](pipeline::Workspace& ws) { return ws.create_kb(c.caller.tenant_id, name, tmpl); });
    c.json(201, pipeline::kb_json(kb));
  });

  r.get("/api/v1/kbs/{kb}", [](Ctx& c) { c.json(200, pipeline::kb_json(c.kb_param(1))); });

  r.del("/api/v1/kbs/{kb}", [](Ctx& c) {
    const auto name = c.param(1);
    c.app.write([&](pipeline::Workspace& ws) { ws.delete_kb(c.caller.tenant_id, name); });
    c.json(200, {{"deleted", name}});
  });

  // Builds the knowledge base's RAPTOR tree (docs/raptor.md) and answers
  // with the build report. Body (all optional): {"scope": "kb"|"document",
  // "rebuild": bool, "extractive": bool, "reduction": "pca"|"umap"}.
  r.post("/api/v1/kbs/{kb}/raptor", [](Ctx& c) {
    const auto kb = c.kb_param(1);
    const auto body = c.body();
    pipeline::RaptorOptions o;
    if (auto scope = string_field(body, "scope", false); !scope.empty()) o.scope = scope;
    o.reduction = string_field(body, "reduction", false);  // build_raptor rejects anything but pca|umap
    if (body.is_object()) {
      o.rebuild = body.value("rebuild", false);
      o.use_chat = !body.value("extractive", false);
    }
    const auto report =
        c.app.write([&](pipeline::Workspace& ws) { return pipeline::build_raptor(ws, kb, o); });
    c.json(200, pipeline::raptor_report_json(report));
  });
}

}  // namespace lore::server
