// lore chunks DOC_ID [--json]
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "core/error.h"
#include "pipeline/workspace.h"

namespace lore::cli {

void add_chunks_command(CLI::App& app, Context& ctx) {
  struct Opts {
    int64_t document_id = 0;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("chunks", "Show the chunks parsing produced for a document\n"
                                           "  example: lore chunks 12   (ids from `lore kb show NAME`)");
  cmd->add_option("DOC_ID", opts->document_id, "Document id")->required();
  cmd->add_flag("--json", opts->json, "Print JSON");
  cmd->callback([&ctx, opts] {
    pipeline::Workspace ws(ctx.config(), pipeline::Access::read);
    const auto doc = ws.store().get_document(ws.tenant_id(), opts->document_id);
    if (!doc) throw Error(ErrorCode::not_found, "document " + std::to_string(opts->document_id) + " not found");
    const auto chunks = ws.store().chunks_of_document(doc->id);
    if (opts->json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& c : chunks) arr.push_back(chunk_to_json(c));
      print_json({{"document", document_to_json(*doc)}, {"chunks", arr}});
      return;
    }
    std::printf("%s  (document %lld, %s, %zu chunks)\n", doc->name.c_str(), static_cast<long long>(doc->id),
                std::string(store::doc_status_name(doc->status)).c_str(), chunks.size());
    for (const auto& c : chunks) {
      std::string headings;
      if (auto it = c.metadata.find("headings"); it != c.metadata.end() && it->is_array())
        for (const auto& h : *it) headings += (headings.empty() ? "" : " > ") + h.get<std::string>();
      std::printf("\n--- chunk %lld  #%lld  %s  %lld tokens%s%s\n%s\n", static_cast<long long>(c.id),
                  static_cast<long long>(c.ordinal), c.kind.c_str(), static_cast<long long>(c.token_count),
                  headings.empty() ? "" : "  ", headings.c_str(), c.text.c_str());
    }
  });
}

}  // namespace lore::cli
