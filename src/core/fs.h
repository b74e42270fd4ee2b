// Filesystem helpers with crash-safe semantics.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace lore::fs {

// Reads a whole file. Throws Error{io} naming the path and errno text.
std::string read_file(const std::filesystem::path& path);

// Writes `bytes` to `path` atomically: temp file in the same directory,
// fsync, rename over the target, fsync the directory. After a crash the
// target holds either the old or the new content, never a mix.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

// fsyncs a directory so a rename inside it is durable.
void fsync_directory(const std::filesystem::path& dir);

// Exclusive advisory lock on a file (flock), released when the object dies or
// the process exits — including by kill -9, so a crash never leaves it stuck.
class FileLock {
 public:
  // Throws Error{locked} when another process holds the lock.
  explicit FileLock(const std::filesystem::path& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace lore::fs
