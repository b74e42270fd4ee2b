// Search filters: which documents of a knowledge base a search or an ask may
// draw from, resolved to document ids in this one place.
//
// Kinds, ANDed together (each kind only when given):
//   documents  names or ids; a document matches if it is any of them
//   tags       the document has every one of them (its user tags or the
//              file's own source_tags, user_metadata.h)
//   metadata   key = value for every pair: the document's metadata value under
//              key equals value (strings, numbers, bools; "2024" equals 2024,
//              "true" equals true; an array value matches if any element does)
//
// Contract: a non-empty filter resolves to the ids that match — possibly none,
// and then the search returns NO results (never "unfiltered"). A document name
// or id that is not in the knowledge base is an Error{invalid_argument}
// naming every unknown one, so a typo is not silently "no results".
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/store.h"

namespace lore::pipeline {

struct SearchFilter {
  std::vector<std::string> documents;                  // names (or an id written in decimal)
  std::vector<store::Id> document_ids;                 // ids
  std::vector<std::string> tags;                       // all required
  nlohmann::json metadata = nlohmann::json::object();  // key -> scalar, all required
  bool empty() const { return documents.empty() && document_ids.empty() && tags.empty() && metadata.empty(); }
};

// {"documents": [name | id, ...], "tags": [...], "metadata": {key: scalar}}
// (every field optional; null = absent). Errors name `field`.
SearchFilter filter_from_json(const nlohmann::json& j, const std::string& field = "filter");

// The command line's --where key=value arguments (values stay strings; the
// comparison converts).
nlohmann::json metadata_from_key_values(const std::vector<std::string>& args, const std::string& flag);

// Whether a stored metadata value equals a wanted scalar (see above).
bool metadata_value_matches(const nlohmann::json& stored, const nlohmann::json& wanted);

// The ids of `docs` (a knowledge base's documents, named `kb_name` in errors)
// that match `filter`, ascending. Throws for unknown document names or ids.
std::vector<store::Id> resolve_filter(const std::vector<store::DocumentRecord>& docs,
                                      const SearchFilter& filter, const std::string& kb_name);
// The same over store.list_documents(kb.id).
std::vector<store::Id> resolve_filter(store::Store& store, const store::KnowledgeBase& kb,
                                      const SearchFilter& filter);

}  // namespace lore::pipeline
