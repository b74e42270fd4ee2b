// The charset an HTML file declares about itself, read before decoding.
#include <string>

#include "core/text.h"
#include "parse/formats.h"

namespace lore::parse::detail {

std::string html_declared_charset(std::string_view bytes) {
  // The HTML spec's prescan looks at the first 1024 bytes; some pages put
  // the <meta> later, so a little more is read.
  constexpr size_t kPrescanBytes = 4096;
  const std::string head = text::ascii_lower(bytes.substr(0, kPrescanBytes));
  // XHTML may declare it in the XML prolog instead: <?xml ... encoding="gbk"?>
  if (head.starts_with("<?xml")) {
    const size_t end = head.find("?>");
    const size_t enc = head.find("encoding=");
    if (enc != std::string::npos && enc < end && enc + 10 < head.size()) {
      const char quote = head[enc + 9];
      const size_t close = head.find(quote, enc + 10);
      if ((quote == '"' || quote == '\'') && close != std::string::npos)
        return head.substr(enc + 10, close - enc - 10);
    }
  }
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    const size_t end = head.find('>', pos);
    const std::string_view tag =
        std::string_view(head).substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos += 5;
    const size_t cs = tag.find("charset=");
    if (cs == std::string_view::npos) continue;
    std::string_view value = tag.substr(cs + 8);
    while (!value.empty() && (value.front() == '"' || value.front() == '\'' || value.front() == ' '))
      value.remove_prefix(1);
    const size_t stop = value.find_first_of("\"'; />");
    std::string charset(value.substr(0, stop));
    if (!charset.empty()) return charset;
  }
  return "";
}

}  // namespace lore::parse::detail
