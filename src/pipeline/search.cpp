#include "pipeline/search.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/error.h"
#include "core/text.h"
#include "pipeline/embeddings.h"
#include "retrieve/fusion.h"
#include "retrieve/vector_retriever.h"

namespace lore::pipeline {
namespace {

struct Ranked {
  int64_t chunk_id = 0;
  double score = 0;
  int text_rank = 0, vector_rank = 0;
};

std::vector<Ranked> first_stage(Workspace& ws, const store::KnowledgeBase& kb, const std::string& query,
                                size_t n) {
  const auto text = ws.text_index(kb.id).search({query, n, {}});
  auto model = open_embedding_model(ws.config(), kb);
  index::VectorIndex* vectors = model ? ws.vector_index(kb.id) : nullptr;
  std::vector<Ranked> out;
  if (!vectors || vectors->size() == 0) {  // BM25 only
    for (size_t i = 0; i < text.size(); ++i) out.push_back({text[i].chunk_id, text[i].score, int(i + 1), 0});
    return out;
  }
  retrieve::VectorRetriever dense(*model, *vectors);
  std::vector<retrieve::RankedCandidate> t, v;
  for (const auto& h : text) t.push_back({h.chunk_id, h.document_id, h.score});
  for (const auto& h : dense.search(query, n, {})) v.push_back({h.chunk_id, h.document_id, h.similarity});
  retrieve::FusionOptions options;
  options.method = retrieve::parse_fusion_method(ws.config().fusion);
  options.vector_weight = ws.config().vector_weight;
  options.rrf_k = static_cast<double>(ws.config().rrf_k);
  for (const auto& f : retrieve::fuse(t, v, options))
    out.push_back({f.chunk_id, f.score, f.text_rank, f.vector_rank});
  return out;
}

}  // namespace

std::vector<SearchHit> search(Workspace& ws, const store::KnowledgeBase& kb, const SearchRequest& request) {
  if (text::trim(request.query).empty()) throw Error(ErrorCode::invalid_argument, "empty query");
  if (request.top_k == 0) throw Error(ErrorCode::invalid_argument, "top-k must be at least 1");
  const size_t n = std::max(request.top_k, static_cast<size_t>(ws.config().candidates));
  std::vector<Ranked> ranked = first_stage(ws, kb, request.query, n);

  auto reranker = open_reranker(ws.config(), kb);
  const size_t fetch =
      reranker ? std::max(request.top_k, static_cast<size_t>(ws.config().rerank.top_n)) : request.top_k;
  if (ranked.size() > fetch) ranked.resize(fetch);
  std::vector<store::Id> ids;
  ids.reserve(ranked.size());
  for (const auto& r : ranked) ids.push_back(r.chunk_id);
  auto chunks = ws.store().get_chunks(ids);
  std::map<store::Id, store::ChunkRecord*> by_id;
  for (auto& c : chunks) by_id[c.id] = &c;
  // A hit whose chunk is gone was deleted after the index snapshot we read:
  // the store is the truth, so the hit is dropped.
  std::erase_if(ranked, [&](const Ranked& r) { return !by_id.count(r.chunk_id); });

  if (reranker && !ranked.empty()) {
    std::vector<std::string> passages;
    for (const auto& r : ranked) passages.push_back(by_id[r.chunk_id]->text);
    const auto scores = reranker->score(request.query, passages);
    for (size_t i = 0; i < ranked.size(); ++i) ranked[i].score = scores[i];
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
  }
  if (ranked.size() > request.top_k) ranked.resize(request.top_k);

  std::map<store::Id, std::string> names;
  std::vector<SearchHit> out;
  for (const auto& r : ranked) {
    auto* chunk = by_id[r.chunk_id];
    auto& name = names[chunk->document_id];
    if (name.empty())
      if (auto doc = ws.store().get_document(kb.tenant_id, chunk->document_id)) name = doc->name;
    out.push_back({std::move(*chunk), name, r.score, r.text_rank, r.vector_rank});
  }
  return out;
}

}  // namespace lore::pipeline
