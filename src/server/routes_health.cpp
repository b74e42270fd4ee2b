// /healthz (process up), /readyz (store answers), /metrics (Prometheus).
#include "server/app.h"
#include "server/router.h"
#include "store/store_health.h"

#include <httplib.h>

namespace lore::server {

namespace {
constexpr std::chrono::milliseconds kProbeTimeout{2000};
}  // namespace

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
        // PostgreSQL: a trivial query on a fresh connection with a short
        // timeout, so a load balancer takes a node whose database is gone
        // out of rotation instead of waiting on it.
        if (auto down = store::probe_store(c.app.config(), kProbeTimeout)) {
          c.json(503, {{"status", "unavailable"}, {"database", "down"}, {"reason", *down}});
          return;
        }
        auto& store = c.reader().store();
        c.json(200, {{"status", "ready"},
                     {"database", c.app.config().store_backend == "postgres" ? "ok" : "embedded"},
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
