// Placeholder until the EML parser lands (being written now).
#include "core/error.h"
#include "parse/formats.h"

namespace lore::parse::detail {

void parse_eml(std::string_view, const ParseOptions&, Document& doc) {
  throw Error(ErrorCode::unsupported, doc.source_name + ": EML parsing is not available yet");
}

}  // namespace lore::parse::detail
