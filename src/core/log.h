// Logging: spdlog to stderr, one line per event. Never log secrets.
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace lore {

// Sets up the default logger at `level` (trace|debug|info|warn|error|off).
void init_logging(const std::string& level);

}  // namespace lore
