// A model-server test double speaking the real wire protocols on loopback:
//   POST /v1/embeddings  OpenAI   {"model","input":[...],"dimensions"?} -> {"data":[{"index","embedding"}]}
//   POST /api/embed      Ollama   {"model","input":[...]}               -> {"embeddings":[[...]]}
//   POST /rerank         Jina/Cohere {"query","documents"} -> {"results":[{"index","relevance_score"}]}
//                        TEI         {"query","texts"}     -> [{"index","score"}]
//   POST /v1/chat/completions (stream: SSE) for the streaming client test.
// Vectors are deterministic: a hashed bag of words (after mapping a few
// synonyms onto one token, so "automobile" and "car" land on the same
// coordinate), L2-normalised. Failure modes are switched per test.
#pragma once

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <httplib.h>  // last (see ARCHITECTURE.md)

namespace lore::testing {

inline std::vector<std::string> double_tokens(const std::string& text) {
  static const std::map<std::string, std::string> synonyms = {
      {"automobile", "car"},   {"automobiles", "car"}, {"cars", "car"},   {"vehicle", "car"},
      {"physician", "doctor"}, {"doctors", "doctor"},  {"feline", "cat"}, {"cats", "cat"}};
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (cur.empty()) return;
    auto it = synonyms.find(cur);
    out.push_back(it == synonyms.end() ? cur : it->second);
    cur.clear();
  };
  for (unsigned char c : text) {
    if (std::isalnum(c))
      cur += static_cast<char>(std::tolower(c));
    else
      flush();
  }
  flush();
  return out;
}

inline std::vector<float> double_embedding(const std::string& text, int dims) {
  std::vector<float> v(dims, 0.0f);
  for (const auto& tok : double_tokens(text)) {
    uint64_t h = 1469598103934665603ull;
    for (char c : tok) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    v[h % dims] += (h >> 40) & 1 ? 1.0f : -1.0f;
  }
  double norm = 0;
  for (float x : v) norm += double(x) * x;
  if (norm == 0)
    v[0] = 1.0f;
  else
    for (float& x : v) x = static_cast<float>(x / std::sqrt(norm));
  return v;
}

class ModelServerDouble {
 public:
  explicit ModelServerDouble(int dims = 64) : dims_(dims) {
    server_.Post("/v1/embeddings", [this](const httplib::Request& req, httplib::Response& res) {
      if (fail(req, res)) return;
      auto body = nlohmann::json::parse(req.body);
      int dims = body.contains("dimensions") ? body["dimensions"].get<int>() : dims_.load();
      nlohmann::json data = nlohmann::json::array();
      auto inputs = body["input"].is_string() ? nlohmann::json::array({body["input"]}) : body["input"];
      // Answer in reverse order: clients must place vectors by "index".
      for (size_t i = inputs.size(); i-- > 0;)
        data.push_back({{"object", "embedding"}, {"index", i}, {"embedding", vec(inputs[i], dims)}});
      res.set_content(nlohmann::json{{"object", "list"}, {"data", data}, {"model", body["model"]}}.dump(),
                      "application/json");
    });
    server_.Post("/api/embed", [this](const httplib::Request& req, httplib::Response& res) {
      if (fail(req, res)) return;
      auto body = nlohmann::json::parse(req.body);
      nlohmann::json embs = nlohmann::json::array();
      auto inputs = body["input"].is_string() ? nlohmann::json::array({body["input"]}) : body["input"];
      for (const auto& t : inputs) embs.push_back(vec(t, dims_));
      res.set_content(nlohmann::json{{"model", body["model"]}, {"embeddings", embs}}.dump(),
                      "application/json");
    });
    server_.Post("/rerank", [this](const httplib::Request& req, httplib::Response& res) {
      if (fail(req, res)) return;
      auto body = nlohmann::json::parse(req.body);
      bool tei = body.contains("texts");
      const auto& docs = tei ? body["texts"] : body["documents"];
      auto q = double_tokens(body["query"].get<std::string>());
      std::vector<std::pair<double, size_t>> scored;
      for (size_t i = 0; i < docs.size(); ++i) {
        auto d = double_tokens(docs[i].get<std::string>());
        double s = 0;
        for (const auto& w : q) s += std::count(d.begin(), d.end(), w) > 0 ? 1 : 0;
        scored.push_back({s / (1.0 + q.size()), i});
      }
      std::stable_sort(scored.begin(), scored.end(), [](auto& a, auto& b) { return a.first > b.first; });
      nlohmann::json results = nlohmann::json::array();
      for (auto& [s, i] : scored)
        results.push_back(tei ? nlohmann::json{{"index", i}, {"score", s}}
                              : nlohmann::json{{"index", i}, {"relevance_score", s}});
      res.set_content(tei ? results.dump() : nlohmann::json{{"results", results}}.dump(), "application/json");
    });
    server_.Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
      if (fail(req, res)) return;
      res.set_chunked_content_provider("text/event-stream", [](size_t, httplib::DataSink& sink) {
        for (const char* piece : {"Hello", ", ", "world"}) {
          std::string ev =
              "data: " + nlohmann::json{{"choices", {{{"delta", {{"content", piece}}}}}}}.dump() + "\n\n";
          sink.write(ev.data(), ev.size());
        }
        std::string done = "data: [DONE]\n\n";
        sink.write(done.data(), done.size());
        sink.done();
        return true;
      });
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~ModelServerDouble() {
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  std::string url(const std::string& prefix = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + prefix;
  }

  // Failure switches.
  std::atomic<int> fail_status{0};   // every request answers this status
  std::atomic<int> fail_first_n{0};  // the first n requests answer 503
  std::atomic<int> delay_ms{0};      // sleep before answering
  std::atomic<bool> hold{false};     // requests wait (without answering) while this is true
  std::atomic<int> wrong_dims{0};    // answer vectors of this size instead
  std::string poison_word;           // a request containing it answers 500 (set before use)

  std::atomic<int> requests{0};
  std::string last_authorization() {
    std::lock_guard lock(mu_);
    return last_auth_;
  }
  size_t max_batch() {
    std::lock_guard lock(mu_);
    return max_batch_;
  }

 private:
  nlohmann::json vec(const nlohmann::json& text, int dims) {
    int wd = wrong_dims.load();
    return double_embedding(text.get<std::string>(), wd ? wd : dims);
  }
  bool fail(const httplib::Request& req, httplib::Response& res) {
    int n = ++requests;
    {
      std::lock_guard lock(mu_);
      last_auth_ = req.get_header_value("Authorization");
      auto body = nlohmann::json::parse(req.body, nullptr, false);
      if (body.is_object() && body.contains("input") && body["input"].is_array())
        max_batch_ = std::max(max_batch_, body["input"].size());
    }
    if (int d = delay_ms.load()) std::this_thread::sleep_for(std::chrono::milliseconds(d));
    while (hold.load()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    int status = fail_status.load();
    if (n <= fail_first_n.load()) status = 503;
    if (!poison_word.empty() && req.body.find(poison_word) != std::string::npos) status = 500;
    if (status == 0) return false;
    res.status = status;
    res.set_content(R"({"error":{"message":"test double failure )" + std::to_string(status) + R"("}})",
                    "application/json");
    return true;
  }

  std::atomic<int> dims_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::string last_auth_;
  size_t max_batch_ = 0;
};

}  // namespace lore::testing
