// lore::Error — the one error type of the project.
//
// Every failure that a user can cause or see is thrown as a lore::Error with a
// code and a message that names the input and the reason, e.g.
//   "report.txt: binary content (NUL bytes), not a text file".
// The CLI maps codes to exit statuses once (src/cli/main.cpp); the HTTP server
// maps them to {"error": {"code", "message", "request_id"}}.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace lore {

enum class ErrorCode {
  invalid_argument,  // bad flag, bad name, bad query
  not_found,         // no such knowledge base / document / chunk
  already_exists,    // creating something whose name is taken
  unsupported,       // file type or feature not supported
  bad_input,         // the input file is unreadable, empty, binary, malformed
  too_large,         // over a configured size or time limit
  io,                // the filesystem failed us
  corrupt,           // stored data does not match its invariants
  locked,            // another process holds the writer lock
  internal,          // a bug: an invariant of ours did not hold
  model_error,       // a model server answered wrongly (HTTP status, bad JSON, wrong dimension)
  timeout,           // a model server or a stage ran out of time
  unauthorized,      // missing or unknown API key
  forbidden,         // the key may not do this (e.g. tenant management without an admin key)
  rate_limited,      // too many requests for this key
};

// Stable lower_snake_case name of a code, used in JSON output.
std::string_view error_code_name(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace lore
