#include "chunk/units.h"

#include <algorithm>

#include "chunk/chunk_util.h"
#include "chunk/templates.h"
#include "core/text.h"
#include "core/tokens.h"

namespace lore::chunk::detail {

using parse::BlockKind;

parse::Block piece_of(const parse::Block& b, std::string text, BlockKind kind, int level) {
  parse::Block p;
  p.kind = kind;
  p.page = b.page;
  p.bbox = b.bbox;
  p.text = std::move(text);
  p.level = level;
  p.confidence = b.confidence;
  return p;
}

std::string unit_text(const Unit& unit) {
  std::string out;
  bool prev_title = false;
  for (const auto& b : unit.blocks) {
    if (is_chrome(b)) continue;
    const bool title = b.kind == BlockKind::title;
    std::string part = title
                           ? text::collapse_whitespace(b.text)
                           : std::string(text::trim(b.kind == BlockKind::table ? table_markdown(b) : b.text));
    if (part.empty()) continue;
    if (!out.empty()) out += prev_title ? "\n" : "\n\n";
    out += part;
    prev_title = title;
  }
  return out;
}

nlohmann::json path_json(const std::vector<std::pair<int, std::string>>& path) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& [level, name] : path) j.push_back(name);
  return j;
}

void emit_unit(const Unit& unit, const ChunkOptions& options, size_t whole_limit, std::vector<Chunk>& out) {
  const bool atomic_inside = std::any_of(unit.blocks.begin(), unit.blocks.end(), [](const parse::Block& b) {
    return b.kind == BlockKind::table || b.kind == BlockKind::figure;
  });
  std::string whole = unit_text(unit);
  if (whole.empty()) return;
  if (!atomic_inside && count_tokens(whole) <= whole_limit) {
    Chunk c;
    c.kind = unit.kind;
    c.text = std::move(whole);
    // The path in force is the unit's, extended by its leading titles.
    std::vector<std::pair<int, std::string>> inner;
    for (const auto& b : unit.blocks) {
      if (is_chrome(b)) continue;
      if (b.kind != BlockKind::title) break;
      const int level = std::max(1, b.level);
      while (!inner.empty() && inner.back().first >= level) inner.pop_back();
      inner.emplace_back(level, text::collapse_whitespace(b.text));
    }
    c.metadata["headings"] = unit.headings;
    for (auto& h : path_json(inner)) c.metadata["headings"].push_back(h);
    for (const auto& b : unit.blocks)
      if (!is_chrome(b)) add_position(c.positions, b);
    for (const auto& [k, v] : unit.metadata.items()) c.metadata[k] = v;
    emit(out, std::move(c));
    return;
  }
  parse::Document sub;
  sub.blocks = unit.blocks;
  ChunkOptions o = options;
  o.template_name = "general";
  for (auto& c : general_template(sub, o)) {
    nlohmann::json headings = unit.headings;
    for (auto& h : c.metadata["headings"]) headings.push_back(h);
    c.metadata["headings"] = std::move(headings);
    for (const auto& [k, v] : unit.metadata.items()) c.metadata[k] = v;
    if (c.kind == "text" && unit.kind != "text") c.kind = unit.kind;
    out.push_back(std::move(c));
  }
}

std::vector<Unit> group_sections(const std::vector<parse::Block>& blocks, int max_level) {
  std::vector<Unit> units(1);
  std::vector<std::pair<int, std::string>> path;  // enclosing titles at levels <= max_level
  for (const auto& b : blocks) {
    if (is_chrome(b)) continue;
    const int level = std::max(1, b.level);
    if (b.kind == BlockKind::title && level <= max_level && !text::trim(b.text).empty()) {
      while (!path.empty() && path.back().first >= level) path.pop_back();
      if (!units.back().blocks.empty()) units.emplace_back();
      units.back().headings = path_json(path);
      path.emplace_back(level, text::collapse_whitespace(b.text));
    }
    units.back().blocks.push_back(b);
  }
  if (units.back().blocks.empty()) units.pop_back();
  return units;
}

}  // namespace lore::chunk::detail
