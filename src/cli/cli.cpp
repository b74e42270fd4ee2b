#include "cli/cli.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>

#include "pipeline/views.h"

namespace lore::cli {

Config Context::config() const {
  std::map<std::string, std::string> overrides;
  if (!global.data_dir.empty()) overrides["data_dir"] = global.data_dir;
  if (!global.log_level.empty()) overrides["log_level"] = global.log_level;
  return load_config(global.config_file, overrides);
}

nlohmann::json kb_to_json(const store::KnowledgeBase& kb) { return pipeline::kb_json(kb); }
nlohmann::json document_to_json(const store::DocumentRecord& d) { return pipeline::document_json(d); }
nlohmann::json chunk_to_json(const store::ChunkRecord& c) { return pipeline::chunk_json(c); }

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
