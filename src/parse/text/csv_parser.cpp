// CSV and TSV (RFC 4180): quoted fields may hold delimiters, doubled quotes
// and newlines. The whole file becomes one table block whose first row is the
// header; the chunker splits big tables into row groups.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "parse/block_util.h"
#include "parse/formats.h"
#include "parse/limits.h"

namespace lore::parse::detail {

namespace {

// Delimiter sniffing reads this many records: enough to see a pattern,
// cheap on a million-row file.
constexpr size_t kSniffRecords = 20;

using Record = std::vector<std::string>;

struct UnterminatedQuote {
  size_t line;  // 1-based line where the quoted field started
};

// Reads records from `text`, calling `on_record` for each; stops early when
// on_record returns false. Throws UnterminatedQuote when a quoted field runs
// to the end of the input.
template <typename OnRecord>
void read_records(std::string_view text, char delim, OnRecord on_record) {
  Record record;
  std::string field;
  size_t line = 1;
  size_t i = 0;
  bool field_started = false;  // distinguishes "" at end of line from no field
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' && !field_started) {
      // Quoted field: runs to the next quote not followed by another quote.
      const size_t start_line = line;
      ++i;
      for (;;) {
        if (i >= text.size()) throw UnterminatedQuote{start_line};
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      field_started = true;  // text after the closing quote is kept literally (lenient)
      continue;
    }
    if (c == delim) {
      end_field();
    } else if (c == '\n') {
      ++line;
      end_field();
      if (!on_record(record)) return;
      record.clear();
    } else {
      field += c;
      field_started = true;
    }
    ++i;
  }
  if (field_started || !record.empty()) {
    end_field();
    on_record(record);
  }
}

// Number of fields when every sniffed record has the same count, else 0.
size_t consistent_field_count(std::string_view text, char delim) {
  size_t count = 0;
  bool consistent = true;
  size_t seen = 0;
  try {
    read_records(text, delim, [&](const Record& r) {
      if (r.size() == 1 && r[0].empty()) return true;  // blank line
      if (seen++ == 0)
        count = r.size();
      else if (r.size() != count)
        consistent = false;
      return consistent && seen < kSniffRecords;
    });
  } catch (const UnterminatedQuote&) {
    return 0;
  }
  return consistent && count > 1 ? count : 0;
}

// For .csv: ',' unless ';' or '|' splits the head into a consistent number of
// columns and ',' does not do better ("1,5;2,0" is European decimals, not
// four columns).
char sniff_delimiter(std::string_view text) {
  const std::string_view head = text.substr(0, std::min<size_t>(text.size(), 64 * 1024));
  char best = ',';
  size_t best_count = consistent_field_count(head, ',');
  for (char candidate : std::array<char, 3>{';', '|', '\t'}) {
    const size_t n = consistent_field_count(head, candidate);
    if (n > best_count) {
      best = candidate;
      best_count = n;
    }
  }
  return best;
}

}  // namespace

void parse_delimited(std::string_view text, char delimiter, Document& doc) {
  if (delimiter == ',') delimiter = sniff_delimiter(text);
  Table table;
  table.has_header = true;
  size_t columns = 0;
  try {
    read_records(text, delimiter, [&](Record& r) {
      if (r.size() == 1 && text::trim(r[0]).empty()) return true;  // blank line
      if (table.rows.size() % 4096 == 0)
        check_deadline(doc.source_name, "row " + std::to_string(table.rows.size() + 1));
      std::vector<TableCell> row;
      row.reserve(r.size());
      for (auto& f : r) row.push_back(TableCell{std::string(text::trim(f)), 1, 1});
      columns = std::max(columns, row.size());
      table.rows.push_back(std::move(row));
      return true;
    });
  } catch (const UnterminatedQuote& e) {
    throw Error(ErrorCode::bad_input,
                doc.source_name + ": unterminated quoted field starting at line " + std::to_string(e.line));
  }
  for (auto& row : table.rows) row.resize(columns);  // ragged rows padded with empty cells
  doc.metadata["delimiter"] = std::string(1, delimiter);
  add_table(doc, std::move(table));
}

}  // namespace lore::parse::detail
