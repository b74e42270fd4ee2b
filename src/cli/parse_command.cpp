// lore parse FILE [--json] — the Document model, without storing anything.
#include <cstdio>
#include <iostream>

#include "cli/cli.h"
#include "core/fs.h"
#include "parse/parser.h"
#include "pipeline/ingest.h"

namespace lore::cli {

void add_parse_command(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string file;
    bool json = false;
    bool markdown = false;
    std::string pdf_password;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("parse",
                                 "Parse a file and print the document model (nothing is stored)\n"
                                 "  example: lore parse report.pdf --markdown");
  cmd->add_option("FILE", opts->file, "File to parse")->required()->check(CLI::ExistingFile);
  cmd->add_flag("--json", opts->json, "Print the Document model as JSON");
  cmd->add_flag("--markdown", opts->markdown,
                "Print the document as Markdown (reading order, # headings, tables)");
  cmd->add_option("--pdf-password", opts->pdf_password, "Password of an encrypted PDF");
  cmd->callback([&ctx, opts] {
    const Config config = ctx.config();
    parse::ParseOptions po;
    po.max_bytes = static_cast<size_t>(config.max_file_bytes());
    po.pdf_password = opts->pdf_password;
    po.ocr = pipeline::ocr_options_for(config);
    const std::string bytes = fs::read_file(opts->file);
    const auto doc = parse::parse_bytes(std::filesystem::path(opts->file).filename().string(), bytes, po);
    if (opts->json) {
      print_json(parse::to_json(doc));
      return;
    }
    if (opts->markdown) {
      std::cout << parse::to_markdown(doc);
      return;
    }
    std::printf("%s  (%s, %zu blocks)\n", opts->file.c_str(), doc.mime.c_str(), doc.blocks.size());
    for (const auto& b : doc.blocks) {
      std::printf("\n[%s%s] ", std::string(parse::block_kind_name(b.kind)).c_str(),
                  b.level ? (" h" + std::to_string(b.level)).c_str() : "");
      std::printf("%s\n", b.text.c_str());
    }
  });
}

}  // namespace lore::cli
