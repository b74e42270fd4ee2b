#include <algorithm>

#include "parse/document.h"

namespace lore::parse {

std::string to_markdown(const Document& doc) {
  std::string out;
  auto paragraph = [&out](const std::string& text) {
    if (text.empty()) return;
    if (!out.empty()) out += "\n\n";
    out += text;
  };
  for (const auto& b : doc.blocks) {
    switch (b.kind) {
      case BlockKind::header:
      case BlockKind::footer:
        break;  // page chrome, not content
      case BlockKind::title:
        paragraph(std::string(static_cast<size_t>(std::clamp(b.level, 1, 6)), '#') + " " + b.text);
        break;
      case BlockKind::table:
        paragraph(b.table ? table_to_markdown(*b.table) : b.text);
        break;
      case BlockKind::figure:
        // Docling's convention; the caption is its own block next to it.
        paragraph("<!-- image -->");
        break;
      case BlockKind::code:
        paragraph("```\n" + b.text + "\n```");
        break;
      default:
        paragraph(b.text);
    }
  }
  if (!out.empty()) out += '\n';
  return out;
}

}  // namespace lore::parse
