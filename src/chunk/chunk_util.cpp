#include "chunk/chunk_util.h"

#include "core/text.h"
#include "core/tokens.h"

namespace lore::chunk::detail {

bool is_chrome(const parse::Block& block) {
  return block.kind == parse::BlockKind::header || block.kind == parse::BlockKind::footer;
}

namespace {
bool same_bbox(const parse::BBox& a, const parse::BBox& b) {
  return a.x0 == b.x0 && a.y0 == b.y0 && a.x1 == b.x1 && a.y1 == b.y1;
}
}  // namespace

void add_position(std::vector<Position>& positions, const parse::Block& block) {
  const bool no_box = block.bbox.empty();
  for (const auto& p : positions) {
    if (p.page != block.page) continue;
    if (no_box ? p.bbox.empty() : same_bbox(p.bbox, block.bbox)) return;
  }
  positions.push_back({block.page, no_box ? parse::BBox{} : block.bbox});
}

std::string table_markdown(const parse::Block& block) {
  if (!text::trim(block.text).empty() || !block.table) return block.text;
  return parse::table_to_markdown(*block.table);
}

void rtrim(std::string& s) {
  const std::string_view t = text::trim(s);
  if (t.empty()) {
    s.clear();
    return;
  }
  s.resize(static_cast<size_t>(t.data() - s.data()) + t.size());
}

std::string trim_text(std::string_view s, bool keep_indent) {
  std::string out;
  if (!keep_indent) {
    out = std::string(text::trim(s));
    return out;
  }
  // Drop whole leading lines that are blank; keep the first real line intact.
  size_t line_start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n')
      line_start = i + 1;
    else if (c != ' ' && c != '\t' && c != '\r')
      break;
  }
  out = std::string(s.substr(line_start));
  rtrim(out);
  return out;
}

void emit(std::vector<Chunk>& out, Chunk chunk) {
  if (text::trim(chunk.text).empty()) return;
  chunk.token_count = count_tokens(chunk.text);
  out.push_back(std::move(chunk));
}

}  // namespace lore::chunk::detail
