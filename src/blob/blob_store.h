// Content-addressed store for original files: data_dir/blobs/ab/cdef... where
// "abcdef..." is the SHA-256 of the content.
//
// Writes are crash-safe: content goes to a temp file in the target directory,
// is fsynced, then renamed into place, so a blob path either does not exist or
// holds exactly the bytes whose hash it names. Leftover temp files from a
// crash are removed by sweep_temp_files().
// Thread-safety: safe for concurrent use (operations are single renames or
// unlinks; identical content written twice yields the same file).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace lore::blob {

class BlobStore {
 public:
  explicit BlobStore(std::filesystem::path root);

  // Stores `bytes` (no-op if present); returns their SHA-256 (hex).
  std::string put(std::string_view bytes);
  // Stores bytes whose SHA-256 the caller already computed.
  void put(const std::string& sha256, std::string_view bytes);
  bool contains(const std::string& sha256) const;
  // Throws Error{not_found} when absent.
  std::string get(const std::string& sha256) const;
  std::filesystem::path path_of(const std::string& sha256) const;
  // Removes the blob if present.
  void remove(const std::string& sha256);
  // Deletes temp files left by interrupted writes; returns how many.
  size_t sweep_temp_files();
  // The SHA-256 of every blob present, sorted (temp files and stray files
  // that are not named like a blob are left out).
  std::vector<std::string> list() const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

struct CopyReport {
  int64_t copied = 0;   // blobs written to the target
  int64_t present = 0;  // blobs the target already held
  int64_t bytes = 0;    // bytes written
  // "<path>: <reason>" for each blob not copied (unreadable, or its bytes no
  // longer hash to its name: a damaged file is never spread).
  std::vector<std::string> errors;
};

// Copies every blob of `from` that `to` lacks, re-hashing each on the way.
// One bad blob does not stop the others.
CopyReport copy_all(const BlobStore& from, BlobStore& to);

}  // namespace lore::blob
