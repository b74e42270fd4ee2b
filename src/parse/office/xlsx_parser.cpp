// Placeholder until the XLSX parser lands (being written now).
#include "core/error.h"
#include "parse/formats.h"

namespace lore::parse::detail {

void parse_xlsx(std::string_view, Document& doc) {
  throw Error(ErrorCode::unsupported, doc.source_name + ": XLSX parsing is not available yet");
}

}  // namespace lore::parse::detail
