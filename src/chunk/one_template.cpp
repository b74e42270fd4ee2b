// Template "one": the whole document body as a single chunk, whatever its size
// (small files, FAQs). Tables are inlined as Markdown; chrome is left out.
#include "chunk/chunk_util.h"
#include "chunk/templates.h"
#include "core/text.h"

namespace lore::chunk::detail {

std::vector<Chunk> one_template(const parse::Document& doc, const ChunkOptions& /*options*/) {
  Chunk c;
  c.kind = "text";
  for (const auto& b : doc.blocks) {
    if (is_chrome(b)) continue;
    const std::string part(text::trim(b.kind == parse::BlockKind::table ? table_markdown(b) : b.text));
    if (part.empty()) continue;
    if (!c.text.empty()) c.text += "\n\n";
    c.text += part;
    add_position(c.positions, b);
  }
  c.metadata["headings"] = nlohmann::json::array();  // nothing is in force before the first block
  std::vector<Chunk> out;
  emit(out, std::move(c));
  return out;
}

}  // namespace lore::chunk::detail
