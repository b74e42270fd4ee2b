#include "parse/markdown/markdown_util.h"

#include <algorithm>
#include <cstdlib>

#include "core/text.h"
#include "parse/formats.h"

namespace lore::parse::detail {

namespace {

std::string unquote(std::string_view v) {
  v = text::trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    v = v.substr(1, v.size() - 2);
  return std::string(v);
}

nlohmann::json inline_list(std::string_view v) {
  nlohmann::json items = nlohmann::json::array();
  v = v.substr(1, v.size() - 2);  // drop [ ]
  size_t pos = 0;
  while (pos <= v.size()) {
    size_t comma = v.find(',', pos);
    if (comma == std::string_view::npos) comma = v.size();
    std::string item = unquote(v.substr(pos, comma - pos));
    if (!item.empty()) items.push_back(item);
    pos = comma + 1;
  }
  return items;
}

}  // namespace

FrontMatter split_front_matter(std::string_view text) {
  FrontMatter out;
  out.body = text;
  if (text.substr(0, 4) != "---\n") return out;
  // The closing fence must exist; otherwise the "---" was a thematic break.
  size_t pos = 4;
  size_t close = std::string_view::npos, after = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    if (line == "---" || line == "...") {
      close = pos;
      after = std::min(end + 1, text.size());
      break;
    }
    pos = end + 1;
  }
  if (close == std::string_view::npos) return out;

  // Every top-level line must read as YAML ("key: ..." or "- item");
  // otherwise the fences were thematic breaks around ordinary text, which must
  // not vanish into metadata.
  nlohmann::json fields = nlohmann::json::object();
  std::string last_key;
  pos = 4;
  while (pos < close) {
    const size_t end = text.find('\n', pos);
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    const std::string_view trimmed = text::trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    if (trimmed.front() == '-' && !last_key.empty()) {  // "- item" under "key:"
      auto& list = fields[last_key];
      if (!list.is_array()) list = nlohmann::json::array();
      list.push_back(unquote(trimmed.substr(1)));
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') continue;  // nested YAML: not read
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return out;
    const std::string_view key = text::trim(line.substr(0, colon));
    if (key.find(' ') != std::string_view::npos) return out;  // prose, not a key
    last_key = std::string(key);
    const std::string_view value = text::trim(line.substr(colon + 1));
    if (value.empty()) continue;
    if (value.front() == '[' && value.back() == ']')
      fields[last_key] = inline_list(value);
    else
      fields[last_key] = unquote(value);
  }
  out.fields = std::move(fields);
  out.body = text.substr(after);
  return out;
}

std::string decode_entity(std::string_view entity) {
  if (entity.size() < 3 || entity.front() != '&' || entity.back() != ';') return std::string(entity);
  const std::string_view name = entity.substr(1, entity.size() - 2);
  if (name.front() == '#') {
    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    const std::string digits(name.substr(hex ? 2 : 1));
    char* end = nullptr;
    const unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
    std::string out;
    const bool valid =
        !digits.empty() && *end == '\0' && cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    text::append_utf8(out, valid ? static_cast<char32_t>(cp) : U'\uFFFD');
    return out;
  }
  // Named entities: the HTML parser knows all of them.
  // A whitespace entity (&nbsp;, &emsp;) collapses to nothing there: keep a space.
  std::string decoded = html_fragment_text(entity);
  return decoded.empty() ? std::string(" ") : decoded;
}

}  // namespace lore::parse::detail
