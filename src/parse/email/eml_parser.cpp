// EML and MBOX (GMime 3): one message or a mailbox of messages -> Document.
//
// Layout of the result, per message in mailbox order: a title block (level 1)
// with the subject, a header summary block, the body, then each attachment
// ("Attachment: <name>", level 2, followed by its own blocks). Everything is
// on logical page 1 without bbox.
//
// Metadata: for a single message, from/to/cc/date/subject/message_id plus
// "attachments"; for a mailbox, "messages" (the count), "message_headers"
// (one object per message) and "attachments" (each with its "message"
// number, 1-based).
#include <string>
#include <string_view>

#include "core/error.h"
#include "parse/email/gmime_support.h"
#include "parse/email/message_render.h"
#include "parse/formats.h"
#include "parse/text/encoding.h"

namespace lore::parse::detail {

namespace {

using email::GPtr;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// An mbox starts with a "From " envelope line ("From sender date"); a single
// message may start with the header "From:" (RFC 822 also allows spaces
// before the colon, so look past them).
bool is_mbox(std::string_view bytes) {
  if (!bytes.starts_with("From ")) return false;
  size_t i = 4;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t')) ++i;
  return i < bytes.size() && bytes[i] != ':' && bytes[i] != '\n' && bytes[i] != '\r';
}

// Mail is 7/8-bit text, but files saved by some tools are UTF-16 (or carry a
// UTF-8 BOM, which would glue itself to the first header name). Returns the
// bytes GMime should see.
std::string normalize_container(std::string_view bytes, const std::string& name) {
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  const bool utf16_bom = bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
  const bool utf16_nuls =
      bytes.size() >= 4 && ((bytes[1] == '\0' && bytes[3] == '\0') || (bytes[0] == '\0' && bytes[2] == '\0'));
  if (utf16_bom || utf16_nuls) {
    try {
      return decode_text(name, bytes).text;
    } catch (const Error&) {
      // Not decodable text either: let GMime (and the header check) decide.
    }
  }
  return std::string(bytes);
}

[[noreturn]] void not_an_email(const Document& doc) {
  throw Error(ErrorCode::bad_input, doc.source_name + ": not a valid email message");
}

GPtr<GMimeParser> make_parser(const std::string& bytes, GMimeFormat format) {
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));  // copies
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));  // holds its own reference
  g_mime_parser_set_format(parser.get(), format);
  return parser;
}

void parse_single(const std::string& bytes, const ParseOptions& options, Document& doc) {
  GPtr<GMimeParser> parser = make_parser(bytes, GMIME_FORMAT_MESSAGE);
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!message || !email::has_mail_headers(message.get())) not_an_email(doc);
  int counter = 0;
  nlohmann::json attachments = email::append_message(message.get(), options, doc, counter);
  const nlohmann::json headers = email::message_headers(message.get());
  for (const auto& [key, value] : headers.items()) doc.metadata[key] = value;
  doc.metadata["attachments"] = std::move(attachments);
}

void parse_mbox(const std::string& bytes, const ParseOptions& options, Document& doc) {
  GPtr<GMimeParser> parser = make_parser(bytes, GMIME_FORMAT_MBOX);
  nlohmann::json headers = nlohmann::json::array();
  nlohmann::json attachments = nlohmann::json::array();
  int counter = 0;
  int messages = 0;
  gint64 offset = -1;
  while (!g_mime_parser_eos(parser.get())) {
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
    if (!message) break;  // the rest is not a message; keep what we have
    // Invariant for termination: every message consumes input.
    const gint64 now = g_mime_parser_tell(parser.get());
    if (now <= offset) break;
    offset = now;
    // Mailboxes hold junk between messages (truncated saves); skip it.
    if (!email::has_mail_headers(message.get())) continue;
    ++messages;
    for (auto& entry : email::append_message(message.get(), options, doc, counter)) {
      entry["message"] = messages;
      attachments.push_back(std::move(entry));
    }
    headers.push_back(email::message_headers(message.get()));
  }
  if (messages == 0) not_an_email(doc);
  // A single message saved with its envelope line is still "an email":
  // give it the same top-level header metadata as a .eml.
  if (messages == 1)
    for (const auto& [key, value] : headers[0].items()) doc.metadata[key] = value;
  doc.metadata["messages"] = messages;
  doc.metadata["message_headers"] = std::move(headers);
  doc.metadata["attachments"] = std::move(attachments);
}

}  // namespace

void parse_eml(std::string_view bytes, const ParseOptions& options, Document& doc) {
  email::ensure_gmime_initialized();
  doc.pages = {Page{1, 0, 0}};
  const std::string normalized = normalize_container(bytes, doc.source_name);
  if (is_mbox(normalized)) {
    doc.mime = "application/mbox";
    parse_mbox(normalized, options, doc);
  } else {
    parse_single(normalized, options, doc);
  }
}

}  // namespace lore::parse::detail
