#include "pipeline/filters.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <map>
#include <set>

#include "core/error.h"
#include "pipeline/user_metadata.h"

namespace lore::pipeline {

using nlohmann::json;

namespace {

// A decimal number written in full ("2024", "-1.5"), as a double.
std::optional<double> as_number(const std::string& s) {
  if (s.empty() || s.find_first_of(" \t\r\n") != std::string::npos) return std::nullopt;
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return d;
}

std::optional<bool> as_bool(const std::string& s) {
  if (s == "true") return true;
  if (s == "false") return false;
  return std::nullopt;
}

bool scalar_matches(const json& stored, const json& wanted) {
  if (stored.is_string() && wanted.is_string()) return stored == wanted;
  if (stored.is_number() && wanted.is_number()) return stored.get<double>() == wanted.get<double>();
  if (stored.is_boolean() && wanted.is_boolean()) return stored == wanted;
  // Mixed: a string compared with a number or bool is read as one.
  const json& text = stored.is_string() ? stored : wanted;
  const json& other = stored.is_string() ? wanted : stored;
  if (!text.is_string()) return false;
  const auto& s = text.get_ref<const std::string&>();
  if (other.is_number()) {
    const auto d = as_number(s);
    return d && *d == other.get<double>();
  }
  if (other.is_boolean()) {
    const auto b = as_bool(s);
    return b && *b == other.get<bool>();
  }
  return false;
}

std::optional<store::Id> as_id(const std::string& s) {
  store::Id id = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) return std::nullopt;
  return id;
}

bool has_all_tags(const store::DocumentRecord& d, const std::vector<std::string>& tags) {
  if (tags.empty()) return true;
  const auto have = all_tags(d.metadata);
  return std::all_of(tags.begin(), tags.end(),
                     [&](const auto& t) { return std::find(have.begin(), have.end(), t) != have.end(); });
}

bool has_all_values(const store::DocumentRecord& d, const json& wanted) {
  for (const auto& [k, v] : wanted.items()) {
    if (!d.metadata.is_object()) return false;
    const auto it = d.metadata.find(k);
    if (it == d.metadata.end() || !metadata_value_matches(*it, v)) return false;
  }
  return true;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "\"" : ", \"") + s + "\"";
  return out;
}

}  // namespace

bool metadata_value_matches(const json& stored, const json& wanted) {
  if (stored.is_array())
    return std::any_of(stored.begin(), stored.end(),
                       [&](const json& e) { return scalar_matches(e, wanted); });
  return scalar_matches(stored, wanted);
}

SearchFilter filter_from_json(const json& j, const std::string& field) {
  SearchFilter f;
  if (j.is_null()) return f;
  if (!j.is_object())
    throw Error(ErrorCode::invalid_argument,
                "field \"" + field + "\" must be an object {\"documents\", \"tags\", \"metadata\"}");
  for (const auto& [k, v] : j.items())
    if (k != "documents" && k != "tags" && k != "metadata")
      throw Error(ErrorCode::invalid_argument,
                  "unknown field \"" + field + "." + k + "\" (expected documents, tags, metadata)");
  if (auto it = j.find("documents"); it != j.end() && !it->is_null()) {
    if (!it->is_array())
      throw Error(ErrorCode::invalid_argument,
                  "field \"" + field + ".documents\" must be an array of names or ids");
    for (const auto& d : *it) {
      if (d.is_string())
        f.documents.push_back(d.get<std::string>());
      else if (d.is_number_integer())
        f.document_ids.push_back(d.get<store::Id>());
      else
        throw Error(ErrorCode::invalid_argument,
                    "field \"" + field + ".documents\": " + d.dump() + " is neither a name nor an id");
    }
  }
  if (auto it = j.find("tags"); it != j.end() && !it->is_null()) {
    if (!it->is_array())
      throw Error(ErrorCode::invalid_argument, "field \"" + field + ".tags\" must be an array of strings");
    for (const auto& t : *it) {
      if (!t.is_string())
        throw Error(ErrorCode::invalid_argument,
                    "field \"" + field + ".tags\": " + t.dump() + " is not a string");
      check_tag(t.get<std::string>());
      f.tags.push_back(t.get<std::string>());
    }
  }
  if (auto it = j.find("metadata"); it != j.end() && !it->is_null()) {
    if (!it->is_object())
      throw Error(ErrorCode::invalid_argument,
                  "field \"" + field + ".metadata\" must be an object of key: value");
    for (const auto& [k, v] : it->items())
      if (!v.is_string() && !v.is_number() && !v.is_boolean())
        throw Error(ErrorCode::invalid_argument, "field \"" + field + ".metadata." + k +
                                                     "\" must be a string, number or boolean, found " +
                                                     v.dump());
    f.metadata = *it;
  }
  return f;
}

json metadata_from_key_values(const std::vector<std::string>& args, const std::string& flag) {
  json out = json::object();
  for (const auto& a : args) {
    auto [k, v] = split_key_value(a, flag);
    out[k] = v;
  }
  return out;
}

std::vector<store::Id> resolve_filter(const std::vector<store::DocumentRecord>& docs,
                                      const SearchFilter& filter, const std::string& kb_name) {
  std::optional<std::set<store::Id>> named;  // the documents kind, when given
  if (!filter.documents.empty() || !filter.document_ids.empty()) {
    std::map<std::string, store::Id> by_name;
    std::set<store::Id> ids;
    for (const auto& d : docs) by_name[d.name] = d.id, ids.insert(d.id);
    named.emplace();
    std::vector<std::string> unknown;
    for (const auto& name : filter.documents) {
      if (auto it = by_name.find(name); it != by_name.end())
        named->insert(it->second);
      else if (auto id = as_id(name); id && ids.count(*id))
        named->insert(*id);
      else
        unknown.push_back(name);
    }
    for (const auto id : filter.document_ids) {
      if (ids.count(id))
        named->insert(id);
      else
        unknown.push_back(std::to_string(id));
    }
    if (!unknown.empty())
      throw Error(ErrorCode::invalid_argument,
                  std::string(unknown.size() == 1 ? "no document " : "no documents ") + quoted_list(unknown) +
                      " in knowledge base " + kb_name);
  }
  std::vector<store::Id> out;
  for (const auto& d : docs) {
    if (named && !named->count(d.id)) continue;
    if (has_all_tags(d, filter.tags) && has_all_values(d, filter.metadata)) out.push_back(d.id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<store::Id> resolve_filter(store::Store& store, const store::KnowledgeBase& kb,
                                      const SearchFilter& filter) {
  return resolve_filter(store.list_documents(kb.id), filter, kb.name);
}

}  // namespace lore::pipeline
