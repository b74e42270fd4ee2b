// The query pipeline's `compress` stage (off by default): the retrieved
// sources squeezed into a token budget for the model, question-aware
// (src/compress).
//
// Where the setting comes from, first match wins:
//   the request  AskRequest.compress (rate or budget; `lore ask --compress-*`,
//                the ask API's "compress": {"rate" | "budget"})
//   the knowledge base  settings.compress {"rate": R} or {"budget": N}
//                (`lore kb create --compress-rate/--compress-budget`)
// Rate and budget refer to the sources' text: budget N = at most N tokens of
// source text; rate R = floor(R x the sources' tokens). The question guides
// the compression and is not part of it.
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compress/compress.h"
#include "core/config.h"
#include "pipeline/workspace.h"
#include "store/store.h"

namespace lore::pipeline {

struct CompressSetting {
  double rate = 0;    // in (0, 1]
  size_t budget = 0;  // tokens; wins over rate when both are set
  bool enabled() const { return rate > 0 || budget > 0; }
};

// Reads {"rate": R} / {"budget": N} (either or both); null or absent = off.
// Error{invalid_argument} naming `where` for a rate outside (0, 1], a
// budget that is not a positive integer, or another shape.
CompressSetting compress_setting_from_json(const nlohmann::json& j, const std::string& where);

// The request's setting if enabled, else the knowledge base's.
CompressSetting effective_compress_setting(const CompressSetting& request, const store::KnowledgeBase& kb);

struct CompressedSources {
  // Kept sources as indexes into the input, in prompt order (most relevant
  // first and last), with the text the model sees.
  std::vector<size_t> order;
  std::vector<std::string> texts;
  size_t original_tokens = 0;    // of the sources' text
  size_t compressed_tokens = 0;  // <= the budget
};

// `scores`: the sources' retrieval (or rerank) scores, blended into the
// compressor's passage ranking; empty = none. `model`: the self-information
// model for fine pruning (kb_ngram_model); nullptr = trained on the sources.
CompressedSources compress_sources(const std::string& question, const std::vector<std::string>& sources,
                                   const CompressSetting& setting, const std::vector<double>& scores = {},
                                   const compress::NgramModel* model = nullptr);

// The knowledge base's own self-information model (the issue's "trained on
// the knowledge base's text"): a bigram model over up to `max_chunks` of its
// chunks, evenly spaced by id. Built on first use and kept in this process
// (shared by threads) until the knowledge base's text index changes
// (revision and size, the staleness check LSA uses: no store query per
// question), so a server pays for it once per content change. Cached by the
// knowledge base's directory (Workspace::kb_dir, where LSA keeps its model),
// not by the Workspace, which a server reopens after every write.
std::shared_ptr<const compress::NgramModel> kb_ngram_model(Workspace& ws, store::Id kb_id,
                                                           size_t max_chunks = 2000);

// Compression of caller-given passages (`lore compress`, POST
// /api/v1/compress). With a reranker configured ([rerank]) the passages are
// scored by it and its scores blended into the ranking (Result.ranking
// "bm25+rerank <id>"); a reranker that fails is logged and BM25 ranks alone
// ("bm25"): the compression is still worth having.
compress::Result compress_passages(compress::Request request, const Config& config);

}  // namespace lore::pipeline
