// The web UI: static files built from web/ (Vite) served at "/" by the same
// server as the API, with no Node at run time.
//
// Contract:
// - find_web_dir(): server.web_dir when set (it must then hold index.html),
//   else <dir of the lore binary>/web, else <dir>/../share/lore/web; empty
//   when none holds index.html (the UI was not built: npm missing).
// - mount_web_ui(): files under the directory are served for GET/HEAD with
//   explicit MIME types; hashed assets (/assets/*) are cacheable forever,
//   everything else revalidates. API routes are unaffected (no file of the
//   build is named api/, v1/, healthz or metrics).
// - spa_fallback(): for a routing miss of a GET that is not an API path,
//   answers with index.html (client-side routes like /kbs/x/chat) or, when
//   the UI is not built, with a short page saying how to build it. Returns
//   false when the request is not one it answers.
#pragma once

#include <filesystem>

#include "core/config.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace lore::server {

std::filesystem::path find_web_dir(const Config& config);
void mount_web_ui(httplib::Server& svr, const std::filesystem::path& dir);
bool spa_fallback(const httplib::Request& req, httplib::Response& res, const std::filesystem::path& dir);

}  // namespace lore::server
