#include "index/postgres/pg_util.h"

#include <charconv>
#include <cstdlib>

namespace lore::index::postgres {

std::string redact_url(const std::string& url) {
  // postgresql://user:secret@host/db -> postgresql://user@host/db
  const auto scheme = url.find("://");
  if (scheme == std::string::npos)
    return url.find("password") == std::string::npos ? url : "<connection string>";
  const auto at = url.find('@', scheme + 3);
  const auto colon = url.find(':', scheme + 3);
  std::string out = url;
  if (at != std::string::npos && colon != std::string::npos && colon < at) out.erase(colon, at - colon);
  if (const auto pw = out.find("password="); pw != std::string::npos) {
    const auto end = out.find('&', pw);
    out.replace(pw, (end == std::string::npos ? out.size() : end) - pw, "password=***");
  }
  return out;
}

PgConnection::PgConnection(std::string url, std::string label)
    : url_(std::move(url)), label_(std::move(label)) {}

pqxx::connection& PgConnection::get() {
  if (conn_ && conn_->is_open()) return *conn_;
  try {
    conn_ = std::make_unique<pqxx::connection>(url_);
  } catch (const std::exception& e) {
    conn_.reset();
    throw Error(ErrorCode::io, label_ + ": cannot connect to PostgreSQL: " + first_line(e.what()));
  }
  return *conn_;
}

std::string PgConnection::first_line(const std::string& s) {
  std::string out = s.substr(0, s.find('\n'));
  return out.empty() ? s : out;
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
