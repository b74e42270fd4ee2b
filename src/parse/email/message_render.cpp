#include "parse/email/message_render.h"

#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "parse/block_util.h"
#include "parse/email/attachments.h"
#include "parse/email/gmime_support.h"
#include "parse/email/mime_walk.h"
#include "parse/formats.h"

namespace lore::parse::email {

namespace {

constexpr const char* kNoSubject = "(no subject)";

// Headers whose presence marks bytes as mail. Content-Type alone is not
// enough (HTTP dumps have it), but it counts together with MIME-Version.
constexpr const char* kMailHeaders[] = {
    "From",     "To",          "Cc",       "Subject", "Date",        "Message-ID", "MIME-Version",
    "Received", "Return-Path", "Reply-To", "Sender",  "In-Reply-To", "References", "Delivered-To",
};

std::string address_list(InternetAddressList* list) {
  if (!list || internet_address_list_length(list) == 0) return "";
  return std::string(text::trim(str(GCharPtr(internet_address_list_to_string(list, nullptr, FALSE)))));
}

std::string raw_header(GMimeMessage* message, const char* name) {
  return text::collapse_whitespace(str(g_mime_object_get_header(GMIME_OBJECT(message), name)));
}

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find('\n', pos);
    if (end == std::string_view::npos) end = s.size();
    lines.push_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

bool is_list_line(std::string_view line) {
  line = text::trim(line);
  if (line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") ||
      line.starts_with("\u2022"))
    return true;
  size_t digits = 0;
  while (digits < line.size() && digits < 3 && line[digits] >= '0' && line[digits] <= '9') ++digits;
  return digits > 0 && digits + 1 < line.size() && (line[digits] == '.' || line[digits] == ')') &&
         line[digits + 1] == ' ';
}

// One paragraph of a plain-text body. Ordinary prose is hard-wrapped by mail
// clients, so its lines are joined; lists, quoted replies ("> ...") and the
// signature (after the "-- " delimiter) keep their lines because there the
// line breaks carry meaning.
void add_paragraph(const std::vector<std::string_view>& lines, Document& doc) {
  if (lines.empty()) return;
  bool all_list = true, any_quote = text::trim(lines.front()) == "--";
  std::string joined;
  for (auto line : lines) {
    all_list = all_list && is_list_line(line);
    any_quote = any_quote || text::trim(line).starts_with(">");
    joined.append(line);
    joined += '\n';
  }
  if (all_list)
    detail::add_block(doc, BlockKind::list, detail::collapse_lines(joined));
  else if (any_quote)
    detail::add_block(doc, BlockKind::text, detail::collapse_lines(joined));
  else
    detail::add_block(doc, BlockKind::text, detail::collapse_text(joined));
}

void add_plain_body(std::string_view body, Document& doc) {
  std::vector<std::string_view> paragraph;
  for (auto line : split_lines(body)) {
    if (text::trim(line).empty()) {
      add_paragraph(paragraph, doc);
      paragraph.clear();
    } else {
      paragraph.push_back(line);
    }
  }
  add_paragraph(paragraph, doc);
}

// HTML bodies: one block per block-level element of the visible text.
void add_html_body(std::string_view html, Document& doc) {
  const std::string visible = detail::html_fragment_text(html);
  for (auto line : split_lines(visible)) detail::add_block(doc, BlockKind::text, detail::collapse_text(line));
}

std::string header_summary(const nlohmann::json& headers, GMimeMessage* message) {
  std::string summary;
  auto line = [&](const char* label, const std::string& value) {
    if (value.empty()) return;
    if (!summary.empty()) summary += '\n';
    summary += std::string(label) + ": " + value;
  };
  auto field = [&](const char* key) { return headers.contains(key) ? headers[key].get<std::string>() : ""; };
  line("From", field("from"));
  line("To", field("to"));
  line("Cc", field("cc"));
  // The Date header as written reads better than ISO-8601 in a chunk.
  const std::string date = raw_header(message, "Date");
  line("Date", date.empty() ? field("date") : date);
  return summary;
}

}  // namespace

bool has_mail_headers(GMimeMessage* message) {
  GMimeObject* object = GMIME_OBJECT(message);
  for (const char* name : kMailHeaders)
    if (g_mime_object_get_header(object, name)) return true;
  return false;
}

nlohmann::json message_headers(GMimeMessage* message) {
  nlohmann::json headers = nlohmann::json::object();
  auto put = [&](const char* key, std::string value) {
    if (!value.empty()) headers[key] = std::move(value);
  };
  put("from", address_list(g_mime_message_get_from(message)));
  put("to", address_list(g_mime_message_get_to(message)));
  put("cc", address_list(g_mime_message_get_cc(message)));
  if (GDateTime* date = g_mime_message_get_date(message))  // borrowed; null when absent or unparseable
    put("date", str(GCharPtr(g_date_time_format(date, "%Y-%m-%dT%H:%M:%S%:z"))));
  else
    put("date", raw_header(message, "Date"));
  put("subject", std::string(text::trim(str(g_mime_message_get_subject(message)))));
  put("message_id", str(g_mime_message_get_message_id(message)));
  return headers;
}

nlohmann::json append_message(GMimeMessage* message, const ParseOptions& options, Document& doc,
                              int& attachment_counter) {
  const nlohmann::json headers = message_headers(message);
  const std::string subject = headers.contains("subject") ? headers["subject"].get<std::string>() : "";
  detail::add_block(doc, BlockKind::title, text::collapse_whitespace(subject.empty() ? kNoSubject : subject),
                    1);
  detail::add_block(doc, BlockKind::text, header_summary(headers, message));

  const MessageParts parts = collect_parts(message);
  for (const auto& body : parts.bodies) {
    if (body.html)
      add_html_body(body.text, doc);
    else
      add_plain_body(body.text, doc);
  }
  return append_attachments(parts.attachments, options, doc, attachment_counter);
}

}  // namespace lore::parse::email
