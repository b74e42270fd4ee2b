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

NewChunk chunk(const std::string& text) {
  NewChunk c;
  c.kind = "text";
  c.text = text;
  c.token_count = 1;
  c.positions = nlohmann::json::array({{{"page", 1}, {"bbox", nullptr}}});
  return c;
}

NewDocument doc(Id kb, const std::string& name, const std::string& sha) {
  NewDocument d;
  d.kb_id = kb;
  d.name = name;
  d.mime = "text/plain";
  d.size = 10;
  d.sha256 = sha;
  return d;
}

}  // namespace

TEST(SqliteStore, FreshStoreHasDefaultTenantAndMigrates) {
  TempDir dir;
  auto store = open_store(dir.path());
  EXPECT_EQ(store->default_tenant().name, "default");
  // Reopening applies no migration twice.
  store.reset();
  store = open_store(dir.path());
  EXPECT_EQ(store->default_tenant().name, "default");
}

TEST(SqliteStore, KnowledgeBaseNamesAreUniquePerTenant) {
  TempDir dir;
  auto store = open_store(dir.path());
  const Id t = store->default_tenant().id;
  store->create_kb(t, "docs", "general", {});
  try {
    store->create_kb(t, "docs", "general", {});
    FAIL() << "expected already_exists";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::already_exists);
    EXPECT_NE(std::string(e.what()).find("docs"), std::string::npos);
  }
  const Id other = store->create_tenant("acme").id;
  EXPECT_NO_THROW(store->create_kb(other, "docs", "general", {}));
  EXPECT_EQ(store->list_kbs(t).size(), 1u);
}

TEST(SqliteStore, CommitReplacesChunksKeepsIdAndRecordsIndexOps) {
  TempDir dir;
  auto store = open_store(dir.path());
  const Id kb = store->create_kb(store->default_tenant().id, "kb", "general", {}).id;
  const Id id1 = store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one"), chunk("two")});
  const auto first_ids = store->chunk_ids(kb);
  ASSERT_EQ(first_ids.size(), 2u);
  const Id id2 = store->commit_document(doc(kb, "a.txt", "s2"), {chunk("three")});
  EXPECT_EQ(id1, id2);
  const auto chunks = store->chunks_of_document(id1);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].text, "three");
  EXPECT_GT(chunks[0].id, first_ids.back()) << "chunk ids are never reused";
  EXPECT_EQ(store->find_document(kb, "a.txt")->sha256, "s2");
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::indexing);

  auto ops = store->pending_index_ops(kb, 100);
  ASSERT_EQ(ops.size(), 2u);
  store->complete_index_ops(ops);
  EXPECT_TRUE(store->pending_index_ops(kb, 100).empty());
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::done);
}

TEST(SqliteStore, DocumentStaysIndexingWhileANewerOpIsPending) {
  TempDir dir;
  auto store = open_store(dir.path());
  const Id kb = store->create_kb(store->default_tenant().id, "kb", "general", {}).id;
  store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one")});
  auto ops = store->pending_index_ops(kb, 100);
  store->commit_document(doc(kb, "a.txt", "s2"), {chunk("two")});
  store->complete_index_ops(ops);
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::indexing);
}

TEST(SqliteStore, DeleteDocumentRemovesChunksAndRecordsOp) {
  TempDir dir;
  auto store = open_store(dir.path());
  const Id kb = store->create_kb(store->default_tenant().id, "kb", "general", {}).id;
  const Id d = store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one")});
  store->complete_index_ops(store->pending_index_ops(kb, 100));
  store->delete_document(d);
  EXPECT_EQ(store->count_chunks(kb), 0);
  auto ops = store->pending_index_ops(kb, 100);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].document_id, d);
}

TEST(SqliteStore, DocumentMetadataTakesAMergePatch) {
  TempDir dir;
  auto store = open_store(dir.path());
  const Id kb = store->create_kb(store->default_tenant().id, "kb", "general", {}).id;
  auto d = doc(kb, "a.txt", "s1");
  d.metadata = {{"title", "A"}, {"tags", {"x"}}};
  const Id id = store->commit_document(d, {chunk("one")});
  const auto merged = store->update_document_metadata(id, {{"tags", {"x", "y"}}, {"title", nullptr}, {"lang", "en"}});
  EXPECT_EQ(merged, (nlohmann::json{{"tags", {"x", "y"}}, {"lang", "en"}}));
  EXPECT_EQ(store->find_document(kb, "a.txt")->metadata, merged);
  EXPECT_THROW(store->update_document_metadata(id + 100, {{"a", 1}}), Error);
}

TEST(SqliteStore, DocumentsAreLookedUpWithinTheTenant) {
  TempDir dir;
  auto store = open_store(dir.path());
  const Id kb = store->create_kb(store->default_tenant().id, "kb", "general", {}).id;
  const Id d = store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one")});
  const Id other = store->create_tenant("other").id;
  EXPECT_TRUE(store->get_document(store->default_tenant().id, d).has_value());
  EXPECT_FALSE(store->get_document(other, d).has_value());
}

TEST(SqliteStore, InterruptedParsingIsMarkedFailed) {
  TempDir dir;
  auto store = open_store(dir.path());
  const Id kb = store->create_kb(store->default_tenant().id, "kb", "general", {}).id;
  store->begin_document(doc(kb, "a.txt", "s1"));
  EXPECT_EQ(store->fail_interrupted_documents("interrupted"), 1);
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::failed);
  EXPECT_EQ(store->find_document(kb, "a.txt")->error, "interrupted");
}

TEST(SqliteStore, DeleteKbCascades) {
  TempDir dir;
  auto store = open_store(dir.path());
  const Id t = store->default_tenant().id;
  const Id kb = store->create_kb(t, "kb", "general", {}).id;
  store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one")});
  store->delete_kb(t, kb);
  EXPECT_FALSE(store->find_kb(t, "kb").has_value());
  EXPECT_EQ(store->count_chunks(kb), 0);
  EXPECT_EQ(store->count_documents_with_sha("s1"), 0);
}

TEST(SqliteStore, JobsRoundTrip) {
  TempDir dir;
  auto store = open_store(dir.path());
  const Id kb = store->create_kb(store->default_tenant().id, "kb", "general", {}).id;
  const Id j = store->create_job(kb, "ingest", {{"files", 3}});
  store->update_job(j, "running", 0.5);
  auto job = store->get_job(j);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->status, "running");
  EXPECT_DOUBLE_EQ(job->progress, 0.5);
  EXPECT_EQ(job->payload["files"], 3);
}

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
