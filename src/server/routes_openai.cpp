// OpenAI-compatible API: /v1/models lists the caller's knowledge bases as
// models "lore:<kb>"; /v1/chat/completions answers from one of them.
#include "core/error.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

void add_openai_routes(Router& r) {
  r.get("/v1/models", [](Ctx& c) {
    nlohmann::json data = nlohmann::json::array();
    for (const auto& kb : c.reader().store().list_kbs(c.caller.tenant_id))
      data.push_back(
          {{"id", "lore:" + kb.name}, {"object", "model"}, {"created", 0}, {"owned_by", c.caller.tenant}});
    c.json(200, {{"object", "list"}, {"data", data}});
  });
  r.post("/v1/chat/completions", [](Ctx&) {
    throw HttpError(501, "not_implemented",
                    "chat completions are not available in this build (the query pipeline is not built in)");
  });
}

}  // namespace lore::server
