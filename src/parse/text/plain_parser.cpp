// Plain text: blank-line separated paragraphs become text blocks.
#include <string>

#include "core/text.h"
#include "parse/block_util.h"
#include "parse/formats.h"

namespace lore::parse::detail {

void parse_plain_text(std::string_view text, Document& doc) {
  std::string paragraph;
  auto flush = [&] {
    add_block(doc, BlockKind::text, collapse_text(paragraph));
    paragraph.clear();
  };
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    if (text::trim(line).empty()) {
      flush();
    } else {
      paragraph.append(line);
      paragraph += '\n';
    }
    pos = end + 1;
  }
  flush();
}

}  // namespace lore::parse::detail
