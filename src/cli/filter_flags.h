// The --document / --tag / --where flags shared by `lore search` and
// `lore ask` (pipeline/filters.h), and --tag / --meta of `lore ingest`.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "pipeline/filters.h"
#include "pipeline/user_metadata.h"

namespace lore::cli {

struct FilterFlags {
  std::vector<std::string> documents, tags, where;
  // Adds the three repeatable flags to `cmd`.
  void add_to(CLI::App* cmd);
  // Error{invalid_argument} for a --where that is not key=value.
  pipeline::SearchFilter filter() const;
};

struct UserMetadataFlags {
  std::vector<std::string> tags, meta;
  void add_to(CLI::App* cmd);
  // Validated (tags, keys, values): Error{invalid_argument} naming the flag.
  pipeline::UserMetadata user_metadata() const;
};

}  // namespace lore::cli
