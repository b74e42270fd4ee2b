// End-to-end: the real `lore` binary on temporary data directories.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "harness.h"

using lore::e2e::LoreEnv;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

void create_kb(const LoreEnv& env, const std::string& name = "kb") {
  auto r = env.run({"kb", "create", name});
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace

TEST(Cli, KnowledgeBaseLifecycle) {
  LoreEnv env;
  create_kb(env, "handbook");
  auto dup = env.run({"kb", "create", "handbook"});
  EXPECT_NE(dup.exit_code, 0);
  EXPECT_TRUE(contains(dup.err, "handbook")) << dup.err;

  auto list = env.run({"kb", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto j = list.json();
  ASSERT_EQ(j["knowledge_bases"].size(), 1u);
  EXPECT_EQ(j["knowledge_bases"][0]["name"], "handbook");

  auto bad = env.run({"kb", "create", "no spaces"});
  EXPECT_EQ(bad.exit_code, 2);
  auto bad_template = env.run({"kb", "create", "x", "--template", "nope"});
  EXPECT_EQ(bad_template.exit_code, 2);
  EXPECT_TRUE(contains(bad_template.err, "available")) << bad_template.err;

  auto del = env.run({"kb", "delete", "handbook", "--yes"});
  EXPECT_EQ(del.exit_code, 0) << del.err;
  auto missing = env.run({"kb", "show", "handbook"});
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_TRUE(contains(missing.err, "not found")) << missing.err;
}

TEST(Cli, IngestDirectoryThenSearchFindsKnownSentenceAtRankOne) {
  LoreEnv env;
  create_kb(env);
  env.write("docs/guide.md",
            "# Guide\n\nLore splits documents into chunks.\n\n## Storage\n\n"
            "The quartermaster ledger records every saffron shipment that arrives at the harbour.\n");
  env.write("docs/notes.txt", "Unrelated notes about gardening and tomatoes.\n\nWater them daily.");
  env.write("docs/page.html",
            "<html><head><title>Page</title><script>var x = 'saffron';</script></head>"
            "<body><nav>menu saffron</nav><h1>Spices</h1><p>Cinnamon is a bark.</p></body></html>");
  env.write("docs/table.csv", "name,colour\nsaffron,red\nturmeric,yellow\n");
  env.write("docs/data.json", R"([{"title": "first", "body": "json body text"}])");
  auto ingest = env.run({"ingest", "docs", "--kb", "kb", "--json"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.out << ingest.err;
  auto ij = ingest.json();
  EXPECT_EQ(ij["summary"]["added"], 5);
  for (const auto& f : ij["files"]) {
    EXPECT_EQ(f["status"], "added") << f.dump();
    EXPECT_TRUE(f["name"].get<std::string>().rfind("docs/", 0) == 0) << f.dump();
  }

  auto r = env.run({"search", "quartermaster ledger records saffron shipment", "--kb", "kb", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = r.json();
  ASSERT_FALSE(j["results"].empty());
  const auto& top = j["results"][0];
  EXPECT_EQ(top["document"], "docs/guide.md");
  EXPECT_TRUE(contains(top["text"], "quartermaster ledger")) << top.dump();
  for (const char* key : {"chunk_id", "document_id", "document", "score", "text", "kind", "positions"})
    EXPECT_TRUE(top.contains(key)) << key;
  ASSERT_FALSE(top["positions"].empty());
  EXPECT_EQ(top["positions"][0]["page"], 1);

  // Script and nav text is not indexed.
  auto html = env.run({"search", "menu", "--kb", "kb", "--json"});
  EXPECT_TRUE(html.json()["results"].empty()) << html.out;

  auto human = env.run({"search", "cinnamon", "--kb", "kb"});
  EXPECT_EQ(human.exit_code, 0);
  EXPECT_TRUE(contains(human.out, "docs/page.html")) << human.out;
}

TEST(Cli, ChineseQueryFindsChineseDocument) {
  LoreEnv env;
  create_kb(env);
  env.write("zh.txt", "知识库问答系统可以检索中文文档。它支持多种文件格式，并且能够给出引用。");
  env.write("en.txt", "The knowledge base answers questions about English documents.");
  ASSERT_EQ(env.run({"ingest", "zh.txt", "en.txt", "--kb", "kb"}).exit_code, 0);
  auto r = env.run({"search", "怎么检索中文文档", "--kb", "kb", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = r.json();
  ASSERT_FALSE(j["results"].empty()) << r.out;
  EXPECT_EQ(j["results"][0]["document"], "zh.txt");
}

TEST(Cli, ReingestIsUnchangedAndChangedFileReplacesOldVersion) {
  LoreEnv env;
  create_kb(env);
  env.write("a.txt", "The original version mentions periwinkle.");
  ASSERT_EQ(env.run({"ingest", "a.txt", "--kb", "kb"}).exit_code, 0);
  auto again = env.run({"ingest", "a.txt", "--kb", "kb", "--json"});
  EXPECT_EQ(again.json()["files"][0]["status"], "unchanged");
  const auto doc_id = again.json()["files"][0]["document_id"];

  env.write("a.txt", "The new version mentions marigold instead.");
  auto changed = env.run({"ingest", "a.txt", "--kb", "kb", "--json"});
  EXPECT_EQ(changed.json()["files"][0]["status"], "replaced");
  EXPECT_EQ(changed.json()["files"][0]["document_id"], doc_id) << "a document keeps its id across versions";
  EXPECT_TRUE(env.run({"search", "periwinkle", "--kb", "kb", "--json"}).json()["results"].empty());
  EXPECT_EQ(env.run({"search", "marigold", "--kb", "kb", "--json"}).json()["results"].size(), 1u);
  auto show = env.run({"kb", "show", "kb", "--json"}).json();
  EXPECT_EQ(show["documents"], 1);
  EXPECT_EQ(show["chunks"], 1);
}

TEST(Cli, BadInputsGetOneClearErrorEachAndTheRestIsIngested) {
  LoreEnv env;
  create_kb(env);
  env.write("batch/good.txt", "A perfectly fine document about lighthouses.");
  env.write("batch/empty.txt", "");
  env.write("batch/binary.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16) + std::string(64, '\0'));
  env.write("batch/broken.md", "valid start \xe4\xb8\xad then broken \xff\xfe bytes \xe6\x96\x87 end");
  env.write("batch/big.txt", std::string(2 * 1024 * 1024, 'a'));
  std::filesystem::create_symlink(env.dir() / "nowhere.txt", env.dir() / "batch" / "dangling.txt");
  auto r = env.run({"ingest", "batch", "--kb", "kb"}, {{"LORE_INGEST_MAX_FILE_MB", "1"}});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "added      batch/good.txt")) << r.out;
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"empty.txt", "empty"},       {"binary.txt", "binary"},     {"broken.md", "invalid UTF-8"},
      {"big.txt", "over the limit"}, {"dangling.txt", "cannot read"}};
  for (const auto& [file, reason] : expected) {
    bool found = false;
    std::istringstream lines(r.err);
    for (std::string line; std::getline(lines, line);)
      if (contains(line, file) && contains(line, reason)) found = true;
    EXPECT_TRUE(found) << "no error line for " << file << " with \"" << reason << "\" in:\n" << r.err;
  }
  EXPECT_EQ(env.run({"search", "lighthouses", "--kb", "kb", "--json"}).json()["results"].size(), 1u);
}

TEST(Cli, ParsePrintsDocumentModelWithoutStoring) {
  LoreEnv env;
  env.write("x.md", "# Title\n\nSome text.\n\n```\ncode here\n```\n");
  auto r = env.run({"parse", "x.md", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = r.json();
  ASSERT_GE(j["blocks"].size(), 3u);
  EXPECT_EQ(j["blocks"][0]["kind"], "title");
  EXPECT_EQ(j["blocks"][2]["kind"], "code");
  EXPECT_FALSE(std::filesystem::exists(env.data_dir() / "lore.db"));
}

TEST(Cli, ChunksShowsWhatParsingProduced) {
  LoreEnv env;
  create_kb(env);
  env.write("a.md", "# Intro\n\nFirst paragraph.\n\n## Part\n\nSecond paragraph.\n");
  auto ingest = env.run({"ingest", "a.md", "--kb", "kb", "--json"});
  const auto id = ingest.json()["files"][0]["document_id"].get<int64_t>();
  auto r = env.run({"chunks", std::to_string(id), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = r.json();
  ASSERT_FALSE(j["chunks"].empty());
  EXPECT_EQ(j["document"]["name"], "a.md");
  EXPECT_EQ(j["chunks"][0]["metadata"]["headings"][0], "Intro");
  EXPECT_EQ(env.run({"chunks", "999999"}).exit_code, 4);
}

TEST(Cli, ConfigFileAndUnknownKeysAreChecked) {
  LoreEnv env;
  env.write("lore.toml", "[chunk]\ntokens = 64\noverlap = 8\n");
  create_kb(env);
  env.write("bad.toml", "[chunk]\ntokenz = 64\n");
  auto r = env.run({"--config", "bad.toml", "kb", "list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.err, "tokenz")) << r.err;
}

TEST(Cli, ChunkSizeIsRecordedPerKnowledgeBase) {
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "small", "--chunk-tokens", "40", "--chunk-overlap", "0"}).exit_code, 0);
  std::string text;
  for (int i = 0; i < 30; ++i) text += "Sentence number " + std::to_string(i) + " talks about chunk sizes. ";
  env.write("long.txt", text);
  // A different configured size later does not change how this knowledge base chunks.
  auto ingest = env.run({"ingest", "long.txt", "--kb", "small", "--json"}, {{"LORE_CHUNK_TOKENS", "2000"}});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const auto id = ingest.json()["files"][0]["document_id"].get<int64_t>();
  auto chunks = env.run({"chunks", std::to_string(id), "--json"}).json()["chunks"];
  EXPECT_GT(chunks.size(), 5u);
  for (const auto& c : chunks) EXPECT_LE(c["token_count"].get<int>(), 40) << c.dump();
  auto bad = env.run({"kb", "create", "bad", "--chunk-tokens", "40", "--chunk-overlap", "40"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

// The human form of `lore search` shows the part of a long chunk that
// matched (its best sentence), not just the chunk's opening, and marks the
// text it leaves out.
TEST(Cli, SearchSnippetShowsTheMatchingSentence) {
  LoreEnv env;
  create_kb(env);
  std::string text;
  for (int i = 0; i < 12; ++i) text += "Filler sentence number " + std::to_string(i) + " talks about rivers and hills. ";
  text += "The lighthouse keeper logs every passing tanker at dawn.";
  env.write("long.txt", text);
  ASSERT_EQ(env.run({"ingest", "long.txt", "--kb", "kb"}).exit_code, 0);
  auto r = env.run({"search", "lighthouse tanker", "--kb", "kb"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "The lighthouse keeper logs every passing tanker at dawn.")) << r.out;
  EXPECT_TRUE(contains(r.out, "    ...")) << r.out;
  EXPECT_FALSE(contains(r.out, "Filler sentence number 0 ")) << r.out;
}
