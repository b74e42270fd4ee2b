// PDF figures: pictures and drawings become figure blocks with their caption
// and a PNG crop; frames around text and plain text pages do not. PDFs are
// written with cairo.
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
  cairo_t* cr() { return cr_; }
  void text(double x, double y, const std::string& s) {
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, x, y);
    cairo_show_text(cr_, s.c_str());
  }
  void paragraph(double x, double y, int lines) {
    for (int i = 0; i < lines; ++i)
      text(x, y + 14 * i,
           "Line " + std::to_string(i + 1) + " of the body text describes the regional results.");
  }
  // A bar chart: filled bars of several shades on a tinted panel.
  void chart(double x, double y, double w, double h) {
    cairo_set_source_rgb(cr_, 0.82, 0.86, 0.92);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_fill(cr_);
    const double bar = w / 9;
    for (int i = 0; i < 4; ++i) {
      const double bh = h * (0.3 + 0.15 * i);
      cairo_set_source_rgb(cr_, 0.2 + 0.15 * i, 0.3, 0.7 - 0.1 * i);
      cairo_rectangle(cr_, x + bar * (1 + 2 * i), y + h - bh, bar, bh);
      cairo_fill(cr_);
    }
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

std::vector<const Block*> figures(const Document& doc) {
  std::vector<const Block*> out;
  for (const auto& b : doc.blocks)
    if (b.kind == BlockKind::figure) out.push_back(&b);
  return out;
}

std::string all_text(const Document& doc) {
  std::string out;
  for (const auto& b : doc.blocks) out += b.text + "\n";
  return out;
}

}  // namespace

TEST(PdfFigures, ChartBecomesFigureWithCaptionAndPngCrop) {
  PdfWriter pdf;
  pdf.paragraph(72, 90, 6);
  pdf.chart(150, 200, 300, 200);
  pdf.text(150, 425, "Figure 1: Sales by region in 2023");
  pdf.paragraph(72, 470, 5);
  const Document doc = parse_bytes("chart.pdf", pdf.finish());

  const auto found = figures(doc);
  ASSERT_EQ(found.size(), 1u) << all_text(doc);
  const Block& fig = *found[0];
  EXPECT_EQ(fig.page, 1);
  EXPECT_NEAR(fig.bbox.x0, 150, 6);
  EXPECT_NEAR(fig.bbox.y0, 200, 6);
  EXPECT_NEAR(fig.bbox.x1, 450, 6);
  EXPECT_NEAR(fig.bbox.y1, 400, 6);
  ASSERT_TRUE(fig.image.has_value());
  EXPECT_EQ(fig.image->format, "png");
  ASSERT_GT(fig.image->bytes.size(), 8u);
  EXPECT_EQ(fig.image->bytes.substr(1, 3), "PNG");
  // ~150 dpi crop of the 300 x 200 pt area and a 10 pt margin.
  EXPECT_NEAR(fig.image->width, 667, 10);
  EXPECT_NEAR(fig.image->height, 458, 10);
  EXPECT_EQ(fig.image->caption, "Figure 1: Sales by region in 2023");
  // The text around the figure is still body text, in order.
  const std::string text = all_text(doc);
  EXPECT_NE(text.find("Line 6 of the body"), std::string::npos);
  EXPECT_LT(text.find("Line 6 of the body"), text.find("Figure 1: Sales"));
}

TEST(PdfFigures, TextInsideAFigureIsItsOcrText) {
  PdfWriter pdf;
  pdf.paragraph(72, 90, 4);
  pdf.chart(150, 200, 300, 200);
  pdf.text(160, 215, "North");
  pdf.text(400, 215, "South");
  pdf.paragraph(72, 450, 4);
  const Document doc = parse_bytes("labels.pdf", pdf.finish());
  const auto found = figures(doc);
  ASSERT_EQ(found.size(), 1u) << all_text(doc);
  ASSERT_TRUE(found[0]->image.has_value());
  EXPECT_NE(found[0]->image->ocr_text.find("North"), std::string::npos);
  EXPECT_NE(found[0]->image->ocr_text.find("South"), std::string::npos);
}

TEST(PdfFigures, FramedParagraphAndPlainTextAreNotFigures) {
  PdfWriter pdf;
  pdf.paragraph(72, 90, 8);
  cairo_t* cr = pdf.cr();
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, 90, 250, 400, 120);  // a hollow frame around text
  cairo_stroke(cr);
  pdf.paragraph(100, 270, 6);
  const Document doc = parse_bytes("framed.pdf", pdf.finish());
  EXPECT_TRUE(figures(doc).empty()) << all_text(doc);
}
