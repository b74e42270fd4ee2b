#include "pipeline/search.h"

#include <map>

#include "core/error.h"
#include "core/text.h"

namespace lore::pipeline {

std::vector<SearchHit> search(Workspace& ws, const store::KnowledgeBase& kb, const SearchRequest& request) {
  if (text::trim(request.query).empty()) throw Error(ErrorCode::invalid_argument, "empty query");
  if (request.top_k == 0) throw Error(ErrorCode::invalid_argument, "top-k must be at least 1");
  const auto hits = ws.text_index(kb.id).search({request.query, request.top_k, {}});
  std::vector<store::Id> ids;
  ids.reserve(hits.size());
  for (const auto& h : hits) ids.push_back(h.chunk_id);
  auto chunks = ws.store().get_chunks(ids);
  std::map<store::Id, store::ChunkRecord*> by_id;
  for (auto& c : chunks) by_id[c.id] = &c;

  std::map<store::Id, std::string> names;
  std::vector<SearchHit> out;
  for (const auto& h : hits) {
    auto it = by_id.find(h.chunk_id);
    // A hit whose chunk is gone was deleted after the index snapshot we read:
    // the store is the truth, so the hit is dropped.
    if (it == by_id.end()) continue;
    auto& name = names[h.document_id];
    if (name.empty())
      if (auto doc = ws.store().get_document(kb.tenant_id, it->second->document_id)) name = doc->name;
    out.push_back({std::move(*it->second), name, h.score});
  }
  return out;
}

}  // namespace lore::pipeline
