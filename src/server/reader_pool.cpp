#include "server/reader_pool.h"

namespace lore::server {

ReaderPool::Lease& ReaderPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = other.pool_;
    reader_ = std::move(other.reader_);
  }
  return *this;
}

ReaderPool::Lease::~Lease() { release(); }

void ReaderPool::Lease::release() {
  if (pool_ && reader_) pool_->give_back(std::move(reader_));
  reader_.reset();
}

pipeline::KbSearcher& ReaderPool::Lease::searcher(const store::KnowledgeBase& kb) {
  auto& slot = reader_->searchers[kb.id];
  const std::string from =
      std::to_string(kb.document_count) + "/" + std::to_string(kb.chunk_count) + "/" + kb.settings.dump();
  auto& built_from = reader_->built_from[kb.id];
  if (!slot || built_from != from) {
    std::lock_guard lock(pool_->build_mu_);
    slot.reset();
    slot = std::make_unique<pipeline::KbSearcher>(*reader_->workspace, kb);
    built_from = from;
  }
  return *slot;
}

ReaderPool::Lease ReaderPool::acquire() {
  const uint64_t now = generation_.load();
  {
    std::lock_guard lock(mu_);
    while (!idle_.empty()) {
      auto reader = std::move(idle_.back());
      idle_.pop_back();
      if (reader->generation == now) return Lease(this, std::move(reader));
    }
  }
  // Read the generation before opening: a write committed meanwhile makes
  // this reader stale at its next release, never silently current.
  auto reader = std::make_unique<Reader>();
  reader->generation = now;
  reader->workspace = std::make_unique<pipeline::Workspace>(config_, pipeline::Access::read);
  return Lease(this, std::move(reader));
}

void ReaderPool::give_back(std::unique_ptr<Reader> reader) {
  if (reader->generation != generation_.load()) return;  // closed here, outside the lock
  std::lock_guard lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(reader));
}

}  // namespace lore::server
