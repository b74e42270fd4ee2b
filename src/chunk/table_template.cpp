// Template "table": for spreadsheets, CSV and table-heavy documents. Every
// table is cut row-wise into parts of at most kRowsPerChunk body rows (fewer
// when the token budget says so), each part repeating the header row and the
// caption, so that a search hit is a handful of rows with their column names
// rather than a whole sheet. Text around the tables is chunked as in general.
#include "chunk/templates.h"

namespace lore::chunk::detail {

namespace {
// Small enough that one row's words weigh in a part's BM25 score and a part
// reads at a glance; large enough that neighbouring rows give context.
constexpr size_t kRowsPerChunk = 8;
}  // namespace

std::vector<Chunk> table_template(const parse::Document& doc, const ChunkOptions& options) {
  GeneralSettings settings;
  settings.max_table_rows = kRowsPerChunk;
  return general_template(doc, options, settings);
}

}  // namespace lore::chunk::detail
