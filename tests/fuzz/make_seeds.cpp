// make_fuzz_seeds OUTDIR: writes the seed corpus of every fuzz target to
// OUTDIR/<target>/<name>. Every seed is written here, by us: small valid (and
// a few slightly broken) files of each format, so that the fuzzer starts from
// inputs that reach deep into the parsers instead of failing at the header.
//
// PDFs come two ways: hand-written with uncompressed content streams (so
// mutations hit text operators, fonts, boxes and the xref) and written by
// cairo (compressed streams, embedded fonts, outline, metadata). Office
// files come as real zips and as part lists (see targets.h), which the
// harness zips, so mutations reach the XML.
#include <cairo-pdf.h>
#include <cairo.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/seed_docs.h"
#include "fuzz/targets.h"

namespace fs = std::filesystem;
using lore::fuzz::seeds::Parts;

namespace {

fs::path g_out;

void put(const std::string& target, const std::string& name, const std::string& bytes) {
  const fs::path dir = g_out / target;
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

std::string part_list(const Parts& parts) {
  std::string out;
  for (const auto& [name, content] : parts) out += "@@ " + name + "\n" + content + "\n";
  return out;
}

// ------------------------------------------------------------------ PDF ----

// A PDF from object bodies 1..n (object 1 is the catalog), with a correct
// cross-reference table.
std::string pdf_from_objects(const std::vector<std::string>& objects, const std::string& info = "") {
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  std::vector<std::string> all = objects;
  if (!info.empty()) all.push_back(info);
  for (size_t i = 0; i < all.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + all[i] + "\nendobj\n";
  }
  const size_t xref = out.size();
  out += "xref\n0 " + std::to_string(all.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(all.size() + 1) + " /Root 1 0 R" +
         (info.empty() ? "" : " /Info " + std::to_string(all.size()) + " 0 R") + " >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

std::string stream(const std::string& content) {
  return "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream";
}

// Pages 3.. each with its own content stream; fonts are objects 2 (regular)
// and (pages.size() * 2 + 3) (bold) — laid out below.
std::string pdf_with_pages(const std::vector<std::string>& contents, const std::string& page_extra = "",
                           const std::string& catalog_extra = "", const std::string& info = "") {
  // 1 catalog, 2 pages tree, 3 font F1, 4 font F2, then page/content pairs.
  std::vector<std::string> objects(4);
  std::string kids;
  for (size_t i = 0; i < contents.size(); ++i) kids += std::to_string(5 + 2 * i) + " 0 R ";
  objects[0] = "<< /Type /Catalog /Pages 2 0 R " + catalog_extra + " >>";
  objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(contents.size()) + " >>";
  objects[2] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
  objects[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>";
  for (size_t i = 0; i < contents.size(); ++i) {
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] " + page_extra +
                      " /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents " +
                      std::to_string(6 + 2 * i) + " 0 R >>");
    objects.push_back(stream(contents[i]));
  }
  return pdf_from_objects(objects, info);
}

std::string text_op(double x, double y, double size, const std::string& text, bool bold = false) {
  return "BT /" + std::string(bold ? "F2 " : "F1 ") + std::to_string(size) + " Tf " + std::to_string(x) +
         " " + std::to_string(y) + " Td (" + text + ") Tj ET\n";
}

void hand_written_pdfs() {
  // One page: a title, paragraphs, a hyphenated line break, kerned TJ text.
  std::string page =
      text_op(72, 720, 18, "Quarterly Report", true) +
      text_op(72, 690, 10, "Revenue grew in every region during the quarter, driven by strong") +
      text_op(72, 678, 10, "demand for our products and a favourable ex-") +
      text_op(72, 666, 10, "change rate. Costs stayed flat.") +
      "BT /F1 10 Tf 72 640 Td [(K) 30 (erned) -250 (words) ] TJ 0 -12 Td (\\(escaped\\) \\351t\\351) Tj "
      "ET\n" +
      text_op(300, 40, 8, "1");
  put("pdf", "hand-one-page.pdf", pdf_with_pages({page}));

  // Two columns with a running header and footer on two pages, an outline and an Info dictionary.
  std::vector<std::string> pages;
  for (int p = 1; p <= 2; ++p) {
    std::string s = text_op(72, 760, 8, "ACME Corp - Internal") + text_op(300, 30, 8, std::to_string(p));
    s += text_op(72, 720, 14, p == 1 ? "1 Introduction" : "2 Methods", true);
    for (int line = 0; line < 8; ++line) {
      s += text_op(72, 700 - 12 * line, 10, "Left column line " + std::to_string(line) + " of the text.");
      s += text_op(320, 700 - 12 * line, 10, "Right column line " + std::to_string(line) + " continues.");
    }
    s += text_op(72, 560, 9, "Table 1: Results by region");
    pages.push_back(s);
  }
  put("pdf", "hand-two-columns.pdf",
      pdf_with_pages(
          pages, "", "/PageMode /UseOutlines",
          "<< /Title (Two Columns) /Author <FEFF004100640061> /CreationDate (D:20240301120000Z) >>"));

  // A ruled table: lines drawn with re/m/l and cell text inside.
  std::string table = text_op(72, 740, 12, "Table 2: Prices", true) + "0.5 w\n";
  for (int r = 0; r <= 3; ++r)
    table += "72 " + std::to_string(720 - 20 * r) + " m 372 " + std::to_string(720 - 20 * r) + " l S\n";
  for (int c = 0; c <= 3; ++c)
    table += std::to_string(72 + 100 * c) + " 720 m " + std::to_string(72 + 100 * c) + " 660 l S\n";
  const char* cells[3][3] = {{"Item", "Price", "Qty"}, {"Apple", "1.20", "10"}, {"Pear", "0.90", "7"}};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) table += text_op(78 + 100 * c, 706 - 20 * r, 10, cells[r][c]);
  table += "0.9 g 72 600 300 40 re f 0 g\n";
  put("pdf", "hand-ruled-table.pdf", pdf_with_pages({table}));

  // Rotated page with a crop box, and a page without text.
  put("pdf", "hand-rotated.pdf",
      pdf_with_pages({text_op(72, 500, 12, "Landscape page text") + "q 0 1 -1 0 400 100 cm " +
                          text_op(0, 0, 10, "Sideways") + "Q\n",
                      "0 0 1 rg 100 100 200 200 re f\n"},
                     "/Rotate 90 /CropBox [36 36 576 756]"));

  // Broken on purpose: no xref (poppler reconstructs it) and a truncated copy.
  std::string no_xref = pdf_with_pages({text_op(72, 720, 12, "Recovered without xref")});
  put("pdf", "hand-no-xref.pdf", no_xref.substr(0, no_xref.find("xref\n")) + "%%EOF\n");
  put("pdf", "hand-truncated.pdf", no_xref.substr(0, no_xref.size() * 2 / 3));
}

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void cairo_pdf() {
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_bytes, &bytes, 595, 842);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "Cairo Seed");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, "Lore");
  cairo_t* cr = cairo_create(surface);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 16);
  cairo_move_to(cr, 60, 80);
  cairo_show_text(cr, "Abstract");
  cairo_pdf_surface_add_outline(surface, CAIRO_PDF_OUTLINE_ROOT, "Abstract", "page=1",
                                static_cast<cairo_pdf_outline_flags_t>(0));
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 10);
  const char* lines[] = {"We study the effect of fuzzing on parsers.",
                         "Efficient ﬁles ﬂow through the ofﬁce.", "Figure 1: A box.", "References",
                         "[1] A. Author. A paper. 2020."};
  double y = 110;
  for (const char* line : lines) {
    cairo_move_to(cr, 60, y);
    cairo_show_text(cr, line);
    y += 14;
  }
  cairo_rectangle(cr, 60, 200, 120, 80);
  cairo_stroke(cr);
  cairo_show_page(cr);
  cairo_move_to(cr, 60, 80);
  cairo_show_text(cr, "Second page.");
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  put("pdf", "cairo-two-pages.pdf", bytes);
}

// ---------------------------------------------------------------- Office ----

void office() {
  const std::pair<const char*, Parts> packages[] = {
      {"docx", lore::fuzz::seeds::docx_parts()},
      {"xlsx", lore::fuzz::seeds::xlsx_parts()},
      {"pptx", lore::fuzz::seeds::pptx_parts()},
  };
  for (const auto& [target, parts] : packages) {
    const std::string list = part_list(parts);
    put(target, "parts.txt", list);
    put(target, "stored.zip", lore::fuzz::zip_parts(list));
    put(target, "deflated.zip", lore::fuzz::zip_parts(list, true));
    // The main part alone: the parsers must cope with missing relationships.
    put(target, "main-part-only.txt", part_list({parts.front()}));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_fuzz_seeds OUTDIR\n");
    return 2;
  }
  g_out = argv[1];
  for (const auto& [target, files] : lore::fuzz::seeds::text_seeds())
    for (const auto& [name, bytes] : files) put(target, name, bytes);
  hand_written_pdfs();
  cairo_pdf();
  office();
  std::printf("make_fuzz_seeds: wrote seeds to %s\n", argv[1]);
  return 0;
}
