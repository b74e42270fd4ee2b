// OOXML seed packages for the fuzz targets (see seed_docs.h): the same
// small documents the unit tests in tests/unit/office_test.cpp build, as part
// lists. The main part comes first.
#include <string>
#include <vector>

#include "fuzz/seed_docs.h"

namespace lore::fuzz::seeds {

namespace {

const std::string kW = R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
                       R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" )"
                       R"(xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" )"
                       R"(xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" )"
                       R"(xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" )"
                       R"(xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" )"
                       R"(xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" )"
                       R"(xmlns:v="urn:schemas-microsoft-com:vml")";

std::string para(const std::string& text, const std::string& ppr = "") {
  return "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") + "<w:r><w:t xml:space=\"preserve\">" +
         text + "</w:t></w:r></w:p>";
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
      "<w:tr>" +
      cell("Header AB", "<w:gridSpan w:val=\"2\"/>") + cell("Header C") +
      "</w:tr>"
      "<w:tr>" +
      cell("Merged down", "<w:vMerge w:val=\"restart\"/>") + cell("b1") + cell("c1") +
      "</w:tr>"
      "<w:tr>" +
      cell("", "<w:vMerge/>") + cell("b2") + "<w:tc><w:p><w:r><w:t>c2</w:t></w:r></w:p><w:tbl><w:tr>" +
      cell("inner") +
      "</w:tr></w:tbl></w:tc>"
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
      para("Boxed text") +
      R"(</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>)";
  const std::string rich =
      R"(<w:p><w:r><w:t xml:space="preserve">Hello </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>world</w:t></w:r></w:hyperlink>)"
      R"(<w:r><w:tab/><w:t>tabbed</w:t><w:br/><w:t>broken</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>)"
      R"(<w:r><w:commentReference w:id="0"/></w:r><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del>)"
      R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>)";
  return "<w:document " + kW + "><w:body>" + styled("Title", "Annual Report") +
         styled("Heading1", "Introduction") + rich + styled("Heading2", "Details") +
         styled("Fancy", "Custom heading") + para("Outlined", "<w:outlineLvl w:val=\"2\"/>") +
         item(1, 0, "Apple") + item(1, 1, "Green apple") + item(1, 0, "Banana") + para("Steps:") +
         item(2, 0, "First") + item(2, 1, "Sub step") + item(2, 0, "Second") + table + picture +
         styled("Caption", "Figure 1: A duck") + text_box + "<w:sectPr/></w:body></w:document>";
}

Parts make_docx(const std::string& body = docx_body()) {
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
  const std::string footnotes =
      "<w:footnotes " + kW +
      R"(><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>)"
      R"(<w:footnote w:id="1">)" +
      para("A footnote text.") + "</w:footnote></w:footnotes>";
  return Parts{
      {"[Content_Types].xml", "<Types/>"},
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
      {"word/comments.xml", "<w:comments " + kW + ">" + para("A reviewer remark") + "</w:comments>"}};
}

const std::string kX = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
                       R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";

Parts make_xlsx() {
  const std::string workbook =
      "<workbook " + kX +
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
  const std::string shared =
      "<sst " + kX +
      R"(><si><t>Product</t></si><si><t>Date</t></si>)"
      R"(<si><r><rPr><b/></rPr><t>Wid</t></r><r><t>get</t></r></si><si><t>Total</t></si>)"
      R"(<si><t>Span across</t></si><si><t>tall</t></si>)"
      R"(<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>)";
  const std::string styles =
      "<styleSheet " + kX +
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
  const std::string sheet3 =
      "<worksheet " + kX +
      R"(><sheetData><row r="2"><c r="C2" t="inlineStr"><is><t>secret</t></is></c></row>)"
      R"(</sheetData></worksheet>)";
  return Parts{{"xl/workbook.xml", workbook},        {"xl/_rels/workbook.xml.rels", rels},
               {"xl/sharedStrings.xml", shared},     {"xl/styles.xml", styles},
               {"xl/worksheets/sheet1.xml", sheet1}, {"xl/worksheets/sheet2.xml", sheet2},
               {"xl/worksheets/sheet3.xml", sheet3}};
}

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
  return "<p:sld " + kP + "><p:cSld><p:spTree><p:nvGrpSpPr/><p:grpSpPr/>" + shapes +
         "</p:spTree></p:cSld></p:sld>";
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

Parts make_pptx() {
  const std::string presentation =
      "<p:presentation " + kP +
      R"(><p:sldIdLst><p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId1"/>)"
      R"(</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/></p:presentation>)";
  const std::string table =
      R"(<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="5" name="Table"/></p:nvGraphicFramePr><a:graphic>)"
      R"(<a:graphicData><a:tbl><a:tblPr firstRow="1"/><a:tblGrid><a:gridCol/><a:gridCol/></a:tblGrid>)"
      R"(<a:tr><a:tc gridSpan="2"><a:txBody>)" +
      apara("Wide") + R"(</a:txBody></a:tc><a:tc hMerge="1"><a:txBody>)" + apara("") +
      R"(</a:txBody></a:tc></a:tr>)"
      R"(<a:tr><a:tc rowSpan="2"><a:txBody>)" +
      apara("Tall") + R"(</a:txBody></a:tc><a:tc><a:txBody>)" + apara("x1") +
      R"(</a:txBody></a:tc></a:tr>)"
      R"(<a:tr><a:tc vMerge="1"><a:txBody>)" +
      apara("") + R"(</a:txBody></a:tc><a:tc><a:txBody>)" + apara("x2") +
      R"(</a:txBody></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>)";
  const std::string picture =
      R"(<p:pic><p:nvPicPr><p:cNvPr id="6" name="Picture" descr="Company logo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr></p:pic>)";
  // The title shape comes after the body in the tree: it is still read first.
  const std::string first =
      slide(shape("<p:ph idx=\"1\"/>",
                  apara("Point one") + apara("Sub point", "<a:pPr lvl=\"1\"/>") + apara("Point two")) +
            shape("", apara("Plain words")) + shape("<p:ph type=\"title\"/>", apara("First Slide")) + table +
            picture + shape("<p:ph type=\"sldNum\"/>", apara("1")));
  const std::string second =
      slide(shape("<p:ph type=\"ctrTitle\"/>", apara("Closing")) +
            shape("", apara("Alpha", "<a:pPr><a:buAutoNum type=\"arabicPeriod\"/></a:pPr>") +
                          apara("Beta", "<a:pPr><a:buAutoNum type=\"arabicPeriod\"/></a:pPr>") +
                          apara("Gamma", "<a:pPr><a:buChar char=\"•\"/></a:pPr>")));
  const std::string notes =
      "<p:notes " + kP + "><p:cSld><p:spTree>" + shape("<p:ph type=\"sldImg\"/>", "") +
      shape("<p:ph type=\"body\" idx=\"1\"/>", apara("Remember to smile.") + apara("And breathe.")) +
      shape("<p:ph type=\"sldNum\"/>", apara("1")) + "</p:spTree></p:cSld></p:notes>";
  return Parts{{"ppt/presentation.xml", presentation},
               {"ppt/_rels/presentation.xml.rels",
                rels({{"slide", "slides/slide1.xml"}, {"slide", "slides/slide2.xml"}})},
               {"ppt/slides/slide1.xml", second},
               {"ppt/slides/slide2.xml", first},
               {"ppt/slides/_rels/slide2.xml.rels", rels({{"notesSlide", "../notesSlides/notesSlide1.xml"}})},
               {"ppt/notesSlides/notesSlide1.xml", notes}};
}

}  // namespace

Parts docx_parts() {
  Parts parts = make_docx();
  // The main part first, so that "main part only" seeds are meaningful.
  for (size_t i = 0; i < parts.size(); ++i)
    if (parts[i].first == "word/document.xml") std::swap(parts[0], parts[i]);
  return parts;
}
Parts xlsx_parts() { return make_xlsx(); }
Parts pptx_parts() { return make_pptx(); }

}  // namespace lore::fuzz::seeds
