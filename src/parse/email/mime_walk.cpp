#include "parse/email/mime_walk.h"

#include "core/text.h"
#include "parse/email/gmime_support.h"
#include "parse/formats.h"

namespace lore::parse::email {

namespace {

// MIME trees deeper than this are hostile (mail clients nest a handful of
// levels); deeper parts are ignored rather than risking the stack.
constexpr int kMaxMimeDepth = 64;

std::string mime_type_of(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);  // borrowed
  if (!type) return "application/octet-stream";
  return text::ascii_lower(str(GCharPtr(g_mime_content_type_get_mime_type(type))));
}

bool is_attachment_disposition(GMimeObject* object) {
  const char* disposition = g_mime_object_get_disposition(object);
  return disposition && g_ascii_strcasecmp(disposition, GMIME_DISPOSITION_ATTACHMENT) == 0;
}

std::string file_name_of(GMimeObject* object) {
  if (GMIME_IS_PART(object)) return str(g_mime_part_get_filename(GMIME_PART(object)));
  // Message parts have no g_mime_part_get_filename; read the parameters.
  const char* name = g_mime_object_get_content_disposition_parameter(object, "filename");
  if (!name) name = g_mime_object_get_content_type_parameter(object, "name");
  return str(name);
}

// Decoded text of a text/plain or text/html leaf, in UTF-8.
BodyText body_text_of(GMimePart* part, bool html) {
  GMimeObject* object = GMIME_OBJECT(part);
  std::string bytes = part_content(part);
  const GMimeContentEncoding encoding = g_mime_part_get_content_encoding(part);
  if (encoding != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE && encoding != GMIME_CONTENT_ENCODING_BASE64 &&
      looks_quoted_printable(bytes))
    bytes = decode_quoted_printable(bytes);
  std::string charset = str(g_mime_object_get_content_type_parameter(object, "charset"));
  if (charset.empty() && html) charset = detail::html_declared_charset(bytes);
  return BodyText{html, to_utf8(bytes, charset)};
}

class Walker {
 public:
  explicit Walker(MessageParts& out) : out_(out) {}

  void walk(GMimeObject* object, int depth) {
    if (!object || depth > kMaxMimeDepth) return;
    if (GMIME_IS_MULTIPART_ENCRYPTED(object)) {
      out_.attachments.push_back(attachment(object, false, true));
    } else if (GMIME_IS_MULTIPART_SIGNED(object)) {
      // Part 0 is the signed content; part 1 the signature, not for reading.
      walk(g_mime_multipart_get_part(GMIME_MULTIPART(object), 0), depth + 1);
    } else if (GMIME_IS_MULTIPART(object)) {
      walk_multipart(GMIME_MULTIPART(object), depth);
    } else if (GMIME_IS_MESSAGE_PART(object)) {
      out_.attachments.push_back(attachment(object, false, false));
    } else if (GMIME_IS_PART(object)) {
      walk_leaf(GMIME_PART(object));
    }
  }

 private:
  void walk_multipart(GMimeMultipart* multipart, int depth) {
    const std::string type = mime_type_of(GMIME_OBJECT(multipart));
    const int count = g_mime_multipart_get_count(multipart);
    if (type == "multipart/alternative") {
      walk_alternative(multipart, depth);
    } else if (type == "multipart/related" && count > 0) {
      // The root (first part) is the body; the rest are its resources.
      walk(g_mime_multipart_get_part(multipart, 0), depth + 1);
      for (int i = 1; i < count; ++i) {
        GMimeObject* resource = g_mime_multipart_get_part(multipart, i);
        if (mime_type_of(resource).starts_with("image/"))
          out_.attachments.push_back(attachment(resource, !is_attachment_disposition(resource), false));
        else
          walk(resource, depth + 1);
      }
    } else {
      for (int i = 0; i < count; ++i) walk(g_mime_multipart_get_part(multipart, i), depth + 1);
    }
  }

  // Alternatives come in increasing order of richness (RFC 2046 5.1.4); we
  // prefer plain text because it is what the sender typed, and fall back to
  // the richest alternative that has any text.
  void walk_alternative(GMimeMultipart* multipart, int depth) {
    const int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count; ++i) {
      GMimeObject* child = g_mime_multipart_get_part(multipart, i);
      if (!GMIME_IS_PART(child) || !is_body_leaf(child) || mime_type_of(child) != "text/plain") continue;
      BodyText body = body_text_of(GMIME_PART(child), false);
      if (text::trim(body.text).empty()) continue;
      out_.bodies.push_back(std::move(body));
      return;
    }
    for (int i = count - 1; i >= 0; --i) {
      GMimeObject* child = g_mime_multipart_get_part(multipart, i);
      if (GMIME_IS_MULTIPART(child)) {
        const size_t before = out_.bodies.size();
        walk(child, depth + 1);
        if (out_.bodies.size() > before) return;
      } else if (GMIME_IS_PART(child) && is_body_leaf(child) && mime_type_of(child) == "text/html") {
        BodyText body = body_text_of(GMIME_PART(child), true);
        if (text::trim(detail::html_fragment_text(body.text)).empty()) continue;
        out_.bodies.push_back(std::move(body));
        return;
      }
    }
  }

  // A text leaf a mail client would display in the message body.
  static bool is_body_leaf(GMimeObject* object) {
    const std::string type = mime_type_of(object);
    if (type != "text/plain" && type != "text/html") return false;
    return !is_attachment_disposition(object) && file_name_of(object).empty();
  }

  void walk_leaf(GMimePart* part) {
    GMimeObject* object = GMIME_OBJECT(part);
    const std::string type = mime_type_of(object);
    if (is_body_leaf(object)) {
      BodyText body = body_text_of(part, type == "text/html");
      if (!text::trim(body.text).empty()) out_.bodies.push_back(std::move(body));
      return;
    }
    // An image shown inside the body (inline, or referenced by Content-ID)
    // is layout, not a file the sender attached.
    const bool inline_image = type.starts_with("image/") && !is_attachment_disposition(object) &&
                              (g_mime_object_get_disposition(object) || g_mime_object_get_content_id(object));
    out_.attachments.push_back(attachment(object, inline_image, false));
  }

  static AttachmentRef attachment(GMimeObject* object, bool inline_image, bool encrypted) {
    AttachmentRef ref;
    ref.object = object;
    ref.name = file_name_of(object);
    ref.mime = mime_type_of(object);
    ref.inline_image = inline_image;
    ref.encrypted = encrypted;
    return ref;
  }

  MessageParts& out_;
};

}  // namespace

MessageParts collect_parts(GMimeMessage* message) {
  MessageParts parts;
  Walker(parts).walk(g_mime_message_get_mime_part(message), 0);
  return parts;
}

}  // namespace lore::parse::email
