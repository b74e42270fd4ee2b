// End-to-end test harness: runs the real `lore` binary (LORE_BINARY) in a
// temporary working directory with its own data directory.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lore::e2e {

struct RunResult {
  int exit_code = -1;
  std::string out, err;
  nlohmann::json json() const;  // stdout parsed as JSON (fails the test if it is not)
};

class LoreEnv {
 public:
  LoreEnv();
  ~LoreEnv();
  LoreEnv(const LoreEnv&) = delete;
  LoreEnv& operator=(const LoreEnv&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path data_dir() const { return dir_ / "lore-data"; }

  // Runs `lore args...` in dir() with LORE_DATA_DIR=data_dir(); waits for it.
  // `env` adds or overrides environment variables for this run.
  RunResult run(const std::vector<std::string>& args,
                const std::vector<std::pair<std::string, std::string>>& env = {}) const;
  // Starts `lore args...` in the background (stdout discarded, stderr to
  // dir()/.spawn-stderr); returns its pid.
  pid_t spawn(const std::vector<std::string>& args,
              const std::vector<std::pair<std::string, std::string>>& env = {}) const;

  // Writes a file under dir(), creating parent directories.
  std::filesystem::path write(const std::string& relative, const std::string& content) const;

 private:
  std::filesystem::path dir_;
};

// ../shared/data (or $LORE_SHARED_DATA) when present, else empty.
std::filesystem::path shared_data_dir();

}  // namespace lore::e2e
