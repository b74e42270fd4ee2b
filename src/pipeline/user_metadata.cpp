#include "pipeline/user_metadata.h"

#include <algorithm>
#include <set>

#include "core/error.h"

namespace lore::pipeline {

using nlohmann::json;

namespace {

// Keys Lore itself keeps in a document's metadata: never user keys.
const std::set<std::string>& reserved_keys() {
  static const std::set<std::string> keys = {"tags",         "source_tags",    "user_keys",
                                             "figure_blobs", "chunk_template", "chunk_template_requested"};
  return keys;
}

void check_counts(const UserMetadata& u) {
  if (u.tags.size() > kMaxTags)
    throw Error(ErrorCode::invalid_argument, "too many tags (" + std::to_string(u.tags.size()) +
                                                 "): a document has at most " + std::to_string(kMaxTags));
  if (u.fields.size() > kMaxUserKeys)
    throw Error(ErrorCode::invalid_argument, "too many metadata keys (" + std::to_string(u.fields.size()) +
                                                 "): a document has at most " + std::to_string(kMaxUserKeys));
}

void add_tag(std::vector<std::string>& tags, const std::string& tag) {
  check_tag(tag);
  if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
}

std::vector<std::string> string_list(const json& v, const std::string& field) {
  if (!v.is_array())
    throw Error(ErrorCode::invalid_argument, "field \"" + field + "\" must be an array of strings");
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.is_string())
      throw Error(ErrorCode::invalid_argument,
                  "field \"" + field + "\" must be an array of strings, found " + e.dump());
    out.push_back(e.get<std::string>());
  }
  return out;
}

json user_patch(const json& current, const UserMetadata& wanted) {
  const auto before = user_metadata_of(current);
  json patch = json::object();
  patch["tags"] = wanted.tags.empty() ? json(nullptr) : json(wanted.tags);
  json keys = json::array();
  for (const auto& [k, v] : wanted.fields.items()) {
    keys.push_back(k);
    patch[k] = v;
  }
  patch["user_keys"] = keys.empty() ? json(nullptr) : keys;
  for (const auto& [k, v] : before.fields.items())
    if (!wanted.fields.contains(k)) patch[k] = nullptr;
  return patch;
}

}  // namespace

void check_tag(const std::string& tag) {
  if (tag.empty() || tag.find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error(ErrorCode::invalid_argument, "a tag must be a non-empty string");
  if (tag.size() > kMaxTagBytes)
    throw Error(ErrorCode::invalid_argument, "tag \"" + tag.substr(0, 32) + "...\" is " +
                                                 std::to_string(tag.size()) + " bytes, over the limit of " +
                                                 std::to_string(kMaxTagBytes));
}

void check_user_field(const std::string& key, const json& value) {
  if (key.empty()) throw Error(ErrorCode::invalid_argument, "a metadata key must not be empty");
  if (key.size() > kMaxKeyBytes)
    throw Error(ErrorCode::invalid_argument, "metadata key \"" + key.substr(0, 32) + "...\" is over " +
                                                 std::to_string(kMaxKeyBytes) + " bytes");
  if (reserved_keys().count(key))
    throw Error(ErrorCode::invalid_argument,
                "metadata key \"" + key + "\" is reserved" + (key == "tags" ? " (use tags instead)" : ""));
  if (!value.is_string() && !value.is_number() && !value.is_boolean())
    throw Error(ErrorCode::invalid_argument,
                "metadata \"" + key + "\" must be a string, number or boolean, found " + value.dump());
  if (value.is_string() && value.get_ref<const std::string&>().size() > kMaxValueBytes)
    throw Error(ErrorCode::invalid_argument,
                "metadata \"" + key + "\" is over " + std::to_string(kMaxValueBytes) + " bytes");
}

UserMetadata user_metadata_of(const json& metadata) {
  UserMetadata u;
  if (!metadata.is_object()) return u;
  if (auto it = metadata.find("tags"); it != metadata.end() && it->is_array())
    for (const auto& t : *it)
      if (t.is_string()) u.tags.push_back(t.get<std::string>());
  if (auto it = metadata.find("user_keys"); it != metadata.end() && it->is_array())
    for (const auto& k : *it)
      if (k.is_string())
        if (auto v = metadata.find(k.get<std::string>()); v != metadata.end())
          u.fields[k.get<std::string>()] = *v;
  return u;
}

std::vector<std::string> all_tags(const json& metadata) {
  auto tags = user_metadata_of(metadata).tags;
  if (metadata.is_object())
    if (auto it = metadata.find("source_tags"); it != metadata.end() && it->is_array())
      for (const auto& t : *it)
        if (t.is_string() && std::find(tags.begin(), tags.end(), t.get<std::string>()) == tags.end())
          tags.push_back(t.get<std::string>());
  return tags;
}

UserMetadata merge_user_metadata(UserMetadata base, const UserMetadata& extra) {
  for (const auto& t : extra.tags) add_tag(base.tags, t);
  for (const auto& [k, v] : extra.fields.items()) {
    check_user_field(k, v);
    base.fields[k] = v;
  }
  check_counts(base);
  return base;
}

json with_user_metadata(json parsed, const UserMetadata& user) {
  if (!parsed.is_object()) parsed = json::object();
  // A file's own tags (Markdown front matter "tags:") are the parser's: kept
  // as "source_tags" (renewed by each version), matched by tag filters too.
  if (auto it = parsed.find("tags"); it != parsed.end()) {
    json own = json::array();
    for (const auto& t : it->is_array() ? *it : json::array({*it}))
      if (t.is_string() && !t.get_ref<const std::string&>().empty()) own.push_back(t);
    parsed.erase(it);
    if (!own.empty()) parsed["source_tags"] = own;
  }
  parsed.erase("user_keys");
  if (!user.tags.empty()) parsed["tags"] = user.tags;
  if (!user.fields.empty()) {
    json keys = json::array();
    for (const auto& [k, v] : user.fields.items()) {
      keys.push_back(k);
      parsed[k] = v;  // the user's value wins over the parser's
    }
    parsed["user_keys"] = keys;
  }
  return parsed;
}

json user_metadata_patch(const json& current, const UserMetadataEdit& edit) {
  auto u = user_metadata_of(current);
  if (edit.set_tags) {
    u.tags.clear();
    for (const auto& t : *edit.set_tags) add_tag(u.tags, t);
  }
  for (const auto& t : edit.add_tags) add_tag(u.tags, t);
  for (const auto& t : edit.remove_tags) std::erase(u.tags, t);
  if (!edit.fields.is_null() && !edit.fields.is_object())
    throw Error(ErrorCode::invalid_argument, "metadata must be an object of key: value");
  for (const auto& [k, v] : edit.fields.items()) {
    if (v.is_null()) {
      u.fields.erase(k);
      continue;
    }
    check_user_field(k, v);
    u.fields[k] = v;
  }
  check_counts(u);
  return user_patch(current, u);
}

UserMetadataEdit user_metadata_edit_from_json(const json& body) {
  if (!body.is_object()) throw Error(ErrorCode::invalid_argument, "the request body must be a JSON object");
  UserMetadataEdit e;
  if (body.contains("tags") && !body["tags"].is_null()) e.set_tags = string_list(body["tags"], "tags");
  if (body.contains("add_tags")) e.add_tags = string_list(body["add_tags"], "add_tags");
  if (body.contains("remove_tags")) e.remove_tags = string_list(body["remove_tags"], "remove_tags");
  if (body.contains("metadata") && !body["metadata"].is_null()) {
    if (!body["metadata"].is_object())
      throw Error(ErrorCode::invalid_argument, "field \"metadata\" must be an object of key: value");
    e.fields = body["metadata"];
  }
  return e;
}

std::pair<std::string, std::string> split_key_value(const std::string& arg, const std::string& flag) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(ErrorCode::invalid_argument, flag + " \"" + arg + "\": expected key=value");
  return {arg.substr(0, eq), arg.substr(eq + 1)};
}

json user_metadata_json(const json& metadata) {
  const auto u = user_metadata_of(metadata);
  return {{"tags", u.tags}, {"metadata", u.fields}};
}

}  // namespace lore::pipeline
