// Internal to src/chunk: helpers shared by the templates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chunk/chunker.h"

namespace lore::chunk::detail {

// Header/footer blocks are page chrome (running titles, page numbers): they
// repeat on every page and would pollute every chunk, so no template uses them.
bool is_chrome(const parse::Block& block);

// Appends the block's (page, bbox) unless that exact pair is already listed;
// a block without a bbox contributes {page, empty} once per page.
void add_position(std::vector<Position>& positions, const parse::Block& block);

// The Markdown of a table block: block.text, or rendered from block.table when
// the parser left the text empty.
std::string table_markdown(const parse::Block& block);

// Removes trailing whitespace in place (Unicode-aware, as text::trim).
void rtrim(std::string& s);

// Trims whitespace at both ends. With keep_indent, leading blank lines go but
// the indentation of the first non-blank line stays (code).
std::string trim_text(std::string_view s, bool keep_indent);

// Sets token_count from the text and appends the chunk unless its text is
// empty. The caller has already trimmed the text.
void emit(std::vector<Chunk>& out, Chunk chunk);

}  // namespace lore::chunk::detail
