// Internal to src/parse/email: one GMimeMessage -> blocks and header metadata.
#pragma once

#include <gmime/gmime.h>

#include <nlohmann/json.hpp>

#include "parse/document.h"
#include "parse/parser.h"

namespace lore::parse::email {

// True when the message has at least one header that only mail carries
// (From, To, Subject, Date, Message-ID, MIME-Version, Received, ...). GMime
// accepts any bytes as a message; this is how we tell mail from other text.
bool has_mail_headers(GMimeMessage* message);

// Decoded headers (RFC 2047 words undone): from, to, cc, date (ISO-8601 when
// parseable, else as written), subject, message_id; absent ones omitted.
nlohmann::json message_headers(GMimeMessage* message);

// Appends the message to `doc`: a title block (level 1) with the subject, a
// text block summarising From/To/Cc/Date, the body (plain text preferred,
// HTML converted to text), then each attachment (see attachments.h).
// Returns the attachments' metadata entries. `attachment_counter` numbers
// unnamed attachments across a mailbox.
nlohmann::json append_message(GMimeMessage* message, const ParseOptions& options, Document& doc,
                              int& attachment_counter);

}  // namespace lore::parse::email
