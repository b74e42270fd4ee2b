#include "harness.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <atomic>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>

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
// Everything is prepared before fork(): the test process has other threads
// (model server doubles, servers), and a child that allocates before exec
// can deadlock on a lock one of them held at the fork (seen under ASan).
// Between fork and exec the child only makes async-signal-safe calls.
pid_t start(const std::filesystem::path& cwd, const std::filesystem::path& data_dir,
            const std::vector<std::string>& args, const std::string& out, const std::string& err,
            const std::vector<std::pair<std::string, std::string>>& env = {}) {
  std::map<std::string, std::string> overrides = {{"LORE_DATA_DIR", data_dir.string()}};
  for (const auto& [k, v] : env) overrides[k] = v;
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    const std::string_view entry(*e);
    const std::string key(entry.substr(0, entry.find('=')));
    if (key != "LORE_LOG_LEVEL" && !overrides.contains(key)) env_strings.emplace_back(entry);
  }
  for (const auto& [k, v] : overrides) env_strings.push_back(k + "=" + v);
  std::vector<std::string> arg_strings = {LORE_BINARY};
  arg_strings.insert(arg_strings.end(), args.begin(), args.end());
  std::vector<char*> argv, envp;
  for (auto& a : arg_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  if (::chdir(cwd.c_str()) != 0) ::_exit(127);
  const int in_fd = ::open("/dev/null", O_RDONLY);
  const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ::dup2(in_fd, 0);
  ::dup2(out_fd, 1);
  ::dup2(err_fd, 2);
  ::execve(argv[0], argv.data(), envp.data());
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
