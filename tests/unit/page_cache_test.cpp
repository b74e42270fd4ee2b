#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "server/page_cache.h"

using lore::server::PageCache;
namespace fsys = std::filesystem;

namespace {
fsys::path temp_dir() {
  auto dir = fsys::temp_directory_path() / ("lore-page-cache-" + std::to_string(::getpid()));
  fsys::remove_all(dir);
  return dir;
}
void age(const fsys::path& file, int seconds) {
  fsys::last_write_time(file, fsys::file_time_type::clock::now() - std::chrono::seconds(seconds));
}
}  // namespace

TEST(PageCache, KeepsUnderTheLimitByDroppingTheLeastRecentlyUsed) {
  const auto dir = temp_dir();
  PageCache cache(dir, 1000);
  const std::string page(400, 'x');
  cache.put("s1/1@150.png", page);
  cache.put("s2/1@150.png", page);
  age(dir / "s1/1@150.png", 100);
  age(dir / "s2/1@150.png", 50);
  ASSERT_TRUE(cache.get("s1/1@150.png"));  // a hit makes s1 the most recently used
  cache.put("s3/1@150.png", page);         // 1200 bytes > 1000: prune to <= 800
  EXPECT_TRUE(fsys::exists(dir / "s1/1@150.png"));
  EXPECT_FALSE(fsys::exists(dir / "s2/1@150.png"));
  EXPECT_FALSE(fsys::exists(dir / "s2")) << "emptied directories go too";
  EXPECT_TRUE(fsys::exists(dir / "s3/1@150.png"));
  EXPECT_EQ(cache.size(), 800u);
  EXPECT_FALSE(cache.get("s2/1@150.png"));
  fsys::remove_all(dir);
}

TEST(PageCache, CountsWhatAnEarlierProcessLeftAndZeroMeansOff) {
  const auto dir = temp_dir();
  {
    PageCache first(dir, 1 << 20);
    first.put("a/1@100.png", std::string(300, 'a'));
  }
  PageCache second(dir, 1 << 20);
  EXPECT_EQ(second.size(), 300u);
  EXPECT_EQ(*second.get("a/1@100.png"), std::string(300, 'a'));
  PageCache off(dir / "off", 0);
  off.put("b/1@100.png", "png");
  EXPECT_FALSE(off.get("b/1@100.png"));
  fsys::remove_all(dir);
}
