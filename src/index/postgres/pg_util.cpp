#include "index/postgres/pg_util.h"

#include "pg/url.h"

#include <charconv>
#include <cstdlib>

namespace lore::index::postgres {

std::string PgConnection::labelled(const std::string& what, const std::string& url) {
  return what + " at " + pg::mask_url_password(url);
}

std::string int_array(const std::vector<int64_t>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(values[i]);
  }
  return out + "}";
}

std::string float_array(const std::vector<double>& values) {
  std::string out = "{";
  char buf[64];
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    const auto r = std::to_chars(buf, buf + sizeof buf, values[i]);
    out.append(buf, r.ptr);
  }
  return out + "}";
}

std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char ch : values[i]) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

std::string vector_literal(const std::vector<float>& v) {
  std::string out = "[";
  out.reserve(v.size() * 12 + 2);
  char buf[32];
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    const auto r = std::to_chars(buf, buf + sizeof buf, v[i]);
    out.append(buf, r.ptr);
  }
  return out + "]";
}

std::vector<float> parse_vector(const std::string& text) {
  std::vector<float> out;
  const char* p = text.c_str();
  if (*p == '[') ++p;
  while (*p && *p != ']') {
    char* end = nullptr;
    out.push_back(std::strtof(p, &end));
    if (end == p) break;
    p = end;
    if (*p == ',') ++p;
  }
  return out;
}

void ensure_schema(pqxx::connection& c, const std::string& key, const std::vector<std::string>& statements) {
  pqxx::work tx(c);
  tx.exec("SELECT pg_advisory_xact_lock(hashtextextended(" + tx.quote(key) + ", 0))");
  for (const auto& s : statements) tx.exec(s);
  tx.commit();
}

}  // namespace lore::index::postgres
