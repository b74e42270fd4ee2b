// Chunking: Document -> chunks sized for retrieval and prompts.
//
// Templates (each in its own <name>_template.cpp, which states its rules):
//   general — sections split by headings, packed to ~target_tokens with
//             overlap; sentences are never split unless one sentence alone is
//             over the target; tables and figures are atomic.
//   qa      — one chunk (kind "qa") per question/answer pair from Q/A tables,
//             "Q:/A:" / "问：/答：" markers or headings-as-questions;
//             metadata.question, metadata.answer.
//   table   — tables cut row-wise, a few rows per chunk, header repeated.
//   paper   — front matter (title, authors, abstract) whole, sections as
//             units, references split off as kind "reference".
//   book    — chapters/sections as units, twice the target size.
//   law     — one article per chunk (Article N, Section N., 第X条) with the
//             division path (编/章/节, Part/Chapter) as headings; metadata.article.
//   manual  — numbered section hierarchy (1.2.3) as headings; metadata.section.
//   one     — the whole document as a single chunk (small files, FAQs).
//   auto    — picks one of the above from the file type and content cues
//             (resolve_template).
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
  std::string kind;  // "text", "table", "figure", "code", "qa", "reference"
  std::string text;
  std::vector<Position> positions;
  size_t token_count = 0;
  nlohmann::json metadata = nlohmann::json::object();
};

// Names of the available templates, "auto" last.
const std::vector<std::string>& template_names();

// The concrete template `name` stands for: "auto" is resolved from the
// document's type and content, any other known name is returned as is.
// Throws Error{invalid_argument} for an unknown name (listing the available).
std::string resolve_template(const parse::Document& doc, const std::string& name);

// Throws Error{invalid_argument} for an unknown template (message lists the
// available ones) or target_tokens == 0 or overlap >= target.
std::vector<Chunk> chunk_document(const parse::Document& doc, const ChunkOptions& options);

// JSON form of positions: [{"page": 1, "bbox": [x0,y0,x1,y1] or null}].
nlohmann::json positions_to_json(const std::vector<Position>& positions);

}  // namespace lore::chunk
