#include "pipeline/search.h"

#include <map>

#include "core/error.h"
#include "core/log.h"
#include "retrieve/lsa.h"

namespace lore::pipeline {

retrieve::RetrieveOptions retrieve_options(const Config& c) {
  retrieve::RetrieveOptions o;
  o.candidates = static_cast<size_t>(c.search_candidates);
  if (c.rm3) {
    o.feedback.docs = static_cast<size_t>(c.rm3_docs);
    o.feedback.terms = static_cast<size_t>(c.rm3_terms);
    o.feedback.original_weight = c.rm3_original_weight;
  }
  o.title_boost = c.title_boost;
  o.fusion.method = retrieve::fusion_method_from_name(c.fusion);
  o.fusion.rrf_k = static_cast<double>(c.rrf_k);
  o.fusion.dense_weight = c.dense_weight;
  o.proximity = c.proximity;
  o.proximity_weight = c.proximity_weight;
  o.merge_neighbours = c.merge_neighbours;
  o.min_score = c.min_score;
  return o;
}

KbSearcher::KbSearcher(Workspace& ws, const store::KnowledgeBase& kb) {
  const Config& c = ws.config();
  if (c.lsa) {
    auto& text = ws.text_index(kb.id);
    const int64_t chunks = text.size();
    if (chunks > c.lsa_max_chunks) {
      spdlog::info("{}: {} chunks, over search.lsa_max_chunks ({}): LSA skipped", kb.name, chunks,
                   c.lsa_max_chunks);
    } else if (chunks > 0) {
      retrieve::LsaOptions lsa;
      lsa.dims = static_cast<size_t>(c.lsa_dims);
      dense_ = std::make_unique<retrieve::LsaRetriever>(text, ws.kb_dir(kb.id) / "lsa", lsa);
    }
  }
  auto options = retrieve_options(c);
  if (dense_) {
    // LSA is a weak retriever on its own: rank fusion gives it as much say as
    // BM25 and loses (docs/retrieval.md); a small normalised share wins.
    options.fusion.method = retrieve::FusionMethod::weighted;
    options.fusion.dense_weight = c.lsa_weight;
  }
  retriever_ =
      std::make_unique<retrieve::Retriever>(ws.text_index(kb.id), ws.store(), options, dense_.get(), nullptr);
}

KbSearcher::~KbSearcher() = default;

retrieve::RetrieveResult KbSearcher::retrieve(const retrieve::RetrieveRequest& request) {
  return retriever_->retrieve(request);
}

std::vector<SearchHit> search(Workspace& ws, const store::KnowledgeBase& kb, const SearchRequest& request) {
  KbSearcher searcher(ws, kb);
  auto result = searcher.retrieve({request.query, request.top_k, request.document_ids});
  std::map<store::Id, std::string> names;
  std::vector<SearchHit> out;
  out.reserve(result.hits.size());
  for (auto& h : result.hits) {
    auto& name = names[h.chunk.document_id];
    if (name.empty())
      if (auto doc = ws.store().get_document(ws.tenant_id(), h.chunk.document_id)) name = doc->name;
    out.push_back({std::move(h.chunk), name, h.score, std::move(h.chunk_ids)});
  }
  return out;
}

}  // namespace lore::pipeline
