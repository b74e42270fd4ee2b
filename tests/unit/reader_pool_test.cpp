// ReaderPool: readers are reused between requests and never outlive a write.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "pipeline/ingest.h"
#include "pipeline/search.h"
#include "server/reader_pool.h"

using namespace lore;

namespace {

class ReaderPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lore-pool-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    config_.data_dir = dir_ / "data";
    writer_ = std::make_unique<pipeline::Workspace>(config_, pipeline::Access::write);
    kb_ = writer_->create_kb("kb", "general");
    add("harbour.md", "# Harbour\n\nThe quartermaster ledger records every saffron shipment.\n");
  }
  void TearDown() override {
    writer_.reset();
    std::filesystem::remove_all(dir_);
  }
  void add(const std::string& name, const std::string& text) {
    const auto file = dir_ / name;
    std::ofstream(file) << text;
    pipeline::ingest(*writer_, kb_, pipeline::expand_inputs({file.string()}));
  }
  static std::vector<std::string> documents_found(server::ReaderPool::Lease& lease,
                                                  const store::KnowledgeBase& kb, const std::string& query) {
    std::vector<std::string> names;
    for (const auto& h : pipeline::search(lease.workspace(), kb, {query, 5}, &lease.searcher(kb)))
      names.push_back(h.document_name);
    return names;
  }

  std::filesystem::path dir_;
  Config config_;
  std::unique_ptr<pipeline::Workspace> writer_;
  store::KnowledgeBase kb_;
};

}  // namespace

TEST_F(ReaderPoolTest, AReleasedReaderIsReusedUntilAWrite) {
  server::ReaderPool pool(config_, 2);
  const pipeline::Workspace* first = nullptr;
  {
    auto lease = pool.acquire();
    first = &lease.workspace();
    EXPECT_EQ(documents_found(lease, kb_, "saffron"), std::vector<std::string>{"harbour.md"});
  }
  {
    auto lease = pool.acquire();
    EXPECT_EQ(&lease.workspace(), first) << "an idle current reader is handed out again";
    // Two requests at once get two readers.
    auto other = pool.acquire();
    EXPECT_NE(&other.workspace(), first);
  }

  add("garden.md", "# Garden\n\nThe garden journal records every saffron crocus harvest.\n");
  pool.changed();
  auto lease = pool.acquire();
  auto found = documents_found(lease, kb_, "saffron");
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"garden.md", "harbour.md"}))
      << "a reader opened before the write must not serve after it";
}

TEST_F(ReaderPoolTest, AReaderInUseDuringAWriteIsNotReturned) {
  server::ReaderPool pool(config_, 2);
  {
    auto lease = pool.acquire();
    EXPECT_EQ(documents_found(lease, kb_, "saffron"), std::vector<std::string>{"harbour.md"});
    // A write commits while the lease is out; its index snapshot is now old.
    add("garden.md", "# Garden\n\nThe garden journal records every saffron crocus harvest.\n");
    pool.changed();
  }
  auto lease = pool.acquire();
  EXPECT_EQ(documents_found(lease, kb_, "saffron").size(), 2u);
}
