#include "harness.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace lore::e2e {

namespace {

std::atomic<int> g_counter{0};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// fork + exec with stdout/stderr redirected to files (no shell quoting issues).
pid_t start(const std::filesystem::path& cwd, const std::filesystem::path& data_dir,
            const std::vector<std::string>& args, const std::string& out, const std::string& err,
            const std::vector<std::pair<std::string, std::string>>& env = {}) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  if (::chdir(cwd.c_str()) != 0) ::_exit(127);
  ::setenv("LORE_DATA_DIR", data_dir.c_str(), 1);
  ::unsetenv("LORE_LOG_LEVEL");
  for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
  const int in_fd = ::open("/dev/null", O_RDONLY);
  const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ::dup2(in_fd, 0);
  ::dup2(out_fd, 1);
  ::dup2(err_fd, 2);
  std::vector<char*> argv;
  std::string binary = LORE_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(binary.c_str(), argv.data());
  ::_exit(127);
}

}  // namespace

nlohmann::json RunResult::json() const {
  auto j = nlohmann::json::parse(out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "stdout is not JSON:\n" << out << "\nstderr:\n" << err;
  return j;
}

LoreEnv::LoreEnv() {
  dir_ = std::filesystem::temp_directory_path() /
         ("lore-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(g_counter++));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
}

LoreEnv::~LoreEnv() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

RunResult LoreEnv::run(const std::vector<std::string>& args,
                       const std::vector<std::pair<std::string, std::string>>& env) const {
  const auto out = (dir_ / ".stdout").string(), err = (dir_ / ".stderr").string();
  const pid_t pid = start(dir_, data_dir(), args, out, err, env);
  int status = 0;
  ::waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

pid_t LoreEnv::spawn(const std::vector<std::string>& args,
                     const std::vector<std::pair<std::string, std::string>>& env) const {
  return start(dir_, data_dir(), args, "/dev/null", (dir_ / ".spawn-stderr").string(), env);
}

std::filesystem::path LoreEnv::write(const std::string& relative, const std::string& content) const {
  const auto p = dir_ / relative;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

std::filesystem::path shared_data_dir() {
  if (const char* env = std::getenv("LORE_SHARED_DATA"); env && *env)
    return std::filesystem::exists(env) ? std::filesystem::path(env) : std::filesystem::path();
  const auto p = std::filesystem::path(LORE_SOURCE_DIR) / ".." / "shared" / "data";
  return std::filesystem::exists(p) ? p : std::filesystem::path();
}

}  // namespace lore::e2e
