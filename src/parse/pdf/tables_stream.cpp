// Stream tables: borderless tables from column alignment.
#include "parse/pdf/pdf_regions.h"

namespace lore::parse::pdf {

std::vector<Region> find_stream_tables(const PdfPage& /*page*/, const std::vector<Word>& /*words*/,
                                       const std::vector<Region>& /*taken*/) {
  return {};
}

}  // namespace lore::parse::pdf
