// Prompt compression as a service (src/compress; the same as `lore compress --json`).
//
//   POST /api/v1/compress  {"question", "passages": [string | {"text"}] or "text": plain text,
//                           "instruction"?, "rate"? (0, 1] | "budget"? tokens (default rate 0.5)}
//   -> {"text", "passages", "original_tokens", "compressed_tokens", "rate", "ms", "ranking"}
// With [rerank] configured the passages are also scored by the reranker.
// Any valid API key may call it: it reads only the request body, no tenant data.
#include "compress/compress.h"
#include "core/error.h"
#include "pipeline/compression.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

void add_compress_routes(Router& r) {
  r.post("/api/v1/compress", [](Ctx& c) {
    const auto body = c.body();
    compress::Request req;
    req.question = string_field(body, "question", true);
    req.instruction = string_field(body, "instruction", false);
    const bool has_passages = body.contains("passages") && !body["passages"].is_null();
    const bool has_text = body.contains("text") && !body["text"].is_null();
    if (has_passages == has_text)
      throw Error(ErrorCode::invalid_argument,
                  "give the context as either \"passages\" (a list) or \"text\"");
    if (has_passages) {
      if (!body["passages"].is_array())
        throw Error(ErrorCode::invalid_argument,
                    "\"passages\" must be a list of strings or {\"text\": ...} objects");
      req.passages = compress::parse_passages(body["passages"].dump(), "\"passages\"");
    } else {
      req.passages = compress::split_paragraphs(string_field(body, "text", true));
    }
    nlohmann::json target = nlohmann::json::object();
    for (const char* key : {"rate", "budget"})
      if (body.contains(key) && !body[key].is_null()) target[key] = body[key];
    if (target.size() > 1)
      throw Error(ErrorCode::invalid_argument, "give either \"rate\" or \"budget\", not both");
    const auto setting = pipeline::compress_setting_from_json(target, "request");
    req.target.budget = setting.budget;
    req.target.rate = setting.enabled() ? setting.rate : 0.5;
    c.json(200, compress::result_to_json(pipeline::compress_passages(std::move(req), c.app.config())));
  });
}

}  // namespace lore::server
