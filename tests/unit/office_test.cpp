// Office Open XML parsers (DOCX, XLSX, PPTX): structure from small packages
// built here with libzip, bad input (not a zip, truncated, missing part, zip
// bomb, encrypted/legacy OLE files), and text recovery on the real documents
// of ../shared/data/docs/docling against docling's reference Markdown.
#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "parse/parser.h"

using namespace lore;
using namespace lore::parse;
namespace fs = std::filesystem;

namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

// A zip archive (deflated entries) holding `parts`, as bytes.
std::string make_zip(const Parts& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* archive = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr) << zip_error_strerror(&error);
  for (const auto& [name, data] : parts) {
    zip_source_t* src = zip_source_buffer(archive, data.data(), data.size(), 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), src, ZIP_FL_OVERWRITE), 0) << name;
  }
  EXPECT_EQ(zip_close(archive), 0);
  std::string bytes;
  EXPECT_EQ(zip_source_open(out), 0);
  zip_source_seek(out, 0, SEEK_END);
  bytes.resize(static_cast<size_t>(zip_source_tell(out)));
  zip_source_seek(out, 0, SEEK_SET);
  EXPECT_EQ(zip_source_read(out, bytes.data(), bytes.size()), static_cast<zip_int64_t>(bytes.size()));
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

Error parse_error(std::string_view name, std::string_view bytes) {
  try {
    parse_bytes(name, bytes);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << name << ": expected an error";
  return Error(ErrorCode::internal, "no error");
}

std::vector<const Block*> blocks_of(const Document& doc, BlockKind kind) {
  std::vector<const Block*> out;
  for (const auto& b : doc.blocks)
    if (b.kind == kind) out.push_back(&b);
  return out;
}

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

std::string all_text(const Document& doc) {
  std::string out;
  for (const auto& b : doc.blocks) out += b.text + "\n";
  return out;
}

// ---------------------------------------------------------------- DOCX ----

const std::string kW =
    R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" )"
    R"(xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" )"
    R"(xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" )"
    R"(xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" )"
    R"(xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" )"
    R"(xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" )"
    R"(xmlns:v="urn:schemas-microsoft-com:vml")";

std::string para(const std::string& text, const std::string& ppr = "") {
  return "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") + "<w:r><w:t xml:space=\"preserve\">" + text +
         "</w:t></w:r></w:p>";
}
std::string styled(const std::string& style, const std::string& text) {
  return para(text, "<w:pStyle w:val=\"" + style + "\"/>");
}
std::string item(int num_id, int level, const std::string& text) {
  return para(text, "<w:numPr><w:ilvl w:val=\"" + std::to_string(level) + "\"/><w:numId w:val=\"" +
                        std::to_string(num_id) + "\"/></w:numPr>");
}
std::string cell(const std::string& text, const std::string& tcpr = "") {
  return "<w:tc>" + (tcpr.empty() ? "" : "<w:tcPr>" + tcpr + "</w:tcPr>") + para(text) + "</w:tc>";
}

const std::string kDocxStyles = "<w:styles " + kW + R"(>
  <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
  <w:style w:type="paragraph" w:styleId="Fancy"><w:name w:val="Fancy Section"/><w:basedOn w:val="Heading2"/></w:style>
  <w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style>
</w:styles>)";

const std::string kDocxNumbering = "<w:numbering " + kW + R"xml(>
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="*"/></w:lvl>
    <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>)xml";

std::string docx_body() {
  const std::string table =
      "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
      "<w:tr>" + cell("Header AB", "<w:gridSpan w:val=\"2\"/>") + cell("Header C") + "</w:tr>"
      "<w:tr>" + cell("Merged down", "<w:vMerge w:val=\"restart\"/>") + cell("b1") + cell("c1") + "</w:tr>"
      "<w:tr>" + cell("", "<w:vMerge/>") + cell("b2") +
      "<w:tc><w:p><w:r><w:t>c2</w:t></w:r></w:p><w:tbl><w:tr>" + cell("inner") + "</w:tr></w:tbl></w:tc>"
      "</w:tr></w:tbl>";
  const std::string picture =
      R"(<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="A duck on a lake"/>)"
      R"(<a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId20"/></pic:blipFill></pic:pic>)"
      R"(</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>)";
  const std::string text_box =
      R"(<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="2" name="Text Box 2"/>)"
      R"(<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>)" +
      para("Boxed text") +
      R"(</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>)"
      R"(<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>)" +
      para("Boxed text") + R"(</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>)";
  const std::string rich =
      R"(<w:p><w:r><w:t xml:space="preserve">Hello </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>world</w:t></w:r></w:hyperlink>)"
      R"(<w:r><w:tab/><w:t>tabbed</w:t><w:br/><w:t>broken</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>)"
      R"(<w:r><w:commentReference w:id="0"/></w:r><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del>)"
      R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>)";
  return "<w:document " + kW + "><w:body>" + styled("Title", "Annual Report") + styled("Heading1", "Introduction") +
         rich + styled("Heading2", "Details") + styled("Fancy", "Custom heading") +
         para("Outlined", "<w:outlineLvl w:val=\"2\"/>") + item(1, 0, "Apple") + item(1, 1, "Green apple") +
         item(1, 0, "Banana") + para("Steps:") + item(2, 0, "First") + item(2, 1, "Sub step") +
         item(2, 0, "Second") + table + picture + styled("Caption", "Figure 1: A duck") + text_box +
         "<w:sectPr/></w:body></w:document>";
}

std::string make_docx(const std::string& body = docx_body()) {
  const std::string rels =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
      R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>)"
      R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>)"
      R"(<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>)"
      R"(<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>)"
      R"(<Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>)"
      R"(<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.com" TargetMode="External"/>)"
      R"(</Relationships>)";
  const std::string package_rels =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>)"
      R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>)"
      R"(</Relationships>)";
  const std::string core =
      R"(<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" )"
      R"(xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">)"
      R"(<dc:title>The Report</dc:title><dc:creator>Ada Lovelace</dc:creator>)"
      R"(<dcterms:created>2024-03-01T10:00:00Z</dcterms:created><dcterms:modified>2024-03-02T11:00:00Z</dcterms:modified>)"
      R"(</cp:coreProperties>)";
  const std::string footnotes = "<w:footnotes " + kW +
                                R"(><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>)"
                                R"(<w:footnote w:id="1">)" +
                                para("A footnote text.") + "</w:footnote></w:footnotes>";
  return make_zip({{"[Content_Types].xml", "<Types/>"},
                   {"_rels/.rels", package_rels},
                   {"docProps/core.xml", core},
                   {"word/document.xml", body},
                   {"word/_rels/document.xml.rels", rels},
                   {"word/styles.xml", kDocxStyles},
                   {"word/numbering.xml", kDocxNumbering},
                   {"word/header1.xml", "<w:hdr " + kW + ">" + para("Company Confidential") + "</w:hdr>"},
                   {"word/header2.xml", "<w:hdr " + kW + ">" + para("Company Confidential") + "</w:hdr>"},
                   {"word/footer1.xml", "<w:ftr " + kW + ">" + para("Page footer") + "</w:ftr>"},
                   {"word/footnotes.xml", footnotes},
                   {"word/comments.xml", "<w:comments " + kW + ">" + para("A reviewer remark") + "</w:comments>"}});
}

TEST(DocxParser, HeadingsTakeLevelsFromStylesUnderTheTitle) {
  const Document doc = parse_bytes("report.docx", make_docx());
  const auto titles = blocks_of(doc, BlockKind::title);
  ASSERT_EQ(titles.size(), 5u);
  EXPECT_EQ(titles[0]->text, "Annual Report");
  EXPECT_EQ(titles[0]->level, 1);
  EXPECT_EQ(titles[1]->text, "Introduction");
  EXPECT_EQ(titles[1]->level, 2);  // heading 1 under a Title
  EXPECT_EQ(titles[2]->level, 3);
  EXPECT_EQ(titles[3]->text, "Custom heading");  // basedOn heading 2
  EXPECT_EQ(titles[3]->level, 3);
  EXPECT_EQ(titles[4]->text, "Outlined");  // direct outline level 2 -> heading 3
  EXPECT_EQ(titles[4]->level, 4);
  EXPECT_EQ(doc.pages.size(), 1u);
  EXPECT_EQ(doc.metadata["title"], "The Report");
  EXPECT_EQ(doc.metadata["author"], "Ada Lovelace");
  EXPECT_EQ(doc.metadata["created"], "2024-03-01T10:00:00Z");
  EXPECT_EQ(doc.metadata["modified"], "2024-03-02T11:00:00Z");
}

TEST(DocxParser, KeepsRunTextHyperlinksTabsAndBreaksButNotDeletionsOrFields) {
  const Document doc = parse_bytes("report.docx", make_docx());
  const auto texts = blocks_of(doc, BlockKind::text);
  ASSERT_FALSE(texts.empty());
  EXPECT_EQ(texts[0]->text, "Hello world tabbed broken");
  const std::string all = all_text(doc);
  EXPECT_EQ(all.find("deleted words"), std::string::npos);
  EXPECT_EQ(all.find("PAGE"), std::string::npos);
  EXPECT_EQ(all.find("reviewer remark"), std::string::npos);  // comments are ignored
}

TEST(DocxParser, GroupsNumberedParagraphsIntoIndentedLists) {
  const Document doc = parse_bytes("report.docx", make_docx());
  const auto lists = blocks_of(doc, BlockKind::list);
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(lists[0]->text, "- Apple\n  - Green apple\n- Banana");
  EXPECT_EQ(lists[1]->text, "1. First\n  a) Sub step\n2. Second");
}

TEST(DocxParser, TablesKeepBothSpansAndFlattenNestedTables) {
  const Document doc = parse_bytes("report.docx", make_docx());
  const auto tables = blocks_of(doc, BlockKind::table);
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = *tables[0]->table;
  EXPECT_TRUE(t.has_header);
  ASSERT_EQ(t.rows.size(), 3u);
  ASSERT_EQ(t.rows[0].size(), 2u);
  EXPECT_EQ(t.rows[0][0].text, "Header AB");
  EXPECT_EQ(t.rows[0][0].col_span, 2);
  ASSERT_EQ(t.rows[1].size(), 3u);
  EXPECT_EQ(t.rows[1][0].text, "Merged down");
  EXPECT_EQ(t.rows[1][0].row_span, 2);
  ASSERT_EQ(t.rows[2].size(), 2u);  // the continuation cell is covered
  EXPECT_EQ(t.rows[2][0].text, "b2");
  EXPECT_EQ(t.rows[2][1].text, "c2 inner");
  EXPECT_NE(tables[0]->text.find("| Merged down | b2 | c2 inner |"), std::string::npos) << tables[0]->text;
}

TEST(DocxParser, FiguresTextBoxesNotesHeadersAndFooters) {
  const Document doc = parse_bytes("report.docx", make_docx());
  const auto figures = blocks_of(doc, BlockKind::figure);
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0]->text, "A duck on a lake");
  const auto captions = blocks_of(doc, BlockKind::caption);
  ASSERT_EQ(captions.size(), 1u);
  EXPECT_EQ(captions[0]->text, "Figure 1: A duck");
  EXPECT_EQ(count(all_text(doc), "Boxed text"), 1u);  // mc:Fallback copy skipped

  const auto headers = blocks_of(doc, BlockKind::header);
  ASSERT_EQ(headers.size(), 1u);  // identical headers appear once
  EXPECT_EQ(headers[0]->text, "Company Confidential");
  EXPECT_EQ(&doc.blocks.front(), headers[0]);
  const auto footers = blocks_of(doc, BlockKind::footer);
  ASSERT_EQ(footers.size(), 1u);
  EXPECT_EQ(footers[0]->text, "Page footer");
  EXPECT_EQ(&doc.blocks.back(), footers[0]);
  const auto refs = blocks_of(doc, BlockKind::reference);
  ASSERT_EQ(refs.size(), 1u);  // the separator pseudo-note is skipped
  EXPECT_EQ(refs[0]->text, "A footnote text.");
}

// ---------------------------------------------------------------- XLSX ----

const std::string kX = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
                       R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";

std::string make_xlsx() {
  const std::string workbook = "<workbook " + kX +
                               R"(><sheets><sheet name="Sales" sheetId="1" r:id="rId1"/>)"
                               R"(<sheet name="Empty" sheetId="2" r:id="rId2"/>)"
                               R"(<sheet name="Notes" sheetId="3" state="hidden" r:id="rId3"/></sheets></workbook>)";
  const std::string rels =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
      R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>)"
      R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet3.xml"/>)"
      R"(<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)"
      R"(<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
      R"(</Relationships>)";
  const std::string shared = "<sst " + kX +
                             R"(><si><t>Product</t></si><si><t>Date</t></si>)"
                             R"(<si><r><rPr><b/></rPr><t>Wid</t></r><r><t>get</t></r></si><si><t>Total</t></si>)"
                             R"(<si><t>Span across</t></si><si><t>tall</t></si>)"
                             R"(<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>)";
  const std::string styles = "<styleSheet " + kX +
                             R"(><numFmts><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/>)"
                             R"(<numFmt numFmtId="165" formatCode="0.00&quot; days&quot;"/></numFmts>)"
                             R"(<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>)"
                             R"(<xf numFmtId="22"/></cellXfs></styleSheet>)";
  const std::string sheet1 = "<worksheet " + kX + R"(><sheetData>
    <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>3</v></c>
      <c r="D1" t="inlineStr"><is><t>Flag</t></is></c></row>
    <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>45292</v></c><c r="C2"><f>SUM(X1:X9)</f><v>12.5</v></c>
      <c r="D2" t="b"><v>1</v></c><c r="F2" t="inlineStr"><is><t></t></is></c></row>
    <row r="3"><c r="A3" t="str"><f>"com"&amp;"puted"</f><v>computed</v></c><c r="B3" s="2"><v>45293.5</v></c>
      <c r="C3" s="3"><v>7</v></c><c r="D3" t="e"><v>#DIV/0!</v></c></row>
    <row r="4"><c r="A4" s="4"/></row>
    <row r="5"><c r="A5" t="s"><v>4</v></c><c r="C5" t="s"><v>5</v></c></row>
    <row r="6"><c r="A6" t="s"><v>6</v></c><c r="B6"><v>0.30000000000000004</v></c></row>
    </sheetData><mergeCells count="2"><mergeCell ref="A5:B5"/><mergeCell ref="C5:C6"/></mergeCells></worksheet>)";
  const std::string sheet2 = "<worksheet " + kX + "><sheetData/></worksheet>";
  const std::string sheet3 = "<worksheet " + kX +
                             R"(><sheetData><row r="2"><c r="C2" t="inlineStr"><is><t>secret</t></is></c></row>)"
                             R"(</sheetData></worksheet>)";
  return make_zip({{"xl/workbook.xml", workbook},
                   {"xl/_rels/workbook.xml.rels", rels},
                   {"xl/sharedStrings.xml", shared},
                   {"xl/styles.xml", styles},
                   {"xl/worksheets/sheet1.xml", sheet1},
                   {"xl/worksheets/sheet2.xml", sheet2},
                   {"xl/worksheets/sheet3.xml", sheet3}});
}

TEST(XlsxParser, OneTitleAndTablePerNonEmptySheetInWorkbookOrder) {
  const Document doc = parse_bytes("book.xlsx", make_xlsx());
  ASSERT_EQ(doc.blocks.size(), 4u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::title);
  EXPECT_EQ(doc.blocks[0].text, "Sales");
  EXPECT_EQ(doc.blocks[0].level, 1);
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::table);
  EXPECT_EQ(doc.blocks[2].text, "Notes");  // hidden sheets are kept ...
  EXPECT_EQ(doc.metadata["hidden_sheets"], nlohmann::json::array({"Notes"}));  // ... and listed
  ASSERT_EQ(doc.blocks[3].table->rows.size(), 1u);
  EXPECT_EQ(doc.blocks[3].table->rows[0][0].text, "secret");
  EXPECT_EQ(doc.pages.size(), 1u);
}

TEST(XlsxParser, CellValuesSharedStringsDatesFormulasAndErrors) {
  const Document doc = parse_bytes("book.xlsx", make_xlsx());
  const Table& t = *doc.blocks[1].table;
  EXPECT_TRUE(t.has_header);
  ASSERT_EQ(t.rows.size(), 5u);  // row 4 has no value and is skipped
  auto texts = [](const std::vector<TableCell>& row) {
    std::vector<std::string> out;
    for (const auto& c : row) out.push_back(c.text);
    return out;
  };
  // Column F holds only an empty string: trailing empty columns are dropped.
  EXPECT_EQ(texts(t.rows[0]), (std::vector<std::string>{"Product", "Date", "Total", "Flag"}));
  EXPECT_EQ(texts(t.rows[1]), (std::vector<std::string>{"Widget", "2024-01-01", "12.5", "TRUE"}));
  EXPECT_EQ(texts(t.rows[2]), (std::vector<std::string>{"computed", "2024-01-02 12:00:00", "7", "#DIV/0!"}));
}

TEST(XlsxParser, MergedRangesBecomeSpans) {
  const Document doc = parse_bytes("book.xlsx", make_xlsx());
  const Table& t = *doc.blocks[1].table;
  ASSERT_EQ(t.rows.size(), 5u);
  ASSERT_EQ(t.rows[3].size(), 3u);  // A5:B5 | C5:C6 | D5
  EXPECT_EQ(t.rows[3][0].text, "Span across");
  EXPECT_EQ(t.rows[3][0].col_span, 2);
  EXPECT_EQ(t.rows[3][1].text, "tall");
  EXPECT_EQ(t.rows[3][1].row_span, 2);
  ASSERT_EQ(t.rows[4].size(), 3u);  // A6 | B6 | (C6 covered) | D6
  EXPECT_EQ(t.rows[4][0].text, "東京");  // phonetic guide skipped
  EXPECT_EQ(t.rows[4][1].text, "0.3");  // binary noise trimmed
  EXPECT_NE(doc.blocks[1].text.find("| Span across | Span across | tall |"), std::string::npos)
      << doc.blocks[1].text;
}

// ---------------------------------------------------------------- PPTX ----

const std::string kP = R"(xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" )"
                       R"(xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" )"
                       R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";

std::string shape(const std::string& ph, const std::string& paragraphs) {
  return "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"s\"/><p:cNvSpPr/><p:nvPr>" + ph +
         "</p:nvPr></p:nvSpPr><p:txBody><a:bodyPr/>" + paragraphs + "</p:txBody></p:sp>";
}
std::string apara(const std::string& text, const std::string& ppr = "") {
  return "<a:p>" + ppr + "<a:r><a:t>" + text + "</a:t></a:r></a:p>";
}
std::string slide(const std::string& shapes) {
  return "<p:sld " + kP + "><p:cSld><p:spTree><p:nvGrpSpPr/><p:grpSpPr/>" + shapes + "</p:spTree></p:cSld></p:sld>";
}
std::string rels(const std::vector<std::pair<std::string, std::string>>& typed_targets) {
  std::string out = R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  int id = 1;
  for (const auto& [type, target] : typed_targets)
    out += "<Relationship Id=\"rId" + std::to_string(id++) +
           "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + type +
           "\" Target=\"" + target + "\"/>";
  return out + "</Relationships>";
}

std::string make_pptx() {
  const std::string presentation = "<p:presentation " + kP +
                                   R"(><p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId1"/>)"
                                   R"(</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/></p:presentation>)";
  const std::string table =
      R"(<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="5" name="Table"/></p:nvGraphicFramePr><a:graphic>)"
      R"(<a:graphicData><a:tbl><a:tblPr firstRow="1"/><a:tblGrid><a:gridCol/><a:gridCol/></a:tblGrid>)"
      R"(<a:tr><a:tc gridSpan="2"><a:txBody>)" + apara("Wide") + R"(</a:txBody></a:tc><a:tc hMerge="1"><a:txBody>)" +
      apara("") + R"(</a:txBody></a:tc></a:tr>)"
      R"(<a:tr><a:tc rowSpan="2"><a:txBody>)" + apara("Tall") + R"(</a:txBody></a:tc><a:tc><a:txBody>)" + apara("x1") +
      R"(</a:txBody></a:tc></a:tr>)"
      R"(<a:tr><a:tc vMerge="1"><a:txBody>)" + apara("") + R"(</a:txBody></a:tc><a:tc><a:txBody>)" + apara("x2") +
      R"(</a:txBody></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>)";
  const std::string picture =
      R"(<p:pic><p:nvPicPr><p:cNvPr id="6" name="Picture" descr="Company logo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr></p:pic>)";
  // The title shape comes after the body in the tree: it is still read first.
  const std::string first = slide(
      shape("<p:ph idx=\"1\"/>", apara("Point one") + apara("Sub point", "<a:pPr lvl=\"1\"/>") + apara("Point two")) +
      shape("", apara("Plain words")) + shape("<p:ph type=\"title\"/>", apara("First Slide")) + table + picture +
      shape("<p:ph type=\"sldNum\"/>", apara("1")));
  const std::string second = slide(
      shape("<p:ph type=\"ctrTitle\"/>", apara("Closing")) +
      shape("", apara("Alpha", "<a:pPr><a:buAutoNum type=\"arabicPeriod\"/></a:pPr>") +
                    apara("Beta", "<a:pPr><a:buAutoNum type=\"arabicPeriod\"/></a:pPr>") +
                    apara("Gamma", "<a:pPr><a:buChar char=\"•\"/></a:pPr>")));
  const std::string notes =
      "<p:notes " + kP + "><p:cSld><p:spTree>" + shape("<p:ph type=\"sldImg\"/>", "") +
      shape("<p:ph type=\"body\" idx=\"1\"/>", apara("Remember to smile.") + apara("And breathe.")) +
      shape("<p:ph type=\"sldNum\"/>", apara("1")) + "</p:spTree></p:cSld></p:notes>";
  return make_zip({{"ppt/presentation.xml", presentation},
                   {"ppt/_rels/presentation.xml.rels", rels({{"slide", "slides/slide1.xml"}, {"slide", "slides/slide2.xml"}})},
                   {"ppt/slides/slide1.xml", second},
                   {"ppt/slides/slide2.xml", first},
                   {"ppt/slides/_rels/slide2.xml.rels", rels({{"notesSlide", "../notesSlides/notesSlide1.xml"}})},
                   {"ppt/notesSlides/notesSlide1.xml", notes}});
}

TEST(PptxParser, SlidesInPresentationOrderWithTitlesFirstAndPages) {
  const Document doc = parse_bytes("deck.pptx", make_pptx());
  ASSERT_EQ(doc.pages.size(), 2u);
  EXPECT_DOUBLE_EQ(doc.pages[0].width, 960.0);
  EXPECT_DOUBLE_EQ(doc.pages[0].height, 540.0);
  const auto titles = blocks_of(doc, BlockKind::title);
  ASSERT_EQ(titles.size(), 2u);
  EXPECT_EQ(titles[0]->text, "First Slide");
  EXPECT_EQ(titles[0]->page, 1);
  EXPECT_EQ(titles[0]->level, 1);
  EXPECT_EQ(&doc.blocks.front(), titles[0]);
  EXPECT_EQ(titles[1]->text, "Closing");
  EXPECT_EQ(titles[1]->page, 2);
  EXPECT_EQ(all_text(doc).find("\n1\n"), std::string::npos);  // slide number placeholder skipped
}

TEST(PptxParser, BulletsBecomeListsAndFreeTextStaysText) {
  const Document doc = parse_bytes("deck.pptx", make_pptx());
  const auto lists = blocks_of(doc, BlockKind::list);
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(lists[0]->text, "- Point one\n  - Sub point\n- Point two");  // bullets inherited by the body placeholder
  EXPECT_EQ(lists[0]->page, 1);
  EXPECT_EQ(lists[1]->text, "1. Alpha\n2. Beta\n- Gamma");
  EXPECT_EQ(lists[1]->page, 2);
  const auto texts = blocks_of(doc, BlockKind::text);
  ASSERT_GE(texts.size(), 1u);
  EXPECT_EQ(texts[0]->text, "Plain words");
}

TEST(PptxParser, TablesFiguresAndSpeakerNotes) {
  const Document doc = parse_bytes("deck.pptx", make_pptx());
  const auto tables = blocks_of(doc, BlockKind::table);
  ASSERT_EQ(tables.size(), 1u);
  const Table& t = *tables[0]->table;
  ASSERT_EQ(t.rows.size(), 3u);
  ASSERT_EQ(t.rows[0].size(), 1u);
  EXPECT_EQ(t.rows[0][0].col_span, 2);
  EXPECT_EQ(t.rows[1][0].text, "Tall");
  EXPECT_EQ(t.rows[1][0].row_span, 2);
  ASSERT_EQ(t.rows[2].size(), 1u);
  EXPECT_EQ(t.rows[2][0].text, "x2");
  const auto figures = blocks_of(doc, BlockKind::figure);
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0]->text, "Company logo");
  const auto texts = blocks_of(doc, BlockKind::text);
  ASSERT_FALSE(texts.empty());
  const Block* notes = nullptr;
  for (const Block* b : texts)
    if (b->text.starts_with("Notes: ")) notes = b;
  ASSERT_NE(notes, nullptr);
  EXPECT_EQ(notes->text, "Notes: Remember to smile. And breathe.");
  EXPECT_EQ(notes->page, 1);
}

// ----------------------------------------------------------- bad input ----

TEST(OfficeBadInput, NotAZipNamesTheFileAndFormat) {
  const Error e = parse_error("memo.docx", "this is plain text, not a zip archive");
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_TRUE(std::string(e.what()).starts_with("memo.docx: not a valid DOCX (zip archive unreadable: ")) << e.what();
}

TEST(OfficeBadInput, TruncatedArchiveIsBadInput) {
  const std::string whole = make_xlsx();
  const Error e = parse_error("book.xlsx", std::string_view(whole).substr(0, whole.size() / 2));
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_TRUE(std::string(e.what()).starts_with("book.xlsx: not a valid XLSX")) << e.what();
}

TEST(OfficeBadInput, MissingMainPartIsBadInput) {
  const std::string zip = make_zip({{"[Content_Types].xml", "<Types/>"}, {"docProps/core.xml", "<x/>"}});
  for (const auto& [name, part] : std::vector<std::pair<std::string, std::string>>{
           {"a.docx", "word/document.xml"}, {"a.xlsx", "xl/workbook.xml"}, {"a.pptx", "ppt/presentation.xml"}}) {
    const Error e = parse_error(name, zip);
    EXPECT_EQ(e.code(), ErrorCode::bad_input) << name;
    EXPECT_NE(std::string(e.what()).find("missing part " + part), std::string::npos) << e.what();
  }
}

TEST(OfficeBadInput, MalformedXmlNamesThePart) {
  const Error e = parse_error("a.docx", make_zip({{"word/document.xml", "<w:document><w:body>"}}));
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_NE(std::string(e.what()).find("word/document.xml"), std::string::npos) << e.what();
}

TEST(OfficeBadInput, HighlyCompressedPartIsRefusedAsZipBomb) {
  const std::string zeros(50u << 20, '\0');  // deflates ~1000:1
  const Error e = parse_error("bomb.docx", make_zip({{"word/document.xml", zeros}}));
  EXPECT_EQ(e.code(), ErrorCode::too_large);
  EXPECT_NE(std::string(e.what()).find("looks like a zip bomb"), std::string::npos) << e.what();
  EXPECT_TRUE(std::string(e.what()).starts_with("bomb.docx: ")) << e.what();
}

TEST(OfficeBadInput, EncryptedOrLegacyOleFileIsExplained) {
  std::string ole = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  ole += std::string(504, '\0');
  for (char c : std::string("EncryptionInfo")) ole += std::string{c, '\0'};
  const Error e = parse_error("secret.xlsx", ole);
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_TRUE(std::string(e.what()).starts_with("secret.xlsx: password-protected Office file; ")) << e.what();
  EXPECT_NE(std::string(e.what()).find("password"), std::string::npos) << e.what();
}

// ------------------------------------------------- real documents (F1) ----

fs::path shared_docs() {
  if (const char* env = std::getenv("LORE_SHARED_DATA"); env && *env) return fs::path(env) / "docs" / "docling";
  return fs::path(LORE_SOURCE_DIR) / ".." / "shared" / "data" / "docs" / "docling";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Lower-case word tokens: runs of ASCII letters/digits or non-ASCII bytes.
// Everything else (Markdown syntax # | - *, punctuation, spaces) separates.
std::map<std::string, int> tokens(const std::string& text) {
  std::map<std::string, int> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) ++out[cur];
    cur.clear();
  };
  for (char ch : text) {
    const auto b = static_cast<unsigned char>(ch);
    if (std::isalnum(b) || b >= 0x80) cur += static_cast<char>(std::tolower(b));
    else flush();
  }
  flush();
  return out;
}

// Order-insensitive token F1 of `ours` against `reference`.
double token_f1(const std::string& ours, const std::string& reference) {
  const auto a = tokens(ours), b = tokens(reference);
  long common = 0, na = 0, nb = 0;
  for (const auto& [t, n] : a) {
    na += n;
    if (auto it = b.find(t); it != b.end()) common += std::min(n, it->second);
  }
  for (const auto& [t, n] : b) nb += n;
  if (na == 0 || nb == 0) return na == nb ? 1.0 : 0.0;
  const double p = static_cast<double>(common) / static_cast<double>(na);
  const double r = static_cast<double>(common) / static_cast<double>(nb);
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

TEST(OfficeRealDocuments, ParseAndRecoverTheReferenceText) {
  const fs::path root = shared_docs();
  if (!fs::exists(root / "docx")) GTEST_SKIP() << "shared documents not found at " << root << " (set LORE_SHARED_DATA)";
  double sum = 0;
  int n = 0;
  for (const char* kind : {"docx", "xlsx", "pptx"}) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(root / kind))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    double kind_sum = 0;
    int kind_n = 0;
    for (const auto& file : files) {
      const std::string name = file.filename().string();
      Document doc;
      try {
        doc = parse_bytes(name, read_file(file));
      } catch (const Error& e) {
        ADD_FAILURE() << name << ": " << e.what();
        continue;
      }
      EXPECT_FALSE(doc.blocks.empty()) << name;
      // What the chunker indexes: everything but page furniture.
      std::string ours;
      for (const auto& b : doc.blocks)
        if (b.kind != BlockKind::header && b.kind != BlockKind::footer) ours += b.text + "\n";
      const fs::path truth = root / kind / "groundtruth" / (name + ".md");
      if (!fs::exists(truth)) continue;
      const double f1 = token_f1(ours, read_file(truth));
      std::printf("  %-40s blocks %4zu  F1 %.3f\n", name.c_str(), doc.blocks.size(), f1);
      kind_sum += f1;
      ++kind_n;
    }
    if (kind_n > 0) std::printf("  %s mean F1 %.3f over %d files\n", kind, kind_sum / kind_n, kind_n);
    sum += kind_sum;
    n += kind_n;
  }
  ASSERT_GT(n, 0);
  std::printf("  office mean F1 %.3f over %d files\n", sum / n, n);
  EXPECT_GE(sum / n, 0.80);
}

}  // namespace
