// `lore serve`: the HTTP API over one data directory.
//
// REST under /api/v1 (knowledge bases, documents, chunks, search, jobs,
// sessions, tenants and keys), an OpenAI-compatible /v1, and /healthz,
// /readyz, /metrics. docs/openapi.yaml describes every route; docs/api.md is
// the short guide.
//
// The server holds the data directory's writer lock for its whole life, so
// CLI writers get the "locked" error while it runs. Without any API key it
// serves in no-auth mode, which is only allowed on a loopback address.
#pragma once

#include <string>

#include "core/config.h"

namespace lore::server {

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback(const std::string& host);

// Serves until SIGINT or SIGTERM. Throws lore::Error when it cannot start
// (locked data directory, port in use, non-loopback host without keys).
void serve(const Config& config);

}  // namespace lore::server
