// Internal to src/chunk: the building blocks of the structure-aware templates
// (paper, book, law, manual, qa). A template first derives a list of blocks
// (splitting a block at markers such as "第十二条", promoting "Chapter 2" to a
// title), then groups them into units (a section, an article, a Q/A pair) and
// emits each unit whole when it fits, or through the general template when it
// does not. Pieces of a split block keep the block's page and bbox, so every
// chunk still points at its source.
#pragma once

#include <string>
#include <vector>

#include "chunk/chunker.h"

namespace lore::chunk::detail {

struct Unit {
  std::vector<parse::Block> blocks;                    // in reading order
  nlohmann::json headings = nlohmann::json::array();   // path in force around the unit, outermost first
  nlohmann::json metadata = nlohmann::json::object();  // merged into every chunk of the unit
  std::string kind = "text";                           // kind of a unit emitted whole
};

// A copy of `b` (page, bbox, ...) with other text and kind.
parse::Block piece_of(const parse::Block& b, std::string text, parse::BlockKind kind, int level = 0);

// The unit's text as one chunk would hold it: title lines, then the other
// blocks separated by blank lines; chrome left out, tables as Markdown.
std::string unit_text(const Unit& unit);

// Emits `unit` as one chunk when it has no table or figure and its text is at
// most `whole_limit` tokens; otherwise runs the general template over the
// unit's blocks with `options` (tables and figures stay atomic there). Either
// way every chunk gets metadata.headings = unit.headings + the titles inside
// the unit in force, and unit.metadata merged in.
void emit_unit(const Unit& unit, const ChunkOptions& options, size_t whole_limit, std::vector<Chunk>& out);

// Groups blocks into sections: a new unit starts at every title whose level
// is <= max_level (level 0 counts as 1); unit.headings is the path of the
// enclosing titles. Blocks before the first such title form a first unit.
// Chrome (header/footer blocks) is dropped.
std::vector<Unit> group_sections(const std::vector<parse::Block>& blocks, int max_level);

// Heading path (collapsed title texts) as JSON.
nlohmann::json path_json(const std::vector<std::pair<int, std::string>>& path);

}  // namespace lore::chunk::detail
