// Test support: a one-page PDF (written with cairo) holding a figure — a bar
// chart with its caption between two paragraphs — for tests of figure
// detection, figure blobs and the image route.
#pragma once

#include <cairo-pdf.h>
#include <cairo.h>

#include <string>

namespace lore::test_support {

inline cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A one-page PDF: body text, a bar chart (unless !chart) with its caption,
// more text.
// `shade` changes the bars' colour (so the picture, and its blob, differ);
// `words` changes only the body text.
inline std::string figure_pdf(double shade, const std::string& words, bool chart = true) {
  std::string bytes;
  cairo_surface_t* s = cairo_pdf_surface_create_for_stream(append_bytes, &bytes, 612, 792);
  cairo_t* cr = cairo_create(s);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 10);
  auto text = [&](double x, double y, const std::string& t) {
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, t.c_str());
  };
  for (int i = 0; i < 6; ++i)
    text(72, 90 + 14 * i, "Line " + std::to_string(i + 1) + " about the " + words + " results by region.");
  cairo_set_source_rgb(cr, 0.82, 0.86, 0.92);
  cairo_rectangle(cr, 120, 200, 320, 220);
  if (chart) cairo_fill(cr);
  cairo_new_path(cr);
  for (int i = 0; chart && i < 4; ++i) {
    const double h = 220 * (0.3 + 0.15 * i);
    cairo_set_source_rgb(cr, shade, 0.3 + 0.1 * i, 0.7 - 0.1 * i);
    cairo_rectangle(cr, 120 + 35 * (1 + 2 * i), 420 - h, 35, h);
    cairo_fill(cr);
  }
  text(120, 440, "Figure 1: Sales by region in 2023");
  for (int i = 0; i < 6; ++i)
    text(72, 480 + 14 * i, "Closing line " + std::to_string(i + 1) + " on the " + words + " outlook.");
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_surface_destroy(s);
  return bytes;
}

}  // namespace lore::test_support
