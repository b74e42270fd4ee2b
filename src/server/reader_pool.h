// ReaderPool: read-only Workspaces kept open between requests.
//
// Opening a Workspace (SQLite connection) and a knowledge base's search
// pipeline (Xapian database, vector index, LSA model) costs far more than a
// search, so readers are reused. Invariants:
//   - a Reader serves one request at a time (Xapian databases and SQLite
//     connections are not shared between threads);
//   - a Reader opened before the last write (generation) is never handed out
//     again: every write bumps the generation through changed(), after it
//     committed, so a request always sees the last commit;
//   - search pipelines are built one at a time, so a stale LSA model is
//     retrained once, not by every concurrent request;
//   - at most `max_idle` readers wait idle; more are closed on release.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "core/config.h"
#include "pipeline/search.h"
#include "pipeline/workspace.h"

namespace lore::server {

class ReaderPool {
 public:
  struct Reader {
    std::unique_ptr<pipeline::Workspace> workspace;
    std::map<store::Id, std::unique_ptr<pipeline::KbSearcher>> searchers;
    // What each searcher was built from (counts and settings of the
    // knowledge base): with a shared PostgreSQL store other nodes write
    // without bumping this node's generation, so a searcher whose knowledge
    // base changed since is rebuilt (its LSA model retrained if stale).
    std::map<store::Id, std::string> built_from;
    uint64_t generation = 0;
  };

  // Returns its reader to the pool when destroyed.
  class Lease {
   public:
    Lease() = default;
    Lease(ReaderPool* pool, std::unique_ptr<Reader> reader) : pool_(pool), reader_(std::move(reader)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();
    explicit operator bool() const { return reader_ != nullptr; }
    pipeline::Workspace& workspace() { return *reader_->workspace; }
    // The knowledge base's search pipeline, built on first use in this reader.
    pipeline::KbSearcher& searcher(const store::KnowledgeBase& kb);

   private:
    void release();
    ReaderPool* pool_ = nullptr;
    std::unique_ptr<Reader> reader_;
  };

  ReaderPool(const Config& config, size_t max_idle) : config_(config), max_idle_(max_idle) {}

  Lease acquire();
  // Call after every committed write: readers opened before it are dropped.
  void changed() { ++generation_; }

 private:
  void give_back(std::unique_ptr<Reader> reader);

  const Config& config_;
  size_t max_idle_;
  std::atomic<uint64_t> generation_{0};
  std::mutex mu_;
  std::vector<std::unique_ptr<Reader>> idle_;
  std::mutex build_mu_;
};

}  // namespace lore::server
