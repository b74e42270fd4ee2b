// Shared helpers of the Office Open XML parsers (DOCX, XLSX, PPTX): XML
// loading, namespace-agnostic element lookup, package relationships and core
// properties.
//
// Element and attribute names are matched on their local name ("w:p" and
// "p" both match "p"): producers choose prefixes freely, and the parsers only
// ever look inside parts whose vocabulary they know.
#pragma once

#include <pugixml.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "parse/document.h"
#include "parse/office/zip_reader.h"

namespace lore::parse::office {

// Deeper element nesting than this is not descended into: real documents
// nest tens of levels, and the walkers recurse.
constexpr int kMaxXmlDepth = 200;

// "w:p" -> "p".
std::string_view local_name(const pugi::xml_node& node);
std::string_view local_name(const pugi::xml_attribute& attr);

bool is(const pugi::xml_node& node, std::string_view local);

// First child element with this local name (empty node when none).
pugi::xml_node child(const pugi::xml_node& node, std::string_view local);

// Child elements with this local name, in document order.
std::vector<pugi::xml_node> children(const pugi::xml_node& node, std::string_view local);

// First descendant element with this local name (depth-first, document order).
pugi::xml_node descendant(const pugi::xml_node& node, std::string_view local);

// Value of the attribute with this local name ("" when absent).
std::string_view attr(const pugi::xml_node& node, std::string_view local);
bool has_attr(const pugi::xml_node& node, std::string_view local);

// The relationship reference of an element ("r:id"): the namespace-prefixed
// attribute with local name "id". Elements such as p:sldId also carry an
// unprefixed numeric "id", which attr(node, "id") could return instead.
std::string_view relationship_id(const pugi::xml_node& node);

// Integer value of an attribute, or `fallback` when absent or not a number.
long long attr_int(const pugi::xml_node& node, std::string_view local, long long fallback);

// For mc:AlternateContent: the content to read, i.e. the first mc:Choice
// (what current Office writes) and never the mc:Fallback, which repeats the
// same content for older readers and would duplicate the text.
pugi::xml_node alternate_choice(const pugi::xml_node& alternate_content);

// Parses `part` of the package into `xml`. Returns false when the part is
// absent; throws Error{bad_input} naming the file and the part when it is not
// well-formed XML. (pugixml does not expand DTD entities, so "billion laughs"
// documents stay small.)
bool load_part(ZipArchive& zip, std::string_view part, pugi::xml_document& xml);

struct Relationship {
  std::string type;    // full type URI
  std::string target;  // package path without a leading '/', or the URI when external
  bool external = false;
};

// Relationships of `part` (from "<dir>/_rels/<file>.rels"), keyed by id;
// empty when the part has none.
std::map<std::string, Relationship> read_relationships(ZipArchive& zip, std::string_view part);

// Targets of relationships whose type ends with "/<type_suffix>", in the
// order of the .rels file.
std::vector<std::string> targets_of_type(const std::map<std::string, Relationship>& rels,
                                         std::string_view type_suffix);

// Resolves a relationship target against the part that owns it:
// ("word/document.xml", "media/a.png") -> "word/media/a.png";
// absolute targets ("/xl/a.xml") lose the slash; ".." segments are applied.
std::string resolve_target(std::string_view source_part, std::string_view target);

// The package's main part: the target of the officeDocument relationship in
// _rels/.rels when it exists in the archive, else `fallback`. Throws
// Error{bad_input} "<name>: not a valid <FORMAT> (missing part <fallback>)"
// when neither exists.
std::string main_part(ZipArchive& zip, std::string_view fallback);

// Reads docProps/core.xml (title, creator -> author, created, modified,
// subject, keywords) into doc.metadata; missing or empty values are skipped.
void read_core_properties(ZipArchive& zip, Document& doc);

// Appends `block` through add_block semantics (skipped when its text is
// blank) and returns whether it was added.
bool append_block(Document& doc, BlockKind kind, std::string text, int level = 0);

}  // namespace lore::parse::office
