#include "server/web_ui.h"

#include <unistd.h>

#include "core/error.h"
#include "core/fs.h"

#include <httplib.h>

namespace lore::server {

namespace {

namespace stdfs = std::filesystem;

bool has_index(const stdfs::path& dir) {
  std::error_code ec;
  return !dir.empty() && stdfs::is_regular_file(dir / "index.html", ec);
}

stdfs::path exe_dir() {
  std::error_code ec;
  const auto exe = stdfs::read_symlink("/proc/self/exe", ec);
  return ec ? stdfs::path() : exe.parent_path();
}

bool is_api_path(const std::string& p) {
  for (const char* prefix : {"/api/", "/v1/"})
    if (p.rfind(prefix, 0) == 0) return true;
  return p == "/api" || p == "/v1" || p == "/healthz" || p == "/readyz" || p == "/metrics";
}

}  // namespace

stdfs::path find_web_dir(const Config& config) {
  if (!config.server_web_dir.empty()) {
    if (!has_index(config.server_web_dir))
      throw Error(ErrorCode::not_found, "server.web_dir: " + config.server_web_dir.string() +
                                            " has no index.html (build the UI with `make`, or unset it)");
    return stdfs::absolute(config.server_web_dir);
  }
  const auto bin = exe_dir();
  for (const auto& dir : {bin / "web", bin / ".." / "share" / "lore" / "web"})
    if (has_index(dir)) return stdfs::weakly_canonical(dir);
  return {};
}

void mount_web_ui(httplib::Server& svr, const stdfs::path& dir) {
  // Explicit types: the build holds only these, and the library's own table
  // differs between versions.
  static const std::pair<const char*, const char*> kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"txt", "text/plain; charset=utf-8"},
      {"webmanifest", "application/manifest+json"},
  };
  for (const auto& [ext, type] : kTypes) svr.set_file_extension_and_mimetype_mapping(ext, type);
  svr.set_mount_point("/", dir.string());
  svr.set_file_request_handler([](const httplib::Request& req, httplib::Response& res) {
    // Vite names assets by content hash: a new build has new names.
    res.set_header("Cache-Control",
                   req.path.rfind("/assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
    res.set_header("X-Content-Type-Options", "nosniff");
  });
}

bool spa_fallback(const httplib::Request& req, httplib::Response& res, const stdfs::path& dir) {
  if (res.status != 404 || (req.method != "GET" && req.method != "HEAD") || is_api_path(req.path))
    return false;
  if (dir.empty()) {
    if (req.path != "/") return false;
    res.status = 200;
    res.set_content(
        "<!doctype html><meta charset=utf-8><title>Lore</title><h1>Lore</h1>"
        "<p>The web UI is not built. It is built by <code>make</code> when Node.js and npm are installed "
        "(<code>scripts/install-deps.sh</code>), into <code>&lt;build&gt;/web</code> next to the "
        "<code>lore</code> binary, or set <code>server.web_dir</code>.</p>"
        "<p>The HTTP API is at <code>/api/v1</code> (docs/api.md).</p>",
        "text/html; charset=utf-8");
    return true;
  }
  // A missing asset is a real 404; a client-side route gets the app shell.
  if (req.path.rfind("/assets/", 0) == 0) return false;
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_content(fs::read_file(dir / "index.html"), "text/html; charset=utf-8");
  return true;
}

}  // namespace lore::server
