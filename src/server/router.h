// Router: registers handlers on the HTTP server with everything every route
// shares — request id (X-Request-Id in and out), body size limit, API key
// authentication and tenant resolution, admin check, per-key rate limit,
// mapping of exceptions to {"error": {...}} responses, one log line and
// metrics per request.
//
// Paths use {kb} (a knowledge base name), {id} (a number) and {name}
// placeholders; the path text is also the metrics route label.
#pragma once

#include <functional>
#include <string>

#include "server/http.h"

namespace httplib {
class Server;
}

namespace lore::server {

using Handler = std::function<void(Ctx&)>;

struct RouteOptions {
  bool auth = true;     // false: health probes
  bool admin = false;   // tenant and key management
  bool upload = false;  // body bounded by the upload limit, not server.max_body_kb
};

class Router {
 public:
  Router(httplib::Server& server, App& app) : server_(server), app_(app) {}

  void get(const std::string& path, Handler h, RouteOptions o = {});
  void post(const std::string& path, Handler h, RouteOptions o = {});
  void patch(const std::string& path, Handler h, RouteOptions o = {});
  void del(const std::string& path, Handler h, RouteOptions o = {});

  App& app() { return app_; }

 private:
  void add(const std::string& method, const std::string& path, Handler h, RouteOptions o);

  httplib::Server& server_;
  App& app_;
};

// Route groups, one file each.
void add_health_routes(Router& r);
void add_kb_routes(Router& r);
void add_document_routes(Router& r);
void add_chunk_routes(Router& r);
void add_image_routes(Router& r);
void add_search_routes(Router& r);
void add_job_routes(Router& r);
void add_session_routes(Router& r);
void add_admin_routes(Router& r);
void add_ask_routes(Router& r);
void add_openai_routes(Router& r);
void add_page_routes(Router& r);         // routes_pages.cpp: page images
void add_kb_settings_routes(Router& r);  // routes_kb_settings.cpp
void add_compress_routes(Router& r);

}  // namespace lore::server
