#include "retrieve/retrieve.h"

#include <algorithm>
#include <chrono>
#include <tuple>
#include <unordered_map>

#include "core/error.h"
#include "core/text.h"
#include "retrieve/proximity.h"

namespace lore::retrieve {

namespace {

class StageClock {
 public:
  explicit StageClock(std::vector<StageTiming>& out) : out_(out), start_(std::chrono::steady_clock::now()) {}
  void lap(std::string stage) {
    const auto now = std::chrono::steady_clock::now();
    out_.push_back({std::move(stage), std::chrono::duration<double, std::milli>(now - start_).count()});
    start_ = now;
  }

 private:
  std::vector<StageTiming>& out_;
  std::chrono::steady_clock::time_point start_;
};

void sort_by_score(std::vector<Hit>& hits) {
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.score > b.score; });
}

}  // namespace

void check_request(const RetrieveRequest& request) {
  if (text::trim(request.query).empty()) throw Error(ErrorCode::invalid_argument, "empty query");
  if (request.top_k == 0) throw Error(ErrorCode::invalid_argument, "top-k must be at least 1");
}

Retriever::Retriever(index::TextIndex& text, store::Store& store, RetrieveOptions options,
                     std::vector<DenseStage> dense, models::Reranker* reranker)
    : text_(text), store_(store), options_(std::move(options)), dense_(std::move(dense)), reranker_(reranker) {}

RetrieveResult Retriever::retrieve(const RetrieveRequest& request) {
  RetrieveResult result;
  StageClock clock(result.stages);

  check_request(request);
  const std::string query = text::collapse_whitespace(request.query);
  const size_t n = std::max(options_.candidates, request.top_k);
  clock.lap("preprocess");

  index::TextQuery tq{query, n, request.document_ids, options_.feedback, options_.title_boost};
  Ranking ranked;
  for (const auto& h : text_.search(tq))
    ranked.push_back({h.chunk_id, h.document_id, h.score, static_cast<int>(ranked.size() + 1), 0});
  clock.lap("bm25");

  for (size_t s = 0; s < dense_.size(); ++s) {
    const auto& stage = dense_[s];
    Ranking dense;
    for (const auto& h : stage.retriever->search(query, n, request.document_ids))
      dense.push_back({h.chunk_id, h.document_id, h.similarity});
    clock.lap(stage.name);
    Ranking fused = fuse(ranked, dense, stage.fusion);
    if (s > 0) {
      // fuse() ranks its own two inputs; keep the BM25 and first dense ranks.
      std::unordered_map<int64_t, std::pair<int, int>> before;
      for (const auto& c : ranked) before.emplace(c.chunk_id, std::pair{c.text_rank, c.vector_rank});
      for (auto& c : fused) {
        const auto it = before.find(c.chunk_id);
        std::tie(c.text_rank, c.vector_rank) = it == before.end() ? std::pair{0, 0} : it->second;
      }
    }
    ranked = std::move(fused);
    if (ranked.size() > n) ranked.resize(n);
    clock.lap(stage.name + "_fusion");
  }

  std::vector<int64_t> ids;
  ids.reserve(ranked.size());
  for (const auto& c : ranked) ids.push_back(c.chunk_id);
  std::unordered_map<int64_t, store::ChunkRecord> chunks;
  for (auto& c : store_.get_chunks(ids)) chunks.emplace(c.id, std::move(c));
  std::vector<Hit> hits;
  hits.reserve(ranked.size());
  for (const auto& c : ranked) {
    auto it = chunks.find(c.chunk_id);
    if (it == chunks.end()) continue;
    hits.push_back({std::move(it->second), c.score, {c.chunk_id}, c.text_rank, c.vector_rank});
  }
  clock.lap("fetch");

  const size_t m = std::min(hits.size(), std::max(options_.rerank_candidates, request.top_k));
  if (reranker_ && m > 0) {
    std::vector<std::string> passages;
    for (size_t i = 0; i < m; ++i) passages.push_back(hits[i].chunk.text);
    const auto scores = reranker_->score(query, passages);
    if (scores.size() != m)
      throw Error(ErrorCode::model_error, "reranker " + reranker_->id() + " returned " +
                                              std::to_string(scores.size()) + " scores for " +
                                              std::to_string(m) + " passages");
    for (size_t i = 0; i < m; ++i) hits[i].score = scores[i];
    hits.resize(m);
    sort_by_score(hits);
    clock.lap("rerank");
  } else if (options_.proximity && !hits.empty()) {
    // Cheap enough to apply to every candidate, so the order stays one
    // consistent score.
    const auto qterms = text_.analyze(query);
    const double top = hits.front().score > 0 ? hits.front().score : 1;
    for (auto& h : hits) {
      const double prox = proximity_score(qterms, text_.analyze(h.chunk.text), options_.proximity_window);
      h.score = h.score / top + options_.proximity_weight * prox;
    }
    sort_by_score(hits);
    clock.lap("rerank");
  }

  hits = options_.merge_neighbours ? merge_neighbours(std::move(hits)) : remove_duplicates(std::move(hits));
  clock.lap("merge");

  if (options_.min_score > 0) std::erase_if(hits, [&](const Hit& h) { return h.score < options_.min_score; });
  if (hits.size() > request.top_k) hits.resize(request.top_k);
  result.hits = std::move(hits);
  clock.lap("filter_top_k");
  return result;
}

}  // namespace lore::retrieve
