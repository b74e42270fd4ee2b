#include "models/http_reranker.h"

#include <limits>

#include "core/error.h"

namespace lore::models {
namespace {

HttpOptions http_options(const RerankConfig& c) {
  HttpOptions o;
  o.timeout_seconds = c.timeout_seconds;
  o.max_retries = c.max_retries;
  o.api_key = c.api_key;
  return o;
}

}  // namespace

HttpReranker::HttpReranker(const RerankConfig& config)
    : config_(config), client_(config.provider + " rerank", config.base_url, http_options(config)) {}

void HttpReranker::fail(const std::string& reason) const {
  throw Error(ErrorCode::model_error,
              config_.provider + " rerank: POST " + client_.url("/rerank") + ": " + reason);
}

std::vector<double> HttpReranker::score(const std::string& query, const std::vector<std::string>& passages) {
  std::vector<double> out(passages.size(), -std::numeric_limits<double>::infinity());
  if (passages.empty()) return out;
  nlohmann::json body = {{"query", query}};
  if (config_.provider == "tei") {
    body["texts"] = passages;
  } else {
    body["documents"] = passages;
    body["top_n"] = passages.size();
    body["return_documents"] = false;
  }
  if (!config_.model.empty()) body["model"] = config_.model;
  const auto reply = client_.post_json("/rerank", body);
  const nlohmann::json* results = &reply;
  if (reply.is_object()) {
    auto it = reply.find("results");
    if (it == reply.end()) it = reply.find("data");  // some servers name it "data"
    if (it == reply.end()) fail("reply has no \"results\" array");
    results = &*it;
  }
  if (!results->is_array()) fail("reply results are not an array");
  for (const auto& r : *results) {
    if (!r.is_object() || !r.contains("index") || !r["index"].is_number_unsigned())
      fail("a result has no valid \"index\"");
    const size_t index = r["index"].get<size_t>();
    if (index >= passages.size()) fail("result index " + std::to_string(index) + " is out of range");
    const auto s = r.contains("relevance_score") ? r.find("relevance_score") : r.find("score");
    if (s == r.end() || !s->is_number()) fail("result " + std::to_string(index) + " has no numeric score");
    out[index] = s->get<double>();
  }
  return out;
}

std::unique_ptr<Reranker> make_reranker(const RerankConfig& config) {
  if (config.provider.empty() || config.provider == "none") return nullptr;
  if (config.provider != "http" && config.provider != "jina" && config.provider != "cohere" &&
      config.provider != "tei")
    throw Error(ErrorCode::invalid_argument, "unknown rerank provider \"" + config.provider +
                                                 "\" (expected http, jina, cohere, tei or none)");
  if (config.base_url.empty())
    throw Error(ErrorCode::invalid_argument, "rerank: no server URL configured (rerank.base_url)");
  return std::make_unique<HttpReranker>(config);
}

}  // namespace lore::models
