// End-to-end: bad input of every format through `lore ingest`. Each broken
// file gets one clear error line naming it and the reason, the good files of
// the same batch are ingested, the exit code is 3 (partial), and the store
// stays consistent (searchable, failed files recorded as failed).
// All inputs are generated here: minimal valid files of each format, then
// truncated / corrupted / emptied / misnamed copies.
#include <gtest/gtest.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"

using lore::e2e::LoreEnv;

namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A zip archive holding `parts` (deflated), as bytes.
std::string make_zip(const Parts& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* archive = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  for (const auto& [name, data] : parts)
    zip_file_add(archive, name.c_str(), zip_source_buffer(archive, data.data(), data.size(), 0),
                 ZIP_FL_OVERWRITE);
  zip_close(archive);
  std::string bytes;
  zip_source_open(out);
  zip_source_seek(out, 0, SEEK_END);
  bytes.resize(static_cast<size_t>(zip_source_tell(out)));
  zip_source_seek(out, 0, SEEK_SET);
  zip_source_read(out, bytes.data(), bytes.size());
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

std::string rels(const std::string& type, const std::vector<std::string>& targets) {
  std::string out = R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  for (size_t i = 0; i < targets.size(); ++i)
    out += "<Relationship Id=\"rId" + std::to_string(i + 1) +
           "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + type +
           "\" Target=\"" + targets[i] + "\"/>";
  return out + "</Relationships>";
}

std::string package_rels(const std::string& main) {
  return R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
         R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target=")" +
         main + R"("/></Relationships>)";
}

std::string make_docx(const std::string& text) {
  const std::string body =
      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)"
      "<w:p><w:r><w:t>" +
      text + "</w:t></w:r></w:p></w:body></w:document>";
  return make_zip({{"[Content_Types].xml", "<Types/>"},
                   {"_rels/.rels", package_rels("word/document.xml")},
                   {"word/document.xml", body}});
}

std::string make_xlsx(const std::string& text) {
  const std::string ns =
      R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
  return make_zip(
      {{"[Content_Types].xml", "<Types/>"},
       {"_rels/.rels", package_rels("xl/workbook.xml")},
       {"xl/workbook.xml",
        "<workbook " + ns + R"(><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
       {"xl/_rels/workbook.xml.rels", rels("worksheet", {"worksheets/sheet1.xml"})},
       {"xl/worksheets/sheet1.xml",
        "<worksheet " + ns +
            R"(><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Item</t></is></c></row>)"
            R"(<row r="2"><c r="A2" t="inlineStr"><is><t>)" +
            text + "</t></is></c></row></sheetData></worksheet>"}});
}

std::string make_pptx(const std::string& text, int slides = 1) {
  const std::string ns =
      R"(xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
  std::string ids;
  std::vector<std::string> targets;
  Parts parts = {{"[Content_Types].xml", "<Types/>"}, {"_rels/.rels", package_rels("ppt/presentation.xml")}};
  for (int i = 1; i <= slides; ++i) {
    ids += "<p:sldId id=\"" + std::to_string(255 + i) + "\" r:id=\"rId" + std::to_string(i) + "\"/>";
    targets.push_back("slides/slide" + std::to_string(i) + ".xml");
    parts.push_back({"ppt/slides/slide" + std::to_string(i) + ".xml",
                     "<p:sld " + ns + "><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>" + text + " " +
                         std::to_string(i) +
                         "</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"});
  }
  parts.push_back({"ppt/presentation.xml",
                   "<p:presentation " + ns + "><p:sldIdLst>" + ids + "</p:sldIdLst></p:presentation>"});
  parts.push_back({"ppt/_rels/presentation.xml.rels", rels("slide", targets)});
  return make_zip(parts);
}

// A PDF with one line of Helvetica text per page; the xref offsets are exact.
std::string make_pdf(const std::vector<std::string>& pages) {
  std::vector<std::string> objects;
  const size_t n = pages.size();
  std::string kids;
  for (size_t i = 0; i < n; ++i) kids += std::to_string(4 + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(n) + " >>");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (size_t i = 0; i < n; ++i) {
    const std::string stream = "BT /F1 12 Tf 72 720 Td (" + pages[i] + ") Tj ET";
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
        "/Contents " +
        std::to_string(5 + 2 * i) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream +
                      "\nendstream");
  }
  std::string out = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[24];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

std::string half(const std::string& s) { return s.substr(0, s.size() / 2); }

// Bytes of a zip with the compressed data of its largest entry overwritten.
std::string corrupt_zip(std::string s) {
  for (size_t i = 60; i < 120 && i < s.size(); ++i) s[i] = static_cast<char>(s[i] ^ 0x5A);
  return s;
}

std::string ole(const std::string& stream) {
  std::string b("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  b += std::string(504, '\0');
  for (char c : stream) b += std::string{c, '\0'};
  return b;
}

const std::string kBinary = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(200, '\x01');

// The line of `err` that names `file`, or "".
std::string line_for(const std::string& err, const std::string& file) {
  std::istringstream lines(err);
  std::string found;
  for (std::string line; std::getline(lines, line);)
    if (contains(line, "/" + file + ":")) {
      EXPECT_TRUE(found.empty()) << "two lines for " << file << ":\n" << err;
      found = line;
    }
  return found;
}

}  // namespace

TEST(BadInput, EveryFormatFailsClearlyAndTheRestOfTheBatchIsIngested) {
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  const std::string pdf = make_pdf({"Lighthouse keepers log the weather."});
  const std::string docx = make_docx("Lighthouse lamps burn paraffin.");
  const std::string xlsx = make_xlsx("Lighthouse inventory");
  const std::string pptx = make_pptx("Lighthouse slides");
  const std::string eml =
      "From: a@example.com\nTo: b@example.com\nSubject: Lighthouse\n\nThe lighthouse email body.\n";
  // Good files: one per format.
  env.write("batch/good.pdf", pdf);
  env.write("batch/good.docx", docx);
  env.write("batch/good.xlsx", xlsx);
  env.write("batch/good.pptx", pptx);
  env.write("batch/good.eml", eml);
  env.write("batch/good.html", "<html><body><p>Lighthouse page.</p></body></html>");
  env.write("batch/good.csv", "name,colour\nlighthouse,white\n");
  env.write("batch/good.json", R"({"lighthouse": "tall"})");
  env.write("batch/good.md", "# Lighthouse\n\nMarkdown lighthouse.\n");
  env.write("batch/good.txt", "Plain lighthouse text.");

  // file -> the reason its error line must give
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"truncated.pdf", "not a valid PDF"},
      {"garbage.pdf", "not a valid PDF"},
      {"empty.pdf", "empty file"},
      {"text.pdf", "no %PDF header"},
      {"truncated.docx", "not a valid DOCX"},
      {"corrupt.docx", "not a valid DOCX"},
      {"empty.docx", "empty file"},
      {"text.docx", "not a valid DOCX (zip archive unreadable"},
      {"truncated.xlsx", "not a valid XLSX"},
      {"corrupt.xlsx", "not a valid XLSX"},
      {"empty.xlsx", "empty file"},
      {"image.xlsx", "not a valid XLSX"},
      {"truncated.pptx", "not a valid PPTX"},
      {"empty.pptx", "empty file"},
      {"text.pptx", "not a valid PPTX"},
      {"bomb.docx", "zip bomb"},
      {"empty.eml", "empty file"},
      {"image.eml", "not a valid email"},
      {"empty.html", "empty file"},
      {"image.html", "binary content"},
      {"truncated.csv", "unterminated quoted field"},
      {"empty.csv", "empty file"},
      {"image.csv", "binary content"},
      {"truncated.json", "invalid JSON at line 1"},
      {"empty.json", "empty file"},
      {"image.json", "binary content"},
      {"broken.md", "invalid UTF-8 at byte"},
      {"empty.md", "empty file"},
      {"noise.md", "not a text file"},
      {"empty.txt", "empty file"},
      {"image.txt", "binary content"},
      {"report.doc", "is a legacy Microsoft Office file (Word 97-2003); convert it to .docx"},
      {"sheet.xls", "convert it to .xlsx (e.g. libreoffice --headless --convert-to xlsx"},
      {"deck.ppt", "convert it to .pptx"},
      {"renamed.docx", "legacy Microsoft Office file (Excel 97-2003)"},
      {"locked.docx", "password-protected"},
  };
  env.write("batch/truncated.pdf", half(pdf));
  env.write("batch/garbage.pdf", "%PDF-1.7\n" + std::string(300, '#'));
  env.write("batch/empty.pdf", "");
  env.write("batch/text.pdf", "This is not a PDF at all.");
  env.write("batch/truncated.docx", half(docx));
  env.write("batch/corrupt.docx", corrupt_zip(docx));
  env.write("batch/empty.docx", "");
  env.write("batch/text.docx", "plain words");
  env.write("batch/truncated.xlsx", half(xlsx));
  env.write("batch/corrupt.xlsx", corrupt_zip(xlsx));
  env.write("batch/empty.xlsx", "");
  env.write("batch/image.xlsx", kBinary);
  env.write("batch/truncated.pptx", half(pptx));
  env.write("batch/empty.pptx", "");
  env.write("batch/text.pptx", "plain words");
  env.write("batch/bomb.docx", make_zip({{"[Content_Types].xml", "<Types/>"},
                                         {"_rels/.rels", package_rels("word/document.xml")},
                                         {"word/document.xml", std::string(8u << 20, ' ')}}));
  env.write("batch/empty.eml", "");
  env.write("batch/image.eml", kBinary);
  env.write("batch/empty.html", "");
  env.write("batch/image.html", kBinary);
  env.write("batch/truncated.csv", "a,b\n1,\"never closed\n");
  env.write("batch/empty.csv", "");
  env.write("batch/image.csv", kBinary);
  env.write("batch/truncated.json", R"({"a": [1, 2)");
  env.write("batch/empty.json", "");
  env.write("batch/image.json", kBinary);
  env.write("batch/broken.md", "# 灯塔\n\n中文 \xff\xfe 内容 then more text after the bad bytes.\n");
  env.write("batch/empty.md", "");
  std::string noise;
  for (int i = 0; i < 400; ++i)
    noise += static_cast<char>(0x80 + (i * 37) % 0x7F) + std::string(1, static_cast<char>(1 + i % 30));
  env.write("batch/noise.md", noise);
  env.write("batch/empty.txt", "");
  env.write("batch/image.txt", kBinary);
  env.write("batch/report.doc", ole("WordDocument"));
  env.write("batch/sheet.xls", ole("Workbook"));
  env.write("batch/deck.ppt", ole("PowerPoint Document"));
  env.write("batch/renamed.docx", ole("Workbook"));
  env.write("batch/locked.docx", ole("EncryptionInfo"));

  auto r = env.run({"ingest", "batch", "--kb", "kb", "--json"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  const auto j = r.json();
  EXPECT_EQ(j["summary"]["added"], 10) << r.out;
  EXPECT_EQ(j["summary"]["failed"], bad.size()) << r.out;
  for (const auto& f : j["files"]) {
    const std::string name = f["name"];
    if (contains(name, "/good.")) {
      EXPECT_EQ(f["status"], "added") << f.dump();
    }
  }

  // The human-readable form: one "failed" line per bad file, with the reason.
  LoreEnv env2;
  ASSERT_EQ(env2.run({"kb", "create", "kb"}).exit_code, 0);
  std::filesystem::copy(env.dir() / "batch", env2.dir() / "batch");
  auto text = env2.run({"ingest", "batch", "--kb", "kb"});
  EXPECT_EQ(text.exit_code, 3);
  for (const auto& [file, reason] : bad) {
    const std::string line = line_for(text.err, file);
    EXPECT_TRUE(line.starts_with("failed ")) << file << ":\n" << text.err;
    EXPECT_TRUE(contains(line, reason)) << file << ": \"" << line << "\" lacks \"" << reason << "\"";
  }

  // The store is consistent: every good file is searchable, failed ones are
  // recorded as failed, and a second run changes nothing that was ingested.
  const auto search = env2.run({"search", "lighthouse", "--kb", "kb", "--top-k", "50", "--json"}).json();
  std::set<std::string> found;
  for (const auto& hit : search["results"]) found.insert(hit["document"].get<std::string>());
  EXPECT_EQ(found.size(), 10u) << search.dump();
  const auto show = env2.run({"kb", "show", "kb", "--json"}).json();
  size_t failed = 0;
  for (const auto& d : show["document_list"]) failed += d["status"] == "failed";
  EXPECT_EQ(failed, bad.size()) << show.dump();
  auto again = env2.run({"ingest", "batch", "--kb", "kb", "--json"});
  EXPECT_EQ(again.json()["summary"]["unchanged"], 10);
}

TEST(BadInput, PageLimitRefusesLongDocumentsAndNamesTheKey) {
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  env.write("short.pdf", make_pdf({"One page only."}));
  env.write("long.pdf", make_pdf({"Page one.", "Page two.", "Page three."}));
  env.write("long.pptx", make_pptx("Slide", 3));
  auto r = env.run({"ingest", "short.pdf", "long.pdf", "long.pptx", "--kb", "kb"},
                   {{"LORE_INGEST_MAX_PAGES", "2"}});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "added      short.pdf")) << r.out;
  EXPECT_TRUE(contains(r.err, "long.pdf: too many pages (3, limit 2) (ingest.max_pages)")) << r.err;
  EXPECT_TRUE(contains(r.err, "long.pptx: too many slides (3, limit 2) (ingest.max_pages)")) << r.err;
  // Under the default limit the same files are fine.
  auto ok = env.run({"ingest", "long.pdf", "long.pptx", "--kb", "kb"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST(BadInput, LimitKeysAreValidated) {
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  env.write("a.txt", "text");
  auto r = env.run({"ingest", "a.txt", "--kb", "kb"}, {{"LORE_INGEST_PARSE_TIMEOUT_SECONDS", "soon"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "ingest.parse_timeout_seconds")) << r.err;
}
