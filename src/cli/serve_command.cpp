// lore serve [--host H] [--port P]
#include "cli/cli.h"
#include "core/error.h"
#include "server/server.h"

namespace lore::cli {

void add_serve_command(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string host;
    int port = 0;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd =
      app.add_subcommand("serve",
                         "Serve the HTTP API (REST /api/v1, OpenAI-compatible /v1, SSE) until Ctrl-C\n"
                         "  example: lore serve --port 8080   then: curl localhost:8080/api/v1/kbs\n"
                         "  Without API keys only a loopback host is allowed; see `lore key create`.");
  cmd->add_option("--host", opts->host, "Address to bind (server.host, default 127.0.0.1)");
  cmd->add_option("--port", opts->port, "Port (server.port, default 8080)")->check(CLI::Range(1, 65535));
  cmd->callback([&ctx, opts] {
    Config config = ctx.config();
    if (!opts->host.empty()) config.server_host = opts->host;
    if (opts->port) config.server_port = opts->port;
    server::serve(config);
  });
}

}  // namespace lore::cli
