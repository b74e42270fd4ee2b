// Page images of a document, for the web UI's chunk view and citations:
//
//   GET /api/v1/documents/{id}/pages             {"document_id", "pages": [{"page", "width", "height"}]}
//   GET /api/v1/documents/{id}/pages/{n}.png     ?scale=<px per point, default 1.5>
//   GET /api/v1/chunks/{id}/locate?text=...      where a passage of the chunk (a
//       citation's quote) is printed: {"chunk_id", "page", "boxes": [[x0,y0,x1,y1]],
//       "matched_words", "passage_words"}; "page": null when it is not found
//       or the document is not a PDF (use the chunk's positions then)
//
// Sizes are in points, the frame of chunk positions' bboxes, so a bbox times
// the scale is a pixel rectangle of the PNG. Rendered on first request and
// cached under <data_dir>/cache/pages/<sha256>/ (content-addressed: a cached
// page is valid as long as the file's bytes are the same; access is always
// checked through the caller's tenant first, so another tenant gets 404),
// at most server.page_cache_mb (page_cache.h).
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "core/fs.h"
#include "parse/page_image.h"
#include "server/app.h"
#include "server/router.h"

#include <httplib.h>

namespace lore::server {

namespace {

constexpr double kDefaultScale = 1.5;

store::DocumentRecord require_paged_document(Ctx& c) {
  const auto doc = c.reader().store().get_document(c.caller.tenant_id, c.id_param(1));
  if (!doc) throw Error(ErrorCode::not_found, "document " + c.param(1) + " not found");
  if (!parse::has_page_images(doc->name))
    throw Error(ErrorCode::not_found,
                doc->name + ": no page images for this file type (only PDFs and images have pages)");
  if (doc->sha256.empty() || !c.reader().blobs().contains(doc->sha256))
    throw Error(ErrorCode::not_found, doc->name + ": the original file is not stored; upload it again");
  return *doc;
}

double scale_param(Ctx& c) {
  const auto s = c.query("scale");
  if (!s) return kDefaultScale;
  double v = 0;
  try {
    size_t used = 0;
    v = std::stod(*s, &used);
    if (used != s->size()) v = 0;
  } catch (const std::exception&) {
    v = 0;
  }
  if (!(v >= 0.1 && v <= 6))
    throw Error(ErrorCode::invalid_argument, "scale must be a number from 0.1 to 6 (pixels per point)");
  return std::round(v * 100) / 100;  // bounded set of cache entries
}

void page_list(Ctx& c) {
  const auto doc = require_paged_document(c);
  const auto bytes = c.reader().blobs().get(doc.sha256);
  nlohmann::json pages = nlohmann::json::array();
  for (const auto& p : parse::page_sizes(doc.name, bytes))
    pages.push_back({{"page", p.number}, {"width", p.width}, {"height", p.height}});
  c.json(200, {{"document_id", doc.id}, {"pages", pages}});
}

void page_png(Ctx& c) {
  const auto doc = require_paged_document(c);
  const std::string n = c.param(2);
  if (n.empty() || n.size() > 7 || n.find_first_not_of("0123456789") != std::string::npos)
    throw Error(ErrorCode::invalid_argument, "invalid page number \"" + n + "\"");
  const int page = std::stoi(n);
  const double scale = scale_param(c);
  const auto pct = std::to_string(static_cast<int>(std::lround(scale * 100)));
  const std::string etag = "\"" + doc.sha256.substr(0, 16) + "-" + std::to_string(page) + "-" + pct + "\"";
  c.res.set_header("ETag", etag);
  c.res.set_header("Cache-Control", "private, no-cache");
  if (c.req.get_header_value("If-None-Match") == etag) {
    c.res.status = 304;
    return;
  }
  const auto key = std::filesystem::path(doc.sha256) / (std::to_string(page) + "@" + pct + ".png");
  std::string png;
  if (auto cached = c.app.page_cache().get(key)) {
    png = std::move(*cached);
  } else {
    png = parse::render_page_png(doc.name, c.reader().blobs().get(doc.sha256), page, scale).png;
    c.app.page_cache().put(key, png);
  }
  c.res.status = 200;
  c.res.set_content(png, "image/png");
}

void locate(Ctx& c) {
  const auto text = c.query("text");
  if (!text || text->empty()) throw Error(ErrorCode::invalid_argument, "missing query parameter \"text\"");
  if (text->size() > 8192) throw Error(ErrorCode::invalid_argument, "\"text\" is longer than 8192 bytes");
  auto& store = c.reader().store();
  const auto chunk = store.get_chunk(c.caller.tenant_id, c.id_param(1));
  if (!chunk) throw Error(ErrorCode::not_found, "chunk " + c.param(1) + " not found");
  nlohmann::json out = {{"chunk_id", chunk->id}, {"page", nullptr}, {"boxes", nlohmann::json::array()}};
  const auto doc = store.get_document(c.caller.tenant_id, chunk->document_id);
  if (!doc || doc->name.size() < 4 || doc->name.compare(doc->name.size() - 4, 4, ".pdf") != 0 ||
      !c.reader().blobs().contains(doc->sha256)) {
    c.json(200, out);
    return;
  }
  std::vector<int> pages;
  std::vector<parse::TextRegion> regions;
  for (const auto& p : chunk->positions) {
    const int page = p.value("page", 0);
    if (page < 1) continue;
    if (std::find(pages.begin(), pages.end(), page) == pages.end()) pages.push_back(page);
    if (const auto& b = p.value("bbox", nlohmann::json()); b.is_array() && b.size() == 4)
      regions.push_back(
          {page, b[0].get<double>(), b[1].get<double>(), b[2].get<double>(), b[3].get<double>()});
  }
  const auto m = parse::locate_text(doc->name, c.reader().blobs().get(doc->sha256), pages, regions, *text);
  if (m.page > 0) {
    out["page"] = m.page;
    for (const auto& l : m.lines) out["boxes"].push_back({l.x0, l.y0, l.x1, l.y1});
  }
  out["matched_words"] = m.matched_words;
  out["passage_words"] = m.passage_words;
  c.json(200, out);
}

}  // namespace

void add_page_routes(Router& r) {
  r.get("/api/v1/chunks/{id}/locate", locate);
  r.get("/api/v1/documents/{id}/pages", page_list);
  r.get("/api/v1/documents/{id}/pages/{n}.png", page_png);
}

}  // namespace lore::server
