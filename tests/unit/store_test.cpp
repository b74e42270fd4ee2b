#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "blob/blob_store.h"
#include "core/error.h"
#include "core/hash.h"
#include "store/store.h"

using namespace lore;
using namespace lore::store;

namespace {

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("lore-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

}  // namespace

// The Store itself is tested on every backend in store_conformance_test.cpp.

TEST(BlobStore, StoresByContentHashAndIsIdempotent) {
  TempDir dir;
  blob::BlobStore blobs(dir.path() / "blobs");
  const std::string sha = blobs.put("hello world");
  EXPECT_EQ(sha, sha256_hex("hello world"));
  EXPECT_EQ(blobs.put("hello world"), sha);
  EXPECT_TRUE(blobs.contains(sha));
  EXPECT_EQ(blobs.get(sha), "hello world");
  EXPECT_EQ(blobs.path_of(sha).parent_path().filename().string(), sha.substr(0, 2));
  blobs.remove(sha);
  EXPECT_FALSE(blobs.contains(sha));
  EXPECT_THROW(blobs.get(sha), Error);
}

TEST(BlobStore, SweepsTempFilesLeftByACrash) {
  TempDir dir;
  blob::BlobStore blobs(dir.path() / "blobs");
  std::filesystem::create_directories(dir.path() / "blobs" / "ab");
  std::ofstream(dir.path() / "blobs" / "ab" / ".tmp-cdef-123") << "partial";
  EXPECT_EQ(blobs.sweep_temp_files(), 1u);
}

TEST(BlobStore, CopyAllSkipsPresentBlobsAndNeverSpreadsADamagedOne) {
  TempDir dir;
  blob::BlobStore from(dir.path() / "from"), to(dir.path() / "to");
  const std::string a = from.put("alpha"), b = from.put("beta"), c = from.put("gamma");
  to.put("beta");
  std::ofstream(from.path_of(c), std::ios::app) << " tampered";
  std::filesystem::create_directories(dir.path() / "from" / "ab");
  std::ofstream(dir.path() / "from" / "ab" / ".tmp-cdef-1") << "partial";  // not a blob
  EXPECT_EQ(from.list().size(), 3u);

  const auto report = blob::copy_all(from, to);
  EXPECT_EQ(report.copied, 1);
  EXPECT_EQ(report.present, 1);
  EXPECT_EQ(report.bytes, 5);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_NE(report.errors[0].find(c.substr(2)), std::string::npos) << report.errors[0];
  EXPECT_EQ(to.get(a), "alpha");
  EXPECT_FALSE(to.contains(c));
}
