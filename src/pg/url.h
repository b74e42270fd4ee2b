// Store URLs (`[store] url`, env LORE_STORE_URL) may carry a password; it
// must never reach a log line or an error message. Everything that shows a
// URL shows mask_url_password(url).
#pragma once

#include <exception>
#include <string>
#include <string_view>

namespace lore::pg {

// "postgresql://lore:secret@db/lore?password=x" -> "postgresql://lore:***@db/lore?password=***".
// Also masks `password=...` in a libpq key/value connection string.
std::string mask_url_password(std::string_view url);

// `text` (e.g. a driver's error message) with every occurrence of the URL's
// password replaced by ***: libpq may echo the part of a URL it cannot parse.
std::string scrub_password(std::string_view url, std::string text);

// A driver error for a message: e.what() with the URL's password scrubbed
// and its lines joined on one line.
std::string describe_error(std::string_view url, const std::exception& e);

}  // namespace lore::pg
