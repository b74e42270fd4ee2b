// Figure pictures: GET /api/v1/chunks/{id}/image returns the PNG (or other
// stored format) of a figure chunk, scoped to the caller's tenant. The picture
// is a content-addressed blob named by the chunk's metadata "image.blob", so
// its sha256 is a strong ETag and the response never changes for that name.
#include "core/error.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

namespace {

std::string mime_of(const std::string& format) {
  if (format == "jpeg" || format == "jpg") return "image/jpeg";
  if (format == "webp") return "image/webp";
  return "image/png";
}

void image(Ctx& c) {
  const store::Id id = c.id_param(1);
  auto& ws = c.reader();
  // Another tenant's chunk is "not found", exactly like a missing one.
  const auto chunk = ws.store().get_chunk(c.caller.tenant_id, id);
  if (!chunk) throw Error(ErrorCode::not_found, "chunk " + std::to_string(id) + " not found");
  const auto it = chunk->metadata.find("image");
  const std::string sha = it != chunk->metadata.end() && it->is_object() ? it->value("blob", "") : "";
  if (sha.empty()) throw Error(ErrorCode::not_found, "chunk " + std::to_string(id) + " has no image");
  if (!ws.blobs().contains(sha))
    throw Error(ErrorCode::not_found,
                "chunk " + std::to_string(id) + ": its image is no longer stored; reparse the document");
  const std::string etag = "\"" + sha + "\"";
  c.res.set_header("ETag", etag);
  // private: the picture is only for callers of this tenant.
  c.res.set_header("Cache-Control", "private, max-age=31536000, immutable");
  if (c.req.get_header_value("If-None-Match") == etag) {
    c.res.status = 304;
    return;
  }
  c.res.status = 200;
  c.res.set_content(ws.blobs().get(sha), mime_of(it->value("format", "png")));
}

}  // namespace

void add_image_routes(Router& r) { r.get("/api/v1/chunks/{id}/image", image); }

}  // namespace lore::server
