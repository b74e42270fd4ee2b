// Template "book": long-form text with chapters. Chapter headings are the
// parser's titles plus short lines such as "Chapter 3", "CHAPTER IV",
// "Part Two", "第三章 …", "第二节 …" (promoted to titles). Units are chapters and
// their sections (the two outermost heading levels); a unit is one chunk when
// it fits kBookFactor x the target, otherwise it is cut by the general
// chunker with that larger target, since a book's argument runs over longer
// stretches than a web page's. metadata.chapter names the chapter in force.
#include <algorithm>
#include <climits>

#include "chunk/chunk_util.h"
#include "chunk/patterns.h"
#include "chunk/templates.h"
#include "chunk/units.h"
#include "core/text.h"

namespace lore::chunk::detail {

namespace {
using parse::BlockKind;
constexpr size_t kBookFactor = 2;
}  // namespace

std::vector<Chunk> book_template(const parse::Document& doc, const ChunkOptions& options) {
  std::vector<parse::Block> bs;
  int chapter_level = INT_MAX, top_title = INT_MAX;
  for (const auto& b : doc.blocks) {
    if (is_chrome(b)) continue;
    parse::Block copy = b;
    const auto divisions = find_divisions(b.text);
    const bool division_start = !divisions.empty() && divisions.front().pos == 0 && heading_like(b.text, 30);
    if (division_start && (b.kind == BlockKind::title || b.kind == BlockKind::text)) {
      // Part 1, Chapter 2, 节 3: levels relative to each other, titled or not.
      copy.kind = BlockKind::title;
      copy.level = divisions.front().level;
      chapter_level = std::min(chapter_level, copy.level);
    }
    if (copy.kind == BlockKind::title) top_title = std::min(top_title, std::max(1, copy.level));
    bs.push_back(std::move(copy));
  }
  if (chapter_level == INT_MAX) chapter_level = top_title == INT_MAX ? 1 : top_title;

  ChunkOptions big = options;
  big.target_tokens = options.target_tokens * kBookFactor;
  std::vector<Chunk> out;
  std::string chapter;  // the chapter in force: the last title at the chapter level (or above)
  for (auto& unit : group_sections(bs, chapter_level + 1)) {
    const auto& first = unit.blocks.front();
    if (first.kind == BlockKind::title && std::max(1, first.level) <= chapter_level)
      chapter = std::max(1, first.level) == chapter_level ? text::collapse_whitespace(first.text) : "";
    if (!chapter.empty()) unit.metadata["chapter"] = chapter;
    emit_unit(unit, big, big.target_tokens, out);
  }
  return out;
}

}  // namespace lore::chunk::detail
