// lore search "query" --kb NAME [--top-k N] [--document D] [--tag T] [--where K=V] [--json]
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "cli/filter_flags.h"
#include "core/text.h"
#include "pipeline/search.h"
#include "pipeline/views.h"

namespace lore::cli {

namespace {

constexpr size_t kSnippetBytes = 240;  // about three terminal lines

}  // namespace

void add_search_command(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string query, kb;
    size_t top_k = 0;
    bool json = false;
    FilterFlags filter;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "search",
      "Search a knowledge base (BM25 + vectors/LSA, docs/retrieval.md; \"quoted phrases\" match exactly)\n"
      "  example: lore search \"how are chunks sized\" --kb handbook --top-k 5\n"
      "  example: lore search \"termination\" --kb legal --tag contract --where year=2024");
  cmd->add_option("QUERY", opts->query, "What to look for")->required();
  cmd->add_option("--kb", opts->kb, "Knowledge base")->required();
  cmd->add_option("--top-k", opts->top_k, "Number of results (default search.top_k, 10)");
  cmd->add_flag("--json", opts->json, "Print JSON: {\"results\": [...]}");
  opts->filter.add_to(cmd);
  cmd->callback([&ctx, opts] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::read);
    const auto kb = ws.require_kb(opts->kb);
    const size_t top_k = opts->top_k ? opts->top_k : static_cast<size_t>(ws.config().top_k);
    pipeline::SearchRequest request{opts->query, top_k};
    request.filter = opts->filter.filter();
    const auto hits = pipeline::search(ws, kb, request);
    if (opts->json) {
      nlohmann::json results = nlohmann::json::array();
      for (const auto& h : hits) results.push_back(pipeline::hit_json(h));
      print_json({{"results", results}});
      return;
    }
    if (hits.empty()) {
      std::cout << "no results for \"" << opts->query << "\" in " << kb.name
                << (request.filter.empty() ? "" : " (with the given filter)") << '\n';
      return;
    }
    int rank = 0;
    for (const auto& h : hits) {
      std::string snippet = text::collapse_whitespace(h.chunk.text);
      if (snippet.size() > kSnippetBytes)
        snippet = std::string(text::truncate_utf8(snippet, kSnippetBytes)) + "...";
      std::printf("%2d. %s  (chunk %lld, %s, score %.3f)\n    %s\n", ++rank, h.document_name.c_str(),
                  static_cast<long long>(h.chunk.id), h.chunk.kind.c_str(), h.score, snippet.c_str());
    }
  });
}

}  // namespace lore::cli
