// HttpClient: the one way model providers talk to model servers (JSON over
// HTTP/HTTPS on cpp-httplib).
//
// Contract:
// - The base URL is "http[s]://host[:port][/prefix]"; request paths are
//   appended to the prefix ("http://h:8000/v1" + "/embeddings").
// - post_json() sends a JSON body and returns the parsed JSON of a 2xx reply.
//   Connection errors, HTTP 429 and 5xx are retried up to max_retries times
//   with exponential backoff and full jitter (Retry-After honoured up to the
//   backoff cap); other 4xx are not retried.
// - post_stream() is the streaming variant (SSE "data: …" lines, NDJSON): it
//   calls on_line with every line (without "\r\n") as bytes arrive. on_line
//   returning false cancels the request and post_stream() returns false.
//   Retries happen only before the first line is delivered.
// - Failures throw lore::Error{timeout} (connect/read timeout) or
//   Error{model_error} (connection refused, HTTP status, malformed JSON); the
//   message names the provider, method and URL, the status and a short
//   excerpt of the body. The API key is sent as "Authorization: Bearer" and
//   never appears in a message or a log line.
// - Each request uses its own connection, so one HttpClient may be shared by
//   threads.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lore::models {

struct HttpOptions {
  double timeout_seconds = 60;  // read/write timeout; connect timeout is min(this, 10s)
  int max_retries = 3;          // extra attempts after the first
  double backoff_initial_seconds = 0.5;
  double backoff_max_seconds = 8;
  std::string api_key;  // empty: no Authorization header
};

// Parsed base URL. Throws Error{invalid_argument} naming the URL when it is
// not http(s)://host[:port][/prefix].
struct BaseUrl {
  std::string scheme;  // "http" | "https"
  std::string host;
  int port = 0;
  std::string prefix;  // "" or "/v1" (no trailing slash)

  static BaseUrl parse(std::string_view url);
  std::string origin() const;  // scheme://host:port
};

using LineHandler = std::function<bool(std::string_view line)>;

class HttpClient {
 public:
  // `provider` names the caller in error messages ("openai embeddings").
  HttpClient(std::string provider, std::string_view base_url, HttpOptions options);

  nlohmann::json post_json(std::string_view path, const nlohmann::json& body) const;
  bool post_stream(std::string_view path, const nlohmann::json& body, const LineHandler& on_line) const;

  // Full URL of `path` (for messages).
  std::string url(std::string_view path) const;
  const HttpOptions& options() const { return options_; }

 private:
  std::string provider_;
  BaseUrl base_;
  HttpOptions options_;
};

}  // namespace lore::models
