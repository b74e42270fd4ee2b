// PDF stream tables (no ruling lines): column alignment makes a table block
// with cells and its caption; prose in two or three columns, and a prose
// column beside a table, do not become table cells. PDFs are written with
// cairo.
#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parse/parser.h"

using namespace lore::parse;

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
  void rule(double x0, double x1, double y) {
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, x0, y);
    cairo_line_to(cr_, x1, y);
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

// Prose lines, each `words` words of a running sentence (lower case after
// the first line), `lines` of them from y down, 13 pt apart.
double prose(PdfWriter& pdf, double x, double y, int lines, int words, int seed = 0) {
  static const char* kWords[] = {"the",     "harbour", "ledger", "records",  "every",   "shipment", "that",
                                 "arrives", "before",  "dawn",   "and",      "clerks",  "compare",  "each",
                                 "entry",   "with",    "the",    "manifest", "carried", "aboard"};
  int k = seed;
  for (int i = 0; i < lines; ++i) {
    std::string line;
    for (int w = 0; w < words; ++w) line += (w ? " " : "") + std::string(kWords[k++ % 20]);
    if (i == 0 && seed == 0) line[0] = 'T';
    pdf.text(x, y + 13 * i, line);
  }
  return y + 13 * lines;
}

// Metal prices: a header and five rows in four columns at `xs`, from y down.
double price_table(PdfWriter& pdf, const double xs[4], double y, bool rules = false) {
  const char* rows[6][4] = {{"Metal", "Q1", "Q2", "Q3"},
                            {"Copper", "8,120", "8,450", "8,300"},
                            {"Zinc", "2,610", "2,540", "2,700"},
                            {"Nickel", "16,900", "17,250", "16,400"},
                            {"Aluminium", "2,240", "2,310", "2,280"},
                            {"Lead", "2,050", "2,110", "2,090"}};
  if (rules) pdf.rule(xs[0] - 4, xs[3] + 60, y - 11);
  for (int r = 0; r < 6; ++r) {
    for (int c = 0; c < 4; ++c) pdf.text(xs[c], y + 15 * r, rows[r][c]);
    if (rules && r == 0) pdf.rule(xs[0] - 4, xs[3] + 60, y + 4);
  }
  if (rules) pdf.rule(xs[0] - 4, xs[3] + 60, y + 15 * 5 + 5);
  return y + 15 * 6;
}

std::vector<const Block*> tables(const Document& doc) {
  std::vector<const Block*> out;
  for (const auto& b : doc.blocks)
    if (b.kind == BlockKind::table) out.push_back(&b);
  return out;
}

std::string all_text(const Document& doc) {
  std::string s;
  for (const auto& b : doc.blocks) s += b.text + "\n";
  return s;
}

void expect_price_table(const Block& t) {
  ASSERT_TRUE(t.table.has_value());
  const auto& rows = t.table->rows;
  ASSERT_EQ(rows.size(), 6u) << t.text;
  for (const auto& row : rows) ASSERT_EQ(row.size(), 4u) << t.text;
  EXPECT_TRUE(t.table->has_header);
  EXPECT_EQ(rows[0][0].text, "Metal");
  EXPECT_EQ(rows[0][3].text, "Q3");
  EXPECT_EQ(rows[3][0].text, "Nickel");
  EXPECT_EQ(rows[3][2].text, "17,250");
  EXPECT_EQ(rows[5][3].text, "2,090");
}

TEST(PdfStreamTables, AlignedColumnsBecomeATableWithItsCaption) {
  PdfWriter pdf;
  double y = prose(pdf, 72, 80, 6, 11);
  pdf.text(72, y + 14, "Table 1: Metal prices by quarter (USD per tonne)");
  const double xs[4] = {90, 220, 320, 420};
  y = price_table(pdf, xs, y + 40);
  prose(pdf, 72, y + 20, 5, 11, 3);
  const Document doc = parse_bytes("prices.pdf", pdf.finish());
  const auto found = tables(doc);
  ASSERT_EQ(found.size(), 1u) << all_text(doc);
  expect_price_table(*found[0]);
  // The caption is the block right before the table; the cells are not
  // repeated as body text; the prose around is kept in order.
  size_t at = 0;
  while (&doc.blocks[at] != found[0]) ++at;
  ASSERT_GT(at, 0u);
  EXPECT_EQ(doc.blocks[at - 1].kind, BlockKind::caption) << doc.blocks[at - 1].text;
  ASSERT_LT(at + 1, doc.blocks.size());
  EXPECT_NE(doc.blocks[at + 1].text.find("compare"), std::string::npos);
  for (const auto& b : doc.blocks)
    if (b.kind != BlockKind::table) {
      EXPECT_EQ(b.text.find("17,250"), std::string::npos) << b.text;
    }
}

TEST(PdfStreamTables, BooktabsRulesWithoutVerticalLines) {
  PdfWriter pdf;
  const double xs[4] = {100, 230, 330, 430};
  price_table(pdf, xs, 120, /*rules=*/true);
  prose(pdf, 72, 260, 4, 11);
  const Document doc = parse_bytes("booktabs.pdf", pdf.finish());
  const auto found = tables(doc);
  ASSERT_EQ(found.size(), 1u);
  expect_price_table(*found[0]);
}

TEST(PdfStreamTables, TwoAndThreeColumnProseIsNotATable) {
  for (int columns : {2, 3}) {
    PdfWriter pdf;
    const double width = 468.0 / columns;
    for (int c = 0; c < columns; ++c) prose(pdf, 72 + c * width, 80, 45, columns == 2 ? 7 : 4, c);
    const Document doc = parse_bytes("columns.pdf", pdf.finish());
    EXPECT_TRUE(tables(doc).empty()) << columns << " columns:\n" << all_text(doc);
    EXPECT_NE(all_text(doc).find("manifest"), std::string::npos);
  }
}

TEST(PdfStreamTables, ProseColumnBesideATableStaysText) {
  PdfWriter pdf;
  prose(pdf, 72, 80, 40, 6);  // left column, 72..290
  pdf.text(320, 120, "Table 2: Metal prices");
  const double xs[4] = {320, 400, 460, 520};
  price_table(pdf, xs, 150);
  prose(pdf, 320, 270, 12, 6, 5);
  const Document doc = parse_bytes("beside.pdf", pdf.finish());
  const auto found = tables(doc);
  ASSERT_EQ(found.size(), 1u) << all_text(doc);
  expect_price_table(*found[0]);
  EXPECT_EQ(found[0]->text.find("harbour"), std::string::npos) << found[0]->text;
}

}  // namespace

TEST(PdfStreamTables, CellWrappingAroundCentredValuesStaysOneRow) {
  // The first cell wraps onto two lines; the other cells of its row are set
  // once, vertically centred between those lines (half a line from each).
  PdfWriter pdf;
  const double xs[4] = {90, 300, 380, 460};
  const char* head[4] = {"Pollutant", "Air", "Water", "Land"};
  for (int c = 0; c < 4; ++c) pdf.text(xs[c], 120, head[c]);
  pdf.text(xs[0], 136, "Ammonia (NH3)");
  for (int c = 1; c < 4; ++c) pdf.text(xs[c], 136, c == 1 ? "10 000" : "-");
  pdf.text(xs[0], 152, "Chlorine and inorganic compounds");
  for (int c = 1; c < 4; ++c) pdf.text(xs[c], 158, c == 1 ? "10 000" : "-");
  pdf.text(xs[0], 164, "(as HCl)");
  pdf.text(xs[0], 180, "Halons");
  for (int c = 1; c < 4; ++c) pdf.text(xs[c], 180, c == 1 ? "1" : "-");
  pdf.text(xs[0], 196, "Methane (CH4)");
  for (int c = 1; c < 4; ++c) pdf.text(xs[c], 196, c == 1 ? "100 000" : "-");
  const Document doc = parse_bytes("wrapped.pdf", pdf.finish());
  const auto found = tables(doc);
  ASSERT_EQ(found.size(), 1u) << all_text(doc);
  const auto& rows = found[0]->table->rows;
  ASSERT_EQ(rows.size(), 5u) << found[0]->text;
  ASSERT_EQ(rows[2].size(), 4u) << found[0]->text;
  EXPECT_EQ(rows[2][0].text, "Chlorine and inorganic compounds (as HCl)");
  EXPECT_EQ(rows[2][1].text, "10 000");
  EXPECT_EQ(rows[3][0].text, "Halons");
}

TEST(PdfStreamTables, TwoLineColumnHeadingsUnderAGroupHeadingAreMerged) {
  // "Threshold for releases" spans the three value columns; under it each
  // column heading is set on two lines ("to air" over "kg/year").
  PdfWriter pdf;
  const double xs[4] = {90, 300, 380, 460};
  pdf.text(330, 120, "Threshold for releases");
  const char* to[3] = {"to air", "to water", "to land"};
  for (int c = 1; c < 4; ++c) {
    pdf.text(xs[c], 134, to[c - 1]);
    pdf.text(xs[c], 146, "kg/year");
  }
  const char* names[4] = {"Arsenic", "Cadmium", "Chromium", "Copper"};
  for (int r = 0; r < 4; ++r) {
    pdf.text(xs[0], 162 + 14 * r, names[r]);
    for (int c = 1; c < 4; ++c) pdf.text(xs[c], 162 + 14 * r, std::to_string((r + 1) * c * 5));
  }
  const Document doc = parse_bytes("headings.pdf", pdf.finish());
  const auto found = tables(doc);
  ASSERT_EQ(found.size(), 1u) << all_text(doc);
  const auto& rows = found[0]->table->rows;
  ASSERT_EQ(rows.size(), 6u) << found[0]->text;  // group heading, column headings, 4 rows
  ASSERT_EQ(rows[1].size(), 4u) << found[0]->text;
  EXPECT_EQ(rows[1][1].text, "to air kg/year");
  EXPECT_EQ(rows[1][3].text, "to land kg/year");
  EXPECT_EQ(rows[2][0].text, "Arsenic");
}
