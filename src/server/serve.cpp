// lore::server::serve — wiring: App, routes, limits, signals, listen.
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>

#include <thread>

#include "core/error.h"
#include "core/log.h"
#include "server/app.h"
#include "server/router.h"
#include "server/server.h"
#include "server/web_ui.h"

#include <httplib.h>

namespace lore::server {

bool is_loopback(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  in_addr a{};
  if (::inet_pton(AF_INET, host.c_str(), &a) == 1) return (ntohl(a.s_addr) >> 24) == 127;
  return false;
}

namespace {

void set_error_handler(httplib::Server& svr, const std::filesystem::path& web_dir) {
  // Routing misses (404/405) and httplib's own refusals (413 over the payload
  // limit, 400 malformed) get the same JSON error shape as handler errors.
  httplib::Server::HandlerWithResponse handler = [web_dir](const httplib::Request& req,
                                                           httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (spa_fallback(req, res, web_dir)) return httplib::Server::HandlerResponse::Handled;
    std::string rid = res.get_header_value("X-Request-Id");
    if (rid.empty()) {
      rid = request_id_for(req);
      res.set_header("X-Request-Id", rid);
    }
    std::string code = "http_error", message = "HTTP " + std::to_string(res.status);
    if (res.status == 404) code = "not_found", message = "no route for " + req.method + " " + req.path;
    if (res.status == 413)
      code = "too_large", message = "request body over the upload limit (ingest.max_file_mb)";
    if (res.status == 400) code = "invalid_argument", message = "malformed HTTP request";
    res.set_content(error_body(code, message, rid).dump(), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  };
  svr.set_error_handler(handler);
}

}  // namespace

void serve(const Config& config) {
  const bool loopback = is_loopback(config.server_host);
  // Block SIGINT/SIGTERM in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  App app(config);
  if (!loopback && app.active_keys() == 0)
    throw Error(
        ErrorCode::forbidden,
        "refusing to serve on " + config.server_host +
            " without API keys: no-auth mode is only allowed on a loopback address. Create a key first "
            "with `lore key create --admin` (or bind --host 127.0.0.1)");

  httplib::Server svr;
  const auto threads = static_cast<size_t>(config.server_threads);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_payload_max_length(static_cast<size_t>(config.max_file_bytes()) + 1024 * 1024);
  svr.set_read_timeout(static_cast<time_t>(config.request_timeout_s), 0);
  svr.set_write_timeout(static_cast<time_t>(config.request_timeout_s), 0);
  const auto web_dir = find_web_dir(config);
  if (!web_dir.empty()) mount_web_ui(svr, web_dir);
  set_error_handler(svr, web_dir);

  Router router(svr, app);
  add_health_routes(router);
  add_kb_routes(router);
  add_document_routes(router);
  add_chunk_routes(router);
  add_image_routes(router);
  add_search_routes(router);
  add_job_routes(router);
  add_session_routes(router);
  add_admin_routes(router);
  add_ask_routes(router);
  add_openai_routes(router);
  add_page_routes(router);
  add_kb_settings_routes(router);
  add_compress_routes(router);

  if (!svr.bind_to_port(config.server_host.c_str(), static_cast<int>(config.server_port)))
    throw Error(ErrorCode::io, "cannot listen on " + config.server_host + ":" +
                                   std::to_string(config.server_port) + " (address in use or not available)");
  app.jobs().start();

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::warn("signal {}: shutting down", sig);
    svr.stop();
  });
  std::fprintf(stderr, "lore: serving http://%s:%lld (data %s, auth %s)\n", config.server_host.c_str(),
               static_cast<long long>(config.server_port), config.data_dir.c_str(),
               app.auth_required() ? "API keys" : "none (loopback only; create a key to require auth)");
  std::fprintf(stderr, "lore: web UI %s\n",
               web_dir.empty() ? "not built (needs npm at build time; API only)" : web_dir.c_str());
  svr.listen_after_bind();
  // If listen ended for another reason, wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  app.jobs().stop();
}

}  // namespace lore::server
