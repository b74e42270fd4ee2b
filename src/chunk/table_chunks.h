// Internal to src/chunk: table blocks as atomic chunks, split by rows when big.
#pragma once

#include <string>
#include <vector>

#include "chunk/chunker.h"

namespace lore::chunk::detail {

struct TableInput {
  const parse::Block* table = nullptr;
  std::string prefix;          // heading lines ("A\nB\n") for the first part only, or ""
  std::string caption_before;  // caption block text just before the table, or ""
  std::string caption_after;   // caption block text just after it, or ""
  std::vector<Position> positions;
  nlohmann::json headings = nlohmann::json::array();
  size_t max_rows = 0;  // body rows per part; 0 = only the token budget limits a part
};

// Table chunks (kind "table") for one table block. The text is the caption(s)
// around the table's Markdown. When that is over target_tokens the body rows
// are grouped into parts, each <= target where a single row allows it (rows
// are never split) and each repeating the Markdown header + separator and the
// captions; parts carry metadata["table_part"] = {"index" (1-based), "of",
// "rows": [first, last] body rows, 1-based}. With max_rows > 0 a part also
// holds at most that many body rows, and a table with more is split even when
// it would fit the target.
// metadata["table"] = {"rows": cell texts of the rows in this chunk (header
// row included), "has_header"} when the block has a structured table.
std::vector<Chunk> table_chunks(const TableInput& input, size_t target_tokens);

}  // namespace lore::chunk::detail
