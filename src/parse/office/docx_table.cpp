// DocxBody::table: w:tbl -> a table block with row/col spans.
//
// Word describes horizontal merges with w:gridSpan on the first cell and
// vertical merges with w:vMerge="restart" on the top cell and a bare w:vMerge
// ("continue") on the cells below it. Table rows list only the cells that
// start a span (see document.h), so continuation cells are dropped once the
// cell above them has counted them into its row_span.
#include <algorithm>

#include "parse/block_util.h"
#include "parse/office/docx_body.h"
#include "parse/office/ooxml_util.h"

namespace lore::parse::office {

namespace {

// Word allows at most 63 columns; a larger span is an error in the file.
constexpr long long kMaxGridSpan = 64;

enum class VMerge { none, restart, next };

struct RawCell {
  int col = 0;   // first grid column
  int span = 1;  // grid columns covered
  VMerge vmerge = VMerge::none;
  std::string text;
  bool covered = false;  // continuation of the cell above: not emitted
  int row_span = 1;
};

// Children of `node` with this local name, looking through the content
// controls and custom XML that may wrap rows and cells.
void collect(const pugi::xml_node& node, std::string_view local, std::vector<pugi::xml_node>& out, int depth) {
  if (depth > kMaxXmlDepth) return;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (is(c, local)) out.push_back(c);
    else if (is(c, "sdt")) collect(child(c, "sdtContent"), local, out, depth + 1);
    else if (is(c, "customXml")) collect(c, local, out, depth + 1);
  }
}

}  // namespace

void DocxBody::table(const pugi::xml_node& tbl, int depth) {
  flush_list();
  std::vector<pugi::xml_node> tr_nodes;
  collect(tbl, "tr", tr_nodes, depth);

  std::vector<std::vector<RawCell>> rows;
  bool header_marked = false;
  for (const auto& tr : tr_nodes) {
    const pugi::xml_node tr_pr = child(tr, "trPr");
    if (rows.empty() && child(tr_pr, "tblHeader")) {
      const std::string_view val = attr(child(tr_pr, "tblHeader"), "val");
      header_marked = val.empty() || val == "1" || val == "true" || val == "on";
    }
    std::vector<RawCell> row;
    int col = 0;
    // Grid columns skipped before the first cell ("a row starting late")
    // become empty cells so the others stay in their columns.
    const long long before = std::clamp(attr_int(child(tr_pr, "gridBefore"), "val", 0), 0LL, kMaxGridSpan);
    for (long long i = 0; i < before; ++i) row.push_back(RawCell{col++, 1, VMerge::none, "", false, 1});
    std::vector<pugi::xml_node> tc_nodes;
    collect(tr, "tc", tc_nodes, depth);
    for (const auto& tc : tc_nodes) {
      const pugi::xml_node tc_pr = child(tc, "tcPr");
      RawCell cell;
      cell.col = col;
      cell.span = static_cast<int>(std::clamp(attr_int(child(tc_pr, "gridSpan"), "val", 1), 1LL, kMaxGridSpan));
      if (const pugi::xml_node vm = child(tc_pr, "vMerge"))
        cell.vmerge = attr(vm, "val") == "restart" ? VMerge::restart : VMerge::next;
      cell.text = flat_text(tc, depth + 1);
      col += cell.span;
      row.push_back(std::move(cell));
    }
    rows.push_back(std::move(row));
  }

  // Vertical merges: a restart cell absorbs the "continue" cells below it in
  // the same grid column. A continue cell with nothing above it stays a cell.
  for (size_t r = 0; r < rows.size(); ++r) {
    for (auto& cell : rows[r]) {
      if (cell.vmerge == VMerge::none || cell.covered) continue;
      for (size_t below = r + 1; below < rows.size(); ++below) {
        auto it = std::find_if(rows[below].begin(), rows[below].end(),
                               [&](const RawCell& c) { return c.col == cell.col; });
        if (it == rows[below].end() || it->vmerge != VMerge::next) break;
        it->covered = true;
        ++cell.row_span;
        // Word leaves continuation cells empty; keep stray text rather than lose it.
        if (!it->text.empty() && it->text != cell.text) cell.text += " " + it->text;
      }
    }
  }

  Table table;
  for (auto& raw_row : rows) {
    std::vector<TableCell> row;
    for (auto& cell : raw_row)
      if (!cell.covered) row.push_back(TableCell{std::move(cell.text), cell.row_span, cell.span});
    table.rows.push_back(std::move(row));
  }
  // Word tables nearly always open with a row of column labels, and the
  // chunker repeats the header row in every piece of a long table, so the
  // first row is the header unless the table is a single row.
  table.has_header = header_marked || table.rows.size() >= 2;
  detail::add_table(doc_, std::move(table));
}

}  // namespace lore::parse::office
