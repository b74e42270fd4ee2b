// Internal to src/parse/email: splits a MIME tree into the readable body and
// the attachments.
//
// Rules (what mail clients show as "the message"):
//   - a text/plain or text/html leaf without a file name and not marked
//     Content-Disposition: attachment is body text, in tree order;
//   - multipart/alternative contributes one alternative: the first non-empty
//     text/plain, else the last non-empty HTML (or multipart) alternative;
//   - multipart/related contributes its root; its other image parts are
//     inline images (listed, not parsed);
//   - multipart/signed contributes its signed content; encrypted parts are
//     listed as attachments that cannot be read;
//   - message/rfc822 parts and every other leaf are attachments.
#pragma once

#include <gmime/gmime.h>

#include <string>
#include <vector>

namespace lore::parse::email {

struct BodyText {
  bool html = false;
  std::string text;  // UTF-8, LF line endings; HTML still marked up
};

struct AttachmentRef {
  GMimeObject* object = nullptr;  // borrowed from the message being walked
  std::string name;               // file name as sent, "" when none was given
  std::string mime;               // "type/subtype", lower-case
  bool inline_image = false;      // part of the body's layout, not a file
  bool encrypted = false;         // multipart/encrypted: unreadable without keys
};

struct MessageParts {
  std::vector<BodyText> bodies;
  std::vector<AttachmentRef> attachments;
};

// Walks `message`'s MIME tree. The refs in the result stay valid while
// `message` is alive. Never throws on malformed structure: what cannot be
// classified becomes an attachment.
MessageParts collect_parts(GMimeMessage* message);

}  // namespace lore::parse::email
