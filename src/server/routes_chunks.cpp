// Chunks: list per document, view, edit text (re-indexed), enable/disable.
// Edits go to the store with an index op in one transaction, then the index
// is synced before the response, so a search right after sees the change.
#include "core/error.h"
#include "core/tokens.h"
#include "pipeline/views.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

namespace {

store::ChunkRecord require_chunk(store::Store& store, const Caller& caller, store::Id id) {
  if (auto ch = store.get_chunk(caller.tenant_id, id)) return *ch;
  throw Error(ErrorCode::not_found, "chunk " + std::to_string(id) + " not found");
}

void edit(Ctx& c) {
  const store::Id id = c.id_param(1);
  const auto body = c.body();
  const bool has_text = body.contains("text"), has_enabled = body.contains("enabled");
  if (!has_text && !has_enabled)
    throw Error(ErrorCode::invalid_argument, "nothing to change: send \"text\" and/or \"enabled\"");
  const std::string text = has_text ? string_field(body, "text", true) : "";
  if (has_text && text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error(ErrorCode::invalid_argument, "chunk text must not be empty (disable the chunk instead)");
  if (has_enabled && !body["enabled"].is_boolean())
    throw Error(ErrorCode::invalid_argument, "field \"enabled\" must be true or false");
  const auto updated = c.app.write([&](pipeline::Workspace& ws) {
    const auto chunk = require_chunk(ws.store(), c.caller, id);
    if (has_text) ws.store().update_chunk_text(id, text, static_cast<int64_t>(count_tokens(text)));
    if (has_enabled) ws.store().set_chunk_enabled(id, body["enabled"].get<bool>());
    ws.sync_index(chunk.kb_id);
    return require_chunk(ws.store(), c.caller, id);
  });
  c.json(200, pipeline::chunk_json(updated));
}

}  // namespace

void add_chunk_routes(Router& r) {
  r.get("/api/v1/documents/{id}/chunks", [](Ctx& c) {
    auto& store = c.reader().store();
    const auto doc = store.get_document(c.caller.tenant_id, c.id_param(1));
    if (!doc) throw Error(ErrorCode::not_found, "document " + c.param(1) + " not found");
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& ch : store.chunks_of_document(doc->id)) arr.push_back(pipeline::chunk_json(ch));
    c.json(200, {{"document", pipeline::document_json(*doc)}, {"chunks", arr}});
  });

  r.get("/api/v1/chunks/{id}", [](Ctx& c) {
    c.json(200, pipeline::chunk_json(require_chunk(c.reader().store(), c.caller, c.id_param(1))));
  });

  r.patch("/api/v1/chunks/{id}", edit);
}

}  // namespace lore::server
