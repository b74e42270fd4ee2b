// User tags and metadata on documents. They live in DocumentRecord::metadata
// beside the keys the parser found (title, author, ...):
//
//   "tags":      ["contract", "2024"]   the user's tags (unique, in order)
//   "user_keys": ["project", "year"]    which other keys the user set
//   "project":   "apollo"               the user's values: string, number or bool
//   "source_tags": ["draft"]            the file's own tags (Markdown front
//                                       matter "tags:"), renewed by each version
//
// Invariants: every key named in "user_keys" holds a scalar the user set; on
// re-ingest of a changed file the user's tags and keys are carried over and
// win over the parser's keys of the same name (with_user_metadata). Limits
// (a clear Error{invalid_argument} naming the value): a tag is a non-empty
// string of at most kMaxTagBytes bytes, at most kMaxTags per document; a key
// is 1..kMaxKeyBytes bytes and not a reserved name; a string value is at most
// kMaxValueBytes bytes; at most kMaxUserKeys keys per document.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace lore::pipeline {

inline constexpr size_t kMaxTags = 32;
inline constexpr size_t kMaxTagBytes = 64;
inline constexpr size_t kMaxUserKeys = 64;
inline constexpr size_t kMaxKeyBytes = 64;
inline constexpr size_t kMaxValueBytes = 1024;

struct UserMetadata {
  std::vector<std::string> tags;
  nlohmann::json fields = nlohmann::json::object();  // key -> scalar
  bool empty() const { return tags.empty() && fields.empty(); }
};

// A change to a document's user metadata. `fields`: key -> scalar to set, or
// null to remove (removing a key the user did not set is a no-op).
struct UserMetadataEdit {
  std::optional<std::vector<std::string>> set_tags;  // replaces the tags when present
  std::vector<std::string> add_tags, remove_tags;
  nlohmann::json fields = nlohmann::json::object();
  bool empty() const { return !set_tags && add_tags.empty() && remove_tags.empty() && fields.empty(); }
};

// Throws Error{invalid_argument} unless `tag` is a valid tag.
void check_tag(const std::string& tag);
// Throws unless `value` may be stored under the user key `key`.
void check_user_field(const std::string& key, const nlohmann::json& value);

// The user's part of a document's metadata.
UserMetadata user_metadata_of(const nlohmann::json& metadata);
// Every tag of a document: the user's, then the file's own (source_tags).
std::vector<std::string> all_tags(const nlohmann::json& metadata);

// `base` with `extra`'s tags appended (no duplicates) and fields overlaid.
// Validates the result.
UserMetadata merge_user_metadata(UserMetadata base, const UserMetadata& extra);

// The metadata to store: the parser's `parsed` keys with the user's on top.
nlohmann::json with_user_metadata(nlohmann::json parsed, const UserMetadata& user);

// The RFC 7386 merge patch that applies `edit` to a document whose metadata
// is `current` (for Store::update_document_metadata). Validates the result.
nlohmann::json user_metadata_patch(const nlohmann::json& current, const UserMetadataEdit& edit);

// Reads an edit from JSON {"tags"?: [..], "add_tags"?: [..], "remove_tags"?: [..],
// "metadata"?: {key: scalar | null}}; errors name the field.
UserMetadataEdit user_metadata_edit_from_json(const nlohmann::json& body);

// "key=value" -> {key, value} (a command-line --meta or --where argument;
// `flag` names it in errors). The value may be empty; the key may not.
std::pair<std::string, std::string> split_key_value(const std::string& arg, const std::string& flag);

// {"tags": [...], "metadata": {the user's keys}} — the user's part as the API shows it.
nlohmann::json user_metadata_json(const nlohmann::json& metadata);

}  // namespace lore::pipeline
