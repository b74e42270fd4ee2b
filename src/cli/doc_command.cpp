// lore doc tag|meta NAME --kb KB: a document's user tags and metadata
// (pipeline/user_metadata.h). Without changes, prints what the document has.
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "core/error.h"
#include "pipeline/user_metadata.h"
#include "pipeline/workspace.h"

namespace lore::cli {

namespace {

// A document of the knowledge base by name, or by id when no name matches.
store::DocumentRecord require_document(pipeline::Workspace& ws, const store::KnowledgeBase& kb,
                                       const std::string& ref) {
  if (auto d = ws.store().find_document(kb.id, ref)) return *d;
  if (!ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos) {
    if (auto d = ws.store().get_document(ws.tenant_id(), std::stoll(ref)); d && d->kb_id == kb.id) return *d;
  }
  throw Error(ErrorCode::not_found, "no document \"" + ref + "\" in knowledge base " + kb.name +
                                        " (see `lore kb show " + kb.name + "`)");
}

// Applies `edit` (if any) and prints the document's tags and user metadata.
void edit_and_print(Context& ctx, const std::string& kb_name, const std::string& ref,
                    const pipeline::UserMetadataEdit& edit, bool json) {
  pipeline::Workspace ws(ctx.config(), edit.empty() ? pipeline::Access::read : pipeline::Access::write);
  const auto kb = ws.require_kb(kb_name);
  const auto doc = require_document(ws, kb, ref);
  nlohmann::json metadata = doc.metadata;
  if (!edit.empty())
    metadata = ws.store().update_document_metadata(doc.id, pipeline::user_metadata_patch(doc.metadata, edit));
  auto out = pipeline::user_metadata_json(metadata);
  if (json) {
    out["id"] = doc.id;
    out["name"] = doc.name;
    out["all_tags"] = pipeline::all_tags(metadata);
    print_json(out);
    return;
  }
  std::string tags;
  for (const auto& t : pipeline::all_tags(metadata)) tags += (tags.empty() ? "" : ", ") + t;
  std::printf("%s (document %lld)\n  tags: %s\n", doc.name.c_str(), static_cast<long long>(doc.id),
              tags.empty() ? "(none)" : tags.c_str());
  for (const auto& [k, v] : out["metadata"].items())
    std::printf("  %s = %s\n", k.c_str(), v.is_string() ? v.get<std::string>().c_str() : v.dump().c_str());
}

}  // namespace

void add_doc_commands(CLI::App& app, Context& ctx) {
  auto* doc = app.add_subcommand("doc", "A document's tags and metadata (used by search --tag/--where)");
  doc->require_subcommand(1);

  struct TagOpts {
    std::string kb, name;
    std::vector<std::string> add, remove;
    bool json = false;
  };
  auto t = std::make_shared<TagOpts>();
  auto* tag =
      doc->add_subcommand("tag",
                          "Add or remove a document's tags; without --add/--remove, print them\n"
                          "  example: lore doc tag --kb legal lease.pdf --add contract --remove draft");
  tag->add_option("NAME", t->name, "Document name (as in `lore kb show`) or id")->required();
  tag->add_option("--kb", t->kb, "Knowledge base")->required();
  tag->add_option("--add", t->add, "Tag to add (repeatable; at most 32 tags of up to 64 bytes)");
  tag->add_option("--remove", t->remove, "Tag to remove (repeatable)");
  tag->add_flag("--json", t->json, "Print JSON: {\"id\", \"name\", \"tags\", \"metadata\", \"all_tags\"}");
  tag->callback([&ctx, t] {
    pipeline::UserMetadataEdit e;
    e.add_tags = t->add;
    e.remove_tags = t->remove;
    edit_and_print(ctx, t->kb, t->name, e, t->json);
  });

  struct MetaOpts {
    std::string kb, name;
    std::vector<std::string> set, unset;
    bool json = false;
  };
  auto m = std::make_shared<MetaOpts>();
  auto* meta =
      doc->add_subcommand("meta",
                          "Set or remove a document's metadata; without --set/--unset, print it\n"
                          "  example: lore doc meta --kb legal lease.pdf --set year=2024 --unset owner");
  meta->add_option("NAME", m->name, "Document name (as in `lore kb show`) or id")->required();
  meta->add_option("--kb", m->kb, "Knowledge base")->required();
  meta->add_option("--set", m->set, "KEY=VALUE to set (repeatable; the value is stored as text)");
  meta->add_option("--unset", m->unset, "KEY to remove (repeatable)");
  meta->add_flag("--json", m->json, "Print JSON: {\"id\", \"name\", \"tags\", \"metadata\", \"all_tags\"}");
  meta->callback([&ctx, m] {
    pipeline::UserMetadataEdit e;
    for (const auto& kv : m->set) {
      auto [k, v] = pipeline::split_key_value(kv, "--set");
      e.fields[k] = v;
    }
    for (const auto& k : m->unset) e.fields[k] = nullptr;
    edit_and_print(ctx, m->kb, m->name, e, m->json);
  });
}

}  // namespace lore::cli
