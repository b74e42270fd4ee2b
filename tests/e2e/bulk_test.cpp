// A directory of 1,000 mixed text/Markdown/HTML/CSV files: every file gets a
// correct result, a progress bar is drawn on a terminal, and a known
// sentence's chunk ranks first.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>

#include "harness.h"

using lore::e2e::LoreEnv;

namespace {

std::string file_body(int i) {
  const std::string unique = "Unique sentence number " + std::to_string(i) + " mentions zebra" + std::to_string(i) +
                             " crossing.";
  const std::string filler = "Storage and retrieval of ordinary documents about rivers, engines and gardens.";
  switch (i % 4) {
    case 0: return filler + "\n\n" + unique + "\n";
    case 1: return "# Title " + std::to_string(i) + "\n\n" + filler + "\n\n## Part\n\n" + unique + "\n";
    case 2: return "<html><body><h1>Page</h1><p>" + filler + "</p><p>" + unique + "</p></body></html>";
    default: return "name,value\nriver,1\nengine,2\nzebra" + std::to_string(i) + "," + std::to_string(i) + "\n";
  }
}

const char* extension(int i) {
  static const char* kExt[] = {".txt", ".md", ".html", ".csv"};
  return kExt[i % 4];
}

}  // namespace

TEST(Bulk, ThousandMixedFilesIngestWithPerFileResults) {
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  constexpr int kFiles = 1000;
  for (int i = 0; i < kFiles; ++i) env.write("corpus/f" + std::to_string(i) + extension(i), file_body(i));

  auto r = env.run({"ingest", "corpus", "--kb", "kb", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = r.json();
  EXPECT_EQ(j["summary"]["added"], kFiles);
  EXPECT_EQ(j["summary"]["failed"], 0);
  std::set<std::string> names;
  for (const auto& f : j["files"]) {
    EXPECT_EQ(f["status"], "added") << f.dump();
    EXPECT_GT(f["chunks"].get<int>(), 0) << f.dump();
    names.insert(f["name"].get<std::string>());
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(kFiles));

  for (int i : {0, 517, 998}) {
    auto s = env.run({"search", "Unique sentence number " + std::to_string(i) + " mentions zebra" +
                                    std::to_string(i) + " crossing", "--kb", "kb", "--json"});
    auto results = s.json()["results"];
    ASSERT_FALSE(results.empty());
    EXPECT_EQ(results[0]["document"], "corpus/f" + std::to_string(i) + extension(i));
  }
}

TEST(Bulk, ProgressBarIsDrawnOnATerminal) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "script(1) not installed";
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  for (int i = 0; i < 40; ++i) env.write("corpus/f" + std::to_string(i) + extension(i), file_body(i));
  // script(1) gives lore a pseudo-terminal, as a user's shell would.
  const std::string cmd = "cd '" + env.dir().string() + "' && LORE_DATA_DIR='" + env.data_dir().string() +
                          "' script -qec '" + std::string(LORE_BINARY) + " ingest corpus --kb kb' /dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << out;
  EXPECT_NE(out.find("40/40 files"), std::string::npos) << out;
  EXPECT_NE(out.find("added      corpus/f7.csv"), std::string::npos) << out;
}
