#include "cli/filter_flags.h"

namespace lore::cli {

void FilterFlags::add_to(CLI::App* cmd) {
  cmd->add_option("--document", documents,
                  "Only this document (name as in `lore kb show`, or id); repeat for any of several");
  cmd->add_option("--tag", tags, "Only documents with this tag; repeat to require several");
  cmd->add_option("--where", where,
                  "Only documents whose metadata KEY equals VALUE (KEY=VALUE; numbers and true/false "
                  "compare by value); repeat to require several");
}

pipeline::SearchFilter FilterFlags::filter() const {
  pipeline::SearchFilter f;
  f.documents = documents;
  for (const auto& t : tags) pipeline::check_tag(t);
  f.tags = tags;
  f.metadata = pipeline::metadata_from_key_values(where, "--where");
  return f;
}

void UserMetadataFlags::add_to(CLI::App* cmd) {
  cmd->add_option("--tag", tags, "Tag the documents (kept across re-ingests); repeatable");
  cmd->add_option("--meta", meta,
                  "Set metadata KEY=VALUE on the documents (kept across re-ingests, wins over the "
                  "file's own); repeatable");
}

pipeline::UserMetadata UserMetadataFlags::user_metadata() const {
  pipeline::UserMetadata u;
  u.tags = tags;
  for (const auto& m : meta) {
    auto [k, v] = pipeline::split_key_value(m, "--meta");
    u.fields[k] = v;
  }
  return pipeline::merge_user_metadata({}, u);
}

}  // namespace lore::cli
