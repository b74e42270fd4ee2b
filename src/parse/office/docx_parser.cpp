// Placeholder until the DOCX parser lands (being written now).
#include "core/error.h"
#include "parse/formats.h"

namespace lore::parse::detail {

void parse_docx(std::string_view, Document& doc) {
  throw Error(ErrorCode::unsupported, doc.source_name + ": DOCX parsing is not available yet");
}

}  // namespace lore::parse::detail
