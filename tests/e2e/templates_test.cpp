// End-to-end: chunking templates chosen per knowledge base (`kb create
// --template`) and per upload (`ingest --template`, overriding the KB's),
// including `auto`, through the real binary.
#include <gtest/gtest.h>

#include <string>

#include "harness.h"

using lore::e2e::LoreEnv;

namespace {

const char* kStatute =
    "第一章 总则\n第一条 为了规范灯塔管理，制定本条例。\n第二条 本条例适用于沿海灯塔。\n"
    "第二章 附则\n第三条 本条例自公布之日起施行。\n";
const char* kFaq =
    "Q: How do I reset the lamp?\nA: Hold the red button for ten seconds.\n\n"
    "Q: Who keeps the log?\nA: The duty keeper.\n\nQ: When is the fog horn tested?\nA: Every Monday.\n";

nlohmann::json chunks_of(const LoreEnv& env, int64_t doc) {
  auto r = env.run({"chunks", std::to_string(doc), "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.json();
}

int64_t ingest_one(const LoreEnv& env, const std::vector<std::string>& args, const std::string& status = "added") {
  auto r = env.run(args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto j = r.json();
  EXPECT_EQ(j["files"][0]["status"], status) << r.out;
  return j["files"][0]["document_id"].get<int64_t>();
}

}  // namespace

TEST(Templates, KnowledgeBaseTemplateAppliesAndUploadTemplateOverridesIt) {
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "laws", "--template", "law"}).exit_code, 0);
  env.write("statute.txt", kStatute);
  env.write("faq.txt", kFaq);

  const auto law_id = ingest_one(env, {"ingest", "statute.txt", "--kb", "laws", "--json"});
  auto law = chunks_of(env, law_id);
  ASSERT_EQ(law["chunks"].size(), 3u) << law.dump();
  EXPECT_EQ(law["chunks"][1]["metadata"]["article"], "第二条");
  EXPECT_EQ(law["chunks"][1]["metadata"]["headings"][0], "第一章 总则");
  EXPECT_EQ(law["chunks"][2]["metadata"]["headings"][0], "第二章 附则");
  EXPECT_EQ(law["chunks"][0]["positions"][0]["page"], 1);

  const auto faq_id = ingest_one(env, {"ingest", "faq.txt", "--kb", "laws", "--template", "qa", "--json"});
  auto faq = chunks_of(env, faq_id);
  ASSERT_EQ(faq["chunks"].size(), 3u) << faq.dump();
  EXPECT_EQ(faq["chunks"][0]["kind"], "qa");
  EXPECT_EQ(faq["chunks"][2]["metadata"]["question"], "When is the fog horn tested?");
  EXPECT_EQ(faq["document"]["metadata"]["chunk_template"], "qa");

  // Same bytes, same template: unchanged. Another template: re-chunked.
  ingest_one(env, {"ingest", "faq.txt", "--kb", "laws", "--template", "qa", "--json"}, "unchanged");
  const auto again = ingest_one(env, {"ingest", "faq.txt", "--kb", "laws", "--template", "one", "--json"}, "replaced");
  EXPECT_EQ(chunks_of(env, again)["chunks"].size(), 1u);

  // Search still finds the article.
  auto hits = env.run({"search", "沿海灯塔", "--kb", "laws", "--json"}).json();
  ASSERT_FALSE(hits["results"].empty());
  EXPECT_EQ(hits["results"][0]["document"], "statute.txt");
}

TEST(Templates, AutoPicksPerFile) {
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "mixed", "--template", "auto"}).exit_code, 0);
  env.write("statute.txt", kStatute);
  env.write("faq.txt", kFaq);
  std::string csv = "city,country\n";
  for (int i = 0; i < 20; ++i) csv += "City" + std::to_string(i) + ",Land\n";
  env.write("cities.csv", csv);
  env.write("note.txt", "A note about the lighthouse.");
  auto r = env.run({"ingest", "statute.txt", "faq.txt", "cities.csv", "note.txt", "--kb", "mixed", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> expected = {"law", "qa", "table", "general"};
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto doc = chunks_of(env, r.json()["files"][i]["document_id"].get<int64_t>());
    EXPECT_EQ(doc["document"]["metadata"]["chunk_template"], expected[i]) << doc.dump();
    EXPECT_EQ(doc["document"]["metadata"]["chunk_template_requested"], "auto");
  }
  EXPECT_EQ(r.json()["files"][2]["chunks"], 3);  // 20 rows, 8 per chunk
}

TEST(Templates, UnknownTemplateIsAUsageErrorBeforeAnythingIsStored) {
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  env.write("a.txt", "text");
  auto r = env.run({"ingest", "a.txt", "--kb", "kb", "--template", "poem"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown chunk template \"poem\" (available: general, qa, table"), std::string::npos) << r.err;
  EXPECT_EQ(env.run({"kb", "show", "kb", "--json"}).json()["documents"], 0);
}
