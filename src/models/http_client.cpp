#include "models/http_client.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/error.h"

#include <httplib.h>  // last: its <resolv.h> defines macros that break other headers

namespace lore::models {
namespace {

constexpr size_t kExcerptChars = 300;
constexpr size_t kMaxErrorBody = 64 * 1024;

std::string excerpt(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, kExcerptChars)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (body.size() > kExcerptChars) out += "…";
  return out;
}

bool retryable_status(int status) { return status == 429 || status >= 500; }

// One attempt's outcome. `status` is 0 when no HTTP response arrived.
struct Attempt {
  httplib::Error error = httplib::Error::Success;
  int status = 0;
  std::string error_body;   // body of a non-2xx reply (bounded)
  std::string retry_after;  // Retry-After header, if any
  bool delivered = false;   // on_line/sink saw data of a 2xx reply
  bool canceled = false;    // the sink asked to stop
};

// Splits a byte stream into lines ("\n", optional "\r" before it).
class LineSplitter {
 public:
  explicit LineSplitter(const LineHandler& on_line) : on_line_(on_line) {}
  bool feed(const char* data, size_t n) {
    buffer_.append(data, n);
    size_t start = 0;
    for (size_t nl; (nl = buffer_.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string_view line(buffer_.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!on_line_(line)) return false;
    }
    buffer_.erase(0, start);
    return true;
  }
  bool finish() {
    if (buffer_.empty()) return true;
    std::string rest = std::move(buffer_);
    buffer_.clear();
    if (!rest.empty() && rest.back() == '\r') rest.pop_back();
    return on_line_(rest);
  }

 private:
  const LineHandler& on_line_;
  std::string buffer_;
};

double jitter_fraction() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace

BaseUrl BaseUrl::parse(std::string_view url) {
  auto bad = [&](const char* why) {
    return Error(ErrorCode::invalid_argument, "model server URL '" + std::string(url) + "': " + why);
  };
  BaseUrl out;
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) throw bad("expected http://host[:port][/path] or https://…");
  out.scheme = std::string(url.substr(0, sep));
  std::transform(out.scheme.begin(), out.scheme.end(), out.scheme.begin(), ::tolower);
  if (out.scheme != "http" && out.scheme != "https") throw bad("scheme must be http or https");
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
  if (out.scheme == "https") throw bad("https is not available: cpp-httplib was built without OpenSSL");
#endif
  std::string_view rest = url.substr(sep + 3);
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos)
    throw bad("credentials in the URL are not supported; use api_key");
  if (path.find_first_of("?#") != std::string_view::npos)
    throw bad("query strings and fragments are not supported");
  out.port = out.scheme == "https" ? 443 : 80;
  std::string_view host = authority;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    size_t close = authority.find(']');
    if (close == std::string_view::npos) throw bad("unterminated IPv6 address");
    host = authority.substr(0, close + 1);
    std::string_view tail = authority.substr(close + 1);
    if (!tail.empty()) {
      if (tail.front() != ':') throw bad("unexpected text after the IPv6 address");
      authority = tail;  // ":port"
    } else {
      authority = {};
    }
  } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    authority = authority.substr(colon);
  } else {
    authority = {};
  }
  if (!authority.empty()) {  // ":port"
    std::string digits(authority.substr(1));
    if (digits.empty() || digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos)
      throw bad("port must be a number");
    out.port = std::stoi(digits);
    if (out.port < 1 || out.port > 65535) throw bad("port out of range");
  }
  if (host.empty()) throw bad("missing host");
  out.host = std::string(host);
  out.prefix = std::string(path);
  while (!out.prefix.empty() && out.prefix.back() == '/') out.prefix.pop_back();
  return out;
}

std::string BaseUrl::origin() const { return scheme + "://" + host + ":" + std::to_string(port); }

HttpClient::HttpClient(std::string provider, std::string_view base_url, HttpOptions options)
    : provider_(std::move(provider)), base_(BaseUrl::parse(base_url)), options_(std::move(options)) {
  if (options_.timeout_seconds <= 0) options_.timeout_seconds = 60;
  options_.max_retries = std::max(0, options_.max_retries);
}

std::string HttpClient::url(std::string_view path) const {
  std::string p(path);
  if (!p.empty() && p.front() != '/') p.insert(p.begin(), '/');
  return base_.origin() + base_.prefix + p;
}

namespace {

using Sink = std::function<bool(const char*, size_t)>;

Attempt attempt_post(const BaseUrl& base, const HttpOptions& options, const std::string& path,
                     const std::string& body, const Sink& sink) {
  httplib::Client client(base.origin());
  using namespace std::chrono;
  auto timeout = duration_cast<microseconds>(duration<double>(options.timeout_seconds));
  client.set_connection_timeout(std::min(timeout, duration_cast<microseconds>(seconds(10))));
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  client.set_keep_alive(false);
  if (!options.api_key.empty()) client.set_bearer_token_auth(options.api_key);

  Attempt a;
  httplib::Request req;
  req.method = "POST";
  req.path = path;
  req.body = body;
  req.set_header("Content-Type", "application/json");
  req.set_header("Accept", "application/json, text/event-stream, application/x-ndjson");
  req.response_handler = [&](const httplib::Response& res) {
    a.status = res.status;
    a.retry_after = res.get_header_value("Retry-After");
    return true;
  };
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    if (a.status < 200 || a.status >= 300) {
      size_t room = kMaxErrorBody - std::min(kMaxErrorBody, a.error_body.size());
      a.error_body.append(data, std::min(n, room));
      return true;
    }
    a.delivered = true;
    if (!sink(data, n)) {
      a.canceled = true;
      return false;
    }
    return true;
  };
  httplib::Response res;
  httplib::Error err = httplib::Error::Success;
  if (!client.send(req, res, err)) a.error = err;
  if (a.status == 0 && res.status > 0 && a.error == httplib::Error::Success) a.status = res.status;
  return a;
}

}  // namespace

bool HttpClient::post_stream(std::string_view path, const nlohmann::json& body,
                             const LineHandler& on_line) const {
  const std::string full_path =
      base_.prefix + (path.empty() || path.front() == '/' ? "" : "/") + std::string(path);
  const std::string where = provider_ + ": POST " + url(path);
  const std::string payload = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  for (int attempt = 0;; ++attempt) {
    LineSplitter lines(on_line);
    bool stopped = false;
    Attempt a = attempt_post(base_, options_, full_path, payload, [&](const char* d, size_t n) {
      if (!lines.feed(d, n)) stopped = true;
      return !stopped;
    });
    if (a.canceled || stopped) return false;
    bool ok_status = a.status >= 200 && a.status < 300;
    if (a.error == httplib::Error::Success && ok_status) return lines.finish();

    // Decide whether to retry; never after data reached the caller.
    bool retry = !a.delivered && attempt < options_.max_retries &&
                 ((a.error != httplib::Error::Success && a.status == 0) || retryable_status(a.status));
    std::string reason;
    ErrorCode code = ErrorCode::model_error;
    if (a.status != 0 && !ok_status) {
      reason = "HTTP " + std::to_string(a.status);
      if (!a.error_body.empty()) reason += ": " + excerpt(a.error_body);
    } else if (a.error == httplib::Error::ConnectionTimeout) {
      code = ErrorCode::timeout;
      reason = "connection timed out";
    } else if (a.error == httplib::Error::Read && a.status == 0) {
      // httplib reports a read timeout (and a peer that closed without a
      // reply) as a read error before the status line.
      code = ErrorCode::timeout;
      reason =
          "no reply within " + std::to_string(static_cast<int>(std::ceil(options_.timeout_seconds))) + "s";
    } else if (a.error == httplib::Error::Read) {
      code = ErrorCode::timeout;
      reason = "reply stalled or cut off after HTTP " + std::to_string(a.status);
    } else if (a.error == httplib::Error::Connection) {
      reason = "cannot connect to " + base_.origin();
    } else {
      reason = httplib::to_string(a.error);
    }
    if (!retry) {
      std::string tries = attempt > 0 ? " (after " + std::to_string(attempt + 1) + " attempts)" : "";
      throw Error(code, where + ": " + reason + tries);
    }
    double delay =
        std::min(options_.backoff_max_seconds, options_.backoff_initial_seconds * std::pow(2.0, attempt));
    delay *= 0.5 + 0.5 * jitter_fraction();
    if (!a.retry_after.empty() && a.retry_after.find_first_not_of("0123456789") == std::string::npos &&
        a.retry_after.size() < 6)
      delay = std::max(delay, std::min(options_.backoff_max_seconds, std::stod(a.retry_after)));
    spdlog::debug("{}: {}; retrying in {:.2f}s", where, reason, delay);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
  }
}

nlohmann::json HttpClient::post_json(std::string_view path, const nlohmann::json& body) const {
  // A JSON reply is a stream whose lines we join back; keeping one code path
  // means retries and errors behave the same for both kinds of request.
  std::string text;
  post_stream(path, body, [&](std::string_view line) {
    text.append(line);
    text += '\n';
    return true;
  });
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded())
    throw Error(ErrorCode::model_error,
                provider_ + ": POST " + url(path) + ": reply is not JSON: " + excerpt(text));
  return parsed;
}

}  // namespace lore::models
