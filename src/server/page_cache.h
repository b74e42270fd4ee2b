// PageCache: rendered page images on disk, bounded in size.
//
// Files live under one directory (keys are relative paths chosen by the
// caller; content-addressed keys make entries valid forever). The cache
// holds at most `max_bytes`: after a put that crosses the limit, the least
// recently used files (by modification time; a hit touches its file) are
// deleted until the cache is at 80% of the limit, so pruning is rare. A
// cache that cannot be read or written only costs a re-render.
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace lore::server {

class PageCache {
 public:
  PageCache(std::filesystem::path dir, uint64_t max_bytes);

  std::optional<std::string> get(const std::filesystem::path& key);
  void put(const std::filesystem::path& key, const std::string& bytes);
  // Bytes held now (as the cache counts them).
  uint64_t size();

 private:
  void scan_locked();
  void prune_locked();

  std::filesystem::path dir_;
  uint64_t max_bytes_;
  std::mutex mu_;
  bool scanned_ = false;
  uint64_t bytes_ = 0;
};

}  // namespace lore::server
