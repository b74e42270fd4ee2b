// See targets.h.
#include "fuzz/targets.h"

#include <zip.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "core/error.h"
#include "core/text.h"
#include "parse/document.h"
#include "parse/parser.h"
#include "parse/text/encoding.h"

namespace lore::fuzz {

namespace {

// The file name each target parses under: parse_bytes() picks the parser
// from the extension, so this is the entry point under test.
const std::map<std::string, std::string, std::less<>>& file_names() {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"txt", "fuzz.txt"},   {"md", "fuzz.md"},       {"html", "fuzz.html"}, {"csv", "fuzz.csv"},
      {"json", "fuzz.json"}, {"jsonl", "fuzz.jsonl"}, {"pdf", "fuzz.pdf"},   {"docx", "fuzz.docx"},
      {"xlsx", "fuzz.xlsx"}, {"pptx", "fuzz.pptx"},   {"eml", "fuzz.eml"},   {"encoding", "fuzz.bin"},
  };
  return names;
}

[[noreturn]] void violation(const std::string& what) { throw ContractViolation(what); }

// Up to 60 bytes of s around `at`, non-ASCII bytes as \xNN.
std::string excerpt(std::string_view s, size_t at) {
  const size_t from = at > 30 ? at - 30 : 0;
  std::string out;
  for (unsigned char c : s.substr(from, 60)) {
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    }
  }
  return out;
}

void check_utf8(std::string_view s, const std::string& where) {
  if (const size_t at = text::find_invalid_utf8(s); at != std::string_view::npos)
    violation(where + ": invalid UTF-8 at byte " + std::to_string(at) + " in \"" + excerpt(s, at) + "\"");
}

void check_json_strings(const nlohmann::json& j, const std::string& where) {
  if (j.is_string()) {
    check_utf8(j.get_ref<const std::string&>(), where);
  } else if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      check_utf8(it.key(), where + " key");
      check_json_strings(it.value(), where + "." + it.key());
    }
  } else if (j.is_array()) {
    for (const auto& v : j) check_json_strings(v, where + "[]");
  }
}

void check_document(const parse::Document& doc) {
  check_utf8(doc.mime, "mime");
  check_json_strings(doc.metadata, "metadata");
  for (const parse::Page& p : doc.pages)
    if (!std::isfinite(p.width) || !std::isfinite(p.height) || p.width < 0 || p.height < 0)
      violation("page " + std::to_string(p.number) + " has a bad size");
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    const parse::Block& b = doc.blocks[i];
    const std::string where = "block " + std::to_string(i);
    check_utf8(b.text, where + " text");
    if (!doc.pages.empty() && (b.page < 1 || b.page > static_cast<int>(doc.pages.size())))
      violation(where + " is on page " + std::to_string(b.page) + " of " + std::to_string(doc.pages.size()));
    for (double v : {b.bbox.x0, b.bbox.y0, b.bbox.x1, b.bbox.y1})
      if (!std::isfinite(v)) violation(where + " has a non-finite bbox");
    if (b.table) {
      for (const auto& row : b.table->rows)
        for (const auto& cell : row) {
          check_utf8(cell.text, where + " cell");
          if (cell.row_span < 1 || cell.col_span < 1) violation(where + " has a cell span below 1");
        }
      (void)parse::table_to_markdown(*b.table);
    }
    if (b.image) {
      check_utf8(b.image->caption, where + " caption");
      check_utf8(b.image->ocr_text, where + " ocr text");
    }
  }
  const std::string markdown = parse::to_markdown(doc);
  check_utf8(markdown, "markdown");
  // dump() throws on invalid UTF-8; the store and the API serialise exactly this.
  (void)parse::to_json(doc).dump();
}

// A parser may fail, but only the documented way.
void check_error(const Error& e, std::string_view name) {
  const std::string_view message = e.what();
  if (e.code() == ErrorCode::internal) violation(std::string("internal error: ") + e.what());
  if (!message.starts_with(name)) violation(std::string("error does not name the input: ") + e.what());
  // The CLI prints it and the HTTP API serialises it as JSON.
  check_utf8(message, "error message");
}

void run_parse(std::string_view name, std::string_view data) {
  parse::Document doc;
  try {
    doc = parse::parse_bytes(name, data);
  } catch (const Error& e) {
    check_error(e, name);
    return;
  }
  check_document(doc);
}

// decode_text() with a declared charset taken from a first line
// "charset=NAME\n" (as HTML's <meta charset> supplies one), then the
// content sniffing of parse_bytes() for an unknown extension.
void run_encoding(std::string_view data) {
  std::string_view declared;
  std::string_view body = data;
  if (data.starts_with("charset=")) {
    const size_t eol = data.find('\n');
    if (eol != std::string_view::npos) {
      declared = data.substr(8, eol - 8);
      body = data.substr(eol + 1);
    }
  }
  try {
    const parse::DecodedText decoded = parse::decode_text("fuzz.bin", body, declared);
    check_utf8(decoded.text, "decoded text");
    check_utf8(decoded.encoding, "encoding name");
    if (decoded.text.find('\r') != std::string::npos) violation("decoded text keeps a CR");
  } catch (const Error& e) {
    check_error(e, "fuzz.bin");
  }
  run_parse("fuzz.bin", data);
}

}  // namespace

const std::vector<std::string>& target_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [target, file] : file_names()) v.push_back(target);
    return v;
  }();
  return names;
}

std::string zip_parts(std::string_view part_list, bool deflate) {
  // Split "@@ name\n<content>" records; text before the first record is ignored.
  std::vector<std::pair<std::string, std::string>> parts;
  size_t pos = part_list.starts_with("@@ ") ? 0 : part_list.find("\n@@ ");
  while (pos != std::string_view::npos) {
    if (part_list[pos] == '\n') ++pos;
    const size_t name_end = part_list.find('\n', pos);
    if (name_end == std::string_view::npos) break;
    const size_t next = part_list.find("\n@@ ", name_end);
    const size_t content_end = next == std::string_view::npos ? part_list.size() : next;
    parts.emplace_back(std::string(part_list.substr(pos + 3, name_end - pos - 3)),
                       std::string(part_list.substr(name_end + 1, content_end - name_end - 1)));
    pos = next;
  }

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  std::string bytes;
  if (zip_t* archive = zip_open_from_source(out, ZIP_TRUNCATE, &error)) {
    for (const auto& [name, content] : parts) {
      zip_source_t* src = zip_source_buffer(archive, content.data(), content.size(), 0);
      const zip_int64_t index = zip_file_add(archive, name.c_str(), src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
      if (index < 0) {
        zip_source_free(src);
        continue;
      }
      zip_set_file_compression(archive, static_cast<zip_uint64_t>(index),
                               deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    }
    if (zip_close(archive) != 0) zip_discard(archive);
    if (zip_source_open(out) == 0) {
      zip_source_seek(out, 0, SEEK_END);
      bytes.resize(static_cast<size_t>(zip_source_tell(out)));
      zip_source_seek(out, 0, SEEK_SET);
      if (zip_source_read(out, bytes.data(), bytes.size()) != static_cast<zip_int64_t>(bytes.size()))
        bytes.clear();
      zip_source_close(out);
    }
  }
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

void run_target(std::string_view target, std::string_view data) {
  const auto it = file_names().find(target);
  if (it == file_names().end()) throw std::invalid_argument("unknown fuzz target: " + std::string(target));
  if (target == "encoding") return run_encoding(data);
  if ((target == "docx" || target == "xlsx" || target == "pptx") && !data.starts_with("PK")) {
    const std::string zipped = zip_parts(data);
    if (!zipped.empty()) run_parse(it->second, zipped);
    return;
  }
  run_parse(it->second, data);
}

}  // namespace lore::fuzz
