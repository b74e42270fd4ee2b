// lore raptor build --kb NAME [--scope kb|document] [--rebuild] [--extractive] [--reduction pca|umap]
// [--json]
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "pipeline/raptor.h"

namespace lore::cli {

void add_raptor_command(CLI::App& app, Context& ctx) {
  auto* raptor = app.add_subcommand("raptor", "RAPTOR summary trees (docs/raptor.md)");
  raptor->require_subcommand(1);
  struct Opts {
    std::string kb, scope = "kb", reduction;
    bool rebuild = false, extractive = false, json = false;
    int max_layers = 5;
    size_t summary_tokens = 256;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = raptor->add_subcommand(
      "build",
      "Build the summary tree of a knowledge base: cluster chunks (GMM + BIC), summarise each cluster, "
      "repeat;\n"
      "summaries are searched with the chunks. Offline without a chat model (extractive summaries).\n"
      "  example: lore raptor build --kb handbook --json");
  cmd->add_option("--kb", opts->kb, "Knowledge base")->required();
  cmd->add_option("--scope", opts->scope,
                  "kb: one tree over all documents (default); document: one per document")
      ->check(CLI::IsMember({"kb", "document"}));
  cmd->add_flag("--rebuild", opts->rebuild, "document scope: rebuild documents that already have a tree");
  cmd->add_flag("--extractive", opts->extractive,
                "Extractive summaries even when a chat model is configured");
  cmd->add_option(
         "--reduction", opts->reduction,
         "Dimensionality reduction before clustering: pca or umap (default: config raptor.reduction)")
      ->check(CLI::IsMember({"pca", "umap"}));
  cmd->add_option("--max-layers", opts->max_layers, "Most summary layers (default 5)")
      ->check(CLI::Range(1, 20));
  cmd->add_option("--summary-tokens", opts->summary_tokens, "Longest summary in tokens (default 256)")
      ->check(CLI::Range(16, 4096));
  cmd->add_flag(
      "--json", opts->json,
      "Print JSON: {\"layers\", \"nodes\", \"nodes_per_layer\", \"seconds\", \"peak_rss_mb\", ...}");
  cmd->callback([&ctx, opts] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::write);
    const auto kb = ws.require_kb(opts->kb);
    pipeline::RaptorOptions o;
    o.scope = opts->scope;
    o.rebuild = opts->rebuild;
    o.use_chat = !opts->extractive;
    o.reduction = opts->reduction;
    o.tree.max_layers = opts->max_layers;
    o.tree.summary_max_tokens = opts->summary_tokens;
    const bool tty = stderr_is_tty();
    auto report = pipeline::build_raptor(ws, kb, o, [&](const std::string& stage, size_t done, size_t total) {
      if (!tty) return;
      std::fprintf(stderr, "\r\033[Kraptor: %s %zu/%zu", stage.c_str(), done, total);
      std::fflush(stderr);
    });
    if (tty) std::fprintf(stderr, "\r\033[K");
    if (opts->json) {
      print_json(pipeline::raptor_report_json(report));
      return;
    }
    std::cout << "built " << report.documents << " tree(s) for " << kb.name << ": " << report.layers
              << " layers, " << report.nodes << " summary nodes (per layer:";
    for (auto n : report.nodes_per_layer) std::cout << ' ' << n;
    std::printf(") in %.1f s, peak RSS %.0f MB; %.1f children per parent, summary/children %.2f\n",
                report.seconds, report.peak_rss_mb, report.children_per_parent, report.summary_ratio);
  });
}

}  // namespace lore::cli
