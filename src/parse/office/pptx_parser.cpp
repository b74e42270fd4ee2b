// Placeholder until the PPTX parser lands (being written now).
#include "core/error.h"
#include "parse/formats.h"

namespace lore::parse::detail {

void parse_pptx(std::string_view, Document& doc) {
  throw Error(ErrorCode::unsupported, doc.source_name + ": PPTX parsing is not available yet");
}

}  // namespace lore::parse::detail
