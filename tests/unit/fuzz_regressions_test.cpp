// Replays every input the fuzzers ever broke us with
// (tests/fuzz/regressions/<target>/*) through the same harness as the fuzz
// targets (tests/fuzz/targets.h), in the normal test run: each must parse or
// fail with a clean lore::Error, with the document contract intact. Under
// `make test-sanitize` this also catches memory errors the fix removed.
#include <gtest/gtest.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "fuzz/targets.h"

namespace fs = std::filesystem;

namespace {

const fs::path kRegressions = fs::path(LORE_SOURCE_DIR) / "tests" / "fuzz" / "regressions";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class FuzzRegressions : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzRegressions, EachReproducerParsesOrFailsCleanly) {
  const fs::path dir = kRegressions / GetParam();
  if (!fs::exists(dir)) GTEST_SKIP() << "no reproducers for " << GetParam() << " yet";
  int replayed = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename().string().starts_with(".")) continue;
    SCOPED_TRACE(entry.path().string());
    try {
      lore::fuzz::run_target(GetParam(), read_file(entry.path()));
    } catch (const std::exception& e) {
      ADD_FAILURE() << entry.path().filename() << ": " << e.what();
    }
    ++replayed;
  }
  EXPECT_GT(replayed, 0) << dir << " exists but holds no reproducer";
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzRegressions, ::testing::ValuesIn(lore::fuzz::target_names()),
                         [](const auto& info) { return info.param; });

// A directory named after no target would be silently skipped.
TEST(FuzzRegressionsLayout, EveryDirectoryNamesATarget) {
  if (!fs::exists(kRegressions)) GTEST_SKIP() << kRegressions << " absent";
  const auto& names = lore::fuzz::target_names();
  for (const auto& entry : fs::directory_iterator(kRegressions)) {
    if (!entry.is_directory()) continue;
    EXPECT_NE(std::find(names.begin(), names.end(), entry.path().filename().string()), names.end())
        << entry.path();
  }
}

// The harness accepts the documented failure (a lore::Error naming the
// input) and a clean parse, and refuses a target it does not know.
TEST(FuzzHarness, AcceptsCleanErrorsAndRejectsUnknownTargets) {
  EXPECT_NO_THROW(lore::fuzz::run_target("json", "{\"a\": [1,"));
  EXPECT_NO_THROW(lore::fuzz::run_target("csv", "a,b\n1,2\n"));
  EXPECT_NO_THROW(lore::fuzz::run_target("docx", "@@ word/document.xml\n<w:document/>"));
  EXPECT_THROW(lore::fuzz::run_target("nope", "x"), std::invalid_argument);
}

}  // namespace
