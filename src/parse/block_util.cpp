#include "parse/block_util.h"

#include <utility>

#include "core/text.h"

namespace lore::parse::detail {

std::string collapse_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;    // a whitespace run has been seen and not yet written
  bool pending_newline = false;  // ... and it contained a line break
  char32_t prev = 0;             // last code point written
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    const char32_t cp = text::next_codepoint(s, i);
    if (text::is_space(cp)) {
      pending_space = true;
      if (cp == U'\n') pending_newline = true;
      continue;
    }
    if (pending_space && !out.empty()) {
      const bool join_cjk = pending_newline && text::is_cjk(prev) && text::is_cjk(cp);
      if (!join_cjk) out += ' ';
    }
    pending_space = pending_newline = false;
    out.append(s.substr(start, i - start));
    prev = cp;
  }
  return out;
}

std::string collapse_lines(std::string_view s) {
  std::string out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find('\n', pos);
    if (end == std::string_view::npos) end = s.size();
    std::string line = collapse_text(s.substr(pos, end - pos));
    if (!line.empty()) {
      if (!out.empty()) out += '\n';
      out += line;
    }
    pos = end + 1;
  }
  return out;
}

void add_block(Document& doc, BlockKind kind, std::string text, int level) {
  if (text::trim(text).empty()) return;
  Block block;
  block.kind = kind;
  block.text = std::move(text);
  block.level = level;
  doc.blocks.push_back(std::move(block));
}

void add_table(Document& doc, Table table) {
  bool any_text = false;
  for (const auto& row : table.rows)
    for (const auto& cell : row) any_text = any_text || !cell.text.empty();
  if (!any_text) return;
  Block block;
  block.kind = BlockKind::table;
  block.text = table_to_markdown(table);
  block.table = std::move(table);
  doc.blocks.push_back(std::move(block));
}

}  // namespace lore::parse::detail
