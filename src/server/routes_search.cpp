// Search: the same results as `lore search --json`.
#include "core/error.h"
#include "pipeline/search.h"
#include "pipeline/views.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

namespace {

size_t top_k_from(const nlohmann::json& v, int64_t fallback) {
  if (v.is_null()) return static_cast<size_t>(fallback);
  if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 1000)
    throw Error(ErrorCode::invalid_argument, "top_k must be an integer from 1 to 1000");
  return v.get<size_t>();
}

void run_search(Ctx& c, const std::string& query, size_t top_k) {
  const auto kb = c.kb_param(1);
  const auto hits = pipeline::search(c.reader(), kb, {query, top_k}, &c.searcher(kb));
  nlohmann::json results = nlohmann::json::array();
  for (const auto& h : hits) results.push_back(pipeline::hit_json(h));
  c.json(200, {{"results", results}});
}

}  // namespace

void add_search_routes(Router& r) {
  r.post("/api/v1/kbs/{kb}/search", [](Ctx& c) {
    const auto body = c.body();
    run_search(c, string_field(body, "query", true),
               top_k_from(body.value("top_k", nlohmann::json()), c.app.config().top_k));
  });
  r.get("/api/v1/kbs/{kb}/search", [](Ctx& c) {
    const auto q = c.query("q");
    if (!q) throw Error(ErrorCode::invalid_argument, "missing query parameter \"q\"");
    nlohmann::json k;
    if (auto s = c.query("top_k")) {
      try {
        k = std::stoll(*s);
      } catch (const std::exception&) {
        throw Error(ErrorCode::invalid_argument, "top_k must be an integer from 1 to 1000");
      }
    }
    run_search(c, *q, top_k_from(k, c.app.config().top_k));
  });
}

}  // namespace lore::server
