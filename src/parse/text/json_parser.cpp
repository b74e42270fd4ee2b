// JSON and JSON Lines: records become text blocks of "key: value" lines, with
// nested objects flattened to dotted keys ("address.city: Oslo") so that each
// line is self-describing when it lands in a chunk on its own.
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"
#include "core/text.h"
#include "parse/block_util.h"
#include "parse/formats.h"

namespace lore::parse::detail {

namespace {

// ordered_json keeps keys in file order: a record reads as its author wrote it.
using json = nlohmann::ordered_json;

// A single object whose flattened text exceeds this is split into one block
// per top-level key: about one chunk's worth (512 tokens ~ 2 KB of text).
constexpr size_t kLargeObjectBytes = 2048;

std::string scalar_text(const json& v) {
  if (v.is_string()) return collapse_text(v.get_ref<const std::string&>());
  return v.dump();
}

bool all_scalars(const json& array) {
  for (const auto& v : array)
    if (v.is_structured()) return false;
  return true;
}

// Nesting deeper than this is written as compact JSON: the recursion must not
// overflow the stack on hostile input, and such paths are unreadable anyway.
constexpr int kMaxFlattenDepth = 64;

// Appends "key: value" lines for `v` under `key` (dotted path; "" at the root).
void flatten(const json& v, const std::string& key, std::string& out, int depth = 0) {
  auto emit = [&](const std::string& value) {
    out += key.empty() ? value : key + ": " + value;
    out += '\n';
  };
  if (depth > kMaxFlattenDepth) {
    emit(v.dump());
  } else if (v.is_object()) {
    if (v.empty()) return;
    for (const auto& [k, child] : v.items()) flatten(child, key.empty() ? k : key + "." + k, out, depth + 1);
  } else if (v.is_array()) {
    if (v.empty()) return;
    if (all_scalars(v)) {
      std::string joined;
      for (const auto& item : v) {
        if (!joined.empty()) joined += ", ";
        joined += scalar_text(item);
      }
      emit(joined);
    } else {
      for (size_t i = 0; i < v.size(); ++i)
        flatten(v[i], key + "[" + std::to_string(i) + "]", out, depth + 1);
    }
  } else {
    emit(scalar_text(v));
  }
}

std::string flattened(const json& v, const std::string& key = "") {
  std::string out;
  flatten(v, key, out);
  if (!out.empty()) out.pop_back();
  return out;
}

bool is_array_of_objects(const json& v) {
  if (!v.is_array() || v.empty()) return false;
  for (const auto& item : v)
    if (!item.is_object()) return false;
  return true;
}

void add_record(Document& doc, const json& v, const std::string& key = "") {
  add_block(doc, BlockKind::text, flattened(v, key));
}

// nlohmann's parser and destructor recurse per nesting level; a hostile file
// of 100k '[' overflows the stack. Real data is far shallower than this.
constexpr int kMaxJsonDepth = 512;

// Throws Error{bad_input} when arrays/objects nest deeper than kMaxJsonDepth.
void check_depth(std::string_view text, const std::string& name, const std::string& where) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        throw Error(ErrorCode::bad_input,
                    name + ": JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels" + where);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
}

// 1-based line and column of byte offset `byte` (0-based) in `text`.
std::pair<size_t, size_t> line_column(std::string_view text, size_t byte) {
  byte = std::min(byte, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < byte; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// nlohmann's message minus its "[json.exception.<kind>.<id>] " prefix and,
// for syntax errors, the "parse error at ...: " position (ours is better).
// Its "last read: '...'" excerpt stops at the failing byte, which can be the
// first byte of a multi-byte character: such bytes become U+FFFD, so that the
// message stays valid UTF-8 (it is printed and serialised as JSON).
std::string reason(const json::exception& e) {
  std::string_view raw = e.what();
  if (const size_t tag = raw.find("] "); raw.starts_with("[json.exception") && tag != std::string_view::npos)
    raw.remove_prefix(tag + 2);
  if (const size_t colon = raw.find(": "); raw.starts_with("parse error") && colon != std::string_view::npos)
    raw.remove_prefix(colon + 2);
  std::string out;
  for (size_t i = 0; i < raw.size();) text::append_utf8(out, text::next_codepoint(raw, i));
  return out;
}

}  // namespace

void parse_json(std::string_view text, Document& doc) {
  check_depth(text, doc.source_name, "");
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based: the position of the character that failed.
    const auto [line, column] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    throw Error(ErrorCode::bad_input, doc.source_name + ": invalid JSON at line " + std::to_string(line) +
                                          " column " + std::to_string(column) + ": " + reason(e));
  } catch (const json::exception& e) {  // out_of_range: a number beyond double, e.g. 1e999999
    throw Error(ErrorCode::bad_input, doc.source_name + ": invalid JSON: " + reason(e));
  }
  if (root.is_array()) {
    for (const auto& item : root) add_record(doc, item);
    return;
  }
  if (!root.is_object()) {
    add_record(doc, root);
    return;
  }
  std::string whole = flattened(root);
  if (whole.size() <= kLargeObjectBytes) {
    add_block(doc, BlockKind::text, std::move(whole));
    return;
  }
  // Large object: a block per top-level key; a key holding a list of records
  // (the usual {"items": [...]} envelope) gets a block per record.
  for (const auto& [key, value] : root.items()) {
    if (is_array_of_objects(value)) {
      for (size_t i = 0; i < value.size(); ++i)
        add_record(doc, value[i], key + "[" + std::to_string(i) + "]");
    } else {
      add_record(doc, value, key);
    }
  }
}

void parse_json_lines(std::string_view text, Document& doc) {
  size_t pos = 0;
  size_t line_number = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    ++line_number;
    pos = end + 1;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    check_depth(line, doc.source_name, " on line " + std::to_string(line_number));
    json value;
    try {
      value = json::parse(line);
    } catch (const json::parse_error& e) {
      throw Error(ErrorCode::bad_input, doc.source_name + ": invalid JSON on line " +
                                            std::to_string(line_number) + ": " + reason(e));
    } catch (const json::exception& e) {  // out_of_range: a number beyond double
      throw Error(ErrorCode::bad_input, doc.source_name + ": invalid JSON on line " +
                                            std::to_string(line_number) + ": " + reason(e));
    }
    add_record(doc, value);
  }
}

}  // namespace lore::parse::detail
