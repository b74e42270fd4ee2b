#include "blob/blob_store.h"

#include <algorithm>

#include "core/error.h"
#include "core/fs.h"
#include "core/hash.h"

namespace lore::blob {

namespace {

bool is_sha(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

void check_sha(const std::string& sha256) {
  if (!is_sha(sha256)) throw Error(ErrorCode::invalid_argument, "invalid blob id \"" + sha256 + "\"");
}

}  // namespace

BlobStore::BlobStore(std::filesystem::path root) : root_(std::move(root)) {}

std::filesystem::path BlobStore::path_of(const std::string& sha256) const {
  check_sha(sha256);
  return root_ / sha256.substr(0, 2) / sha256.substr(2);
}

std::string BlobStore::put(std::string_view bytes) {
  std::string sha = sha256_hex(bytes);
  put(sha, bytes);
  return sha;
}

void BlobStore::put(const std::string& sha256, std::string_view bytes) {
  const auto path = path_of(sha256);
  if (std::filesystem::exists(path)) return;
  fs::write_file_atomic(path, bytes);
}

bool BlobStore::contains(const std::string& sha256) const { return std::filesystem::exists(path_of(sha256)); }

std::string BlobStore::get(const std::string& sha256) const {
  const auto path = path_of(sha256);
  if (!std::filesystem::exists(path)) throw Error(ErrorCode::not_found, "blob " + sha256 + " not found");
  return fs::read_file(path);
}

void BlobStore::remove(const std::string& sha256) {
  std::error_code ec;
  std::filesystem::remove(path_of(sha256), ec);
}

size_t BlobStore::sweep_temp_files() {
  size_t removed = 0;
  std::error_code ec;
  if (!std::filesystem::exists(root_, ec)) return 0;
  for (auto it = std::filesystem::recursive_directory_iterator(root_, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().filename().string().rfind(".tmp-", 0) == 0) {
      std::filesystem::remove(it->path(), ec);
      ++removed;
    }
  }
  return removed;
}

std::vector<std::string> BlobStore::list() const {
  std::vector<std::string> out;
  std::error_code ec;
  if (!std::filesystem::exists(root_, ec)) return out;
  for (auto it = std::filesystem::recursive_directory_iterator(root_, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file() || it.depth() != 1) continue;
    const std::string sha = it->path().parent_path().filename().string() + it->path().filename().string();
    if (is_sha(sha)) out.push_back(sha);
  }
  std::sort(out.begin(), out.end());
  return out;
}

CopyReport copy_all(const BlobStore& from, BlobStore& to) {
  CopyReport report;
  for (const std::string& sha : from.list()) {
    if (to.contains(sha)) {
      ++report.present;
      continue;
    }
    try {
      const std::string bytes = from.get(sha);
      if (sha256_hex(bytes) != sha) {
        report.errors.push_back(from.path_of(sha).string() +
                                ": content does not match its SHA-256 name (damaged)");
        continue;
      }
      to.put(sha, bytes);
      ++report.copied;
      report.bytes += static_cast<int64_t>(bytes.size());
    } catch (const std::exception& e) {
      report.errors.push_back(from.path_of(sha).string() + ": " + e.what());
    }
  }
  return report;
}

}  // namespace lore::blob
