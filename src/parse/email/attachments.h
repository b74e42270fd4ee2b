// Internal to src/parse/email: attachments parsed recursively through
// parse_bytes().
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "parse/document.h"
#include "parse/email/mime_walk.h"
#include "parse/parser.h"

namespace lore::parse::email {

// For each attachment, in order: when its type is supported and nesting
// allows (options.max_nesting > 0), parses it with parse_bytes(name, bytes,
// options with max_nesting - 1) and appends a title block "Attachment: <name>"
// (level 2) followed by its blocks, texts unchanged, moved to page 1 without
// bbox, title levels pushed down by 2 so they sit under that heading.
//
// Returns one metadata entry per attachment:
//   {"name", "mime", "size" (decoded bytes), "parsed": bool,
//    "error"   (why parsing failed; the email itself still parses),
//    "skipped" (why it was not tried: inline image, unsupported type,
//               nesting limit, encrypted),
//    "metadata" (the attachment's own document metadata, when parsed)}.
// Never throws for a bad attachment. `counter` numbers unnamed attachments
// across a whole mailbox ("attachment-3.txt").
nlohmann::json append_attachments(const std::vector<AttachmentRef>& refs, const ParseOptions& options,
                                  Document& doc, int& counter);

}  // namespace lore::parse::email
