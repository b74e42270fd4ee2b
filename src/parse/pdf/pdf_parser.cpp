// Placeholder until the PDF parser lands (being written now).
#include "core/error.h"
#include "parse/formats.h"

namespace lore::parse::detail {

void parse_pdf(std::string_view, const ParseOptions&, Document& doc) {
  throw Error(ErrorCode::unsupported, doc.source_name + ": PDF parsing is not available yet");
}

}  // namespace lore::parse::detail
