// PDF parser: real PDFs written with cairo, parsed through parse_bytes(), plus
// the real documents of ../shared/data/docs (text F1 against PDFBox's
// expected text, and throughput against poppler's own text extraction).
#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>

#include <poppler-document.h>
#include <poppler-page.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "parse/parser.h"

using namespace lore;
using namespace lore::parse;
namespace fs = std::filesystem;

namespace {

constexpr double kLetterWidth = 612, kLetterHeight = 792;

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Writes a PDF in memory with cairo's toy text API.
class PdfWriter {
 public:
  explicit PdfWriter(double width = kLetterWidth, double height = kLetterHeight)
      : surface_(cairo_pdf_surface_create_for_stream(append_bytes, &bytes_, width, height)),
        cr_(cairo_create(surface_)) {
    font("DejaVu Sans", 10);
  }
  ~PdfWriter() {
    if (cr_) finish();
  }
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  void font(const char* family, double size, bool bold = false) {
    cairo_select_font_face(cr_, family, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
  }
  // Text with its baseline starting at (x, y), top-left origin.
  void text(double x, double y, const std::string& s) {
    cairo_move_to(cr_, x, y);
    cairo_show_text(cr_, s.c_str());
  }
  // Horizontal advance of `s` in the current font.
  double advance(const std::string& s) {
    cairo_text_extents_t e;
    cairo_text_extents(cr_, s.c_str(), &e);
    return e.x_advance;
  }
  void rectangle(double x, double y, double w, double h) {
    cairo_rectangle(cr_, x, y, w, h);
    cairo_fill(cr_);
  }
  void new_page(double width = kLetterWidth, double height = kLetterHeight) {
    cairo_show_page(cr_);
    cairo_pdf_surface_set_size(surface_, width, height);
  }
  void metadata(cairo_pdf_metadata_t key, const char* value) {
    cairo_pdf_surface_set_metadata(surface_, key, value);
  }
  void outline(const char* title, int page) {
    const std::string link = "page=" + std::to_string(page);
    cairo_pdf_surface_add_outline(surface_, CAIRO_PDF_OUTLINE_ROOT, title, link.c_str(),
                                  static_cast<cairo_pdf_outline_flags_t>(0));
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

Error parse_error(std::string_view name, std::string_view bytes, const ParseOptions& options = {}) {
  try {
    parse_bytes(name, bytes, options);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << name << ": expected an error";
  return Error(ErrorCode::internal, "no error");
}

std::string all_text(const Document& doc) {
  std::string out;
  for (const auto& b : doc.blocks) out += b.text + "\n";
  return out;
}

std::string dump(const Document& doc) {
  std::string out;
  for (const auto& b : doc.blocks)
    out += "[" + std::string(block_kind_name(b.kind)) + " p" + std::to_string(b.page) + " L" +
           std::to_string(b.level) + "] " + b.text + "\n";
  return out;
}

const Block* find_block(const Document& doc, std::string_view needle) {
  for (const auto& b : doc.blocks)
    if (b.text.find(needle) != std::string::npos) return &b;
  return nullptr;
}

// Positions of the needles in the text must increase.
void expect_order(const std::string& text, const std::vector<std::string>& needles) {
  size_t last = 0;
  std::string previous = "(start)";
  for (const auto& n : needles) {
    const size_t at = text.find(n);
    ASSERT_NE(at, std::string::npos) << "missing '" << n << "' in:\n" << text;
    EXPECT_GE(at, last) << "'" << n << "' comes before '" << previous << "' in:\n" << text;
    last = at;
    previous = n;
  }
}

std::string column_line(char column, int line) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%c%02d alpha beta gamma delta", column, line);
  return buf;
}

}  // namespace

TEST(PdfParser, KeepsTwoColumnReadingOrder) {
  PdfWriter pdf;
  pdf.font("DejaVu Sans", 20, true);
  pdf.text(72, 80, "A Study of Two Columns");
  pdf.font("DejaVu Sans", 10);
  // Both columns share baselines, and both have a paragraph gap at the same
  // height: the worst case for a naive top-to-bottom sort or XY-cut.
  for (int i = 0; i < 24; ++i) {
    const double y = 130 + 13 * i + (i >= 12 ? 13 : 0);
    pdf.text(72, y, column_line('L', i));
    pdf.text(330, y, column_line('R', i));
  }
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  const std::string text = all_text(doc);
  expect_order(text, {"A Study of Two Columns", "L00", "L11", "L12", "L23", "R00", "R11", "R12", "R23"});
}

TEST(PdfParser, GridOfBoxesSeparatedByWideGapsIsReadRowByRow) {
  // Stanzas (or cards) in two columns, rows three blank lines apart: each
  // row is a section of its own, read left then right, before the next row.
  // (KeepsTwoColumnReadingOrder covers the one-blank-line gap that must not
  // split columns.)
  PdfWriter pdf;
  pdf.font("DejaVu Sans", 10);
  for (int row = 0; row < 3; ++row)
    for (int i = 0; i < 4; ++i) {
      const double y = 100 + row * (4 * 13 + 40) + 13 * i;
      pdf.text(72, y,
               std::string("Left") + std::to_string(row) + " line " + std::to_string(i) + " of the stanza");
      pdf.text(330, y,
               std::string("Right") + std::to_string(row) + " line " + std::to_string(i) + " of the verse");
    }
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  expect_order(all_text(doc),
               {"Left0 line 0", "Left0 line 3", "Right0 line 0", "Right0 line 3", "Left1 line 0",
                "Left1 line 3", "Right1 line 0", "Right1 line 3", "Left2 line 0", "Right2 line 3"});
}

TEST(PdfParser, ThreeColumns) {
  PdfWriter pdf;
  pdf.font("DejaVu Sans", 18, true);
  pdf.text(50, 70, "Three Column Newsletter");
  pdf.font("DejaVu Sans", 9);
  for (int i = 0; i < 30; ++i) {
    const double y = 120 + 12 * i;
    pdf.text(50, y, std::string("A") + std::to_string(100 + i) + " one two three");
    pdf.text(240, y + 3, std::string("B") + std::to_string(100 + i) + " four five six");
    pdf.text(430, y, std::string("C") + std::to_string(100 + i) + " seven eight");
  }
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  expect_order(all_text(doc), {"Three Column Newsletter", "A100", "A129", "B100", "B129", "C100", "C129"});
}

TEST(PdfParser, TitleDetectedByFontSize) {
  PdfWriter pdf;
  pdf.font("DejaVu Serif", 24);
  pdf.text(72, 90, "Annual Review");
  pdf.font("DejaVu Serif", 16);
  pdf.text(72, 130, "Section One");
  pdf.font("DejaVu Serif", 11);
  for (int i = 0; i < 8; ++i)
    pdf.text(72, 160 + 14 * i, "Body text line number " + std::to_string(i) + " of the review.");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  ASSERT_GE(doc.blocks.size(), 3u) << dump(doc);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::title) << dump(doc);
  EXPECT_EQ(doc.blocks[0].level, 1);
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::title) << dump(doc);
  EXPECT_EQ(doc.blocks[1].level, 2);
  EXPECT_EQ(doc.blocks[2].kind, BlockKind::text) << dump(doc);
  EXPECT_EQ(doc.blocks.size(), 3u) << "body lines form one paragraph:\n" << dump(doc);
}

TEST(PdfParser, RepeatedHeaderAndFooterClassified) {
  PdfWriter pdf;
  for (int page = 1; page <= 3; ++page) {
    if (page > 1) pdf.new_page();
    pdf.font("DejaVu Sans", 8);
    pdf.text(72, 36, "ACME Corp Quarterly Report");
    pdf.text(280, 770, "Page " + std::to_string(page) + " of 3");
    pdf.font("DejaVu Sans", 10);
    for (int i = 0; i < 5; ++i)
      pdf.text(72, 100 + 13 * i, "Body of page " + std::to_string(page) + " line " + std::to_string(i));
  }
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  int headers = 0, footers = 0;
  for (const auto& b : doc.blocks) {
    if (b.text.find("ACME") != std::string::npos) {
      EXPECT_EQ(b.kind, BlockKind::header) << dump(doc);
      ++headers;
    }
    if (b.text.find("Page ") != std::string::npos) {
      EXPECT_EQ(b.kind, BlockKind::footer) << dump(doc);
      ++footers;
    }
    if (b.text.find("Body of page") != std::string::npos) {
      EXPECT_EQ(b.kind, BlockKind::text) << dump(doc);
    }
  }
  EXPECT_EQ(headers, 3);
  EXPECT_EQ(footers, 3);
  // Headers open each page, footers close it.
  EXPECT_EQ(doc.blocks.front().kind, BlockKind::header);
  EXPECT_EQ(doc.blocks.back().kind, BlockKind::footer);
}

TEST(PdfParser, LoneNumberInBottomBandIsFooter) {
  PdfWriter pdf;
  pdf.text(72, 100, "Only one page of text here.");
  pdf.text(300, 770, "7");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  ASSERT_EQ(doc.blocks.size(), 2u) << dump(doc);
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::footer);
}

TEST(PdfParser, HyphenationRepaired) {
  PdfWriter pdf;
  pdf.text(72, 100, "We study the represen-");
  pdf.text(72, 113, "tation of documents in a state-of-the-");
  pdf.text(72, 126, "art system for COVID-");
  pdf.text(72, 139, "19 analysis.");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  ASSERT_EQ(doc.blocks.size(), 1u) << dump(doc);
  EXPECT_EQ(doc.blocks[0].text,
            "We study the representation of documents in a state-of-the-art system for COVID-19 analysis.");
}

TEST(PdfParser, GlyphsPushedSlightlyApartStayOneWord) {
  // "Co" and "ncurring" 0.1 em apart (poppler breaks words at 0.1 em), in a
  // line whose real spaces are ~0.3 em: one word. A real space stays.
  PdfWriter pdf;
  pdf.font("DejaVu Sans", 10);
  double x = 72;
  auto put = [&](const std::string& s, double gap_after) {
    pdf.text(x, 100, s);
    x += pdf.advance(s) + gap_after;
  };
  put("Harbour,", 3);
  put("Co", 1.1);
  put("ncurring", 3);
  put("in", 3);
  put("P", 1.1);
  put("art", 3);
  put("and", 3);
  put("Dissenting", 3);
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  const std::string text = all_text(doc);
  EXPECT_NE(text.find("Harbour, Concurring in Part and Dissenting"), std::string::npos) << text;
}

TEST(PdfParser, LigaturesNormalised) {
  PdfWriter pdf;
  pdf.text(72, 100, "The \uFB01rst \uFB02ow is e\uFB03cient, a\u00A0nbsp.");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  ASSERT_EQ(doc.blocks.size(), 1u) << dump(doc);
  EXPECT_EQ(doc.blocks[0].text, "The first flow is efficient, a nbsp.");
}

TEST(PdfParser, MetadataTitleAuthor) {
  PdfWriter pdf;
  pdf.metadata(CAIRO_PDF_METADATA_TITLE, "Quarterly Numbers");
  pdf.metadata(CAIRO_PDF_METADATA_AUTHOR, "Ada Lovelace");
  pdf.metadata(CAIRO_PDF_METADATA_CREATE_DATE, "2023-04-05T10:20:30Z");
  pdf.text(72, 100, "Some text.");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  EXPECT_EQ(doc.metadata.value("title", ""), "Quarterly Numbers");
  EXPECT_EQ(doc.metadata.value("author", ""), "Ada Lovelace");
  EXPECT_EQ(doc.metadata.value("created", ""), "2023-04-05T10:20:30Z");
  EXPECT_EQ(doc.metadata.value("page_count", 0), 1);
  EXPECT_EQ(doc.mime, "application/pdf");
}

TEST(PdfParser, PageSizeAndBBoxesInPoints) {
  PdfWriter pdf(595, 842);  // A4 portrait
  pdf.font("DejaVu Sans", 12);
  pdf.text(100, 200, "Hello box");
  pdf.new_page(842, 595);  // A4 landscape
  pdf.text(400, 300, "Second page");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  ASSERT_EQ(doc.pages.size(), 2u);
  EXPECT_NEAR(doc.pages[0].width, 595, 0.5);
  EXPECT_NEAR(doc.pages[0].height, 842, 0.5);
  EXPECT_NEAR(doc.pages[1].width, 842, 0.5);
  EXPECT_NEAR(doc.pages[1].height, 595, 0.5);
  const Block* hello = find_block(doc, "Hello box");
  ASSERT_NE(hello, nullptr) << dump(doc);
  EXPECT_EQ(hello->page, 1);
  EXPECT_NEAR(hello->bbox.x0, 100, 2);
  EXPECT_GT(hello->bbox.y0, 200 - 14);  // ascent above the baseline, top-left origin
  EXPECT_LT(hello->bbox.y0, 200 - 7);
  EXPECT_GT(hello->bbox.y1, 200);  // descent below it
  EXPECT_LT(hello->bbox.y1, 200 + 5);
  EXPECT_GT(hello->bbox.x1, 150);
  const Block* second = find_block(doc, "Second page");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->page, 2);
  EXPECT_NEAR(second->bbox.x0, 400, 2);
}

TEST(PdfParser, NotAPdfIsClearError) {
  Error e = parse_error("x.pdf", "hello, I am not a PDF");
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_TRUE(std::string(e.what()).starts_with("x.pdf: not a valid PDF")) << e.what();
  e = parse_error("y.pdf", "%PDF-1.4\n garbage garbage garbage\n");
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_TRUE(std::string(e.what()).starts_with("y.pdf: ")) << e.what();
}

TEST(PdfParser, TruncatedPdfIsClearError) {
  PdfWriter pdf;
  pdf.text(72, 100, "Text that will be cut off.");
  const std::string bytes = pdf.finish();
  for (double share : {0.1, 0.3, 0.5}) {
    const std::string cut = bytes.substr(0, static_cast<size_t>(share * static_cast<double>(bytes.size())));
    const Error e = parse_error("t.pdf", cut);
    EXPECT_EQ(e.code(), ErrorCode::bad_input) << e.what();
    EXPECT_TRUE(std::string(e.what()).starts_with("t.pdf: ")) << e.what();
  }
}

TEST(PdfParser, EncryptedWithoutOrWithWrongPasswordIsClearError) {
  // A minimal PDF whose standard security handler rejects the empty password
  // (the /O and /U entries match no password).
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  auto object = [&](const std::string& body) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  const std::string junk(64, 'A');
  object("<< /Type /Catalog /Pages 2 0 R >>");
  object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>");
  object("<< /Filter /Standard /V 1 /R 2 /O <" + junk + "> /U <" + junk + "> /P -4 >>");
  const size_t xref = pdf.size();
  pdf += "xref\n0 5\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  pdf += "trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<" + std::string(32, '1') + "> <" +
         std::string(32, '1') + ">] >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";

  Error e = parse_error("secret.pdf", pdf);
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_EQ(std::string(e.what()), "secret.pdf: encrypted PDF, no password given (use --pdf-password)");
  ParseOptions options;
  options.pdf_password = "guess";
  e = parse_error("secret.pdf", pdf, options);
  EXPECT_EQ(std::string(e.what()), "secret.pdf: encrypted PDF, wrong password");
}

TEST(PdfParser, CaptionDetected) {
  PdfWriter pdf;
  pdf.text(72, 100, "Some introductory paragraph about results.");
  pdf.text(72, 140, "Figure 3: The pipeline at a glance.");
  pdf.text(72, 180, "Table 1. Results by year.");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  ASSERT_NE(find_block(doc, "Figure 3"), nullptr) << dump(doc);
  EXPECT_EQ(find_block(doc, "Figure 3")->kind, BlockKind::caption) << dump(doc);
  EXPECT_EQ(find_block(doc, "Table 1")->kind, BlockKind::caption) << dump(doc);
  EXPECT_EQ(find_block(doc, "introductory")->kind, BlockKind::text) << dump(doc);
}

TEST(PdfParser, ListItemsDetected) {
  PdfWriter pdf;
  pdf.text(72, 100, "Shopping list for the week:");
  pdf.text(72, 113, "\u2022 Apples from the market");
  pdf.text(72, 126, "\u2022 Bread, two loaves");
  pdf.text(72, 139, "1. Numbered item here");
  pdf.text(72, 152, "(b) Lettered item here");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  int lists = 0;
  for (const auto& b : doc.blocks) lists += b.kind == BlockKind::list;
  EXPECT_EQ(lists, 4) << dump(doc);
  EXPECT_EQ(find_block(doc, "Shopping")->kind, BlockKind::text) << dump(doc);
}

TEST(PdfParser, MonospaceIsCode) {
  PdfWriter pdf;
  pdf.text(72, 80, "The program below prints nothing.");
  pdf.font("DejaVu Sans Mono", 10);
  pdf.text(72, 110, "int main() {");
  pdf.text(72, 122, "  return 0;");
  pdf.text(72, 134, "}");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  const Block* code = find_block(doc, "int main");
  ASSERT_NE(code, nullptr) << dump(doc);
  EXPECT_EQ(code->kind, BlockKind::code) << dump(doc);
  EXPECT_EQ(code->text, "int main() {\n  return 0;\n}");
}

TEST(PdfParser, ReferencesAfterHeading) {
  PdfWriter pdf;
  pdf.text(72, 100, "Body text that cites [1] and [2].");
  pdf.font("DejaVu Sans", 14, true);
  pdf.text(72, 140, "References");
  pdf.font("DejaVu Sans", 10);
  pdf.text(72, 170, "[1] A. Author. A paper title. 2020.");
  pdf.text(72, 200, "[2] B. Author. Another title. 2021.");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  EXPECT_EQ(find_block(doc, "References")->kind, BlockKind::title) << dump(doc);
  EXPECT_EQ(find_block(doc, "[1] A. Author")->kind, BlockKind::reference) << dump(doc);
  EXPECT_EQ(find_block(doc, "[2] B. Author")->kind, BlockKind::reference) << dump(doc);
  EXPECT_EQ(find_block(doc, "Body text")->kind, BlockKind::text) << dump(doc);
}

TEST(PdfParser, OutlineMarksHeadings) {
  PdfWriter pdf;
  pdf.outline("Methods", 1);
  pdf.text(72, 100, "Methods");
  pdf.text(72, 130, "We measured everything twice and wrote it down.");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  const Block* heading = find_block(doc, "Methods");
  ASSERT_NE(heading, nullptr) << dump(doc);
  EXPECT_EQ(heading->kind, BlockKind::title) << dump(doc);
  EXPECT_EQ(heading->level, 1);
}

TEST(PdfParser, EquationDetected) {
  PdfWriter pdf;
  pdf.text(72, 100, "The energy is given by the famous relation below.");
  pdf.text(200, 140, "E = m \u00D7 c\u00B2 + \u2211 \u221A(x) \u2264 \u221E");
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  EXPECT_EQ(find_block(doc, "E = m")->kind, BlockKind::equation) << dump(doc);
}

TEST(PdfParser, PagesWithoutTextRecorded) {
  PdfWriter pdf;
  pdf.text(72, 100, "Page one has words.");
  pdf.new_page();
  pdf.rectangle(100, 100, 200, 200);
  const Document doc = parse_bytes("x.pdf", pdf.finish());
  EXPECT_EQ(doc.metadata["pages_without_text"], nlohmann::json::array({2})) << doc.metadata.dump();
  EXPECT_EQ(doc.pages.size(), 2u);
}

TEST(PdfParser, NoTextLayerIsClearError) {
  PdfWriter pdf;
  pdf.rectangle(100, 100, 200, 200);
  const Error e = parse_error("scan.pdf", pdf.finish());
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_EQ(std::string(e.what()), "scan.pdf: no text found (no text layer, and OCR recognised none)");
}

// ---------------------------------------------------------------------------
// Real documents.

namespace {

fs::path shared_data() {
  if (const char* env = std::getenv("LORE_SHARED_DATA")) return env;
  return fs::path(LORE_SOURCE_DIR) / ".." / "shared" / "data";
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Lower-cased runs of letters and digits; every CJK character is a token.
std::map<std::string, int> tokens(std::string_view s) {
  std::map<std::string, int> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) ++out[cur];
    cur.clear();
  };
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t c = text::next_codepoint(s, i);
    if (c < 0x80) {
      if (std::isalnum(static_cast<int>(c)))
        cur += static_cast<char>(std::tolower(static_cast<int>(c)));
      else
        flush();
    } else if (text::is_cjk(c)) {
      flush();
      ++out[std::string(s.substr(start, i - start))];
    } else if (text::is_space(c) || (c >= 0x2000 && c <= 0x206F) || c == 0xFEFF) {
      flush();  // spaces, dashes, quotes, bullets
    } else {
      cur.append(s.substr(start, i - start));
    }
  }
  flush();
  return out;
}

double token_f1(std::string_view ours, std::string_view truth) {
  const auto a = tokens(ours), b = tokens(truth);
  long common = 0, na = 0, nb = 0;
  for (const auto& [t, n] : a) {
    na += n;
    if (auto it = b.find(t); it != b.end()) common += std::min(n, it->second);
  }
  for (const auto& [t, n] : b) nb += n;
  if (na == 0 || nb == 0) return na == nb ? 1.0 : 0.0;
  const double p = static_cast<double>(common) / na, r = static_cast<double>(common) / nb;
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

// Poppler's own plain-text extraction (what pdftotext does), as the raw baseline.
std::string poppler_text(const std::string& bytes, int* pages) {
  std::unique_ptr<poppler::document> d(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  std::string out;
  *pages = 0;
  if (!d || d->is_locked()) return out;
  *pages = d->pages();
  for (int i = 0; i < d->pages(); ++i) {
    std::unique_ptr<poppler::page> p(d->create_page(i));
    if (!p) continue;
    const auto utf8 = p->text().to_utf8();
    out.append(utf8.data(), utf8.size());
    out += '\n';
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST(PdfParser, RealDocumentsParseAndMatchPdfboxText) {
  const fs::path docs = shared_data() / "docs";
  if (!fs::exists(docs / "pdfbox" / "pdf"))
    GTEST_SKIP() << "shared data not found at " << docs << " (set LORE_SHARED_DATA)";
  std::vector<fs::path> files;
  for (const char* dir : {"pdfbox/pdf", "docling/pdf"})
    for (const auto& e : fs::directory_iterator(docs / dir))
      if (e.path().extension() == ".pdf") files.push_back(e.path());
  std::sort(files.begin(), files.end());

  double ours_s = 0, poppler_s = 0, f1_sum = 0, raw_f1_sum = 0;
  int scored = 0, pages = 0;
  for (const fs::path& file : files) {
    const std::string bytes = read_file(file);
    auto t = std::chrono::steady_clock::now();
    Document doc;
    try {
      doc = parse_bytes(file.filename().string(), bytes);
    } catch (const Error& e) {
      ADD_FAILURE() << file << ": " << e.what();
      continue;
    }
    ours_s += seconds_since(t);
    t = std::chrono::steady_clock::now();
    int file_pages = 0;
    const std::string raw = poppler_text(bytes, &file_pages);
    poppler_s += seconds_since(t);
    pages += file_pages;

    const fs::path gt_dir = file.parent_path() / "groundtruth";
    fs::path gt = gt_dir / (file.filename().string() + ".txt");
    if (!fs::exists(gt)) gt = gt_dir / (file.stem().string() + ".pdf-sorted.txt");
    if (!fs::exists(gt)) {
      std::printf("  %-45s %3zu blocks (no PDFBox text to score against)\n", file.filename().c_str(),
                  doc.blocks.size());
      continue;
    }
    const std::string truth = read_file(gt);
    const double f1 = token_f1(all_text(doc), truth), raw_f1 = token_f1(raw, truth);
    std::printf("  %-45s F1 %.3f (poppler raw text %.3f)\n", file.filename().c_str(), f1, raw_f1);
    f1_sum += f1;
    raw_f1_sum += raw_f1;
    ++scored;
  }
  ASSERT_GT(scored, 0);
  const double mean = f1_sum / scored;
  std::printf("PDFBox text F1: mean %.3f over %d files (poppler raw text: %.3f)\n", mean, scored,
              raw_f1_sum / scored);
  std::printf(
      "Throughput: %d pages in %.3f s (%.1f pages/s); poppler page::text() %.3f s (%.1f pages/s); ratio "
      "%.2fx\n",
      pages, ours_s, pages / ours_s, poppler_s, pages / poppler_s, poppler_s / ours_s);
  if (std::system("command -v pdftotext > /dev/null 2>&1") == 0) {
    auto t = std::chrono::steady_clock::now();
    for (const fs::path& file : files)
      if (std::system(("pdftotext -q '" + file.string() + "' /dev/null").c_str()) != 0)
        std::printf("  pdftotext failed on %s\n", file.c_str());
    const double s = seconds_since(t);
    std::printf("pdftotext: %.3f s (%.1f pages/s); ours / pdftotext pages/s = %.2fx\n", s, pages / s,
                s / ours_s);
  } else {
    std::printf("pdftotext not installed: compared with poppler's in-process page::text() only\n");
  }
  EXPECT_GE(mean, 0.85);
}
