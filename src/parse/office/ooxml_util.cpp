#include "parse/office/ooxml_util.h"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "core/error.h"
#include "core/text.h"
#include "parse/block_util.h"

namespace lore::parse::office {

namespace {

std::string_view after_colon(std::string_view name) {
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Directory part of a part name, with its trailing '/' ("word/document.xml" -> "word/").
std::string_view directory_of(std::string_view part) {
  const size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : part.substr(0, slash + 1);
}

// Applies "." and ".." segments; ".." above the root is dropped.
std::string normalise_path(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view seg = path.substr(pos, end - pos);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    pos = end + 1;
  }
  std::string out;
  for (const auto& seg : segments) {
    if (!out.empty()) out += '/';
    out += seg;
  }
  return out;
}

// Finds the first name or value in the DOM that is not valid UTF-8.
// pugixml converts UTF-16/32 and Latin-1 parts to UTF-8 but copies bytes of
// a UTF-8 part unchecked; XML makes an encoding error fatal, and every
// string the parsers take from the DOM must be valid UTF-8.
struct Utf8Check : pugi::xml_tree_walker {
  bool valid = true;
  bool for_each(pugi::xml_node& node) override {
    valid = ok(node.name()) && ok(node.value());
    for (auto a = node.first_attribute(); valid && a; a = a.next_attribute())
      valid = ok(a.name()) && ok(a.value());
    return valid;
  }
  static bool ok(const char* s) { return text::find_invalid_utf8(s) == std::string_view::npos; }
};

}  // namespace

std::string_view local_name(const pugi::xml_node& node) { return after_colon(node.name()); }
std::string_view local_name(const pugi::xml_attribute& attr) { return after_colon(attr.name()); }

bool is(const pugi::xml_node& node, std::string_view local) {
  return node.type() == pugi::node_element && local_name(node) == local;
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (is(c, local)) return c;
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& node, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling())
    if (is(c, local)) out.push_back(c);
  return out;
}

pugi::xml_node descendant(const pugi::xml_node& node, std::string_view local) {
  // Iterative pre-order walk: hostile documents may nest arbitrarily deep.
  pugi::xml_node cur = node.first_child();
  while (cur) {
    if (is(cur, local)) return cur;
    if (cur.first_child()) {
      cur = cur.first_child();
      continue;
    }
    while (cur && cur != node && !cur.next_sibling()) cur = cur.parent();
    if (!cur || cur == node) break;
    cur = cur.next_sibling();
  }
  return {};
}

std::string_view attr(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
    if (local_name(a) == local) return a.value();
  return {};
}

std::string_view relationship_id(const pugi::xml_node& node) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name = a.name();
    if (name.find(':') != std::string_view::npos && local_name(a) == "id") return a.value();
  }
  return {};
}

bool has_attr(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute())
    if (local_name(a) == local) return true;
  return false;
}

long long attr_int(const pugi::xml_node& node, std::string_view local, long long fallback) {
  const std::string value(attr(node, local));
  if (value.empty()) return fallback;
  char* end = nullptr;
  const long long v = std::strtoll(value.c_str(), &end, 10);
  return end == value.c_str() ? fallback : v;
}

pugi::xml_node alternate_choice(const pugi::xml_node& alternate_content) {
  return child(alternate_content, "Choice");
}

bool load_part(ZipArchive& zip, std::string_view part, pugi::xml_document& xml) {
  const auto data = zip.read(part);
  if (!data) return false;
  // parse_ws_pcdata_single keeps <w:t xml:space="preserve"> </w:t>: a lone
  // space run is the only separator between two words.
  const pugi::xml_parse_result result =
      xml.load_buffer(data->data(), data->size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!result)
    throw Error(ErrorCode::bad_input, zip.source_name() + ": not a valid " + zip.format() + " (part " +
                                          std::string(part) +
                                          " is not well-formed XML: " + result.description() + " at byte " +
                                          std::to_string(result.offset) + ")");
  Utf8Check check;
  xml.traverse(check);
  if (!check.valid)
    throw Error(ErrorCode::bad_input, zip.source_name() + ": not a valid " + zip.format() + " (part " +
                                          std::string(part) + " is not valid UTF-8)");
  return true;
}

std::string resolve_target(std::string_view source_part, std::string_view target) {
  if (!target.empty() && target.front() == '/') return normalise_path(target);
  return normalise_path(std::string(directory_of(source_part)) + std::string(target));
}

std::map<std::string, Relationship> read_relationships(ZipArchive& zip, std::string_view part) {
  std::map<std::string, Relationship> rels;
  const std::string_view dir = directory_of(part);
  const std::string rels_part = std::string(dir) + "_rels/" + std::string(part.substr(dir.size())) + ".rels";
  pugi::xml_document xml;
  if (!load_part(zip, rels_part, xml)) return rels;
  for (const auto& rel : children(child(xml, "Relationships"), "Relationship")) {
    Relationship r;
    r.type = attr(rel, "Type");
    r.external = text::ascii_lower(attr(rel, "TargetMode")) == "external";
    r.target = r.external ? std::string(attr(rel, "Target")) : resolve_target(part, attr(rel, "Target"));
    rels.emplace(std::string(attr(rel, "Id")), std::move(r));
  }
  return rels;
}

std::vector<std::string> targets_of_type(const std::map<std::string, Relationship>& rels,
                                         std::string_view type_suffix) {
  // The map is keyed by id; rIds are usually "rId<N>", so order by N to
  // follow the .rels file and the producer's intent.
  std::vector<std::pair<long long, std::string>> found;
  for (const auto& [id, rel] : rels) {
    if (rel.external) continue;
    const std::string_view type = rel.type;
    if (type.size() <= type_suffix.size() || !type.ends_with(type_suffix) ||
        type[type.size() - type_suffix.size() - 1] != '/')
      continue;
    const size_t digits = id.find_first_of("0123456789");
    const long long n = digits == std::string::npos ? 0 : std::atoll(id.c_str() + digits);
    found.emplace_back(n, rel.target);
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

std::string main_part(ZipArchive& zip, std::string_view fallback) {
  const auto rels = read_relationships(zip, "");
  for (const auto& target : targets_of_type(rels, "officeDocument"))
    if (zip.contains(target)) return target;
  if (zip.contains(fallback)) return std::string(fallback);
  throw Error(ErrorCode::bad_input, zip.source_name() + ": not a valid " + zip.format() + " (missing part " +
                                        std::string(fallback) + ")");
}

void read_core_properties(ZipArchive& zip, Document& doc) {
  std::string part = "docProps/core.xml";
  for (const auto& target : targets_of_type(read_relationships(zip, ""), "core-properties")) part = target;
  pugi::xml_document xml;
  try {
    if (!load_part(zip, part, xml)) return;
  } catch (const Error& e) {
    // Metadata is optional: a broken core.xml must not cost the content.
    if (e.code() == ErrorCode::bad_input) return;
    throw;
  }
  static const std::pair<const char*, const char*> kFields[] = {
      {"title", "title"},       {"creator", "author"},  {"created", "created"},
      {"modified", "modified"}, {"subject", "subject"}, {"keywords", "keywords"}};
  const pugi::xml_node root = child(xml, "coreProperties");
  for (const auto& [element, key] : kFields) {
    const std::string value = detail::collapse_text(child(root, element).text().get());
    if (!value.empty()) doc.metadata[key] = value;
  }
}

bool append_block(Document& doc, BlockKind kind, std::string text, int level) {
  const size_t before = doc.blocks.size();
  detail::add_block(doc, kind, std::move(text), level);
  return doc.blocks.size() > before;
}

}  // namespace lore::parse::office
