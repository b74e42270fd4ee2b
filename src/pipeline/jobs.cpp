#include "pipeline/jobs.h"

#include "pipeline/blob_refs.h"
#include "pipeline/embeddings.h"

#include <chrono>

#include "core/error.h"
#include "core/log.h"
#include "pipeline/ingest.h"
#include "pipeline/user_metadata.h"

namespace lore::pipeline {

namespace {

bool has_good_version(const store::DocumentRecord& d) {
  return d.status == store::DocStatus::done || d.status == store::DocStatus::indexing;
}

}  // namespace

std::pair<int64_t, int64_t> recover_jobs(Workspace& writer) {
  const auto r = writer.store().recover_interrupted_jobs(
      kMaxJobAttempts, "interrupted " + std::to_string(kMaxJobAttempts) +
                           " times (the server stopped while processing this file); upload it again");
  if (r.first > 0) spdlog::warn("recovery: {} interrupted ingest job(s) queued again", r.first);
  if (r.second > 0) spdlog::warn("recovery: {} ingest job(s) failed after repeated interruptions", r.second);
  return r;
}

nlohmann::json ingest_job_payload(store::Id tenant_id, const std::string& name, const std::string& sha256,
                                  int64_t size, bool force) {
  return {{"tenant_id", tenant_id}, {"name", name}, {"sha256", sha256}, {"size", size}, {"force", force}};
}

JobRunner::JobRunner(Workspace& writer, std::mutex& writer_mutex, size_t workers,
                     std::function<void()> on_change)
    : ws_(writer),
      mu_(writer_mutex),
      workers_(std::max<size_t>(1, workers)),
      on_change_(std::move(on_change)) {}

JobRunner::~JobRunner() { stop(); }

void JobRunner::start() {
  for (size_t i = 0; i < workers_; ++i) threads_.emplace_back([this] { work(); });
}

void JobRunner::notify() {
  {
    std::lock_guard lock(wake_mu_);
    ++wakeups_;
  }
  wake_.notify_one();
}

void JobRunner::stop() {
  {
    std::lock_guard lock(wake_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void JobRunner::work() {
  uint64_t seen = 0;
  for (;;) {
    {
      std::lock_guard lock(wake_mu_);
      if (stopping_) return;
      seen = wakeups_;
    }
    std::optional<store::Job> job;
    try {
      std::lock_guard lock(mu_);
      job = ws_.store().claim_job("ingest");
    } catch (const std::exception& e) {
      spdlog::error("ingest worker: cannot claim a job: {}", e.what());
    }
    if (job) {
      ++active_;
      run(*job);
      if (on_change_) on_change_();
      --active_;
      continue;
    }
    // Nothing queued: sleep until notified (the timeout is a safety net).
    std::unique_lock lock(wake_mu_);
    wake_.wait_for(lock, std::chrono::seconds(2), [&] { return stopping_ || wakeups_ != seen; });
  }
}

void JobRunner::finish(store::Id job_id, const std::string& status, const std::string& error) {
  const bool ok = status == "done";
  ws_.store().set_job_stage(job_id, ok ? "finished" : "failed", ok ? 1.0 : 0.0);
  ws_.store().update_job(job_id, status, ok ? 1.0 : 0.0, error);
}

void JobRunner::run(const store::Job& job) {
  const auto& p = job.payload;
  const store::Id tenant_id = p.value("tenant_id", store::Id{0});
  const store::Id document_id = p.value("document_id", store::Id{0});
  const std::string sha = p.value("sha256", std::string());
  const bool force = p.value("force", false);
  try {
    std::optional<store::KnowledgeBase> kb;
    std::optional<store::DocumentRecord> doc;
    {
      std::lock_guard lock(mu_);
      kb = ws_.store().get_kb(tenant_id, job.kb_id);
      doc = ws_.store().get_document(tenant_id, document_id);
      if (!kb || !doc) {
        finish(job.id, "failed", "the document was deleted before it was processed");
        return;
      }
      if (!force && doc->sha256 == sha && has_good_version(*doc)) {
        ws_.store().set_job_stage(job.id, "unchanged", 1.0);
        ws_.store().update_job(job.id, "done", 1.0, "");
        return;
      }
      if (!has_good_version(*doc)) ws_.store().set_document_status(doc->id, store::DocStatus::parsing);
      ws_.store().set_job_stage(job.id, "parsing", 0.1);
    }
    spdlog::info("job {}: parsing {} ({} bytes)", job.id, doc->name, p.value("size", int64_t{0}));
    const std::string bytes = ws_.blobs().get(sha);
    ParsedFile parsed = parse_for_kb(ws_.config(), *kb, doc->name, bytes, &ws_.blobs());

    std::lock_guard lock(mu_);
    auto& st = ws_.store();
    const auto now = st.get_document(tenant_id, document_id);
    if (!now) {
      drop_figures(ws_, parsed);
      finish(job.id, "failed", doc->name + ": the document was deleted while it was being processed");
      return;
    }
    if (!parsed.error.empty()) {
      drop_figures(ws_, parsed);
      std::string error = parsed.error;
      if (has_good_version(*now))
        error += " (the previously ingested version is kept)";
      else
        st.set_document_status(now->id, store::DocStatus::failed, parsed.error);
      finish(job.id, "failed", error);
      return;
    }
    st.set_job_stage(job.id, "indexing", 0.8);
    // The user's tags and keys (set at upload or since) survive the new version.
    store::NewDocument nd{kb->id, now->name, parsed.mime, static_cast<int64_t>(bytes.size()), sha,
                          with_user_metadata(parsed.metadata, user_metadata_of(now->metadata))};
    if (auto model = open_embedding_model(ws_.config(), *kb)) {
      // Same rule as `lore ingest`: vectors are committed with the chunks, and
      // a model failure fails this document only.
      st.set_job_stage(job.id, "embedding", 0.6);
      std::vector<std::string> texts;
      for (const auto& c : parsed.chunks) texts.push_back(c.text);
      store::KnowledgeBase kb_now = *kb;
      try {
        auto vectors = embed_texts(st, kb_now, *model, texts);
        for (size_t i = 0; i < vectors.size(); ++i) parsed.chunks[i].embedding = std::move(vectors[i]);
      } catch (const Error& e) {
        drop_figures(ws_, parsed);
        throw Error(e.code(), now->name + ": embedding failed: " + e.what());
      }
      nd.embedding_model = model->id();
    }
    keep_figures(ws_, parsed);
    st.commit_document(nd, parsed.chunks);
    // The previous version's original and figures, unless still referenced.
    remove_unreferenced_blobs(st, ws_.blobs(), document_blobs(*now));
    ws_.sync_index(kb->id);
    st.set_job_stage(job.id, "finished", 1.0);
    st.update_job(job.id, "done", 1.0, "");
    spdlog::info("job {}: {} done, {} chunk(s)", job.id, now->name, parsed.chunks.size());
  } catch (const std::exception& e) {
    spdlog::error("job {}: {}", job.id, e.what());
    try {
      std::lock_guard lock(mu_);
      if (auto d = ws_.store().get_document(tenant_id, document_id); d && !has_good_version(*d))
        ws_.store().set_document_status(d->id, store::DocStatus::failed, e.what());
      finish(job.id, "failed", e.what());
    } catch (const std::exception& e2) {
      spdlog::error("job {}: cannot record failure: {}", job.id, e2.what());
    }
  }
}

}  // namespace lore::pipeline
