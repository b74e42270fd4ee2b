// Template "manual": technical manuals and specifications with numbered
// section hierarchies ("1", "1.2", "1.2.3 Installing the agent"). Numbered
// headings set the level by their depth — also when the parser saw a plain
// paragraph ("2.4 Wiring" on its own line) — so the heading path in
// metadata.headings follows the numbering; every section is a unit (whole
// when it fits the target, else cut by the general chunker) and carries its
// number as metadata.section.
#include <climits>

#include "chunk/chunk_util.h"
#include "chunk/patterns.h"
#include "chunk/templates.h"
#include "chunk/units.h"

namespace lore::chunk::detail {

namespace {
using parse::BlockKind;
}  // namespace

std::vector<Chunk> manual_template(const parse::Document& doc, const ChunkOptions& options) {
  std::vector<parse::Block> bs;
  for (const auto& b : doc.blocks) {
    if (is_chrome(b)) continue;
    parse::Block copy = b;
    const int depth = numbered_heading_depth(b.text);
    // A "1. Open the lid" step is a list item, not a chapter: only dotted
    // numbers (depth >= 2) promote a paragraph; titles take any depth.
    if (depth > 0 && (b.kind == BlockKind::title || (b.kind == BlockKind::text && depth >= 2))) {
      copy.kind = BlockKind::title;
      copy.level = depth;
    }
    bs.push_back(std::move(copy));
  }
  std::vector<Chunk> out;
  for (auto& unit : group_sections(bs, INT_MAX)) {
    std::string number;
    if (!unit.blocks.empty() && unit.blocks.front().kind == BlockKind::title &&
        numbered_heading_depth(unit.blocks.front().text, &number) > 0)
      unit.metadata["section"] = number;
    emit_unit(unit, options, options.target_tokens, out);
  }
  return out;
}

}  // namespace lore::chunk::detail
