// /healthz (process up), /readyz (store answers), /metrics (Prometheus).
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

void add_health_routes(Router& r) {
  const RouteOptions open{.auth = false};
  r.get(
      "/healthz",
      [](Ctx& c) {
        c.json(200, {{"status", "ok"}});
      },
      open);
  r.get(
      "/readyz",
      [](Ctx& c) {
        auto& store = c.reader().store();
        c.json(200, {{"status", "ready"},
                     {"auth", c.app.auth_required() ? "api_key" : "none"},
                     {"jobs_queued", store.count_jobs("queued")}});
      },
      open);
  r.get(
      "/metrics",
      [](Ctx& c) {
        c.res.status = 200;
        c.res.set_content(c.app.metrics().render(c.app.gauges()), "text/plain; version=0.0.4");
      },
      open);
}

}  // namespace lore::server
