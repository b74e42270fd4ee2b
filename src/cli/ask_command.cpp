// lore ask "question" --kb NAME [--json] [--top-k N] [--timings] [--reasoning]
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "cli/filter_flags.h"
#include "core/text.h"
#include "pipeline/query.h"

namespace lore::cli {

namespace {

void print_sources(const pipeline::AskResult& r) {
  if (r.citations.empty()) return;
  std::cout << "\nSources:\n";
  for (const auto& c : r.citations) {
    std::cout << "  [" << c.n << "] " << c.document;
    if (c.page > 0) std::cout << ", page " << c.page;
    std::cout << " (chunk " << c.chunk_id << ")\n";
    if (!c.quote.empty()) std::cout << "      \"" << c.quote << "\"\n";
  }
}

void print_timings(const pipeline::AskResult& r) {
  std::cerr << "timings (ms):";
  double total = 0;
  for (const auto& t : r.timings) {
    std::fprintf(stderr, " %s %.1f", t.stage.c_str(), t.ms);
    total += t.ms;
  }
  std::fprintf(stderr, "  total %.1f  [request %s]\n", total, r.request_id.c_str());
}

}  // namespace

void add_ask_command(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string question, kb;
    size_t top_k = 0;
    bool json = false, timings = false, reasoning = false;
    pipeline::CompressSetting compress;
    FilterFlags filter;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "ask",
      "Answer a question from a knowledge base, citing its sources as [n]\n"
      "  Uses the LLM of [chat] in lore.toml when configured; otherwise answers with the best-matching\n"
      "  sentences of the documents (extractive), or \"Not found in the knowledge base.\"\n"
      "  example: lore ask \"what happens after a crash?\" --kb handbook\n"
      "  example: lore ask \"when does it end?\" --kb legal --document lease.pdf --where signed=true");
  cmd->add_option("QUESTION", opts->question, "The question")->required();
  cmd->add_option("--kb", opts->kb, "Knowledge base")->required();
  cmd->add_option("--top-k", opts->top_k, "Number of sources given to the answer (default ask.top_k, 5)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag(
      "--json", opts->json,
      "Print JSON: {\"answer\", \"citations\": [{\"n\", \"document\", \"chunk_id\", \"page\", \"bbox\", "
      "\"quote\"}], \"timings\": {stage: ms}}");
  opts->filter.add_to(cmd);
  cmd->add_flag("--timings", opts->timings, "Print the time of each pipeline stage (stderr)");
  auto* rate = cmd->add_option("--compress-rate", opts->compress.rate,
                               "Compress the sources to this share of their tokens, in (0, 1] "
                               "(default: the knowledge base's setting, else off)")
                   ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--compress-budget", opts->compress.budget, "Compress the sources to at most N tokens")
      ->check(CLI::PositiveNumber)
      ->excludes(rate);
  cmd->add_flag("--reasoning", opts->reasoning,
                "Show the model's reasoning (<think>…</think>), removed otherwise");
  cmd->callback([&ctx, opts] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::read);
    pipeline::AskRequest req;
    req.kb = ws.require_kb(opts->kb);  // the CLI works in the default tenant
    req.question = opts->question;
    req.top_k = opts->top_k;
    req.filter = opts->filter.filter();
    req.compress = opts->compress;
    req.want_reasoning = opts->reasoning;
    req.want_timings = opts->timings || opts->json;
    if (!opts->json) {
      req.on_delta = [](std::string_view delta) {
        std::cout << delta << std::flush;
        return static_cast<bool>(std::cout);
      };
    }
    const auto r = pipeline::ask(ws, req);
    if (opts->json) {
      print_json(pipeline::ask_result_to_json(r, true, opts->reasoning));
    } else {
      std::cout << '\n';
      if (opts->reasoning && !r.reasoning.empty()) std::cout << "\nReasoning:\n" << r.reasoning << '\n';
      print_sources(r);
    }
    if (opts->timings) print_timings(r);
  });
}

}  // namespace lore::cli
