// lore search "query" --kb NAME [--top-k N] [--document D] [--tag T] [--where K=V] [--json]
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "cli/filter_flags.h"
#include "core/text.h"
#include "models/builtin/lexical.h"
#include "pipeline/search.h"
#include "pipeline/views.h"

namespace lore::cli {

namespace {

constexpr size_t kSnippetBytes = 240;  // about three terminal lines

// Sentences of `text`, and the lines of a sentence that spans several (table
// rows, list items), each as [begin, end) byte offsets.
std::vector<std::pair<size_t, size_t>> snippet_units(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> out;
  for (const auto sentence : text::split_sentences(text)) {
    size_t begin = static_cast<size_t>(sentence.data() - text.data());
    const size_t end = begin + sentence.size();
    for (size_t nl; (nl = text.find('\n', begin)) < end; begin = nl + 1) out.push_back({begin, nl + 1});
    if (begin < end) out.push_back({begin, end});
  }
  return out;
}

// About kSnippetBytes of the chunk around its part that best matches the
// query (BM25 over its sentences and lines), so a reader sees why it was
// found; "..." marks text left out on either side. Whitespace collapsed.
std::string snippet(std::string_view chunk, std::string_view query) {
  const auto units = snippet_units(chunk);
  size_t best = 0;
  if (units.size() > 1) {
    std::vector<std::string_view> texts;
    for (const auto& [b, e] : units) texts.push_back(chunk.substr(b, e - b));
    const models::builtin::SentenceScorer scorer(query, texts);
    for (size_t i = 1; i < units.size(); ++i)
      if (scorer.score(i) > scorer.score(best)) best = i;
  }
  // Step back over earlier units while the window still fits, so a match
  // near the end of the chunk still gets a full snippet.
  size_t first = best;
  while (first > 0 && text::collapse_whitespace(chunk.substr(units[first - 1].first)).size() <= kSnippetBytes)
    --first;
  const std::string tail = text::collapse_whitespace(chunk.substr(units.empty() ? 0 : units[first].first));
  std::string out = first > 0 ? "..." : "";
  if (tail.size() <= kSnippetBytes) return out + tail;
  return out + std::string(text::truncate_utf8(tail, kSnippetBytes)) + "...";
}

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
      std::printf("%2d. %s  (chunk %lld, %s, score %.3f)\n    %s\n", ++rank, h.document_name.c_str(),
                  static_cast<long long>(h.chunk.id), h.chunk.kind.c_str(), h.score,
                  snippet(h.chunk.text, opts->query).c_str());
    }
  });
}

}  // namespace lore::cli
