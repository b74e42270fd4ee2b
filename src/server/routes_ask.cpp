// Ask (question answering with citations): needs the query pipeline
// (pipeline/query.h), which is not on this branch yet; the routes exist so
// clients get a clear 501 instead of a 404.
#include "server/app.h"
#include "server/router.h"
#include "server/sessions.h"

#include <httplib.h>

namespace lore::server {

namespace {

[[noreturn]] void not_yet() {
  throw HttpError(501, "not_implemented",
                  "question answering is not available in this build (the query pipeline is not built in)");
}

}  // namespace

void add_ask_routes(Router& r) {
  r.post("/api/v1/kbs/{kb}/ask", [](Ctx& c) {
    c.kb_param(1);
    not_yet();
  });
  r.post("/api/v1/sessions/{id}/ask", [](Ctx& c) {
    require_session(c, c.id_param(1));
    not_yet();
  });
}

}  // namespace lore::server
