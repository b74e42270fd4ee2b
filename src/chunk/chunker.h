// Chunking: Document -> chunks sized for retrieval and prompts.
//
// Templates (ARCHITECTURE.md lists the planned set):
//   general — sections split by headings, packed to ~target_tokens with
//             overlap; sentences are never split unless one sentence alone is
//             over the target; tables and figures are atomic.
//   one     — the whole document as a single chunk (small files, FAQs).
// Sizes are measured with lore::count_tokens (core/tokens.h).
//
// Invariants of the output: every chunk has non-empty text; token_count ==
// count_tokens(text); positions list the pages/bboxes of the blocks the chunk
// came from, in reading order; metadata["headings"] is the heading path (array
// of strings, outermost first) in force where the chunk starts.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "parse/document.h"

namespace lore::chunk {

struct ChunkOptions {
  std::string template_name = "general";
  size_t target_tokens = 512;
  size_t overlap_tokens = 64;
};

struct Position {
  int page = 1;
  parse::BBox bbox;  // empty when the format has no geometry
};

struct Chunk {
  std::string kind;  // "text", "table", "figure", "code"
  std::string text;
  std::vector<Position> positions;
  size_t token_count = 0;
  nlohmann::json metadata = nlohmann::json::object();
};

// Names of the available templates.
const std::vector<std::string>& template_names();

// Throws Error{invalid_argument} for an unknown template (message lists the
// available ones) or target_tokens == 0 or overlap >= target.
std::vector<Chunk> chunk_document(const parse::Document& doc, const ChunkOptions& options);

// JSON form of positions: [{"page": 1, "bbox": [x0,y0,x1,y1] or null}].
nlohmann::json positions_to_json(const std::vector<Position>& positions);

}  // namespace lore::chunk
