// PDF tables (lattice: ruling lines -> cell grid with spans), right-to-left
// lines, and the placement of tables in reading order. PDFs are written with
// cairo; real-document checks skip when the shared data is absent.
#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "parse/parser.h"

using namespace lore::parse;
namespace fs = std::filesystem;

namespace {

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

class PdfWriter {
 public:
  PdfWriter()
      : surface_(cairo_pdf_surface_create_for_stream(append_bytes, &bytes_, 612, 792)),
        cr_(cairo_create(surface_)) {
    cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, 10);
  }
  ~PdfWriter() {
    if (cr_) finish();
  }
  void text(double x, double y, const std::string& s) {
    cairo_move_to(cr_, x, y);
    cairo_show_text(cr_, s.c_str());
  }
  void line(double x0, double y0, double x1, double y1) {
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, x0, y0);
    cairo_line_to(cr_, x1, y1);
    cairo_stroke(cr_);
  }
  std::string finish() {
    cairo_destroy(cr_);
    cr_ = nullptr;
    cairo_surface_finish(surface_);
    cairo_surface_destroy(surface_);
    return bytes_;
  }

 private:
  std::string bytes_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
};

// A 4-row, 3-column ruled table at (x, y); the top-right header cell spans
// the last two columns (no rule between them in the first row).
void ruled_table(PdfWriter& pdf, double x, double y, double col_w) {
  const double row_h = 20;
  for (int r = 0; r <= 4; ++r) pdf.line(x, y + r * row_h, x + 3 * col_w, y + r * row_h);
  pdf.line(x, y, x, y + 4 * row_h);
  pdf.line(x + col_w, y, x + col_w, y + 4 * row_h);
  pdf.line(x + 2 * col_w, y + row_h, x + 2 * col_w, y + 4 * row_h);  // not in the header row
  pdf.line(x + 3 * col_w, y, x + 3 * col_w, y + 4 * row_h);
  pdf.text(x + 4, y + 14, "Metal");
  pdf.text(x + col_w + 30, y + 14, "Threshold values");
  const char* rows[3][3] = {{"Arsenic", "20", "5"}, {"Cadmium", "10", "7"}, {"Mercury", "11", "1"}};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) pdf.text(x + 4 + c * col_w, y + (r + 1) * row_h + 14, rows[r][c]);
}

const Block* only_table(const Document& doc) {
  const Block* found = nullptr;
  for (const auto& b : doc.blocks)
    if (b.kind == BlockKind::table) {
      EXPECT_EQ(found, nullptr) << "more than one table";
      found = &b;
    }
  return found;
}

size_t index_of(const Document& doc, const Block* block) {
  return static_cast<size_t>(block - doc.blocks.data());
}

size_t index_of_text(const Document& doc, std::string_view needle) {
  for (size_t i = 0; i < doc.blocks.size(); ++i)
    if (doc.blocks[i].kind != BlockKind::table && doc.blocks[i].text.find(needle) != std::string::npos)
      return i;
  ADD_FAILURE() << "no block with '" << needle << "'";
  return 0;
}

}  // namespace

TEST(PdfTables, RuledTableWithMergedHeaderCell) {
  PdfWriter pdf;
  pdf.text(72, 80, "Table 1: Release thresholds by metal");
  ruled_table(pdf, 72, 100, 120);
  pdf.text(72, 230, "The table above lists thresholds; this paragraph follows it.");
  const Document doc = parse_bytes("t.pdf", pdf.finish());
  const Block* t = only_table(doc);
  ASSERT_NE(t, nullptr);
  ASSERT_TRUE(t->table);
  const Table& table = *t->table;
  ASSERT_EQ(table.rows.size(), 4u);
  ASSERT_EQ(table.rows[0].size(), 2u);  // "Metal", then one cell over two columns
  EXPECT_EQ(table.rows[0][0].text, "Metal");
  EXPECT_EQ(table.rows[0][1].text, "Threshold values");
  EXPECT_EQ(table.rows[0][1].col_span, 2);
  ASSERT_EQ(table.rows[2].size(), 3u);
  EXPECT_EQ(table.rows[2][0].text, "Cadmium");
  EXPECT_EQ(table.rows[2][1].text, "10");
  EXPECT_EQ(table.rows[2][2].text, "7");
  EXPECT_TRUE(table.has_header);
  EXPECT_NE(t->text.find("| Cadmium | 10 | 7 |"), std::string::npos) << t->text;
  EXPECT_GT(t->bbox.x1 - t->bbox.x0, 300);
  // Cell text is not repeated in the flow; caption before, paragraph after.
  for (const auto& b : doc.blocks)
    if (b.kind != BlockKind::table) {
      EXPECT_EQ(b.text.find("Cadmium"), std::string::npos) << b.text;
    }
  const size_t caption = index_of_text(doc, "Table 1");
  EXPECT_EQ(doc.blocks[caption].kind, BlockKind::caption);
  EXPECT_LT(caption, index_of(doc, t));
  EXPECT_GT(index_of_text(doc, "this paragraph follows"), index_of(doc, t));
  EXPECT_NE(to_markdown(doc).find("| Metal | Threshold values | Threshold values |"), std::string::npos)
      << to_markdown(doc);
}

TEST(PdfTables, TableInSecondColumnKeepsReadingOrder) {
  PdfWriter pdf;
  for (int i = 0; i < 30; ++i)
    pdf.text(50, 80 + 14 * i, "Left column line " + std::to_string(i) + " of prose.");
  pdf.text(320, 80, "Right column starts here.");
  ruled_table(pdf, 320, 100, 80);
  pdf.text(320, 220, "Right column ends after the table.");
  const Document doc = parse_bytes("t.pdf", pdf.finish());
  const Block* t = only_table(doc);
  ASSERT_NE(t, nullptr);
  const size_t left_end = index_of_text(doc, "line 29 of");
  const size_t right_start = index_of_text(doc, "Right column starts");
  const size_t right_end = index_of_text(doc, "Right column ends");
  EXPECT_LT(left_end, right_start);
  EXPECT_LT(right_start, index_of(doc, t));
  EXPECT_LT(index_of(doc, t), right_end);
}

TEST(PdfTables, BoxAroundParagraphIsNotATable) {
  PdfWriter pdf;
  pdf.line(60, 60, 400, 60);
  pdf.line(60, 140, 400, 140);
  pdf.line(60, 60, 60, 140);
  pdf.line(400, 60, 400, 140);
  pdf.text(70, 80, "Note: a framed paragraph is a single box,");
  pdf.text(70, 95, "so it stays text and keeps its place.");
  const Document doc = parse_bytes("t.pdf", pdf.finish());
  EXPECT_EQ(only_table(doc), nullptr);
  EXPECT_NE(to_markdown(doc).find("a framed paragraph"), std::string::npos);
}

TEST(PdfTables, RealDocumentsTablesFound) {
  const char* env = std::getenv("LORE_SHARED_DATA");
  const fs::path docs = fs::path(env ? env : LORE_SOURCE_DIR "/../shared/data") / "docs";
  const fs::path file = docs / "docling" / "pdf" / "redp5110_sampled.pdf";
  if (!fs::exists(file)) GTEST_SKIP() << "shared data not found at " << docs << " (set LORE_SHARED_DATA)";
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const Document doc = parse_bytes(file.filename().string(), ss.str());
  int tables = 0;
  bool function_usage = false;
  for (const auto& b : doc.blocks) {
    if (b.kind != BlockKind::table) continue;
    ++tables;
    if (b.text.find("| FUNCTION_ID | VARCHAR(30) | ID of the function. |") != std::string::npos)
      function_usage = true;
  }
  EXPECT_EQ(tables, 4) << to_markdown(doc);
  EXPECT_TRUE(function_usage);
}

TEST(PdfTables, RulesTouchingTheTextOfTightRowsAreKept) {
  // Rows as tall as the text: the word boxes (font ascent to descent) reach
  // the rules above and below; the rules still separate the rows, also
  // under the empty corner cell of the header (which, without its rule,
  // would be merged with the cell below).
  PdfWriter pdf;
  const double x = 72, y = 100, row_h = 11, widths[3] = {190, 60, 60};
  const char* rows[4][3] = {{"", "Air", "Water"},
                            {"Chlorine and inorganic compounds", "10", "5"},
                            {"Hydrochlorofluorocarbons HCFCs", "1", "2"},
                            {"Non-methane volatile organics", "100", "7"}};
  const double right = x + widths[0] + widths[1] + widths[2];
  for (int r = 0; r <= 4; ++r) pdf.line(x, y + r * row_h, right, y + r * row_h);
  for (double cx : {x, x + widths[0], x + widths[0] + widths[1], right}) pdf.line(cx, y, cx, y + 4 * row_h);
  for (int r = 0; r < 4; ++r) {
    double cx = x + 2;
    for (int c = 0; c < 3; ++c) {
      pdf.text(cx, y + r * row_h + 8.5, rows[r][c]);
      cx += widths[c];
    }
  }
  const Document doc = parse_bytes("tight.pdf", pdf.finish());
  const Block* t = only_table(doc);
  ASSERT_NE(t, nullptr);
  ASSERT_TRUE(t->table);
  const Table& table = *t->table;
  ASSERT_EQ(table.rows.size(), 4u) << t->text;
  for (size_t r = 0; r < 4; ++r) {
    ASSERT_EQ(table.rows[r].size(), 3u) << t->text;
    for (size_t c = 0; c < 3; ++c) {
      EXPECT_EQ(table.rows[r][c].text, rows[r][c]) << t->text;
      EXPECT_EQ(table.rows[r][c].row_span, 1) << t->text;
    }
  }
}
