#include "pg/url.h"

#include <algorithm>
#include <vector>

namespace lore::pg {

namespace {

// [begin, end) of every password in `url`: the userinfo password of a URI and
// the values of `password=` parameters (URI query or key/value form).
std::vector<std::pair<size_t, size_t>> password_spans(std::string_view url) {
  std::vector<std::pair<size_t, size_t>> spans;
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    const size_t auth = scheme + 3;
    const size_t auth_end = std::min(url.find_first_of("/?", auth), url.size());
    const auto at = url.rfind('@', auth_end == 0 ? 0 : auth_end - 1);
    if (at != std::string_view::npos && at >= auth) {
      const auto colon = url.find(':', auth);
      if (colon != std::string_view::npos && colon < at) spans.emplace_back(colon + 1, at);
    }
  }
  for (size_t pos = url.find("password="); pos != std::string_view::npos;
       pos = url.find("password=", pos + 1)) {
    if (pos > 0 && url[pos - 1] != '?' && url[pos - 1] != '&' && url[pos - 1] != ' ') continue;
    const size_t begin = pos + 9;
    size_t end = begin;
    if (begin < url.size() && url[begin] == '\'') {  // key/value form: password='a b'
      end = url.find('\'', begin + 1);
      end = end == std::string_view::npos ? url.size() : end + 1;
    } else {
      end = std::min(url.find_first_of("& ", begin), url.size());
    }
    spans.emplace_back(begin, end);
  }
  return spans;
}

}  // namespace

std::string mask_url_password(std::string_view url) {
  auto spans = password_spans(url);
  std::string out(url);
  // Replace from the back so earlier offsets stay valid.
  std::sort(spans.begin(), spans.end(), [](auto a, auto b) { return a.first > b.first; });
  for (const auto& [b, e] : spans)
    if (e > b) out.replace(b, e - b, "***");
  return out;
}

std::string scrub_password(std::string_view url, std::string text) {
  for (const auto& [b, e] : password_spans(url)) {
    if (e <= b) continue;
    const std::string secret(url.substr(b, e - b));
    for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3))
      text.replace(pos, secret.size(), "***");
  }
  return text;
}

std::string describe_error(std::string_view url, const std::exception& e) {
  std::string msg = scrub_password(url, e.what());
  for (char& c : msg)
    if (c == '\n') c = ' ';
  while (!msg.empty() && msg.back() == ' ') msg.pop_back();
  return msg;
}

}  // namespace lore::pg
