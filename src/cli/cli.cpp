#include "cli/cli.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>

namespace lore::cli {

Config Context::config() const {
  std::map<std::string, std::string> overrides;
  if (!global.data_dir.empty()) overrides["data_dir"] = global.data_dir;
  if (!global.log_level.empty()) overrides["log_level"] = global.log_level;
  return load_config(global.config_file, overrides);
}

nlohmann::json kb_to_json(const store::KnowledgeBase& kb) {
  return {{"id", kb.id},
          {"name", kb.name},
          {"template", kb.chunk_template},
          {"documents", kb.document_count},
          {"chunks", kb.chunk_count},
          {"created_at", kb.created_at},
          {"settings", kb.settings}};
}

nlohmann::json document_to_json(const store::DocumentRecord& d) {
  nlohmann::json j = {{"id", d.id},          {"name", d.name},
                      {"mime", d.mime},      {"size", d.size},
                      {"sha256", d.sha256},  {"status", store::doc_status_name(d.status)},
                      {"chunks", d.chunk_count}, {"created_at", d.created_at},
                      {"updated_at", d.updated_at}, {"metadata", d.metadata}};
  if (!d.error.empty()) j["error"] = d.error;
  return j;
}

nlohmann::json chunk_to_json(const store::ChunkRecord& c) {
  return {{"chunk_id", c.id},        {"document_id", c.document_id}, {"ordinal", c.ordinal},
          {"kind", c.kind},          {"text", c.text},               {"positions", c.positions},
          {"token_count", c.token_count}, {"metadata", c.metadata}};
}

void print_json(const nlohmann::json& j) {
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

bool stdout_is_tty() { return ::isatty(STDOUT_FILENO) == 1; }
bool stderr_is_tty() { return ::isatty(STDERR_FILENO) == 1; }

std::string human_bytes(int64_t bytes) {
  char buf[32];
  if (bytes >= 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else if (bytes >= 1024) std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / 1024.0);
  else std::snprintf(buf, sizeof buf, "%lld B", static_cast<long long>(bytes));
  return buf;
}

}  // namespace lore::cli
