// A chat-model server test double on loopback, speaking the real wire formats:
//   POST /v1/chat/completions  OpenAI: "stream": true -> SSE "data: {chunk}\n\n" … "data: [DONE]\n\n"
//                              (choices[0].delta.content / delta.reasoning_content); otherwise
//                              one chat.completion object.
//   POST /api/chat             Ollama: "stream": true -> NDJSON {"message": {...}, "done": false} …
//                              {"done": true}; otherwise one object.
// The reply is `pieces` (content fragments, sent one per event, so a test can
// split tags and markers anywhere) after `reasoning_pieces` (sent on the
// reasoning channel). Failure switches: an HTTP status, a delay before the
// first byte, an error event mid-stream. A gate can hold the stream after the
// n-th piece until the client has shown it (proves incremental streaming
// without timing anything).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>  // last (see ARCHITECTURE.md)

namespace lore::testing {

class ChatServerDouble {
 public:
  ChatServerDouble() {
    server_.Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
      const auto body = record(req);
      if (fail(res)) return;
      if (!body.value("stream", false)) {
        std::string content;
        for (const auto& p : pieces) content += p;
        std::string reasoning;
        for (const auto& p : reasoning_pieces) reasoning += p;
        nlohmann::json message = {{"role", "assistant"}, {"content", content}};
        if (!reasoning.empty()) message["reasoning_content"] = reasoning;
        res.set_content(
            nlohmann::json{{"id", "chatcmpl-double"},
                           {"object", "chat.completion"},
                           {"model", body.value("model", "")},
                           {"choices", {{{"index", 0}, {"message", message}, {"finish_reason", "stop"}}}}}
                .dump(),
            "application/json");
        return;
      }
      res.set_chunked_content_provider("text/event-stream", [this](size_t, httplib::DataSink& sink) {
        auto event = [&](const nlohmann::json& delta, const nlohmann::json& finish) {
          const std::string e =
              "data: " +
              nlohmann::json{{"id", "chatcmpl-double"},
                             {"object", "chat.completion.chunk"},
                             {"choices", {{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}}}}
                  .dump() +
              "\n\n";
          return sink.write(e.data(), e.size());
        };
        event({{"role", "assistant"}, {"content", ""}}, nullptr);
        for (const auto& p : reasoning_pieces) event({{"reasoning_content", p}}, nullptr);
        for (size_t i = 0; i < pieces.size(); ++i) {
          if (!event({{"content", pieces[i]}}, nullptr)) return false;
          if (i == gate_after_) wait_gate();
          if (error_after_first && i == 0) {
            const std::string e =
                "data: {\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}\n\n";
            sink.write(e.data(), e.size());
            sink.done();
            return true;
          }
        }
        event(nlohmann::json::object(), "stop");
        const std::string done = ": keep-alive\n\ndata: [DONE]\n\n";
        sink.write(done.data(), done.size());
        sink.done();
        return true;
      });
    });
    server_.Post("/api/chat", [this](const httplib::Request& req, httplib::Response& res) {
      const auto body = record(req);
      if (fail(res)) return;
      const std::string model = body.value("model", "");
      if (!body.value("stream", true)) {
        std::string content;
        for (const auto& p : pieces) content += p;
        res.set_content(
            nlohmann::json{
                {"model", model}, {"message", {{"role", "assistant"}, {"content", content}}}, {"done", true}}
                .dump(),
            "application/json");
        return;
      }
      res.set_chunked_content_provider(
          "application/x-ndjson", [this, model](size_t, httplib::DataSink& sink) {
            auto line = [&](const nlohmann::json& j) {
              const std::string l = j.dump() + "\n";
              return sink.write(l.data(), l.size());
            };
            for (const auto& p : reasoning_pieces)
              line({{"model", model},
                    {"message", {{"role", "assistant"}, {"content", ""}, {"thinking", p}}},
                    {"done", false}});
            for (size_t i = 0; i < pieces.size(); ++i) {
              if (!line({{"model", model},
                         {"message", {{"role", "assistant"}, {"content", pieces[i]}}},
                         {"done", false}}))
                return false;
              if (i == gate_after_) wait_gate();
              if (error_after_first && i == 0) {
                line({{"error", "model overloaded"}});
                sink.done();
                return true;
              }
            }
            line({{"model", model},
                  {"message", {{"role", "assistant"}, {"content", ""}}},
                  {"done", true},
                  {"done_reason", "stop"}});
            sink.done();
            return true;
          });
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~ChatServerDouble() {
    open_gate();
    server_.stop();
    thread_.join();
  }

  std::string url(const std::string& prefix = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + prefix;
  }

  // Reply script (set before the request).
  std::vector<std::string> pieces;
  std::vector<std::string> reasoning_pieces;
  // Failure switches.
  std::atomic<int> fail_status{0};             // answer every request with this status
  std::atomic<int> delay_ms{0};                // sleep before answering (timeouts)
  std::atomic<bool> error_after_first{false};  // an error event after the first piece

  // Holds the stream after piece `after` until open_gate() (or 10 s).
  void enable_gate(size_t after) {
    gate_enabled_ = true;
    gate_after_ = after;
  }
  void open_gate() {
    std::lock_guard lock(mu_);
    gate_open_ = true;
    cv_.notify_all();
  }
  // True when the gate was opened by the client before it timed out.
  bool gate_opened_in_time() const { return gate_opened_in_time_; }

  std::atomic<int> requests{0};
  nlohmann::json last_body() {
    std::lock_guard lock(mu_);
    return last_body_;
  }
  std::string last_authorization() {
    std::lock_guard lock(mu_);
    return last_auth_;
  }

 private:
  nlohmann::json record(const httplib::Request& req) {
    ++requests;
    std::lock_guard lock(mu_);
    last_body_ = nlohmann::json::parse(req.body, nullptr, false);
    last_auth_ = req.get_header_value("Authorization");
    return last_body_;
  }
  bool fail(httplib::Response& res) {
    if (int d = delay_ms.load()) std::this_thread::sleep_for(std::chrono::milliseconds(d));
    if (int status = fail_status.load()) {
      res.status = status;
      res.set_content(R"({"error":{"message":"test double failure","type":"server_error"}})",
                      "application/json");
      return true;
    }
    return false;
  }
  void wait_gate() {
    if (!gate_enabled_) return;
    std::unique_lock lock(mu_);
    gate_opened_in_time_ = cv_.wait_for(lock, std::chrono::seconds(10), [this] { return gate_open_; });
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool gate_enabled_ = false;
  size_t gate_after_ = 0;
  bool gate_open_ = false;
  std::atomic<bool> gate_opened_in_time_{false};
  nlohmann::json last_body_;
  std::string last_auth_;
};

}  // namespace lore::testing
