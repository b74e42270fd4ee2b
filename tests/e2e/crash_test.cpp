// kill -9 during a large ingest, then re-run: the store opens, no duplicate or
// orphan chunks exist, and the text index agrees with the store.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include "harness.h"
#include "index/text_index.h"
#include "store/store.h"

using lore::e2e::LoreEnv;

namespace {

// Paragraphs of distinct words so every file has several chunks.
std::string make_document(int n) {
  std::string text = "# Document " + std::to_string(n) + "\n\n";
  for (int p = 0; p < 30; ++p) {
    text += "Paragraph " + std::to_string(p) + " of file " + std::to_string(n) + " discusses token" +
            std::to_string(n * 31 + p) + " and several other ordinary words about storage, recovery and search. ";
    text += "It repeats a sentence so that chunks have a realistic size for the general template.\n\n";
  }
  return text;
}

void expect_store_and_index_agree(const LoreEnv& env) {
  auto store = lore::store::open_store(env.data_dir());
  const auto kb = store->find_kb(store->default_tenant().id, "kb");
  ASSERT_TRUE(kb);
  EXPECT_TRUE(store->pending_index_ops(kb->id, 1).empty()) << "recovery left index ops pending";

  std::set<std::string> names;
  for (const auto& doc : store->list_documents(kb->id)) {
    EXPECT_TRUE(names.insert(doc.name).second) << "duplicate document " << doc.name;
    EXPECT_TRUE(doc.status == lore::store::DocStatus::done || doc.status == lore::store::DocStatus::failed)
        << doc.name << " left in status " << lore::store::doc_status_name(doc.status);
    const auto chunks = store->chunks_of_document(doc.id);
    for (size_t i = 0; i < chunks.size(); ++i) EXPECT_EQ(chunks[i].ordinal, static_cast<int64_t>(i)) << doc.name;
    if (doc.status == lore::store::DocStatus::failed) {
      EXPECT_TRUE(chunks.empty()) << doc.name;
    }
  }
  const auto store_ids = store->chunk_ids(kb->id);
  auto index = lore::index::open_text_index(env.data_dir() / "kb" / std::to_string(kb->id) / "text",
                                            lore::index::OpenMode::read);
  EXPECT_EQ(index->chunk_ids(), store_ids) << "index and store disagree";
}

}  // namespace

TEST(Crash, KillDuringIngestThenRerunLeavesConsistentStoreAndIndex) {
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  constexpr int kFiles = 600;
  for (int i = 0; i < kFiles; ++i) env.write("corpus/doc" + std::to_string(i) + ".md", make_document(i));

  // Small index batches so the kill lands between store and index commits.
  const pid_t pid = env.spawn({"ingest", "corpus", "--kb", "kb"});
  const auto db = env.data_dir() / "lore.db";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  // Wait until some documents are committed, then kill mid-flight.
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!std::filesystem::exists(db)) continue;
    auto store = lore::store::open_store(env.data_dir());
    const auto kb = store->find_kb(store->default_tenant().id, "kb");
    if (kb && kb->chunk_count > 200) break;
  }
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "ingest finished before it could be killed; make the corpus larger";

  // Any command recovers (it takes the free writer lock and syncs the outbox).
  auto show = env.run({"kb", "show", "kb", "--json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  expect_store_and_index_agree(env);

  auto rerun = env.run({"ingest", "corpus", "--kb", "kb", "--json"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  auto summary = rerun.json()["summary"];
  EXPECT_EQ(summary["failed"], 0);
  EXPECT_EQ(summary["added"].get<int>() + summary["replaced"].get<int>() + summary["unchanged"].get<int>(), kFiles);
  expect_store_and_index_agree(env);
  auto kb = env.run({"kb", "show", "kb", "--json"}).json();
  EXPECT_EQ(kb["documents"], kFiles);

  auto hit = env.run({"search", "token" + std::to_string(7 * 31 + 3), "--kb", "kb", "--json"}).json();
  ASSERT_FALSE(hit["results"].empty());
  EXPECT_EQ(hit["results"][0]["document"], "corpus/doc7.md");
}
