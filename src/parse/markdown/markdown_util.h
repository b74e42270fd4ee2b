// Internal to the Markdown parser: front matter and entity decoding.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace lore::parse::detail {

struct FrontMatter {
  nlohmann::json fields = nlohmann::json::object();  // scalars as strings, lists as arrays
  std::string_view body;                             // the text after the front matter
};

// Splits a leading YAML front matter block ("---" line, fields, "---" or
// "..." line) from the Markdown body. Only the flat subset of YAML that front
// matter uses is read: "key: value", "key: [a, b]" and "key:" followed by
// "- item" lines. Without front matter, fields is empty and body is `text`.
FrontMatter split_front_matter(std::string_view text);

// Decodes an HTML entity as md4c reports it ("&amp;", "&#233;", "&#x4E2D;").
// Unknown names are returned unchanged.
std::string decode_entity(std::string_view entity);

}  // namespace lore::parse::detail
