// lore eval --beir DIR --kb NAME [--split test] [--json] [--no-baseline]
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "pipeline/eval.h"

namespace lore::cli {

void add_eval_command(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string beir, kb, split;
    bool json = false, no_baseline = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "eval",
      "Measure retrieval quality on a BEIR collection: nDCG@10, Recall@10/100, MRR@10, per-stage latency,\n"
      "and the raw Xapian BM25 baseline on the same corpus. An empty knowledge base gets the corpus "
      "ingested.\n"
      "  example: lore eval --beir ../shared/data/beir/scifact --kb scifact --json");
  cmd->add_option("--beir", opts->beir,
                  "BEIR collection directory (corpus.jsonl[.gz], queries.jsonl, qrels/)")
      ->required();
  cmd->add_option("--kb", opts->kb, "Knowledge base (created and filled from the corpus when empty)")
      ->required();
  cmd->add_option("--split", opts->split,
                  "Judgements to use: qrels/<split>.tsv (default test, else the only split)");
  cmd->add_flag("--json", opts->json,
                "Print JSON: {\"ndcg@10\", \"recall@10\", \"recall@100\", \"mrr@10\", ...}");
  cmd->add_flag("--no-baseline", opts->no_baseline, "Skip the raw BM25 baseline");
  cmd->callback([&ctx, opts] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::write);
    pipeline::EvalOptions options;
    options.beir_dir = opts->beir;
    options.kb = opts->kb;
    options.split = opts->split;
    options.baseline = !opts->no_baseline;
    const bool tty = stderr_is_tty();
    options.on_ingest_progress = [tty](const pipeline::IngestProgress& p) {
      if (tty && (p.files_done % 100 == 0 || p.files_done == p.files_total))
        std::fprintf(stderr, "\ringesting corpus: %zu/%zu documents", p.files_done, p.files_total);
      if (tty && p.files_done == p.files_total) std::fprintf(stderr, "\n");
    };
    const auto report = pipeline::run_eval(ws, options);
    if (opts->json) {
      print_json(pipeline::to_json(report));
      return;
    }
    if (report.ingested_documents > 0)
      std::printf("ingested %zu documents into %s in %.1f s\n", report.ingested_documents, report.kb.c_str(),
                  report.ingest_seconds);
    auto row = [](const char* name, const pipeline::EvalScores& s) {
      std::printf("%-10s  %8.4f  %9.4f  %10.4f  %7.4f\n", name, s.ndcg10, s.recall10, s.recall100, s.mrr10);
    };
    std::printf("%zu queries (split %s)\n\n%-10s  %8s  %9s  %10s  %7s\n", report.scores.queries,
                report.split.c_str(), "", "nDCG@10", "Recall@10", "Recall@100", "MRR@10");
    row("lore", report.scores);
    if (report.baseline) row("bm25 (raw)", *report.baseline);
    std::printf("\nlatency (ms)    p50      p95\n");
    for (const auto& stage : report.stage_order) {
      const auto& l = report.latency_ms.at(stage);
      std::printf("  %-12s %7.2f  %7.2f\n", stage.c_str(), l.p50, l.p95);
    }
    if (report.baseline_latency_ms)
      std::printf("  %-12s %7.2f  %7.2f\n", "bm25 (raw)", report.baseline_latency_ms->p50,
                  report.baseline_latency_ms->p95);
  });
}

}  // namespace lore::cli
