#include "parse/email/attachments.h"

#include <exception>
#include <string>

#include "core/error.h"
#include "core/text.h"
#include "parse/block_util.h"
#include "parse/email/gmime_support.h"

namespace lore::parse::email {

namespace {

// Title levels of an attachment's own blocks go this far below its
// "Attachment: <name>" heading (level 2), so a chunker's section hierarchy
// keeps the attachment inside the email.
constexpr int kAttachmentLevelShift = 2;
constexpr int kAttachmentTitleLevel = 2;

// File extension for a MIME type Lore can parse, "" otherwise. Used when the
// sender gave no file name, or a name without a usable extension.
std::string extension_for_mime(std::string_view mime) {
  struct Entry {
    const char* mime;
    const char* extension;
  };
  static constexpr Entry kTable[] = {
      {"text/plain", ".txt"},
      {"text/html", ".html"},
      {"text/csv", ".csv"},
      {"text/tab-separated-values", ".tsv"},
      {"text/markdown", ".md"},
      {"application/json", ".json"},
      {"application/pdf", ".pdf"},
      {"message/rfc822", ".eml"},
      {"application/mbox", ".mbox"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
      {"application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"},
  };
  for (const auto& e : kTable)
    if (mime == e.mime) return e.extension;
  return "";
}

// The last path component: names come from the sender and may carry paths.
std::string base_name(std::string name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name.erase(0, slash + 1);
  return std::string(text::trim(name));
}

// Subject of an attached message, as a file name for it.
std::string name_for_message(GMimeObject* object, int number) {
  if (GMIME_IS_MESSAGE_PART(object)) {
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));  // borrowed
    const std::string subject = inner ? str(g_mime_message_get_subject(inner)) : "";
    std::string name = base_name(subject);
    if (!name.empty()) return name + ".eml";
  }
  return "message-" + std::to_string(number) + ".eml";
}

// Decoded bytes of the attachment: the file for a leaf, the whole message
// (headers and body) for message/rfc822 and encrypted parts.
std::string attachment_bytes(GMimeObject* object) {
  if (GMIME_IS_PART(object)) return part_content(GMIME_PART(object));
  if (GMIME_IS_MESSAGE_PART(object)) {
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));  // borrowed
    return inner ? object_bytes(GMIME_OBJECT(inner)) : std::string();
  }
  return object_bytes(object);
}

void append_parsed(const std::string& name, Document sub, Document& doc) {
  detail::add_block(doc, BlockKind::title, "Attachment: " + name, kAttachmentTitleLevel);
  for (auto& block : sub.blocks) {
    block.page = 1;  // the email is one logical page; attachment pages do not map onto it
    block.bbox = BBox{};
    if (block.kind == BlockKind::title) block.level += kAttachmentLevelShift;
    doc.blocks.push_back(std::move(block));
  }
}

}  // namespace

nlohmann::json append_attachments(const std::vector<AttachmentRef>& refs, const ParseOptions& options,
                                  Document& doc, int& counter) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& ref : refs) {
    ++counter;
    std::string name = base_name(ref.name);
    if (name.empty())
      name = ref.mime == "message/rfc822"
                 ? name_for_message(ref.object, counter)
                 : "attachment-" + std::to_string(counter) + extension_for_mime(ref.mime);
    const std::string bytes = attachment_bytes(ref.object);
    nlohmann::json entry = {{"name", name}, {"mime", ref.mime}, {"size", bytes.size()}, {"parsed", false}};

    // The name decides the parser; a name without a usable extension falls
    // back to what the MIME type says the file is.
    std::string parse_name = name;
    if (!is_supported(parse_name) && !extension_for_mime(ref.mime).empty())
      parse_name += extension_for_mime(ref.mime);

    if (ref.inline_image) {
      entry["skipped"] = "inline image";
    } else if (ref.encrypted) {
      entry["skipped"] = "encrypted content";
    } else if (!is_supported(parse_name)) {
      entry["skipped"] = "unsupported file type";
    } else if (options.max_nesting <= 0) {
      entry["skipped"] = "nested deeper than the attachment nesting limit";
    } else {
      ParseOptions sub_options = options;
      sub_options.max_nesting = options.max_nesting - 1;
      try {
        Document sub = parse_bytes(parse_name, bytes, sub_options);
        entry["parsed"] = true;
        if (!sub.metadata.empty()) entry["metadata"] = sub.metadata;
        append_parsed(name, std::move(sub), doc);
      } catch (const Error& e) {
        // The message's own time budget is spent: stop the whole file.
        if (e.code() == ErrorCode::timeout) throw;
        entry["error"] = e.what();
      } catch (const std::exception& e) {
        // A parser bug in one attachment must not lose the email.
        entry["error"] = parse_name + ": " + e.what();
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace lore::parse::email
