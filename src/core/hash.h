// SHA-256 (OpenSSL) for content addressing and change detection.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace lore {

// Incremental SHA-256. Not thread-safe; one per stream.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  std::string hex_digest();  // 64 lower-case hex chars; call once

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace lore
