#include "pipeline/eval.h"

#include <chrono>
#include <set>
#include <unordered_map>

#include "core/error.h"
#include "core/log.h"
#include "index/bm25_baseline.h"
#include "pipeline/beir.h"
#include "pipeline/eval_metrics.h"
#include "pipeline/search.h"

namespace lore::pipeline {

namespace {

constexpr size_t kRankDepth = 100;  // Recall@100 is the deepest metric

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::shared_ptr<const parse::Document> entry_document(const beir::CorpusEntry& e) {
  auto doc = std::make_shared<parse::Document>();
  doc->source_name = e.id;
  doc->mime = "application/json";
  doc->pages.push_back({});
  if (!e.title.empty()) {
    parse::Block title;
    title.kind = parse::BlockKind::title;
    title.level = 1;
    title.text = e.title;
    doc->blocks.push_back(std::move(title));
    doc->metadata["title"] = e.title;
  }
  if (!e.text.empty()) {
    parse::Block body;
    body.text = e.text;
    doc->blocks.push_back(std::move(body));
  }
  return doc;
}

size_t ingest_corpus(Workspace& ws, const store::KnowledgeBase& kb,
                     const std::vector<beir::CorpusEntry>& corpus, const EvalOptions& options) {
  std::vector<InputFile> inputs;
  inputs.reserve(corpus.size());
  for (const auto& e : corpus) {
    if (e.title.empty() && e.text.empty()) continue;  // nothing to find; BEIR has a few
    InputFile in;
    in.path = (options.beir_dir / "corpus.jsonl").string() + "#" + e.id;
    in.name = e.id;
    in.content = std::make_shared<const std::string>(e.raw);
    in.document = entry_document(e);
    inputs.push_back(std::move(in));
  }
  IngestCallbacks callbacks;
  callbacks.on_progress = options.on_ingest_progress;
  const auto summary = ingest(ws, kb, inputs, callbacks);
  if (summary.failed > 0)
    spdlog::warn("eval: {} corpus document(s) failed to ingest into {}", summary.failed, kb.name);
  return summary.added + summary.replaced;
}

EvalScores average(const std::vector<std::vector<std::string>>& rankings,
                   const std::vector<const Judgements*>& judged) {
  EvalScores s;
  s.queries = rankings.size();
  for (size_t i = 0; i < rankings.size(); ++i) {
    s.ndcg10 += ndcg_at(rankings[i], *judged[i], 10);
    s.recall10 += recall_at(rankings[i], *judged[i], 10);
    s.recall100 += recall_at(rankings[i], *judged[i], 100);
    s.mrr10 += mrr_at(rankings[i], *judged[i], 10);
  }
  if (s.queries > 0) {
    const double n = static_cast<double>(s.queries);
    s.ndcg10 /= n, s.recall10 /= n, s.recall100 /= n, s.mrr10 /= n;
  }
  return s;
}

nlohmann::json scores_json(const EvalScores& s) {
  return {{"ndcg@10", s.ndcg10},
          {"recall@10", s.recall10},
          {"recall@100", s.recall100},
          {"mrr@10", s.mrr10},
          {"queries", s.queries}};
}

nlohmann::json search_config_json(const Config& c) {
  return {{"candidates", c.candidates},
          {"rm3", c.rm3},
          {"rm3_docs", c.rm3_docs},
          {"rm3_terms", c.rm3_terms},
          {"rm3_original_weight", c.rm3_original_weight},
          {"title_boost", c.title_boost},
          {"proximity", c.proximity},
          {"proximity_weight", c.proximity_weight},
          {"lsa", c.lsa},
          {"lsa_dims", c.lsa_dims},
          {"fusion", c.fusion},
          {"lsa_weight", c.lsa_weight},
          {"lsa_max_chunks", c.lsa_max_chunks},
          {"vector_weight", c.vector_weight},
          {"rrf_k", c.rrf_k},
          {"merge_neighbours", c.merge_neighbours}};
}

}  // namespace

EvalReport run_eval(Workspace& ws, const EvalOptions& options) {
  if (ws.access() != Access::write) throw Error(ErrorCode::internal, "eval needs write access");
  if (!std::filesystem::is_directory(options.beir_dir))
    throw Error(ErrorCode::not_found,
                options.beir_dir.string() + ": not a directory (expected a BEIR collection)");
  EvalReport report;
  report.kb = options.kb;
  report.split = options.split.empty() ? beir::default_split(options.beir_dir) : options.split;
  report.search_config = search_config_json(ws.config());

  // Judgements and queries first: a bad collection fails before any ingest.
  const beir::Qrels qrels = beir::load_qrels(options.beir_dir, report.split);
  std::unordered_map<std::string, std::string> query_text;
  for (auto& q : beir::load_queries(options.beir_dir)) query_text[q.id] = std::move(q.text);
  const auto corpus = beir::load_corpus(options.beir_dir);
  report.corpus_documents = corpus.size();

  auto kb = ws.store().find_kb(ws.tenant_id(), options.kb);
  if (!kb) kb = ws.create_kb(options.kb, ws.config().chunk_template);
  if (kb->document_count == 0) {
    const auto start = Clock::now();
    report.ingested_documents = ingest_corpus(ws, *kb, corpus, options);
    report.ingest_seconds = ms_since(start) / 1000.0;
    kb = ws.require_kb(options.kb);
  }

  std::unordered_map<store::Id, std::string> name_of;
  for (const auto& d : ws.store().list_documents(kb->id)) name_of[d.id] = d.name;

  std::vector<std::string> qids, texts;
  std::vector<const Judgements*> judged;
  for (const auto& [qid, j] : qrels) {
    auto it = query_text.find(qid);
    if (it == query_text.end() || it->second.empty()) {
      ++report.skipped_queries;
      continue;
    }
    qids.push_back(qid);
    texts.push_back(it->second);
    judged.push_back(&j);
  }
  if (qids.empty())
    throw Error(ErrorCode::invalid_argument, options.beir_dir.string() + ": no judged query of split \"" +
                                                 report.split + "\" has a text in queries.jsonl");

  KbSearcher searcher(ws, *kb);
  std::vector<std::vector<std::string>> rankings;
  std::map<std::string, std::vector<double>> stage_ms;
  for (const auto& text : texts) {
    const auto start = Clock::now();
    const auto result = searcher.retrieve({text, kRankDepth, {}});
    stage_ms["total"].push_back(ms_since(start));
    for (const auto& s : result.stages) {
      if (!stage_ms.count(s.stage)) report.stage_order.push_back(s.stage);
      stage_ms[s.stage].push_back(s.ms);
    }
    std::vector<std::string> ranking;
    std::set<store::Id> seen;
    for (const auto& h : result.hits)
      if (seen.insert(h.chunk.document_id).second) ranking.push_back(name_of[h.chunk.document_id]);
    rankings.push_back(std::move(ranking));
  }
  report.stage_order.push_back("total");
  for (const auto& [stage, samples] : stage_ms)
    report.latency_ms[stage] = {percentile(samples, 50), percentile(samples, 95)};
  report.scores = average(rankings, judged);

  if (options.baseline) {
    std::vector<index::BaselineDocument> docs;
    docs.reserve(corpus.size());
    for (const auto& e : corpus) docs.push_back({e.id, e.title, e.text});
    index::Bm25Baseline baseline(docs);
    std::vector<std::vector<std::string>> base_rankings;
    std::vector<double> base_ms;
    for (const auto& text : texts) {
      const auto start = Clock::now();
      std::vector<std::string> ranking;
      for (auto& [id, score] : baseline.search(text, kRankDepth)) ranking.push_back(std::move(id));
      base_ms.push_back(ms_since(start));
      base_rankings.push_back(std::move(ranking));
    }
    report.baseline = average(base_rankings, judged);
    report.baseline_latency_ms = Percentiles{percentile(base_ms, 50), percentile(base_ms, 95)};
  }
  return report;
}

nlohmann::json to_json(const EvalReport& r) {
  nlohmann::json j = scores_json(r.scores);
  nlohmann::json latency = nlohmann::json::object();
  for (const auto& stage : r.stage_order) {
    auto it = r.latency_ms.find(stage);
    if (it != r.latency_ms.end()) latency[stage] = {{"p50", it->second.p50}, {"p95", it->second.p95}};
  }
  j["latency_ms"] = latency;
  j["kb"] = r.kb;
  j["split"] = r.split;
  j["corpus_documents"] = r.corpus_documents;
  j["ingested_documents"] = r.ingested_documents;
  j["ingest_seconds"] = r.ingest_seconds;
  j["skipped_queries"] = r.skipped_queries;
  j["search"] = r.search_config;
  if (r.baseline) {
    j["baseline"] = scores_json(*r.baseline);
    j["baseline"]["name"] = "xapian-bm25 (k1 0.9, b 0.4, english stemming, title + text)";
    j["baseline"]["latency_ms"] = {{"p50", r.baseline_latency_ms->p50}, {"p95", r.baseline_latency_ms->p95}};
  }
  return j;
}

}  // namespace lore::pipeline
