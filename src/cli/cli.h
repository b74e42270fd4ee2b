// Shared pieces of the `lore` command line: global options, exit codes,
// output helpers. Subcommands only translate between the terminal and
// src/pipeline; no business logic lives here.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "core/config.h"
#include "store/store.h"

namespace lore::cli {

// Exit statuses (documented in README.md and `lore --help`).
enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,       // the command failed
  kExitUsage = 2,       // bad flags or arguments
  kExitPartial = 3,     // some inputs failed (e.g. ingest), the rest succeeded
  kExitNotFound = 4,    // the knowledge base / document does not exist
  kExitLocked = 5,      // another lore process is writing to the data directory
};

struct GlobalOptions {
  std::string data_dir;
  std::string config_file;
  std::string log_level;
};

// State shared by all subcommands of one invocation.
struct Context {
  GlobalOptions global;
  int exit_code = kExitOk;
  // Configuration with flag overrides applied (flags > env > file > defaults).
  Config config() const;
};

void add_kb_commands(CLI::App& app, Context& ctx);
void add_ingest_command(CLI::App& app, Context& ctx);
void add_search_command(CLI::App& app, Context& ctx);
void add_ask_command(CLI::App& app, Context& ctx);
void add_chunks_command(CLI::App& app, Context& ctx);
void add_parse_command(CLI::App& app, Context& ctx);
void add_serve_command(CLI::App& app, Context& ctx);
void add_worker_command(CLI::App& app, Context& ctx);
void add_key_commands(CLI::App& app, Context& ctx);
void add_eval_command(CLI::App& app, Context& ctx);
void add_compress_command(CLI::App& app, Context& ctx);
void add_raptor_command(CLI::App& app, Context& ctx);
void add_migrate_command(CLI::App& app, Context& ctx);
void add_doc_commands(CLI::App& app, Context& ctx);

// JSON forms shared by several commands.
nlohmann::json kb_to_json(const store::KnowledgeBase& kb);
nlohmann::json document_to_json(const store::DocumentRecord& doc);
nlohmann::json chunk_to_json(const store::ChunkRecord& chunk);

void print_json(const nlohmann::json& j);
bool stdout_is_tty();
bool stderr_is_tty();
// "1.5 MB", "320 KB", "12 B"
std::string human_bytes(int64_t bytes);

}  // namespace lore::cli
