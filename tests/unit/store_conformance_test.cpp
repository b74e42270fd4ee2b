// One Store conformance suite, run on every backend (SQLite and PostgreSQL):
// both implement store.h with the same observable behaviour.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <set>
#include <thread>

#include "../support/pg_test_db.h"
#include "../support/store_backends.h"
#include "core/error.h"
#include "core/hash.h"
#include "pg/url.h"

using namespace lore;
using namespace lore::store;

namespace {

using StoreConformance = lore::testing::StoreBackendTest;

NewChunk chunk(const std::string& text, std::vector<float> embedding = {}) {
  NewChunk c;
  c.kind = "text";
  c.text = text;
  c.token_count = 1;
  c.positions = nlohmann::json::array({{{"page", 1}, {"bbox", nullptr}}});
  c.embedding = std::move(embedding);
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

template <typename F>
ErrorCode error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "expected a lore::Error";
  return ErrorCode::internal;
}

Id make_kb(Store& s, const std::string& name = "kb") {
  return s.create_kb(s.default_tenant().id, name, "general", {}).id;
}

}  // namespace

LORE_INSTANTIATE_STORE_BACKENDS(StoreConformance);

TEST_P(StoreConformance, FreshStoreHasDefaultTenantAndMigrates) {
  auto store = open();
  EXPECT_EQ(store->default_tenant().name, "default");
  store.reset();
  store = open();  // reopening applies no migration twice
  EXPECT_EQ(store->default_tenant().name, "default");
  EXPECT_EQ(store->list_tenants().size(), 1u);
}

TEST_P(StoreConformance, KnowledgeBaseNamesAreUniquePerTenant) {
  auto store = open();
  const Id t = store->default_tenant().id;
  const auto kb = store->create_kb(t, "docs", "general", {{"dims", 3}});
  EXPECT_EQ(kb.settings["dims"], 3);
  EXPECT_TRUE(std::regex_match(kb.created_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << kb.created_at;
  try {
    store->create_kb(t, "docs", "general", {});
    FAIL() << "expected already_exists";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::already_exists);
    EXPECT_NE(std::string(e.what()).find("docs"), std::string::npos);
  }
  const Id other = store->create_tenant("acme").id;
  EXPECT_EQ(error_of([&] { store->create_tenant("acme"); }), ErrorCode::already_exists);
  EXPECT_NO_THROW(store->create_kb(other, "docs", "general", {}));
  EXPECT_EQ(store->list_kbs(t).size(), 1u);
  EXPECT_EQ(store->all_kbs().size(), 2u);
  EXPECT_FALSE(store->get_kb(other, kb.id).has_value());
  EXPECT_EQ(store->find_tenant("acme")->id, other);
}

TEST_P(StoreConformance, CommitReplacesChunksKeepsIdAndRecordsIndexOps) {
  auto store = open();
  const Id kb = make_kb(*store);
  const Id id1 = store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one"), chunk("two")});
  const auto first_ids = store->chunk_ids(kb);
  ASSERT_EQ(first_ids.size(), 2u);
  const Id id2 = store->commit_document(doc(kb, "a.txt", "s2"), {chunk("three")});
  EXPECT_EQ(id1, id2);
  const auto chunks = store->chunks_of_document(id1);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_EQ(chunks[0].text, "three");
  EXPECT_EQ(chunks[0].positions[0]["page"], 1);
  EXPECT_GT(chunks[0].id, first_ids.back()) << "chunk ids are never reused";
  EXPECT_EQ(store->find_document(kb, "a.txt")->sha256, "s2");
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::indexing);
  EXPECT_EQ(store->find_document(kb, "a.txt")->chunk_count, 1);

  auto ops = store->pending_index_ops(kb, 100);
  ASSERT_EQ(ops.size(), 2u);
  store->complete_index_ops(ops);
  EXPECT_TRUE(store->pending_index_ops(kb, 100).empty());
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::done);
}

TEST_P(StoreConformance, DocumentStaysIndexingWhileANewerOpIsPending) {
  auto store = open();
  const Id kb = make_kb(*store);
  store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one")});
  auto ops = store->pending_index_ops(kb, 100);
  store->commit_document(doc(kb, "a.txt", "s2"), {chunk("two")});
  store->complete_index_ops(ops);
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::indexing);
}

TEST_P(StoreConformance, DeleteDocumentRemovesChunksAndRecordsOp) {
  auto store = open();
  const Id kb = make_kb(*store);
  const Id d = store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one")});
  store->complete_index_ops(store->pending_index_ops(kb, 100));
  store->delete_document(d);
  EXPECT_EQ(store->count_chunks(kb), 0);
  auto ops = store->pending_index_ops(kb, 100);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].document_id, d);
  EXPECT_EQ(error_of([&] { store->delete_document(d); }), ErrorCode::not_found);
}

TEST_P(StoreConformance, ReplacingOrDeletingADocumentDropsTheRaptorTree) {
  auto store = open();
  const Id kb = make_kb(*store);
  const Id a = store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one")});
  const Id tree = store->commit_document(doc(kb, kRaptorDocument, ""), {});
  store->replace_summary_chunks(tree, {chunk("summary of everything")}, "");
  store->complete_index_ops(store->pending_index_ops(kb, 100));
  store->commit_document(doc(kb, "a.txt", "s2"), {chunk("changed")});
  EXPECT_FALSE(store->find_document(kb, kRaptorDocument).has_value());
  std::set<Id> op_docs;
  for (const auto& op : store->pending_index_ops(kb, 100)) op_docs.insert(op.document_id);
  EXPECT_EQ(op_docs, (std::set<Id>{a, tree}));

  const Id tree2 = store->commit_document(doc(kb, kRaptorDocument, ""), {});
  store->delete_document(a);
  EXPECT_FALSE(store->get_document(store->default_tenant().id, tree2).has_value());
  EXPECT_EQ(store->count_chunks(kb), 0);
}

TEST_P(StoreConformance, DocumentMetadataTakesAMergePatch) {
  auto store = open();
  const Id kb = make_kb(*store);
  auto d = doc(kb, "a.txt", "s1");
  d.metadata = {{"title", "A"}, {"tags", {"x"}}};
  const Id id = store->commit_document(d, {chunk("one")});
  const auto merged =
      store->update_document_metadata(id, {{"tags", {"x", "y"}}, {"title", nullptr}, {"lang", "en"}});
  EXPECT_EQ(merged, (nlohmann::json{{"tags", {"x", "y"}}, {"lang", "en"}}));
  EXPECT_EQ(store->find_document(kb, "a.txt")->metadata, merged);
  EXPECT_EQ(error_of([&] { store->update_document_metadata(id + 100, {{"a", 1}}); }), ErrorCode::not_found);
}

TEST_P(StoreConformance, DocumentsAndChunksAreLookedUpWithinTheTenant) {
  auto store = open();
  const Id kb = make_kb(*store);
  const Id d = store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one")});
  const Id other = store->create_tenant("other").id;
  const Id t = store->default_tenant().id;
  EXPECT_TRUE(store->get_document(t, d).has_value());
  EXPECT_FALSE(store->get_document(other, d).has_value());
  const Id c = store->chunk_ids(kb).at(0);
  EXPECT_EQ(store->get_chunk(t, c)->text, "one");
  EXPECT_FALSE(store->get_chunk(other, c).has_value());
}

TEST_P(StoreConformance, ChunkEditsRecordOpsAndGetChunksKeepsOrder) {
  auto store = open();
  const Id kb = make_kb(*store);
  store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one"), chunk("two"), chunk("three")});
  store->complete_index_ops(store->pending_index_ops(kb, 100));
  const auto ids = store->chunk_ids(kb);
  store->update_chunk_text(ids[0], "uno", 7);
  store->set_chunk_enabled(ids[1], false);
  EXPECT_EQ(store->pending_index_ops(kb, 100).size(), 2u);
  const auto got = store->get_chunks({ids[2], ids[0] + 1000, ids[0], ids[1]});
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].text, "three");
  EXPECT_EQ(got[1].text, "uno");
  EXPECT_EQ(got[1].token_count, 7);
  EXPECT_FALSE(got[2].enabled);
  EXPECT_TRUE(got[0].enabled);
  EXPECT_EQ(error_of([&] { store->update_chunk_text(ids[0] + 1000, "x", 1); }), ErrorCode::not_found);
}

TEST_P(StoreConformance, InterruptedParsingIsMarkedFailed) {
  auto store = open();
  const Id kb = make_kb(*store);
  store->begin_document(doc(kb, "a.txt", "s1"));
  EXPECT_EQ(error_of([&] { store->begin_document(doc(kb, "a.txt", "s1")); }), ErrorCode::already_exists);
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::parsing);
  EXPECT_EQ(store->fail_interrupted_documents("interrupted"), 1);
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::failed);
  EXPECT_EQ(store->find_document(kb, "a.txt")->error, "interrupted");
}

TEST_P(StoreConformance, DeleteKbCascades) {
  auto store = open();
  const Id t = store->default_tenant().id;
  const Id kb = make_kb(*store);
  auto d = doc(kb, "a.txt", "s1");
  d.embedding_model = "m";
  const Id doc_id = store->commit_document(d, {chunk("one", {1, 0})});
  store->create_job(kb, "ingest", {});
  store->delete_kb(t, kb);
  EXPECT_TRUE(store->document_embeddings(doc_id, "m").empty());
  EXPECT_TRUE(store->pending_index_ops(kb, 10).empty());
  EXPECT_FALSE(store->find_kb(t, "kb").has_value());
  EXPECT_EQ(store->count_chunks(kb), 0);
  EXPECT_EQ(store->count_documents_with_sha("s1"), 0);
  EXPECT_EQ(store->count_jobs("queued"), 0);
  EXPECT_EQ(error_of([&] { store->delete_kb(t, kb); }), ErrorCode::not_found);
}

TEST_P(StoreConformance, FigureBlobsCountAsReferences) {
  auto store = open();
  const Id kb = make_kb(*store);
  auto d = doc(kb, "a.pdf", "orig");
  d.metadata = {{"figure_blobs", {"fig1", "fig2", 3}}};
  store->commit_document(d, {chunk("one")});
  EXPECT_EQ(store->count_documents_with_sha("orig"), 1);
  EXPECT_EQ(store->count_documents_with_sha("fig1"), 1);
  d.metadata = {{"figure_blobs", {"fig2"}}};
  store->commit_document(d, {chunk("one")});
  EXPECT_EQ(store->count_documents_with_sha("fig1"), 0);
  EXPECT_EQ(store->count_documents_with_sha("fig2"), 1);
}

TEST_P(StoreConformance, EnqueueIngestCreatesTheQueuedDocumentOnce) {
  auto store = open();
  const Id kb = make_kb(*store);
  const auto first = store->enqueue_ingest(doc(kb, "a.txt", "s1"), {{"blob", "s1"}});
  EXPECT_TRUE(first.new_document);
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::queued);
  const auto second = store->enqueue_ingest(doc(kb, "a.txt", "s2"), {{"blob", "s2"}});
  EXPECT_FALSE(second.new_document);
  EXPECT_EQ(second.document_id, first.document_id);
  EXPECT_NE(second.job_id, first.job_id);
  const auto job = store->get_job(second.job_id);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->payload["document_id"], first.document_id);
  EXPECT_EQ(job->payload["blob"], "s2");
  EXPECT_EQ(job->kind, "ingest");
  EXPECT_EQ(store->list_jobs(kb, 10).front().id, second.job_id) << "newest first";
}

TEST_P(StoreConformance, JobsRoundTripWithinTheTenant) {
  auto store = open();
  const Id kb = make_kb(*store);
  const Id j = store->create_job(kb, "ingest", {{"files", 3}});
  store->update_job(j, "running", 0.5);
  store->set_job_stage(j, "parsing", 0.25);
  auto job = store->get_job(j);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->status, "running");
  EXPECT_DOUBLE_EQ(job->progress, 0.25);
  EXPECT_EQ(job->stage, "parsing");
  EXPECT_EQ(job->payload["files"], 3);
  EXPECT_TRUE(store->find_job(store->default_tenant().id, j).has_value());
  EXPECT_FALSE(store->find_job(store->create_tenant("other").id, j).has_value());
  store->update_job(j, "failed", 1, "boom");
  EXPECT_EQ(store->get_job(j)->error, "boom");
  EXPECT_EQ(store->count_jobs("failed"), 1);
  EXPECT_FALSE(store->get_job(j + 100).has_value());
}

TEST_P(StoreConformance, ClaimJobIsExclusiveAcrossStores) {
  constexpr int kJobs = 40;
  auto setup = open();
  const Id kb = make_kb(*setup);
  for (int i = 0; i < kJobs; ++i) setup->create_job(kb, "ingest", {{"i", i}});
  setup->create_job(kb, "other", {});
  std::vector<Id> claimed[2];
  std::string errors[2];
  std::vector<std::thread> workers;
  for (int w = 0; w < 2; ++w)
    workers.emplace_back([this, &claimed, &errors, w] {
      try {
        auto store = open();  // one Store per thread, as store.h requires
        while (auto job = store->claim_job("ingest")) claimed[w].push_back(job->id);
      } catch (const std::exception& e) {
        errors[w] = e.what();
      }
    });
  for (auto& t : workers) t.join();
  EXPECT_EQ(errors[0] + errors[1], "");
  std::set<Id> all(claimed[0].begin(), claimed[0].end());
  all.insert(claimed[1].begin(), claimed[1].end());
  EXPECT_EQ(claimed[0].size() + claimed[1].size(), static_cast<size_t>(kJobs)) << "no job claimed twice";
  EXPECT_EQ(all.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(setup->count_jobs("running"), kJobs);
  EXPECT_EQ(setup->count_jobs("queued"), 1) << "other kinds stay queued";
  for (Id id : all) EXPECT_EQ(setup->get_job(id)->attempts, 1);
}

TEST_P(StoreConformance, RecoverInterruptedJobsRequeuesThenGivesUp) {
  auto store = open();
  const Id kb = make_kb(*store);
  const auto q = store->enqueue_ingest(doc(kb, "a.txt", "s1"), {});
  auto job = store->claim_job("ingest");
  ASSERT_TRUE(job);
  EXPECT_EQ(job->id, q.job_id);
  EXPECT_EQ(job->status, "running");
  EXPECT_EQ(store->recover_interrupted_jobs(2, "died"), (std::pair<int64_t, int64_t>{1, 0}));
  EXPECT_EQ(store->get_job(q.job_id)->status, "queued");
  EXPECT_EQ(store->claim_job("ingest")->attempts, 2);
  EXPECT_FALSE(store->claim_job("ingest").has_value());
  EXPECT_EQ(store->recover_interrupted_jobs(2, "died"), (std::pair<int64_t, int64_t>{0, 1}));
  EXPECT_EQ(store->get_job(q.job_id)->status, "failed");
  EXPECT_EQ(store->get_job(q.job_id)->error, "died");
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::failed);
}

// A negative lease is expired at once: lease expiry without sleeping.
JobLease lease_of(const std::string& worker, double seconds, int64_t max_attempts = 3) {
  return JobLease{worker, seconds, max_attempts};
}

TEST_P(StoreConformance, ExpiredLeaseLetsAnotherWorkerClaimAndFencesTheFirst) {
  auto store = open();
  const Id kb = make_kb(*store);
  const auto q = store->enqueue_ingest(doc(kb, "a.txt", "s1"), {});
  auto a = store->claim_job("ingest", lease_of("host:1:0", -1));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->worker, "host:1:0");
  EXPECT_FALSE(a->lease_expires_at.empty());
  auto b = store->claim_job("ingest", lease_of("host:2:0", 60));
  ASSERT_TRUE(b) << "a running job whose lease expired is claimable";
  EXPECT_EQ(b->id, q.job_id);
  EXPECT_EQ(b->attempts, 2);
  EXPECT_EQ(b->worker, "host:2:0");
  EXPECT_NE(b->error.find("host:1:0"), std::string::npos) << b->error;
  EXPECT_FALSE(store->heartbeat_job(q.job_id, "host:1:0", 60)) << "the first worker lost its lease";
  EXPECT_FALSE(store->retry_job(q.job_id, "host:1:0", "late", 0, 3)) << "a fenced worker changes nothing";
  EXPECT_TRUE(store->heartbeat_job(q.job_id, "host:2:0", 60));
  EXPECT_FALSE(store->claim_job("ingest", lease_of("host:3:0", 60)).has_value()) << "a live lease is kept";
  EXPECT_EQ(store->get_job(q.job_id)->status, "running");
  store->update_job(q.job_id, "done", 1.0, "");
  EXPECT_FALSE(store->heartbeat_job(q.job_id, "host:2:0", 60)) << "a finished job has no lease";
}

TEST_P(StoreConformance, JobOfDyingWorkersIsDeadLetteredAfterMaxAttempts) {
  auto store = open();
  const Id kb = make_kb(*store);
  const auto q = store->enqueue_ingest(doc(kb, "a.txt", "s1"), {});
  const auto other = store->create_job(kb, "ingest", {});
  ASSERT_EQ(store->claim_job("ingest", lease_of("w1", -1, 2))->id, q.job_id);
  ASSERT_EQ(store->claim_job("ingest", lease_of("w2", -1, 2))->id, q.job_id);
  // Two attempts, both workers died: the next claim dead-letters it and takes the next job.
  auto next = store->claim_job("ingest", lease_of("w3", 60, 2));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, other);
  const auto dead = store->get_job(q.job_id);
  EXPECT_EQ(dead->status, "failed");
  EXPECT_EQ(dead->attempts, 2);
  EXPECT_NE(dead->error.find("2 attempt"), std::string::npos) << dead->error;
  EXPECT_NE(dead->error.find("w2"), std::string::npos) << dead->error;
  EXPECT_EQ(store->find_document(kb, "a.txt")->status, DocStatus::failed);
  EXPECT_FALSE(store->claim_job("ingest", lease_of("w4", 60, 2)).has_value());
}

TEST_P(StoreConformance, RetryWaitsForBackoffThenGivesUp) {
  auto store = open();
  const Id kb = make_kb(*store);
  const Id slow = store->create_job(kb, "ingest", {});
  ASSERT_EQ(store->claim_job("ingest", lease_of("w1", 60))->id, slow);
  EXPECT_TRUE(store->retry_job(slow, "w1", "model server down", 3600, 3));
  EXPECT_EQ(store->get_job(slow)->status, "queued");
  EXPECT_EQ(store->get_job(slow)->error, "model server down");
  EXPECT_FALSE(store->claim_job("ingest", lease_of("w2", 60)).has_value()) << "backoff not over yet";

  const Id fast = store->create_job(kb, "ingest", {});
  ASSERT_EQ(store->claim_job("ingest", lease_of("w1", 60, 2))->id, fast);
  EXPECT_TRUE(store->retry_job(fast, "w1", "timeout", 0, 2));
  auto again = store->claim_job("ingest", lease_of("w2", 60, 2));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, fast);
  EXPECT_EQ(again->attempts, 2);
  EXPECT_FALSE(store->retry_job(fast, "w2", "timeout again", 0, 2)) << "out of attempts";
  const auto failed = store->get_job(fast);
  EXPECT_EQ(failed->status, "failed");
  EXPECT_EQ(failed->error, "failed after 2 attempt(s); last error: timeout again");
  EXPECT_FALSE(store->claim_job("ingest", lease_of("w3", 60, 2)).has_value());
}

TEST_P(StoreConformance, ApiKeysKeepHashesAndRevokeOnce) {
  auto store = open();
  ApiKey key;
  key.tenant_id = store->create_tenant("acme").id;
  key.name = "ci";
  key.prefix = "lore_abc";
  key.salt = "00ff";
  key.hash = sha256_hex("00ffsecret");
  key.admin = true;
  const auto created = store->create_api_key(key);
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.tenant_name, "acme");
  EXPECT_TRUE(created.admin);
  EXPECT_TRUE(created.revoked_at.empty());
  EXPECT_EQ(store->find_api_key("lore_abc")->hash, key.hash);
  EXPECT_FALSE(store->find_api_key("lore_nope").has_value());
  EXPECT_EQ(error_of([&] { store->create_api_key(key); }), ErrorCode::already_exists);
  key.prefix = "lore_def";
  key.admin = false;
  store->create_api_key(key);
  EXPECT_EQ(store->list_api_keys().size(), 2u);
  EXPECT_EQ(store->count_active_api_keys(), 2);
  store->revoke_api_key(created.id);
  EXPECT_FALSE(store->find_api_key("lore_abc")->revoked_at.empty());
  EXPECT_EQ(store->count_active_api_keys(), 1);
  EXPECT_EQ(error_of([&] { store->revoke_api_key(created.id); }), ErrorCode::not_found);
}

TEST_P(StoreConformance, SessionsAndMessagesStayWithinTheTenant) {
  auto store = open();
  const Id t = store->default_tenant().id;
  const Id kb = make_kb(*store);
  const auto s = store->create_session(t, kb, "first chat");
  EXPECT_EQ(s.kb_name, "kb");
  EXPECT_EQ(s.message_count, 0);
  store->add_message(s.id, "user", "what is lore?", nlohmann::json::array());
  const auto m = store->add_message(s.id, "assistant", "an engine [1]", {{{"chunk_id", 7}}});
  EXPECT_EQ(m.citations[0]["chunk_id"], 7);
  EXPECT_EQ(error_of([&] { store->add_message(s.id, "robot", "x", {}); }), ErrorCode::invalid_argument);
  const auto msgs = store->list_messages(s.id);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].role, "user");
  EXPECT_EQ(msgs[1].content, "an engine [1]");
  EXPECT_EQ(store->get_session(t, s.id)->message_count, 2);
  const Id other = store->create_tenant("other").id;
  EXPECT_FALSE(store->get_session(other, s.id).has_value());
  EXPECT_TRUE(store->list_sessions(other).empty());
  EXPECT_EQ(error_of([&] { store->delete_session(other, s.id); }), ErrorCode::not_found);
  const auto s2 = store->create_session(t, kb, "second");
  EXPECT_EQ(store->list_sessions(t).front().id, s2.id) << "newest first";
  store->delete_session(t, s.id);
  EXPECT_TRUE(store->list_messages(s.id).empty());
  EXPECT_EQ(store->list_sessions(t).size(), 1u);
}

TEST_P(StoreConformance, EmbeddingsAreStoredCachedAndFingerprinted) {
  auto store = open();
  const Id kb = make_kb(*store);
  auto d = doc(kb, "a.txt", "s1");
  d.embedding_model = "m1";
  const Id id =
      store->commit_document(d, {chunk("one", {1.5f, -2}), chunk("two", {0.25f, 3}), chunk("three")});
  const auto ids = store->chunk_ids(kb);
  const auto embs = store->document_embeddings(id, "m1");
  ASSERT_EQ(embs.size(), 2u);
  EXPECT_EQ(embs[0].chunk_id, ids[0]);
  EXPECT_EQ(embs[0].vector, (std::vector<float>{1.5f, -2}));
  EXPECT_EQ(embs[1].vector, (std::vector<float>{0.25f, 3}));
  EXPECT_TRUE(store->document_embeddings(id, "m2").empty());
  EXPECT_EQ(store->embedding_fingerprint(kb, "m1"), (EmbeddingFingerprint{2, ids[0] + ids[1]}));
  const auto page = store->kb_embeddings(kb, "m1", ids[0], 10);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].chunk_id, ids[1]);
  EXPECT_EQ(store->kb_embeddings(kb, "m1", 0, 1).size(), 1u);
  store->set_chunk_enabled(ids[1], false);  // disabled chunks leave every read
  EXPECT_EQ(store->embedding_fingerprint(kb, "m1"), (EmbeddingFingerprint{1, ids[0]}));
  EXPECT_EQ(store->document_embeddings(id, "m1").size(), 1u);

  const auto cached =
      store->cached_embeddings("m1", {sha256_hex("two"), sha256_hex("three"), sha256_hex("one")});
  EXPECT_EQ(cached[0], (std::vector<float>{0.25f, 3}));
  EXPECT_TRUE(cached[1].empty());
  EXPECT_EQ(cached[2], (std::vector<float>{1.5f, -2}));

  // Re-embedding under another model: adopt fails until every text is cached.
  store->cache_embeddings("m2", {{sha256_hex("one"), {1, 1, 1}}, {sha256_hex("two"), {2, 2, 2}}});
  EXPECT_EQ(error_of([&] {
              store->adopt_cached_embeddings(kb, "m2", {{"model", "m2"}});
            }),
            ErrorCode::internal);
  store->cache_embeddings("m2", {{sha256_hex("three"), {0, 0, 0}}, {sha256_hex("three"), {3, 3, 3}}});
  store->adopt_cached_embeddings(kb, "m2", {{"model", "m2"}});
  EXPECT_EQ(store->get_kb(store->default_tenant().id, kb)->settings["model"], "m2");
  store->set_chunk_enabled(ids[1], true);
  const auto adopted = store->document_embeddings(id, "m2");
  ASSERT_EQ(adopted.size(), 3u);
  EXPECT_EQ(adopted[2].vector, (std::vector<float>{3, 3, 3})) << "the last cached vector of a text wins";
  EXPECT_TRUE(store->document_embeddings(id, "m1").empty());
  EXPECT_EQ(error_of([&] { store->set_kb_settings(kb + 100, {}); }), ErrorCode::not_found);
}

TEST_P(StoreConformance, ReplaceSummaryChunksKeepsTheOtherChunks) {
  auto store = open();
  const Id kb = make_kb(*store);
  const Id id = store->commit_document(doc(kb, "a.txt", "s1"), {chunk("one"), chunk("two")});
  store->complete_index_ops(store->pending_index_ops(kb, 100));
  const auto first = store->replace_summary_chunks(id, {chunk("sum 1", {1, 0}), chunk("sum 2", {0, 1})}, "m");
  ASSERT_EQ(first.size(), 2u);
  auto chunks = store->chunks_of_document(id);
  ASSERT_EQ(chunks.size(), 4u);
  EXPECT_EQ(chunks[2].kind, "summary");
  EXPECT_EQ(chunks[2].id, first[0]);
  EXPECT_EQ(chunks[3].ordinal, 3);
  EXPECT_EQ(store->document_embeddings(id, "m").size(), 2u);
  EXPECT_EQ(store->pending_index_ops(kb, 100).size(), 1u);
  const auto second = store->replace_summary_chunks(id, {chunk("sum 3")}, "m");
  chunks = store->chunks_of_document(id);
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[2].text, "sum 3");
  EXPECT_GT(second[0], first[1]);
  EXPECT_TRUE(store->document_embeddings(id, "m").empty());
  EXPECT_EQ(error_of([&] { store->replace_summary_chunks(id + 100, {}, "m"); }), ErrorCode::not_found);
}

TEST_P(StoreConformance, ConcurrentFirstOpensMigrateOnce) {
  if (!postgres()) GTEST_SKIP() << "the embedded store is opened under the data directory's writer lock";
  std::vector<std::thread> nodes;
  std::atomic<int> ok{0};
  for (int i = 0; i < 3; ++i)
    nodes.emplace_back([this, &ok] {
      try {
        if (open()->default_tenant().name == "default") ++ok;
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
      }
    });
  for (auto& t : nodes) t.join();
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(open()->list_tenants().size(), 1u);
}

TEST(StoreUrl, PasswordsAreMasked) {
  EXPECT_EQ(pg::mask_url_password("postgresql://lore:s3cret@db:5432/lore"),
            "postgresql://lore:***@db:5432/lore");
  EXPECT_EQ(pg::mask_url_password("postgresql://lore@db/lore?sslmode=require&password=x1"),
            "postgresql://lore@db/lore?sslmode=require&password=***");
  EXPECT_EQ(pg::mask_url_password("host=db password='a b' user=lore"), "host=db password=*** user=lore");
  EXPECT_EQ(pg::mask_url_password("postgresql://lore@/lore?host=/tmp/x"),
            "postgresql://lore@/lore?host=/tmp/x");
}

TEST(StoreUrl, UnreachableServerIsAnIoErrorNamingTheMaskedUrl) {
  Config c;
  c.store_backend = "postgres";
  c.store_url = "postgresql://lore:s3cret@127.0.0.1:1/lore?connect_timeout=5";
  try {
    open_store(c);
    FAIL() << "expected Error{io}";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::io);
    const std::string msg = e.what();
    EXPECT_NE(msg.find("postgresql://lore:***@127.0.0.1:1/lore"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("s3cret"), std::string::npos) << msg;
  }
  c.store_url = "postgresql://lore:%zz@db/lore";  // libpq echoes the token it cannot decode
  try {
    open_store(c);
    FAIL() << "expected Error{io}";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::io);
    EXPECT_EQ(std::string(e.what()).find("%zz"), std::string::npos) << e.what();
  }
  c.store_url = "";
  EXPECT_EQ(error_of([&] { open_store(c); }), ErrorCode::invalid_argument);
}
