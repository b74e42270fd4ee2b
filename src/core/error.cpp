#include "core/error.h"

namespace lore {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument: return "invalid_argument";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::already_exists: return "already_exists";
    case ErrorCode::unsupported: return "unsupported";
    case ErrorCode::bad_input: return "bad_input";
    case ErrorCode::too_large: return "too_large";
    case ErrorCode::io: return "io";
    case ErrorCode::corrupt: return "corrupt";
    case ErrorCode::locked: return "locked";
    case ErrorCode::internal: return "internal";
    case ErrorCode::model_error: return "model_error";
    case ErrorCode::timeout: return "timeout";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::rate_limited: return "rate_limited";
  }
  return "internal";
}

}  // namespace lore
