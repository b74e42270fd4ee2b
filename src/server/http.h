// The request context every route handler gets, and the error type that
// becomes {"error": {"code", "message", "request_id"}} with an HTTP status.
// Handlers throw lore::Error (mapped once, in http.cpp) or HttpError.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/error.h"
#include "pipeline/workspace.h"
#include "server/reader_pool.h"
#include "store/store.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace lore::server {

class App;

// An error with an explicit HTTP status and code name (for cases lore::Error
// has no code for, e.g. 501 not_implemented).
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  int status_;
  std::string code_;
};

// Who is calling: the tenant every lookup is scoped to.
struct Caller {
  store::Id tenant_id = 0;
  std::string tenant;
  store::Id key_id = 0;  // 0 in no-auth mode
  bool admin = false;
};

int http_status_for(ErrorCode code);
nlohmann::json error_body(std::string_view code, const std::string& message, const std::string& request_id);

// A request id from the client's X-Request-Id when it is sane, else a new one.
std::string request_id_for(const httplib::Request& req);

class Ctx {
 public:
  Ctx(const httplib::Request& req, httplib::Response& res, App& app, std::string request_id);
  ~Ctx();

  const httplib::Request& req;
  httplib::Response& res;
  App& app;
  const std::string request_id;
  Caller caller;

  // A read-only Workspace leased for this request (sees the last commit).
  pipeline::Workspace& reader();
  // The knowledge base's search pipeline in this request's reader.
  pipeline::KbSearcher& searcher(const store::KnowledgeBase& kb);
  // Hands the request's reader over (leased if needed), for work that
  // outlives the handler: a streamed response's content provider.
  ReaderPool::Lease take_reader();
  // The i-th capture of the route pattern ({kb}, {id}, ...), 1-based.
  std::string param(size_t i) const;
  store::Id id_param(size_t i) const;
  // The knowledge base named by capture i, within the caller's tenant.
  store::KnowledgeBase kb_param(size_t i);
  // The JSON request body (an object); Error{invalid_argument} otherwise.
  nlohmann::json body() const;
  std::optional<std::string> query(const std::string& name) const;

  void json(int status, const nlohmann::json& body);

 private:
  ReaderPool::Lease reader_;
};

// Reads a field of a JSON body with a clear error when it has the wrong type.
std::string string_field(const nlohmann::json& body, const std::string& name, bool required);

}  // namespace lore::server
