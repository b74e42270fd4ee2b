// Text-family parsers: dispatch, decoding, and the structure each format yields.
#include <gtest/gtest.h>
#include <iconv.h>

#include <string>

#include "core/error.h"
#include "parse/parser.h"

using namespace lore;
using namespace lore::parse;
using namespace std::string_literals;  // "..."s keeps embedded NULs

namespace {

// Encodes UTF-8 text in `charset` with iconv, so fixtures are real legacy files.
std::string encode(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1)) << charset;
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  const size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
  EXPECT_NE(rc, static_cast<size_t>(-1)) << "cannot encode fixture as " << charset;
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

// Runs parse_bytes expecting a lore::Error; returns it.
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

const std::string kChinese =
    "知识库问答系统把文档切分成段落，然后建立全文索引和向量索引。用户提出问题时，系统先检索相关段落，"
    "再根据这些段落生成答案，并给出引用来源。这样回答既有依据，也便于核对。我们测试中文编码的识别是否准确，"
    "包括简体中文和繁体中文两种常见的编码方式。";
const std::string kTraditional =
    "知識庫問答系統把文件切分成段落，然後建立全文索引和向量索引。使用者提出問題時，系統先檢索相關段落，"
    "再根據這些段落產生答案，並給出引用來源。這樣回答既有依據，也便於核對。我們測試繁體中文編碼的識別是否準確"
    "。";
const std::string kJapanese =
    "文書質問応答システムは、文書を段落に分割し、全文索引とベクトル索引を作成します。利用者が質問すると、"
    "システムは関連する段落を検索し、それらの段落に基づいて回答を生成し、引用元を示します。"
    "このように回答には根拠があり、確認もしやすくなります。日本語の文字コードの判定が正しいかを試験します。";
const std::string kFrench =
    "Le système de questions-réponses découpe les documents en paragraphes. Ensuite, il crée un index "
    "plein texte et un index vectoriel. Quand l’utilisateur pose une question, le système cherche les "
    "passages pertinents, puis génère une réponse en citant ses sources. C’est très pratique : on peut "
    "vérifier chaque réponse à la source, déjà écrite en français élégant.";

}  // namespace

// ---- dispatch and size checks ----

TEST(ParseDispatch, KnowsSupportedExtensionsCaseInsensitively) {
  EXPECT_TRUE(is_supported("notes.TXT"));
  EXPECT_TRUE(is_supported("dir.v2/readme.md"));
  EXPECT_TRUE(is_supported("page.xhtml"));
  EXPECT_TRUE(is_supported("events.ndjson"));
  EXPECT_FALSE(is_supported("archive.zip"));
  EXPECT_FALSE(is_supported("Makefile"));
  const auto& exts = supported_extensions();
  EXPECT_NE(std::find(exts.begin(), exts.end(), ".csv"), exts.end());
  EXPECT_NE(std::find(exts.begin(), exts.end(), ".jsonl"), exts.end());
}

TEST(ParseDispatch, SetsMimePagesAndEncoding) {
  const Document doc = parse_bytes("a.tsv", "x\ty\n1\t2\n");
  EXPECT_EQ(doc.source_name, "a.tsv");
  EXPECT_EQ(doc.mime, "text/tab-separated-values");
  ASSERT_EQ(doc.pages.size(), 1u);
  EXPECT_EQ(doc.pages[0].number, 1);
  EXPECT_EQ(doc.metadata["encoding"], "UTF-8");
  for (const auto& b : doc.blocks) {
    EXPECT_EQ(b.page, 1);
    EXPECT_TRUE(b.bbox.empty());
  }
  EXPECT_EQ(parse_bytes("a.md", "# x").mime, "text/markdown");
  EXPECT_EQ(parse_bytes("a.htm", "<p>x</p>").mime, "text/html");
  EXPECT_EQ(parse_bytes("a.json", "{\"a\":1}").mime, "application/json");
  EXPECT_EQ(parse_bytes("a.jsonl", "{\"a\":1}").mime, "application/x-ndjson");
  EXPECT_EQ(parse_bytes("a.log", "x").mime, "text/plain");
}

TEST(ParseDispatch, RejectsEmptyFile) {
  const Error e = parse_error("notes.txt", "");
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_STREQ(e.what(), "notes.txt: empty file (0 bytes)");
}

TEST(ParseDispatch, RejectsFileOverTheSizeLimit) {
  ParseOptions options;
  options.max_bytes = 10;
  const Error e = parse_error("big.txt", "01234567890", options);
  EXPECT_EQ(e.code(), ErrorCode::too_large);
  EXPECT_NE(std::string(e.what()).find("big.txt"), std::string::npos);
  EXPECT_NE(std::string(e.what()).find("11 bytes"), std::string::npos);
  EXPECT_NE(std::string(e.what()).find("limit 10 bytes"), std::string::npos);
  EXPECT_NO_THROW(parse_bytes("ok.txt", "0123456789", options));
}

TEST(ParseDispatch, SniffsUnknownExtensionAsTextOrHtml) {
  const Document text = parse_bytes("README", "Just some notes.\n\nSecond paragraph.");
  EXPECT_EQ(text.mime, "text/plain");
  EXPECT_EQ(text.blocks.size(), 2u);
  const Document html = parse_bytes("page.asp", "<!DOCTYPE html><html><body><h1>Hi</h1></body></html>");
  EXPECT_EQ(html.mime, "text/html");
  ASSERT_FALSE(html.blocks.empty());
  EXPECT_EQ(html.blocks[0].kind, BlockKind::title);
}

TEST(ParseDispatch, RejectsUnknownBinaryAsUnsupported) {
  const std::string png = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10"s;
  const Error e = parse_error("image.xyz", png);
  EXPECT_EQ(e.code(), ErrorCode::unsupported);
  EXPECT_STREQ(e.what(), "image.xyz: unsupported file type (.xyz)");
}

// ---- encodings ----

TEST(ParseEncoding, DecodesGbkChinese) {
  const Document doc = parse_bytes("zh.txt", encode(kChinese, "GBK"));
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].text, kChinese);
  EXPECT_EQ(doc.metadata["encoding"], "GB18030");
}

TEST(ParseEncoding, DecodesGb18030Chinese) {
  const Document doc = parse_bytes("zh.txt", encode(kChinese, "GB18030"));
  EXPECT_EQ(doc.blocks.at(0).text, kChinese);
}

TEST(ParseEncoding, DecodesBig5TraditionalChinese) {
  const Document doc = parse_bytes("tw.txt", encode(kTraditional, "BIG5"));
  EXPECT_EQ(doc.blocks.at(0).text, kTraditional);
  EXPECT_NE(doc.metadata["encoding"].get<std::string>().find("BIG5"), std::string::npos);
}

TEST(ParseEncoding, DecodesShiftJisJapanese) {
  const Document doc = parse_bytes("ja.txt", encode(kJapanese, "SHIFT_JIS"));
  EXPECT_EQ(doc.blocks.at(0).text, kJapanese);
  EXPECT_EQ(doc.metadata["encoding"], "SHIFT_JIS");
}

TEST(ParseEncoding, DecodesUtf16WithBom) {
  const std::string le = "\xFF\xFE" + encode(kFrench, "UTF-16LE");
  const Document doc = parse_bytes("fr.txt", le);
  EXPECT_EQ(doc.blocks.at(0).text, kFrench);
  EXPECT_EQ(doc.metadata["encoding"], "UTF-16LE");
  const std::string be = "\xFE\xFF" + encode(kChinese, "UTF-16BE");
  EXPECT_EQ(parse_bytes("zh.txt", be).blocks.at(0).text, kChinese);
}

TEST(ParseEncoding, DecodesUtf16WithoutBomFromNulPattern) {
  const Document le = parse_bytes("fr.txt", encode(kFrench, "UTF-16LE"));
  EXPECT_EQ(le.blocks.at(0).text, kFrench);
  EXPECT_EQ(le.metadata["encoding"], "UTF-16LE");
  const Document be = parse_bytes("fr.txt", encode(kFrench, "UTF-16BE"));
  EXPECT_EQ(be.blocks.at(0).text, kFrench);
  EXPECT_EQ(be.metadata["encoding"], "UTF-16BE");
}

TEST(ParseEncoding, DecodesUtf32WithBom) {
  const std::string bytes = std::string("\xFF\xFE\0\0", 4) + encode(kChinese, "UTF-32LE");
  EXPECT_EQ(parse_bytes("zh.txt", bytes).blocks.at(0).text, kChinese);
}

TEST(ParseEncoding, DecodesWindows1252) {
  const Document doc = parse_bytes("fr.txt", encode(kFrench, "WINDOWS-1252"));
  EXPECT_EQ(doc.blocks.at(0).text, kFrench);
}

TEST(ParseEncoding, StripsUtf8BomAndNormalisesLineEndings) {
  const Document doc = parse_bytes("a.txt", "\xEF\xBB\xBFline one\r\nline two\r\n\r\nnext\rpara");
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].text, "line one line two");
  EXPECT_EQ(doc.blocks[1].text, "next para");
}

TEST(ParseEncoding, RejectsBinaryContent) {
  const std::string bytes = "ELF\0\0\0\x01\x02 some text after the header"s;
  const Error e = parse_error("data.txt", bytes);
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_STREQ(e.what(), "data.txt: binary content (NUL bytes), not a text file");
}

TEST(ParseEncoding, RejectsCorruptedUtf8NamingTheByte) {
  // Valid multi-byte UTF-8 on both sides of one stray byte: damage, not a legacy encoding.
  const std::string prefix = "Zürich und Köln sind Städte. " + kChinese.substr(0, 30);
  const std::string bytes = prefix + "\xFF" + kChinese.substr(30);
  const Error e = parse_error("x.md", bytes);
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_EQ(e.what(), "x.md: invalid UTF-8 at byte " + std::to_string(prefix.size()));
}

TEST(ParseEncoding, HonoursHtmlMetaCharset) {
  const std::string html = "<html><head><meta charset=\"gbk\"><title>测试</title></head><body><p>" +
                           kChinese + "</p></body></html>";
  const Document doc = parse_bytes("zh.html", encode(html, "GBK"));
  EXPECT_EQ(doc.metadata["title"], "测试");
  EXPECT_EQ(doc.metadata["encoding"], "GB18030");
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].text, kChinese);
}

// ---- plain text ----

TEST(ParsePlainText, SplitsParagraphsOnBlankLinesAndCollapsesWhitespace) {
  const Document doc =
      parse_bytes("a.txt", "First   paragraph\nwraps here.\n\n  \t\nSecond one.\n\n\n\nThird.\n");
  ASSERT_EQ(doc.blocks.size(), 3u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::text);
  EXPECT_EQ(doc.blocks[0].text, "First paragraph wraps here.");
  EXPECT_EQ(doc.blocks[2].text, "Third.");
}

TEST(ParsePlainText, JoinsHardWrappedChineseWithoutSpaces) {
  const Document doc = parse_bytes("a.txt", "知识库问答\n系统很好。\nEnglish\nwords");
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].text, "知识库问答系统很好。 English words");
}

TEST(ParsePlainText, WhitespaceOnlyFileYieldsNoBlocks) {
  EXPECT_TRUE(parse_bytes("a.txt", " \n\n\t\n").blocks.empty());
}

// ---- Markdown ----

TEST(ParseMarkdown, MapsHeadingsParagraphsAndTitle) {
  const Document doc = parse_bytes("guide.md",
                                   "# User Guide\n\nIntro *text* with a [link](http://x).\nSoft wrapped.\n\n"
                                   "## Install\n\nRun it.\n");
  ASSERT_EQ(doc.blocks.size(), 4u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::title);
  EXPECT_EQ(doc.blocks[0].level, 1);
  EXPECT_EQ(doc.blocks[0].text, "User Guide");
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::text);
  EXPECT_EQ(doc.blocks[1].text, "Intro text with a link. Soft wrapped.");
  EXPECT_EQ(doc.blocks[2].level, 2);
  EXPECT_EQ(doc.metadata["title"], "User Guide");
}

TEST(ParseMarkdown, KeepsCodeBlocksVerbatim) {
  const std::string md =
      "Text.\n\n```cpp\nint main() {\n    return  0;   // two spaces\n}\n```\n\n    indented  code\n      "
      "more\n";
  const Document doc = parse_bytes("a.md", md);
  ASSERT_EQ(doc.blocks.size(), 3u);
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::code);
  EXPECT_EQ(doc.blocks[1].text, "int main() {\n    return  0;   // two spaces\n}");
  EXPECT_EQ(doc.blocks[2].kind, BlockKind::code);
  EXPECT_EQ(doc.blocks[2].text, "indented  code\n  more");
}

TEST(ParseMarkdown, MakesOneListBlockPerTopLevelListWithNestedIndent) {
  const Document doc =
      parse_bytes("a.md", "- apples\n- pears\n  - green\n  - red\n- plums\n\n1. one\n2. two\n");
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::list);
  EXPECT_EQ(doc.blocks[0].text, "- apples\n- pears\n  - green\n  - red\n- plums");
  EXPECT_EQ(doc.blocks[1].text, "1. one\n2. two");
}

TEST(ParseMarkdown, MapsTablesToTableBlocksWithHeader) {
  const Document doc =
      parse_bytes("a.md", "| Name | Qty |\n|---|--:|\n| bolt | 10 |\n| nut \\| washer | 5 |\n");
  ASSERT_EQ(doc.blocks.size(), 1u);
  const Block& b = doc.blocks[0];
  EXPECT_EQ(b.kind, BlockKind::table);
  ASSERT_TRUE(b.table.has_value());
  EXPECT_TRUE(b.table->has_header);
  ASSERT_EQ(b.table->rows.size(), 3u);
  EXPECT_EQ(b.table->rows[0][0].text, "Name");
  EXPECT_EQ(b.table->rows[2][0].text, "nut | washer");
  EXPECT_EQ(b.text, table_to_markdown(*b.table));
}

TEST(ParseMarkdown, ReadsFrontMatterAsMetadataNotText) {
  const Document doc = parse_bytes(
      "post.md", "---\ntitle: \"Release notes\"\nauthor: Ada\ntags: [a, b]\n---\n# Heading\n\nBody.\n");
  EXPECT_EQ(doc.metadata["title"], "Release notes");
  EXPECT_EQ(doc.metadata["author"], "Ada");
  EXPECT_EQ(doc.metadata["tags"], nlohmann::json::array({"a", "b"}));
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].text, "Heading");
  EXPECT_EQ(all_text(doc).find("author"), std::string::npos);
}

TEST(ParseMarkdown, TurnsBlockquotesAndHtmlBlocksIntoText) {
  const Document doc = parse_bytes(
      "a.md", "> Quoted wisdom\n> continues.\n\n<div class=\"note\">\n<b>Note:</b> &amp; more\n</div>\n");
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::text);
  EXPECT_EQ(doc.blocks[0].text, "Quoted wisdom continues.");
  EXPECT_EQ(doc.blocks[1].kind, BlockKind::text);
  EXPECT_EQ(doc.blocks[1].text, "Note: & more");
}

TEST(ParseMarkdown, DecodesEntitiesAndDropsImageAltText) {
  const Document doc = parse_bytes("a.md", "Fish &amp; chips &#233;t&#xE9; ![a diagram](d.png) end.");
  ASSERT_EQ(doc.blocks.size(), 1u);
  EXPECT_EQ(doc.blocks[0].text, "Fish & chips été end.");
}

// ---- HTML ----

TEST(ParseHtml, DropsScriptStyleNavAndBodyChrome) {
  const Document doc = parse_bytes("p.html", R"(<!DOCTYPE html><html><head><title> My  Page </title>
<style>p { color: red }</style><script>var secret = 1;</script></head>
<body><header>Site banner</header><nav><a href="/">Home</a></nav>
<article><header><h1>Article title</h1></header><p>Real   content<br>second line</p>
<noscript>enable js</noscript><template>tpl</template><svg><text>svg text</text></svg></article>
<aside>sidebar</aside><footer>Copyright</footer><script>tracker()</script></body></html>)");
  EXPECT_EQ(doc.metadata["title"], "My Page");
  const std::string text = all_text(doc);
  for (const char* gone : {"secret", "color", "Site banner", "Home", "enable js", "tpl", "svg text",
                           "sidebar", "Copyright", "tracker"})
    EXPECT_EQ(text.find(gone), std::string::npos) << gone;
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::title);
  EXPECT_EQ(doc.blocks[0].text, "Article title");
  EXPECT_EQ(doc.blocks[1].text, "Real content\nsecond line");
}

TEST(ParseHtml, MapsHeadingsParagraphsListsAndPre) {
  const Document doc = parse_bytes("p.html", R"(<body><h2>Setup <em>steps</em></h2>
<div>Loose text in a div with <b>bold</b> words.</div>
<ul><li>first</li><li>second<ul><li>nested</li></ul></li></ul>
<ol start="3"><li>three</li><li>four</li></ol>
<pre>line 1
    indented  line 2</pre><blockquote>Quoted.</blockquote><img alt="ignored alt"></body>)");
  ASSERT_EQ(doc.blocks.size(), 6u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::title);
  EXPECT_EQ(doc.blocks[0].level, 2);
  EXPECT_EQ(doc.blocks[0].text, "Setup steps");
  EXPECT_EQ(doc.blocks[1].text, "Loose text in a div with bold words.");
  EXPECT_EQ(doc.blocks[2].kind, BlockKind::list);
  EXPECT_EQ(doc.blocks[2].text, "- first\n- second\n  - nested");
  EXPECT_EQ(doc.blocks[3].text, "3. three\n4. four");
  EXPECT_EQ(doc.blocks[4].kind, BlockKind::code);
  EXPECT_EQ(doc.blocks[4].text, "line 1\n    indented  line 2");
  EXPECT_EQ(doc.blocks[5].text, "Quoted.");
  EXPECT_EQ(all_text(doc).find("ignored alt"), std::string::npos);
}

TEST(ParseHtml, KeepsTableSpansHeaderAndCaption) {
  const Document doc = parse_bytes("t.html", R"(<table><caption>Quarterly sales</caption>
<thead><tr><td>Region</td><td colspan="2">Sales</td></tr></thead>
<tbody><tr><td rowspan="2">North</td><td>Q1</td><td>10</td></tr><tr><td>Q2</td><td>12</td></tr></tbody>
</table>)");
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::caption);
  EXPECT_EQ(doc.blocks[0].text, "Quarterly sales");
  const Block& t = doc.blocks[1];
  EXPECT_EQ(t.kind, BlockKind::table);
  ASSERT_TRUE(t.table.has_value());
  EXPECT_TRUE(t.table->has_header);
  ASSERT_EQ(t.table->rows.size(), 3u);
  EXPECT_EQ(t.table->rows[0][1].col_span, 2);
  EXPECT_EQ(t.table->rows[1][0].row_span, 2);
  EXPECT_EQ(t.table->rows[2].size(), 2u);
  EXPECT_EQ(t.text,
            "| Region | Sales | Sales |\n| --- | --- | --- |\n| North | Q1 | 10 |\n| North | Q2 | 12 |");
}

TEST(ParseHtml, HeaderRowOfThCellsWithoutThead) {
  const Document doc =
      parse_bytes("t.html",
                  "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
                  "<table><tr><td>x</td><td>y</td></tr><tr><td>1</td><td>2</td></tr></table>");
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_TRUE(doc.blocks[0].table->has_header);
  EXPECT_FALSE(doc.blocks[1].table->has_header);
}

// ---- CSV / TSV ----

TEST(ParseCsv, ParsesRfc4180QuotingIntoOneTable) {
  const Document doc =
      parse_bytes("d.csv", "name,comment,qty\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\",3\nLee,plain,\n");
  ASSERT_EQ(doc.blocks.size(), 1u);
  const Block& b = doc.blocks[0];
  EXPECT_EQ(b.kind, BlockKind::table);
  ASSERT_TRUE(b.table.has_value());
  EXPECT_TRUE(b.table->has_header);
  ASSERT_EQ(b.table->rows.size(), 3u);
  EXPECT_EQ(b.table->rows[1][0].text, "Smith, J");
  EXPECT_EQ(b.table->rows[1][1].text, "said \"hi\"\nthen left");
  EXPECT_EQ(b.table->rows[2][2].text, "");
  EXPECT_EQ(b.text, table_to_markdown(*b.table));
}

TEST(ParseCsv, PadsRaggedRows) {
  const Document doc = parse_bytes("d.csv", "a,b,c\n1\n2,3\n");
  const auto& rows = doc.blocks.at(0).table->rows;
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].size(), 3u);
  EXPECT_EQ(rows[2].size(), 3u);
}

TEST(ParseCsv, SniffsSemicolonAndPipeDelimiters) {
  const Document semi = parse_bytes("eu.csv", "name;price;weight\nbolt;1,50;0,2\nnut;0,75;0,1\n");
  const auto& rows = semi.blocks.at(0).table->rows;
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_EQ(rows[1].size(), 3u);
  EXPECT_EQ(rows[1][1].text, "1,50");
  const Document pipe = parse_bytes("p.csv", "a|b\n1|2\n");
  EXPECT_EQ(pipe.blocks.at(0).table->rows[1][1].text, "2");
}

TEST(ParseCsv, ReadsTsvByExtension) {
  const Document doc = parse_bytes("d.tsv", "k\tv\nx,y\t1\n");
  const auto& rows = doc.blocks.at(0).table->rows;
  EXPECT_EQ(rows[1][0].text, "x,y");
  EXPECT_EQ(rows[1][1].text, "1");
}

TEST(ParseCsv, RejectsUnterminatedQuote) {
  const Error e = parse_error("bad.csv", "a,b\n1,\"open\n2,3\n");
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_STREQ(e.what(), "bad.csv: unterminated quoted field starting at line 2");
}

// ---- JSON ----

TEST(ParseJson, ArrayOfObjectsGivesOneFlattenedBlockPerElement) {
  const Document doc = parse_bytes("p.json", R"([
    {"name": "Ada", "address": {"city": "London", "zip": "N1"}, "langs": ["en", "fr"]},
    {"name": "Lin", "age": 41, "active": true, "note": null}
  ])");
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].text, "name: Ada\naddress.city: London\naddress.zip: N1\nlangs: en, fr");
  EXPECT_EQ(doc.blocks[1].text, "name: Lin\nage: 41\nactive: true\nnote: null");
}

TEST(ParseJson, SmallObjectIsOneBlockLargeObjectSplitsByTopLevelKey) {
  EXPECT_EQ(parse_bytes("o.json", R"({"a": 1, "b": {"c": [1, 2]}})").blocks.at(0).text, "a: 1\nb.c: 1, 2");
  nlohmann::json big = {{"meta", {{"version", 2}}}, {"items", nlohmann::json::array()}};
  for (int i = 0; i < 60; ++i)
    big["items"].push_back({{"id", i}, {"title", "item number " + std::to_string(i)}});
  const Document doc = parse_bytes("big.json", big.dump());
  ASSERT_EQ(doc.blocks.size(), 61u);
  EXPECT_EQ(doc.blocks[0].text, "items[0].id: 0\nitems[0].title: item number 0");
  EXPECT_EQ(doc.blocks[60].text, "meta.version: 2");
}

TEST(ParseJson, RejectsMalformedJsonWithLineAndColumn) {
  const Error e = parse_error("bad.json", "{\n  \"a\": 1,\n  \"b\": tru\n}");
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_EQ(std::string(e.what()).rfind("bad.json: invalid JSON at line 3 column", 0), 0u) << e.what();
}

TEST(ParseJson, JsonLinesGivesOneBlockPerLine) {
  const Document doc = parse_bytes("e.jsonl", "{\"id\": 1, \"msg\": \"start\"}\n\n{\"id\": 2}\n\"plain\"\n");
  ASSERT_EQ(doc.blocks.size(), 3u);
  EXPECT_EQ(doc.blocks[0].text, "id: 1\nmsg: start");
  EXPECT_EQ(doc.blocks[2].text, "plain");
}

TEST(ParseJson, JsonLinesNamesTheBadLine) {
  const Error e = parse_error("e.ndjson", "{\"id\": 1}\n{\"id\": }\n");
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_EQ(std::string(e.what()).rfind("e.ndjson: invalid JSON on line 2: ", 0), 0u) << e.what();
}

// ---- edge cases ----

TEST(ParseMarkdown, ThematicBreaksAroundProseAreNotFrontMatter) {
  const Document doc = parse_bytes("a.md", "---\nThis is a normal paragraph, really.\n---\n\nMore.\n");
  EXPECT_NE(all_text(doc).find("This is a normal paragraph, really."), std::string::npos);
}

TEST(ParseMarkdown, FirstH1BecomesTitleWhenNoFrontMatter) {
  const Document doc = parse_bytes("a.md", "Intro.\n\n## Minor\n\n# Main\n\n# Second\n");
  EXPECT_EQ(doc.metadata["title"], "Main");
}

TEST(ParseHtml, HonoursXmlPrologEncodingInXhtml) {
  const std::string xhtml =
      "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><html><body><p>" + kJapanese + "</p></body></html>";
  const Document doc = parse_bytes("ja.xhtml", encode(xhtml, "SHIFT_JIS"));
  EXPECT_EQ(doc.metadata["encoding"], "SHIFT_JIS");
  EXPECT_EQ(doc.blocks.at(0).text, kJapanese);
}

TEST(ParseHtml, ReadsOneCellLayoutTableAsFlowText) {
  const Document doc =
      parse_bytes("old.html", "<table><tr><td><h3>News</h3><p>Body text.</p></td></tr></table>");
  ASSERT_EQ(doc.blocks.size(), 2u);
  EXPECT_EQ(doc.blocks[0].kind, BlockKind::title);
  EXPECT_EQ(doc.blocks[1].text, "Body text.");
}

TEST(ParseEncoding, DecodesShortLatin1Text) {
  const Document doc = parse_bytes("a.txt", "Caf\xE9 cr\xE8me");
  EXPECT_EQ(doc.blocks.at(0).text, "Café crème");
}

TEST(ParseEncoding, ErrorsNameTheSourceFile) {
  for (const char* name : {"one.txt", "two.md", "three.html", "four.csv", "five.json"}) {
    const Error e = parse_error(name, std::string("\0\0\0\x01", 4) + "zzzz");
    EXPECT_EQ(std::string(e.what()).rfind(std::string(name) + ": ", 0), 0u) << e.what();
  }
}

TEST(ParseJson, RejectsHostileNestingInsteadOfOverflowingTheStack) {
  const std::string deep = std::string(100000, '[') + "1" + std::string(100000, ']');
  const Error e = parse_error("deep.json", deep);
  EXPECT_EQ(e.code(), ErrorCode::bad_input);
  EXPECT_STREQ(e.what(), "deep.json: JSON nested deeper than 512 levels");
  const std::string ok = std::string(200, '[') + "\"x\"" + std::string(200, ']');
  EXPECT_EQ(parse_bytes("ok.json", ok).blocks.size(), 1u);
}

TEST(ParseHtml, SurvivesDeepUnclosedNesting) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  deep += "bottom";
  const Document doc = parse_bytes("deep.html", deep);
  EXPECT_TRUE(doc.blocks.empty());  // below kMaxDepth: skipped, but no crash or blow-up
}
