#include "server/http.h"

#include <openssl/rand.h>

#include <regex>

#include "core/error.h"
#include "server/app.h"

#include <httplib.h>

namespace lore::server {

int http_status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument:
      return 400;
    case ErrorCode::bad_input:
      return 400;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::already_exists:
      return 409;
    case ErrorCode::unsupported:
      return 415;
    case ErrorCode::too_large:
      return 413;
    case ErrorCode::locked:
      return 503;
    case ErrorCode::model_error:
      return 502;
    case ErrorCode::timeout:
      return 504;
    case ErrorCode::unauthorized:
      return 401;
    case ErrorCode::forbidden:
      return 403;
    case ErrorCode::rate_limited:
      return 429;
    case ErrorCode::io:
    case ErrorCode::corrupt:
    case ErrorCode::internal:
      return 500;
  }
  return 500;
}

nlohmann::json error_body(std::string_view code, const std::string& message, const std::string& request_id) {
  return {{"error", {{"code", code}, {"message", message}, {"request_id", request_id}}}};
}

std::string request_id_for(const httplib::Request& req) {
  static const std::regex kSane("[A-Za-z0-9._:-]{1,128}");
  const auto given = req.get_header_value("X-Request-Id");
  if (!given.empty() && std::regex_match(given, kSane)) return given;
  unsigned char bytes[12];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw Error(ErrorCode::internal, "no random bytes for a request id");
  static const char* kHex = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

Ctx::Ctx(const httplib::Request& r, httplib::Response& s, App& a, std::string id)
    : req(r), res(s), app(a), request_id(std::move(id)) {}

Ctx::~Ctx() = default;

pipeline::Workspace& Ctx::reader() {
  if (!reader_) reader_ = app.readers().acquire();
  return reader_.workspace();
}

pipeline::KbSearcher& Ctx::searcher(const store::KnowledgeBase& kb) {
  reader();
  return reader_.searcher(kb);
}

ReaderPool::Lease Ctx::take_reader() {
  reader();
  return std::move(reader_);
}

std::string Ctx::param(size_t i) const {
  if (i >= req.matches.size()) throw Error(ErrorCode::internal, "route has no capture " + std::to_string(i));
  return req.matches[i].str();
}

store::Id Ctx::id_param(size_t i) const {
  const auto s = param(i);
  try {
    return std::stoll(s);
  } catch (const std::exception&) {
    throw Error(ErrorCode::invalid_argument, "invalid id \"" + s + "\"");
  }
}

store::KnowledgeBase Ctx::kb_param(size_t i) { return reader().require_kb(caller.tenant_id, param(i)); }

nlohmann::json Ctx::body() const {
  if (req.body.empty()) return nlohmann::json::object();
  auto j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw Error(ErrorCode::invalid_argument, "request body is not a JSON object");
  return j;
}

std::optional<std::string> Ctx::query(const std::string& name) const {
  if (!req.has_param(name.c_str())) return std::nullopt;
  return req.get_param_value(name.c_str());
}

void Ctx::json(int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

std::string string_field(const nlohmann::json& body, const std::string& name, bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) throw Error(ErrorCode::invalid_argument, "missing field \"" + name + "\"");
    return "";
  }
  if (!it->is_string()) throw Error(ErrorCode::invalid_argument, "field \"" + name + "\" must be a string");
  return it->get<std::string>();
}

}  // namespace lore::server
