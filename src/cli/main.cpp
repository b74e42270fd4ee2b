// `lore` — one binary for the whole product. See README.md for a tour.
#include <iostream>

#include "cli/cli.h"
#include "core/error.h"
#include "core/log.h"

namespace {

int exit_code_for(lore::ErrorCode code) {
  using lore::ErrorCode;
  switch (code) {
    case ErrorCode::not_found: return lore::cli::kExitNotFound;
    case ErrorCode::locked: return lore::cli::kExitLocked;
    case ErrorCode::invalid_argument: return lore::cli::kExitUsage;
    default: return lore::cli::kExitError;
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lore::cli;
  CLI::App app{"Lore: self-hosted document question answering.\n"
               "Exit status: 0 ok, 1 error, 2 usage, 3 some inputs failed, 4 not found, 5 data dir locked.",
               "lore"};
  app.set_version_flag("--version", std::string("lore 0.1.0"));
  app.require_subcommand(1);
  Context ctx;
  app.add_option("--data-dir", ctx.global.data_dir, "Data directory (env LORE_DATA_DIR, default ./lore-data)");
  app.add_option("--config", ctx.global.config_file, "Configuration file (default ./lore.toml if present)");
  app.add_option("--log-level", ctx.global.log_level, "trace|debug|info|warn|error|off (env LORE_LOG_LEVEL)");

  add_kb_commands(app, ctx);
  add_ingest_command(app, ctx);
  add_doc_commands(app, ctx);
  add_search_command(app, ctx);
  add_ask_command(app, ctx);
  add_chunks_command(app, ctx);
  add_parse_command(app, ctx);
  add_serve_command(app, ctx);
  add_worker_command(app, ctx);
  add_key_commands(app, ctx);
  add_eval_command(app, ctx);
  add_compress_command(app, ctx);
  add_raptor_command(app, ctx);
  add_migrate_command(app, ctx);

  // Logging is configured before any subcommand callback runs.
  app.parse_complete_callback([&ctx] {
    try {
      lore::init_logging(ctx.config().log_level);
    } catch (const lore::Error&) {
      lore::init_logging("warn");  // the real error surfaces when the command loads its config
    }
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  } catch (const lore::Error& e) {
    std::cerr << "lore: " << e.what() << '\n';
    return exit_code_for(e.code());
  } catch (const std::exception& e) {
    std::cerr << "lore: internal error: " << e.what() << '\n';
    return kExitError;
  }
  return ctx.exit_code;
}
