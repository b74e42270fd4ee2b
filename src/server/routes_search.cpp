// Search: the same results as `lore search --json`.
//   POST /api/v1/kbs/{kb}/search {"query", "top_k"?, "filter"? {"documents", "tags", "metadata"}}
//   GET  /api/v1/kbs/{kb}/search?q=...&top_k=&document=&tag=&where=KEY=VALUE (repeatable)
// A filter is resolved by pipeline::search (filters.h): matching nothing
// gives no results; an unknown document is a 400.
#include "core/error.h"
#include "pipeline/filters.h"
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

void run_search(Ctx& c, const std::string& query, size_t top_k, pipeline::SearchFilter filter) {
  const auto kb = c.kb_param(1);
  pipeline::SearchRequest request{query, top_k};
  request.filter = std::move(filter);
  const auto hits = pipeline::search(c.reader(), kb, request, &c.searcher(kb));
  nlohmann::json results = nlohmann::json::array();
  for (const auto& h : hits) results.push_back(pipeline::hit_json(h));
  c.json(200, {{"results", results}});
}

}  // namespace

void add_search_routes(Router& r) {
  r.post("/api/v1/kbs/{kb}/search", [](Ctx& c) {
    const auto body = c.body();
    run_search(c, string_field(body, "query", true),
               top_k_from(body.value("top_k", nlohmann::json()), c.app.config().top_k),
               pipeline::filter_from_json(body.value("filter", nlohmann::json())));
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
    // Filters as repeated parameters: document=NAME, tag=T, where=KEY=VALUE.
    pipeline::SearchFilter filter;
    for (size_t i = 0, n = c.req.get_param_value_count("document"); i < n; ++i)
      filter.documents.push_back(c.req.get_param_value("document", i));
    for (size_t i = 0, n = c.req.get_param_value_count("tag"); i < n; ++i)
      filter.tags.push_back(c.req.get_param_value("tag", i));
    std::vector<std::string> where;
    for (size_t i = 0, n = c.req.get_param_value_count("where"); i < n; ++i)
      where.push_back(c.req.get_param_value("where", i));
    filter.metadata = pipeline::metadata_from_key_values(where, "where");
    run_search(c, *q, top_k_from(k, c.app.config().top_k), std::move(filter));
  });
}

}  // namespace lore::server
