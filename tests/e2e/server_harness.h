// Helpers for the server end-to-end tests: start the real `lore serve` on a
// free loopback port, talk HTTP to it with cpp-httplib, stop or kill it.
#pragma once

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "harness.h"

#include <httplib.h>

namespace lore::e2e {

using Env = std::vector<std::pair<std::string, std::string>>;

// A port the kernel just handed out (free at that moment).
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

struct Reply {
  int status = -1;
  nlohmann::json body;
  std::string text;
  std::string request_id;
};

class Server {
 public:
  Server(const LoreEnv& env, Env vars = {}) : env_(env), vars_(std::move(vars)) { start(); }
  ~Server() { stop(); }

  // Starts `lore serve` and waits until /healthz answers (or the process
  // exits, which fails the test with its stderr).
  void start() {
    port_ = free_port();
    pid_ = env_.spawn({"serve", "--port", std::to_string(port_)}, vars_);
    for (int i = 0; i < 600; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        FAIL() << "lore serve exited early:\n" << stderr_text();
      }
      httplib::Client c("127.0.0.1", port_);
      if (auto r = c.Get("/healthz"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "lore serve did not become healthy:\n" << stderr_text();
  }

  void stop(int sig = SIGTERM) {
    if (pid_ <= 0) return;
    ::kill(pid_, sig);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  void kill9() { stop(SIGKILL); }

  std::string stderr_text() const {
    std::ifstream in(env_.dir() / ".spawn-stderr");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(120, 0);
    return c;
  }

  Reply call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr,
             const std::string& key = "", httplib::Headers headers = {}) const {
    auto c = client();
    if (!key.empty()) headers.emplace("Authorization", "Bearer " + key);
    httplib::Result r{nullptr, httplib::Error::Unknown};
    const std::string payload = body.is_null() ? "" : body.dump();
    if (method == "GET")
      r = c.Get(path.c_str(), headers);
    else if (method == "POST")
      r = c.Post(path.c_str(), headers, payload, "application/json");
    else if (method == "PATCH")
      r = c.Patch(path.c_str(), headers, payload, "application/json");
    else if (method == "DELETE")
      r = c.Delete(path.c_str(), headers);
    return to_reply(r);
  }

  // Multipart upload of (filename, content) pairs as "file" parts.
  Reply upload(const std::string& kb, const std::vector<std::pair<std::string, std::string>>& files,
               const std::string& key = "") const {
    auto c = client();
    httplib::MultipartFormDataItems items;
    for (const auto& [name, content] : files)
      items.push_back({"file", content, name, "application/octet-stream"});
    httplib::Headers headers;
    if (!key.empty()) headers.emplace("Authorization", "Bearer " + key);
    return to_reply(c.Post(("/api/v1/kbs/" + kb + "/documents").c_str(), headers, items));
  }

  // Polls a job until it is done or failed; returns its last state.
  nlohmann::json wait_job(int64_t job_id, const std::string& key = "") const {
    nlohmann::json job;
    for (int i = 0; i < 1200; ++i) {
      job = call("GET", "/api/v1/jobs/" + std::to_string(job_id), nullptr, key).body;
      if (job.value("status", "") == "done" || job.value("status", "") == "failed") return job;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "job " << job_id << " did not finish: " << job.dump();
    return job;
  }

  static Reply to_reply(const httplib::Result& r) {
    Reply out;
    if (!r) return out;
    out.status = r->status;
    out.text = r->body;
    out.request_id = r->get_header_value("X-Request-Id");
    out.body = nlohmann::json::parse(r->body, nullptr, false);
    return out;
  }

 private:
  const LoreEnv& env_;
  Env vars_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// Checks the error shape {"error": {"code", "message", "request_id"}}.
inline void expect_error(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.text;
  ASSERT_TRUE(r.body.is_object() && r.body.contains("error")) << r.text;
  EXPECT_EQ(r.body["error"].value("code", ""), code) << r.text;
  EXPECT_FALSE(r.body["error"].value("message", "").empty()) << r.text;
  EXPECT_EQ(r.body["error"].value("request_id", ""), r.request_id) << r.text;
  EXPECT_FALSE(r.request_id.empty());
}

}  // namespace lore::e2e
