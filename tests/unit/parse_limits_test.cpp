// Per-file parse limits (ParseOptions::deadline, max_pages) and legacy Office
// detection. Deadlines in the past make the outcome deterministic: no test
// here depends on how fast the machine is.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/error.h"
#include "parse/parser.h"

using namespace lore;
using namespace lore::parse;

namespace {

Error parse_error(std::string_view name, std::string_view bytes, const ParseOptions& options = {}) {
  try {
    parse_bytes(name, bytes, options);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << name << ": expected an error";
  return Error(ErrorCode::internal, "no error");
}

ParseOptions expired() {
  ParseOptions o;
  o.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  o.timeout_seconds = 7;
  return o;
}

std::string ole(const std::string& stream) {
  std::string b("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  b += std::string(504, '\0');
  for (char c : stream) b += std::string{c, '\0'};
  return b;
}

}  // namespace

TEST(ParseLimits, PassedDeadlineStopsEveryFormatWithTimeout) {
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"a.txt", "text"}, {"a.md", "# x"}, {"a.csv", "a,b\n1,2\n"}, {"a.json", "{}"}, {"a.html", "<p>x</p>"},
           {"a.pdf", "%PDF-1.4\n"}, {"a.eml", "Subject: x\n\nbody"}}) {
    const Error e = parse_error(name, bytes, expired());
    EXPECT_EQ(e.code(), ErrorCode::timeout) << name << ": " << e.what();
    EXPECT_TRUE(std::string(e.what()).starts_with(name + ": parsing exceeded the time limit of 7 s")) << e.what();
  }
}

TEST(ParseLimits, WithTimeoutSetsAFutureDeadlineAndZeroMeansNone) {
  const ParseOptions none = ParseOptions{}.with_timeout(0);
  EXPECT_EQ(none.deadline, std::chrono::steady_clock::time_point::max());
  const ParseOptions later = ParseOptions{}.with_timeout(3600);
  EXPECT_GT(later.deadline, std::chrono::steady_clock::now());
  EXPECT_EQ(later.timeout_seconds, 3600);
  EXPECT_NO_THROW(parse_bytes("a.txt", "fine", later));
}

TEST(ParseLimits, LegacyOfficeFilesGetConversionAdviceWhateverTheirName) {
  struct Case {
    std::string name, stream, expected;
  };
  for (const auto& c : std::vector<Case>{
           {"old.doc", "WordDocument", "old.doc: this is a legacy Microsoft Office file (Word 97-2003); convert it to "
                                       ".docx (e.g. libreoffice --headless --convert-to docx old.doc)"},
           {"old.xls", "Workbook", "convert it to .xlsx"},
           {"old.ppt", "PowerPoint Document", "convert it to .pptx"},
           {"misnamed.docx", "Book", "(Excel 97-2003); convert it to .xlsx"},
           {"misnamed.txt", "WordDocument", "convert it to .docx"},
           {"unknown.doc", "", "convert it to .docx"},
       }) {
    const Error e = parse_error(c.name, ole(c.stream));
    EXPECT_EQ(e.code(), ErrorCode::unsupported) << e.what();
    EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos) << e.what();
  }
  // A .doc that is really text (Word can save RTF/HTML under .doc) is sniffed.
  EXPECT_NO_THROW(parse_bytes("notes.doc", "Just text saved with a .doc name."));
  EXPECT_TRUE(is_supported("a.doc"));
  for (const auto& ext : supported_extensions()) EXPECT_NE(ext, ".doc");
}

TEST(ParseLimits, TextFormatsRefuseControlCharacterNoise) {
  std::string noise;
  for (int i = 0; i < 400; ++i) noise += static_cast<char>(0x80 + (i * 37) % 0x7F) + std::string(1, static_cast<char>(1 + i % 30));
  for (const char* name : {"n.md", "n.txt", "n.csv", "n.html"}) {
    const Error e = parse_error(name, noise);
    EXPECT_EQ(e.code(), ErrorCode::bad_input) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a text file"), std::string::npos) << e.what();
  }
}

TEST(ParseLimits, UtfEightCutInsideItsLastCharacterKeepsTheRest) {
  const std::string text = "# 灯塔\n\n中文内容";
  const Document doc = parse_bytes("cut.md", text + std::string("\xe6\x96", 2));
  EXPECT_EQ(doc.metadata["encoding"], "UTF-8");
  EXPECT_EQ(doc.blocks.back().text, "中文内容");
  // In the middle it is still an error.
  EXPECT_EQ(parse_error("mid.md", "中文 \xe6\x96 更多").code(), ErrorCode::bad_input);
}
