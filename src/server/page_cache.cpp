#include "server/page_cache.h"

#include <algorithm>
#include <vector>

#include "core/fs.h"

namespace lore::server {

namespace fsys = std::filesystem;

PageCache::PageCache(fsys::path dir, uint64_t max_bytes) : dir_(std::move(dir)), max_bytes_(max_bytes) {}

std::optional<std::string> PageCache::get(const fsys::path& key) {
  const auto path = dir_ / key;
  std::error_code ec;
  if (!fsys::exists(path, ec)) return std::nullopt;
  try {
    auto bytes = fs::read_file(path);
    fsys::last_write_time(path, fsys::file_time_type::clock::now(), ec);  // recently used
    return bytes;
  } catch (const std::exception&) {
    return std::nullopt;  // pruned meanwhile, or unreadable
  }
}

void PageCache::put(const fsys::path& key, const std::string& bytes) {
  if (max_bytes_ == 0) return;  // caching off
  const auto path = dir_ / key;
  std::error_code ec;
  fsys::create_directories(path.parent_path(), ec);
  try {
    fs::write_file_atomic(path, bytes);
  } catch (const std::exception&) {
    return;
  }
  std::lock_guard lock(mu_);
  if (!scanned_)
    scan_locked();  // counts the new file too
  else
    bytes_ += bytes.size();
  if (bytes_ > max_bytes_) prune_locked();
}

uint64_t PageCache::size() {
  std::lock_guard lock(mu_);
  if (!scanned_) scan_locked();
  return bytes_;
}

void PageCache::scan_locked() {
  bytes_ = 0;
  std::error_code ec;
  for (fsys::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) bytes_ += it->file_size(ec);
  scanned_ = true;
}

void PageCache::prune_locked() {
  struct Entry {
    fsys::path path;
    fsys::file_time_type used;
    uint64_t size;
  };
  std::vector<Entry> entries;
  std::error_code ec;
  for (fsys::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    entries.push_back({it->path(), it->last_write_time(ec), it->file_size(ec)});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
  uint64_t total = 0;
  for (const auto& e : entries) total += e.size;
  const uint64_t target = max_bytes_ / 10 * 8;
  for (const auto& e : entries) {
    if (total <= target) break;
    if (fsys::remove(e.path, ec)) total -= e.size;
    fsys::remove(e.path.parent_path(), ec);  // only succeeds once the directory is empty
  }
  bytes_ = total;
}

}  // namespace lore::server
