// `lore ingest` of a PNG and of a scanned (image-only) PDF, then `lore
// chunks`: the recognised text comes back with page + bbox positions.
#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>

#include <string>

#include "harness.h"

namespace {

using lore::e2e::LoreEnv;

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t* text_image(const char* line1, const char* line2) {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1000, 260);
  cairo_t* cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 40);
  cairo_move_to(cr, 50, 100);
  cairo_show_text(cr, line1);
  cairo_move_to(cr, 50, 170);
  cairo_show_text(cr, line2);
  cairo_destroy(cr);
  return s;
}

std::string png_bytes(cairo_surface_t* s) {
  std::string out;
  cairo_surface_write_to_png_stream(s, append_bytes, &out);
  return out;
}

std::string scanned_pdf(cairo_surface_t* image) {
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_bytes, &pdf, 612, 792);
  cairo_t* cr = cairo_create(surface);
  cairo_translate(cr, 36, 72);
  cairo_scale(cr, 72.0 / 150, 72.0 / 150);
  cairo_set_source_surface(cr, image, 0, 0);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return pdf;
}

void expect_text_with_positions(const LoreEnv& env, const nlohmann::json& file, const std::string& needle,
                                double page_width) {
  ASSERT_EQ(file["status"], "added") << file.dump();
  const auto id = file["document_id"].get<int64_t>();
  auto r = env.run({"chunks", std::to_string(id), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  ASSERT_FALSE(j["chunks"].empty()) << r.out;
  std::string text;
  for (const auto& c : j["chunks"]) {
    text += c["text"].get<std::string>();
    ASSERT_FALSE(c["positions"].empty()) << c.dump();
    for (const auto& p : c["positions"]) {
      EXPECT_EQ(p["page"], 1) << p.dump();
      ASSERT_TRUE(p["bbox"].is_array()) << p.dump();
      EXPECT_GE(p["bbox"][0].get<double>(), 0);
      EXPECT_LT(p["bbox"][0].get<double>(), p["bbox"][2].get<double>());
      EXPECT_LE(p["bbox"][2].get<double>(), page_width);
    }
  }
  EXPECT_NE(text.find(needle), std::string::npos) << text;
}

TEST(Ocr, IngestsPngAndScannedPdfWithPositions) {
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "scans"}).exit_code, 0);
  cairo_surface_t* a = text_image("Saffron shipments arrive", "at the northern harbour.");
  cairo_surface_t* b = text_image("Quarterly ledger totals", "were checked by the clerk.");
  env.write("photo.png", png_bytes(a));
  env.write("scan.pdf", scanned_pdf(b));
  cairo_surface_destroy(a);
  cairo_surface_destroy(b);

  auto ingest = env.run({"ingest", "photo.png", "scan.pdf", "--kb", "scans", "--json"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out << ingest.err;
  const auto files = ingest.json()["files"];
  ASSERT_EQ(files.size(), 2u);
  for (const auto& f : files) {
    if (f["name"] == "photo.png") expect_text_with_positions(env, f, "Saffron shipments", 1000 * 72.0 / 300 + 0.01);
    else expect_text_with_positions(env, f, "ledger totals", 612);
  }
  auto r = env.run({"search", "saffron harbour", "--kb", "scans", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_FALSE(r.json()["results"].empty());
}

}  // namespace
