#include "pipeline/search.h"

#include <algorithm>
#include <map>

#include "core/error.h"
#include "core/log.h"
#include "pipeline/embeddings.h"
#include "retrieve/lsa.h"
#include "retrieve/vector_retriever.h"

namespace lore::pipeline {

retrieve::RetrieveOptions retrieve_options(const Config& c) {
  retrieve::RetrieveOptions o;
  o.candidates = static_cast<size_t>(c.candidates);
  if (c.rm3) {
    o.feedback.docs = static_cast<size_t>(c.rm3_docs);
    o.feedback.terms = static_cast<size_t>(c.rm3_terms);
    o.feedback.original_weight = c.rm3_original_weight;
  }
  o.title_boost = c.title_boost;
  o.proximity = c.proximity;
  o.proximity_weight = c.proximity_weight;
  o.rerank_candidates = static_cast<size_t>(c.rerank.top_n);
  o.merge_neighbours = c.merge_neighbours;
  o.min_score = c.min_score;
  return o;
}

KbSearcher::KbSearcher(Workspace& ws, const store::KnowledgeBase& kb) {
  const Config& c = ws.config();
  auto& text = ws.text_index(kb.id);
  std::vector<retrieve::DenseStage> dense;

  embedding_ = open_embedding_model(c, kb);
  if (index::VectorIndex* index = embedding_ ? ws.vector_index(kb.id) : nullptr; index && index->size() > 0) {
    vectors_ = std::make_unique<retrieve::VectorRetriever>(*embedding_, *index);
    retrieve::FusionOptions fusion;
    fusion.method = retrieve::parse_fusion_method(c.fusion);
    fusion.rrf_k = static_cast<double>(c.rrf_k);
    fusion.dense_weight = c.vector_weight;
    dense.push_back({"vector", vectors_.get(), fusion});
  }

  if (c.lsa) {
    const int64_t chunks = text.size();
    if (chunks > c.lsa_max_chunks) {
      spdlog::info("{}: {} chunks, over search.lsa_max_chunks ({}): LSA skipped", kb.name, chunks,
                   c.lsa_max_chunks);
    } else if (chunks > 0) {
      retrieve::LsaOptions lsa;
      lsa.dims = static_cast<size_t>(c.lsa_dims);
      lsa_ = std::make_unique<retrieve::LsaRetriever>(text, ws.kb_dir(kb.id) / "lsa", lsa);
      // LSA is a weak retriever on its own: rank fusion gives it as much say as
      // BM25 and loses (docs/retrieval.md); a small normalised share wins.
      dense.push_back({"lsa",
                       lsa_.get(),
                       {retrieve::FusionMethod::weighted, static_cast<double>(c.rrf_k), c.lsa_weight}});
    }
  }

  reranker_ = open_reranker(c, kb);
  retriever_ = std::make_unique<retrieve::Retriever>(text, ws.store(), retrieve_options(c), std::move(dense),
                                                     reranker_.get());
}

KbSearcher::~KbSearcher() = default;

retrieve::RetrieveResult KbSearcher::retrieve(const retrieve::RetrieveRequest& request) {
  return retriever_->retrieve(request);
}

std::vector<SearchHit> search(Workspace& ws, const store::KnowledgeBase& kb, const SearchRequest& request,
                              KbSearcher* searcher) {
  retrieve::RetrieveRequest rr{request.query, request.top_k, request.document_ids};
  retrieve::check_request(rr);  // before opening models: a bad request costs nothing
  if (!request.filter.empty()) {
    auto allowed = resolve_filter(ws.store(), kb, request.filter);
    if (!request.document_ids.empty())
      std::erase_if(allowed, [&](int64_t id) {
        return std::find(request.document_ids.begin(), request.document_ids.end(), id) ==
               request.document_ids.end();
      });
    // Nothing matches: no results, never an unfiltered search.
    if (allowed.empty()) return {};
    rr.document_ids = std::move(allowed);
  }
  std::unique_ptr<KbSearcher> owned;
  if (!searcher) {
    owned = std::make_unique<KbSearcher>(ws, kb);
    searcher = owned.get();
  }
  auto result = searcher->retrieve(rr);
  std::map<store::Id, std::string> names;
  std::vector<SearchHit> out;
  out.reserve(result.hits.size());
  for (auto& h : result.hits) {
    auto& name = names[h.chunk.document_id];
    if (name.empty())
      if (auto doc = ws.store().get_document(kb.tenant_id, h.chunk.document_id)) name = doc->name;
    out.push_back({std::move(h.chunk), name, h.score, std::move(h.chunk_ids), h.text_rank, h.vector_rank});
  }
  return out;
}

}  // namespace lore::pipeline
