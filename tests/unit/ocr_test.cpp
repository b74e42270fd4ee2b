// OCR: images rendered here with cairo (English, Chinese, rotated, a scanned
// PDF, a multi-page TIFF) are read back through parse_bytes().
#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/error.h"
#include "core/fs.h"
#include "parse/ocr/ocr.h"
#include "parse/parser.h"

namespace {

using lore::parse::Document;
using lore::parse::parse_bytes;
using lore::parse::ParseOptions;

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// White image with black text lines, optionally turned a quarter turn
// clockwise (as a page scanned sideways).
cairo_surface_t* text_image(const std::vector<std::string>& lines, const char* font, double size,
                            bool rotate = false) {
  const int w = 1100, h = 120 + static_cast<int>(lines.size() * size * 1.6);
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, rotate ? h : w, rotate ? w : h);
  cairo_t* cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  if (rotate) {
    cairo_translate(cr, h, 0);
    cairo_rotate(cr, M_PI / 2);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_select_font_face(cr, font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  double y = 60 + size;
  for (const auto& line : lines) {
    cairo_move_to(cr, 60, y);
    cairo_show_text(cr, line.c_str());
    y += size * 1.6;
  }
  cairo_destroy(cr);
  return s;
}

std::string to_png(cairo_surface_t* s) {
  std::string out;
  cairo_surface_write_to_png_stream(s, append_bytes, &out);
  cairo_surface_destroy(s);
  return out;
}

std::string all_text(const Document& doc) {
  std::string out;
  for (const auto& b : doc.blocks) out += b.text + "\n";
  return out;
}

const std::vector<std::string> kEnglish = {"The quick brown fox jumps over",
                                           "the lazy dog near the river bank."};

void expect_sane_boxes(const Document& doc) {
  for (const auto& b : doc.blocks) {
    ASSERT_GE(b.page, 1);
    ASSERT_LE(b.page, static_cast<int>(doc.pages.size()));
    const auto& page = doc.pages[static_cast<size_t>(b.page - 1)];
    EXPECT_FALSE(b.bbox.empty()) << b.text;
    EXPECT_GE(b.bbox.x0, 0);
    EXPECT_GE(b.bbox.y0, 0);
    EXPECT_LE(b.bbox.x1, page.width + 0.01);
    EXPECT_LE(b.bbox.y1, page.height + 0.01);
    EXPECT_GT(b.confidence, 50) << b.text;
  }
}

TEST(Ocr, ReadsEnglishPngWithPageGeometryAndBoxes) {
  const Document doc = parse_bytes("note.png", to_png(text_image(kEnglish, "DejaVu Sans", 40)));
  EXPECT_EQ(doc.mime, "image/png");
  ASSERT_EQ(doc.pages.size(), 1u);
  // No resolution in the PNG: 300 dpi assumed, so 1100 px = 264 pt.
  EXPECT_NEAR(doc.pages[0].width, 1100 * 72.0 / 300, 0.01);
  const std::string text = all_text(doc);
  EXPECT_NE(text.find("quick brown fox"), std::string::npos) << text;
  EXPECT_NE(text.find("lazy dog"), std::string::npos) << text;
  expect_sane_boxes(doc);
  // The text starts 60 px (14.4 pt) from the left edge.
  ASSERT_FALSE(doc.blocks.empty());
  EXPECT_NEAR(doc.blocks[0].bbox.x0, 14.4, 4);
}

TEST(Ocr, ReadsChineseWithoutSpacesBetweenCharacters) {
  const char* font_file = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
  if (!std::filesystem::exists(font_file))
    GTEST_SKIP() << "no CJK font (" << font_file << "); run scripts/install-deps.sh";
  const Document doc = parse_bytes(
      "cn.png", to_png(text_image({"知识库问答系统支持中文", "文档解析和检索"}, "WenQuanYi Micro Hei", 44)));
  const std::string text = all_text(doc);
  EXPECT_NE(text.find("知识库问答系统"), std::string::npos) << text;
  EXPECT_NE(text.find("文档解析"), std::string::npos) << text;
  expect_sane_boxes(doc);
}

TEST(Ocr, TurnsPagesScannedSideways) {
  const std::vector<std::string> lines = {
      "Orientation detection turns this page", "upright before it is read by the",
      "recognizer, so sideways scans work too.", "It needs a few lines of text."};
  const Document doc =
      parse_bytes("sideways.png", to_png(text_image(lines, "DejaVu Sans", 36, /*rotate=*/true)));
  const std::string text = all_text(doc);
  EXPECT_NE(text.find("Orientation detection"), std::string::npos) << text;
  EXPECT_NE(text.find("sideways scans"), std::string::npos) << text;
  // Boxes are in the frame of the image as given: text runs down a tall, narrow strip.
  ASSERT_FALSE(doc.blocks.empty());
  const auto& b = doc.blocks[0].bbox;
  EXPECT_GT(b.y1 - b.y0, b.x1 - b.x0) << "box should be taller than wide in the sideways frame";
  expect_sane_boxes(doc);
}

TEST(Ocr, ReadsScannedPdfPagesInPoints) {
  // An image-only PDF: the PNG painted on an A4 page, no text layer.
  cairo_surface_t* image = text_image(kEnglish, "DejaVu Serif", 40);
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_bytes, &pdf, 595, 842);
  cairo_t* cr = cairo_create(surface);
  cairo_translate(cr, 50, 100);
  cairo_scale(cr, 72.0 / 150, 72.0 / 150);  // the image at 150 dpi
  cairo_set_source_surface(cr, image, 0, 0);
  cairo_paint(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  cairo_surface_destroy(image);

  const Document doc = parse_bytes("scan.pdf", pdf);
  ASSERT_EQ(doc.pages.size(), 1u);
  EXPECT_NEAR(doc.pages[0].width, 595, 1);
  const std::string text = all_text(doc);
  EXPECT_NE(text.find("quick brown fox"), std::string::npos) << text;
  ASSERT_TRUE(doc.metadata.contains("ocr_pages"));
  expect_sane_boxes(doc);
  // The first line sits 50 + 60 * 72/150 = 78.8 pt from the left, about 100 + 60 * 72/150 pt from the top.
  EXPECT_NEAR(doc.blocks[0].bbox.x0, 78.8, 5);
  EXPECT_NEAR(doc.blocks[0].bbox.y0, 128.8, 12);

  // ocr.pdf_pages = false: the page is not OCRed, and a PDF with no text at
  // all is then an error that says why.
  ParseOptions no_ocr;
  no_ocr.ocr.pdf_pages = false;
  try {
    parse_bytes("scan.pdf", pdf, no_ocr);
    ADD_FAILURE() << "an image-only PDF parsed without OCR";
  } catch (const lore::Error& e) {
    EXPECT_NE(std::string(e.what()).find("ocr.pdf_pages = false"), std::string::npos) << e.what();
  }
}

TEST(Ocr, ReadsEveryPageOfAMultiPageTiff) {
  PIXA* pixa = pixaCreate(2);
  for (const auto& lines :
       {std::vector<std::string>{"First page of the fax"}, {"Second page follows here"}}) {
    const std::string png = to_png(text_image(lines, "DejaVu Sans", 40));
    Pix* pix = pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size());
    ASSERT_NE(pix, nullptr);
    pixaAddPix(pixa, pix, L_INSERT);
  }
  const auto path =
      std::filesystem::temp_directory_path() / ("lore-ocr-test-" + std::to_string(::getpid()) + ".tif");
  ASSERT_EQ(pixaWriteMultipageTiff(path.c_str(), pixa), 0);
  pixaDestroy(&pixa);
  const std::string bytes = lore::fs::read_file(path);
  std::filesystem::remove(path);

  const Document doc = parse_bytes("fax.tiff", bytes);
  ASSERT_EQ(doc.pages.size(), 2u);
  std::string page1, page2;
  for (const auto& b : doc.blocks) (b.page == 1 ? page1 : page2) += b.text;
  EXPECT_NE(page1.find("First page"), std::string::npos) << page1;
  EXPECT_NE(page2.find("Second page"), std::string::npos) << page2;
}

TEST(Ocr, DamagedImageIsAClearError) {
  try {
    parse_bytes("photo.jpg", std::string("\xFF\xD8\xFF\xE0 not really a jpeg", 22));
    FAIL() << "expected an error";
  } catch (const lore::Error& e) {
    EXPECT_EQ(e.code(), lore::ErrorCode::bad_input);
    EXPECT_EQ(std::string(e.what()).rfind("photo.jpg: ", 0), 0u) << e.what();
  }
}

TEST(Ocr, UnknownLanguageIsAClearError) {
  lore::parse::ParseOptions options;
  options.ocr.languages = "eng+klingon";
  try {
    parse_bytes("note.png", to_png(text_image(kEnglish, "DejaVu Sans", 40)), options);
    FAIL() << "expected an error";
  } catch (const lore::Error& e) {
    EXPECT_EQ(e.code(), lore::ErrorCode::invalid_argument);
    EXPECT_NE(std::string(e.what()).find("klingon"), std::string::npos) << e.what();
  }
}

TEST(Ocr, RemovesSpacesBetweenCjkCharactersOnly) {
  using lore::parse::ocr::remove_cjk_spaces;
  EXPECT_EQ(remove_cjk_spaces("新 鲜 甘 草 ， 是 “ 清 道夫 ”"), "新鲜甘草，是“清道夫”");
  EXPECT_EQ(remove_cjk_spaces("使用 Python 编程"), "使用 Python 编程");
  EXPECT_EQ(remove_cjk_spaces("plain English text"), "plain English text");
}

TEST(Ocr, ReadsRealWebpWhenCorpusPresent) {
  std::filesystem::path data = std::filesystem::path(LORE_SOURCE_DIR) / ".." / "shared" / "data";
  if (const char* env = std::getenv("LORE_SHARED_DATA")) data = env;
  const auto file = data / "docs" / "docling" / "ocr" / "webp-test.webp";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "docs corpus not found at " << file;
  const Document doc = parse_bytes("webp-test.webp", lore::fs::read_file(file));
  EXPECT_NE(all_text(doc).find("Docling bundles PDF document conversion"), std::string::npos)
      << all_text(doc);
  expect_sane_boxes(doc);
}

}  // namespace
