// Internal to src/parse: whitespace normalisation and block emission shared by
// the text-family parsers.
#pragma once

#include <string>
#include <string_view>

#include "parse/document.h"

namespace lore::parse::detail {

// Collapses every whitespace run (newlines included) to one space and trims.
// A line break between two CJK characters is dropped instead: CJK text is
// hard-wrapped without spaces, so a space there would be an artefact.
std::string collapse_text(std::string_view s);

// Like collapse_text, but per line: keeps the line structure ('\n'), collapses
// whitespace inside each line and drops empty lines.
std::string collapse_lines(std::string_view s);

// Appends a block of `kind` unless `text` is empty. Text is stored as given:
// callers normalise it first (code keeps its whitespace verbatim).
void add_block(Document& doc, BlockKind kind, std::string text, int level = 0);

// Appends a table block (text = table_to_markdown) unless the table has no
// non-empty cell.
void add_table(Document& doc, Table table);

}  // namespace lore::parse::detail
