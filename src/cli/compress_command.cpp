// lore compress --question Q [--rate R | --budget N] [--instruction T] [--json] FILE|-
#include <cstdio>
#include <iostream>
#include <iterator>

#include "cli/cli.h"
#include "compress/compress.h"
#include "core/error.h"
#include "core/fs.h"
#include "pipeline/compression.h"

namespace lore::cli {

void add_compress_command(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string question, instruction, input;
    double rate = 0;
    size_t budget = 0;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "compress",
      "Compress context passages for a question into a token budget (query-aware; docs/compression.md)\n"
      "  input: a JSON list of passages (strings or {\"text\": ...}) or plain text split at blank lines\n"
      "  passages are ranked by BM25, blended with the [rerank] server's scores when one is configured\n"
      "  example: lore compress --question \"When was the dam built?\" --rate 0.25 passages.json");
  cmd->add_option("FILE", opts->input, "Input file, or - for standard input")->required();
  cmd->add_option("--question", opts->question, "The question the context must answer (kept verbatim)")
      ->required();
  cmd->add_option("--instruction", opts->instruction, "An instruction to keep verbatim before the context");
  auto* rate = cmd->add_option("--rate", opts->rate, "Share of the tokens to keep, in (0, 1] (default 0.5)");
  auto* budget = cmd->add_option("--budget", opts->budget,
                                 "Maximum tokens of the output (instruction + context + question)");
  rate->excludes(budget);
  cmd->add_flag(
      "--json", opts->json,
      "Print JSON: {\"text\", \"passages\", \"original_tokens\", \"compressed_tokens\", \"rate\", \"ms\", "
      "\"ranking\"}");
  cmd->callback([&ctx, opts, rate, budget] {
    std::string input;
    std::string name = opts->input;
    if (opts->input == "-") {
      input.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      name = "standard input";
    } else {
      input = fs::read_file(opts->input);
    }
    compress::Request req;
    req.question = opts->question;
    req.instruction = opts->instruction;
    req.passages = compress::parse_passages(input, name);
    const size_t passages = req.passages.size();
    if (budget->count()) {
      if (opts->budget == 0)
        throw Error(ErrorCode::invalid_argument, "--budget must be a positive number of tokens");
      req.target.budget = opts->budget;
    } else {
      req.target.rate = rate->count() ? opts->rate : 0.5;
    }
    const auto r = pipeline::compress_passages(std::move(req), ctx.config());
    if (opts->json) {
      print_json(compress::result_to_json(r));
      return;
    }
    std::cout << r.text << '\n';
    std::fprintf(
        stderr, "compressed %zu -> %zu tokens (rate %.3f, %zu of %zu passages, ranked by %s) in %.2f ms\n",
        r.original_tokens, r.compressed_tokens, r.rate, r.passages.size(), passages, r.ranking.c_str(), r.ms);
  });
}

}  // namespace lore::cli
