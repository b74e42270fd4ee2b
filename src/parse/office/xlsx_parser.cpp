// parse_xlsx: SpreadsheetML package (.xlsx, .xlsm) -> Document.
//
// Every worksheet, in workbook order (hidden ones too, listed in
// metadata["hidden_sheets"]), becomes a title block (the sheet name, level 1)
// and one table block over its used range: rows with at least one value, from
// the first to the last column holding a value. The first kept row is the
// header (the chunker repeats it in every row group). Cells show what Excel
// caches: shared and inline strings (rich text flattened), numbers up to 15
// significant digits, TRUE/FALSE, error codes, formulas' last computed values,
// and ISO 8601 dates for date-formatted numbers. Merged ranges become row/col
// spans. Empty sheets produce no blocks.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/error.h"
#include "core/text.h"
#include "parse/block_util.h"
#include "parse/formats.h"
#include "parse/limits.h"
#include "parse/office/ooxml_util.h"
#include "parse/office/xlsx_values.h"
#include "parse/office/zip_reader.h"

namespace lore::parse::detail {

namespace {

// Checking the clock costs little, but not nothing: once per this many rows.
constexpr int kRowsPerDeadlineCheck = 1024;

using office::attr;
using office::child;
using office::children;

// Cells in a sheet's used range (kept rows x kept columns). The dense grid
// costs 4 bytes per cell and the table ~50, so this bounds one sheet at
// ~100 MB of memory; a sheet beyond it is refused rather than truncated.
constexpr size_t kMaxSheetCells = 2'000'000;
// Merged ranges may overlap in broken files; their checking is bounded by a
// multiple of the grid size so that many huge ranges cannot stall us.
constexpr size_t kMergeWorkFactor = 8;
constexpr int kEmpty = -1;
constexpr int kCovered = -2;

struct SheetInfo {
  std::string name;
  std::string part;
  bool hidden = false;
};

struct RawCell {
  int row = 0, col = 0;
  std::string text;
};

// Appends the text of a string item (<si> or <is>): plain <t>, or rich-text
// runs <r><t>; phonetic guides (<rPh>) repeat the text in kana and are skipped.
void string_item_text(const pugi::xml_node& node, std::string& out, int depth) {
  if (depth > office::kMaxXmlDepth) return;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (office::is(c, "t")) out += c.text().get();
    else if (office::is(c, "r")) string_item_text(c, out, depth + 1);
  }
}

// OOXML escapes characters XML cannot hold as "_xHHHH_" (e.g. "_x000D_").
std::string unescape_ooxml(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && s[i + 6] == '_' &&
        std::all_of(s.begin() + static_cast<long>(i) + 2, s.begin() + static_cast<long>(i) + 6,
                    [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; })) {
      const auto cp = static_cast<char32_t>(std::strtoul(std::string(s.substr(i + 2, 4)).c_str(), nullptr, 16));
      text::append_utf8(out, cp);
      i += 7;
    } else {
      out += s[i++];
    }
  }
  return out;
}

std::string string_item(const pugi::xml_node& node) {
  std::string raw;
  string_item_text(node, raw, 0);
  return collapse_text(unescape_ooxml(raw));
}

std::vector<std::string> read_shared_strings(office::ZipArchive& zip, const std::string& part) {
  std::vector<std::string> strings;
  pugi::xml_document xml;
  if (!office::load_part(zip, part, xml)) return strings;
  for (const auto& si : children(xml.document_element(), "si")) strings.push_back(string_item(si));
  return strings;
}

// The NumberKind of every cell format (cellXfs index).
std::vector<office::NumberKind> read_cell_formats(office::ZipArchive& zip, const std::string& part) {
  std::vector<office::NumberKind> kinds;
  pugi::xml_document xml;
  if (!office::load_part(zip, part, xml)) return kinds;
  const pugi::xml_node root = xml.document_element();
  std::vector<std::pair<long long, office::NumberKind>> custom;
  for (const auto& fmt : children(child(root, "numFmts"), "numFmt"))
    custom.emplace_back(office::attr_int(fmt, "numFmtId", -1), office::custom_format_kind(attr(fmt, "formatCode")));
  for (const auto& xf : children(child(root, "cellXfs"), "xf")) {
    const long long id = office::attr_int(xf, "numFmtId", 0);
    auto it = std::find_if(custom.begin(), custom.end(), [&](const auto& c) { return c.first == id; });
    kinds.push_back(it != custom.end() ? it->second : office::builtin_format_kind(static_cast<int>(id)));
  }
  return kinds;
}

struct CellContext {
  const std::vector<std::string>& shared;
  const std::vector<office::NumberKind>& formats;
  bool date1904 = false;
};

std::string cell_text(const pugi::xml_node& c, const CellContext& ctx) {
  const std::string_view type = attr(c, "t");
  const std::string value = child(c, "v").text().get();
  if (type == "inlineStr") return string_item(child(c, "is"));
  if (type == "s") {
    char* end = nullptr;
    const unsigned long index = std::strtoul(value.c_str(), &end, 10);
    return end != value.c_str() && index < ctx.shared.size() ? ctx.shared[index] : "";
  }
  if (type == "b") return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value;
  if (type == "str" || type == "e" || type == "d") return collapse_text(unescape_ooxml(value));
  if (value.empty()) return "";
  const long long style = office::attr_int(c, "s", 0);
  if (style >= 0 && static_cast<size_t>(style) < ctx.formats.size() &&
      ctx.formats[static_cast<size_t>(style)] != office::NumberKind::number) {
    if (auto date = office::format_serial_date(std::strtod(value.c_str(), nullptr),
                                               ctx.formats[static_cast<size_t>(style)], ctx.date1904))
      return *date;
  }
  return office::clean_number(text::trim(value));
}

// Non-empty cells of a worksheet's sheetData, in any order.
std::vector<RawCell> read_cells(const pugi::xml_node& sheet_data, const CellContext& ctx,
                                const Document& doc) {
  std::vector<RawCell> cells;
  int row = 0;
  for (const auto& r : children(sheet_data, "row")) {
    if (row % kRowsPerDeadlineCheck == 0) check_deadline(doc.source_name, "row " + std::to_string(row + 1));
    // Row and cell positions may be omitted; they then follow the previous one.
    const long long declared_row = office::attr_int(r, "r", 0);
    row = declared_row > 0 && declared_row <= 1048576 ? static_cast<int>(declared_row) : row + 1;
    int col = 0;
    for (const auto& c : children(r, "c")) {
      if (auto ref = office::parse_cell_ref(attr(c, "r"))) {
        col = ref->col;
      } else {
        ++col;
      }
      std::string text = cell_text(c, ctx);
      if (!text.empty()) cells.push_back(RawCell{row, col, std::move(text)});
    }
  }
  return cells;
}

// Builds the table of a sheet's used range with merged ranges as spans.
Table build_table(std::vector<RawCell> cells, const pugi::xml_node& merge_cells, const Document& doc,
                  const std::string& sheet_name) {
  std::vector<int> rows;
  int min_col = cells.front().col, max_col = cells.front().col;
  for (const auto& c : cells) {
    rows.push_back(c.row);
    min_col = std::min(min_col, c.col);
    max_col = std::max(max_col, c.col);
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  const size_t width = static_cast<size_t>(max_col - min_col + 1);
  if (rows.size() * width > kMaxSheetCells)
    throw Error(ErrorCode::too_large, doc.source_name + ": sheet \"" + sheet_name + "\" spans " +
                                          std::to_string(rows.size()) + " rows x " + std::to_string(width) +
                                          " columns, over the limit of " + std::to_string(kMaxSheetCells) +
                                          " cells per sheet");
  auto row_index = [&](int row) {
    return static_cast<size_t>(std::lower_bound(rows.begin(), rows.end(), row) - rows.begin());
  };

  std::vector<int> grid(rows.size() * width, kEmpty);  // index into `cells`, kEmpty or kCovered
  auto slot = [&](size_t r, size_t c) -> int& { return grid[r * width + c]; };
  for (size_t i = 0; i < cells.size(); ++i)
    slot(row_index(cells[i].row), static_cast<size_t>(cells[i].col - min_col)) = static_cast<int>(i);

  std::vector<std::pair<int, int>> spans(cells.size(), {1, 1});  // (row_span, col_span) per cell
  size_t work = 0;
  for (const auto& m : children(merge_cells, "mergeCell")) {
    const std::string_view ref = attr(m, "ref");
    const size_t colon = ref.find(':');
    if (colon == std::string_view::npos) continue;
    auto a = office::parse_cell_ref(ref.substr(0, colon));
    auto b = office::parse_cell_ref(ref.substr(colon + 1));
    if (!a || !b || b->row < a->row || b->col < a->col) continue;
    // Only a range whose top-left cell is in the used range can span; the
    // range is clipped to the used range and to the kept rows.
    if (a->col < min_col || a->col > max_col || !std::binary_search(rows.begin(), rows.end(), a->row)) continue;
    const size_t r0 = row_index(a->row), r1 = row_index(b->row + 1);
    const size_t c0 = static_cast<size_t>(a->col - min_col);
    const size_t c1 = static_cast<size_t>(std::min(b->col, max_col) - min_col) + 1;
    work += (r1 - r0) * (c1 - c0);
    if (work > kMergeWorkFactor * grid.size()) break;
    bool free = slot(r0, c0) != kCovered;
    for (size_t r = r0; r < r1 && free; ++r)
      for (size_t c = c0; c < c1 && free; ++c)
        if (slot(r, c) == kCovered || (slot(r, c) >= 0 && spans[static_cast<size_t>(slot(r, c))] != std::pair{1, 1}))
          free = false;
    if (!free || (r1 - r0 == 1 && c1 - c0 == 1)) continue;
    if (slot(r0, c0) == kEmpty) {  // an empty top-left cell still anchors the span
      cells.push_back(RawCell{a->row, a->col, ""});
      spans.resize(cells.size(), {1, 1});
      slot(r0, c0) = static_cast<int>(cells.size() - 1);
    }
    spans[static_cast<size_t>(slot(r0, c0))] = {static_cast<int>(r1 - r0), static_cast<int>(c1 - c0)};
    for (size_t r = r0; r < r1; ++r)
      for (size_t c = c0; c < c1; ++c)
        if (r != r0 || c != c0) slot(r, c) = kCovered;
  }

  Table table;
  table.has_header = true;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<TableCell> row;
    for (size_t c = 0; c < width; ++c) {
      const int s = slot(r, c);
      if (s == kCovered) continue;
      if (s == kEmpty) {
        row.push_back(TableCell{});
        continue;
      }
      const auto& span = spans[static_cast<size_t>(s)];
      row.push_back(TableCell{std::move(cells[static_cast<size_t>(s)].text), span.first, span.second});
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace

void parse_xlsx(std::string_view bytes, Document& doc) {
  office::ZipArchive zip(bytes, doc.source_name, "XLSX");
  const std::string workbook_part = office::main_part(zip, "xl/workbook.xml");
  pugi::xml_document workbook;
  office::load_part(zip, workbook_part, workbook);
  const pugi::xml_node root = workbook.document_element();
  const auto rels = office::read_relationships(zip, workbook_part);

  auto first_target = [&](std::string_view type, const std::string& fallback) {
    const auto targets = office::targets_of_type(rels, type);
    return targets.empty() ? fallback : targets.front();
  };
  const auto shared = read_shared_strings(zip, first_target("sharedStrings", "xl/sharedStrings.xml"));
  const auto formats = read_cell_formats(zip, first_target("styles", "xl/styles.xml"));
  const std::string_view date1904 = attr(child(root, "workbookPr"), "date1904");
  const CellContext ctx{shared, formats, date1904 == "1" || date1904 == "true"};

  std::vector<SheetInfo> sheets;
  for (const auto& s : children(child(root, "sheets"), "sheet")) {
    const auto it = rels.find(std::string(office::relationship_id(s)));
    if (it == rels.end() || it->second.external) continue;
    const std::string_view state = attr(s, "state");
    sheets.push_back(SheetInfo{collapse_text(attr(s, "name")), it->second.target, !state.empty() && state != "visible"});
  }

  doc.pages = {Page{1, 0, 0}};
  office::read_core_properties(zip, doc);
  for (const auto& sheet : sheets) {
    check_deadline(doc.source_name, "sheet " + sheet.name);
    pugi::xml_document xml;
    if (!office::load_part(zip, sheet.part, xml)) continue;
    const pugi::xml_node ws = xml.document_element();
    if (!office::is(ws, "worksheet")) continue;  // chart sheets and dialog sheets hold no cells
    auto cells = read_cells(child(ws, "sheetData"), ctx, doc);
    if (cells.empty()) continue;
    if (sheet.hidden) doc.metadata["hidden_sheets"].push_back(sheet.name);
    add_block(doc, BlockKind::title, sheet.name.empty() ? std::string("Sheet") : sheet.name, 1);
    add_table(doc, build_table(std::move(cells), child(ws, "mergeCells"), doc, sheet.name));
  }
}

}  // namespace lore::parse::detail
