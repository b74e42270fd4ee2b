// Eval: retrieval quality of a knowledge base on a BEIR-format collection
// (beir.h), with the metrics of eval_metrics.h and per-stage latency.
//
// If the knowledge base does not exist it is created (config chunk.template);
// if it holds no documents, the corpus is ingested through the ingest
// pipeline, each entry one document named by its _id (a title block, when
// the entry has a title, then its text; the JSON line is the original).
// Every query of qrels/<split>.tsv is then run through the knowledge base's
// retrieval pipeline (search.* configuration); a document ranks where its
// best chunk ranks. With `baseline`, the raw-library reference
// (index/bm25_baseline.h) is scored on the same corpus and queries.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "pipeline/ingest.h"
#include "pipeline/workspace.h"

namespace lore::pipeline {

struct EvalOptions {
  std::filesystem::path beir_dir;
  std::string kb;
  std::string split;  // empty: beir::default_split (test, else the only one)
  bool baseline = true;
  std::function<void(const IngestProgress&)> on_ingest_progress;
};

struct EvalScores {
  double ndcg10 = 0, recall10 = 0, recall100 = 0, mrr10 = 0;
  size_t queries = 0;
};

struct Percentiles {
  double p50 = 0, p95 = 0;
};

struct EvalReport {
  std::string kb;
  std::string split;
  EvalScores scores;
  std::map<std::string, Percentiles> latency_ms;  // per stage, plus "total"
  std::vector<std::string> stage_order;           // stages in pipeline order
  std::optional<EvalScores> baseline;
  std::optional<Percentiles> baseline_latency_ms;
  size_t corpus_documents = 0;
  size_t ingested_documents = 0;  // 0 when the knowledge base already held the corpus
  double ingest_seconds = 0;
  size_t skipped_queries = 0;  // judged queries with no text in queries.jsonl
  nlohmann::json search_config;
};

EvalReport run_eval(Workspace& workspace, const EvalOptions& options);

// {"ndcg@10", "recall@10", "recall@100", "mrr@10", "queries",
//  "latency_ms": {stage: {"p50", "p95"}}, "baseline": {...}, ...}
nlohmann::json to_json(const EvalReport& report);

}  // namespace lore::pipeline
