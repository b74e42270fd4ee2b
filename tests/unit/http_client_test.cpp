// HttpClient against the loopback model-server double: JSON POST, bearer
// auth, retries on 5xx, errors that name URL/status/body, timeouts,
// streaming lines with cancellation, base URL parsing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../support/model_server_double.h"
#include "core/error.h"
#include "models/http_client.h"

using lore::Error;
using lore::ErrorCode;
using lore::models::BaseUrl;
using lore::models::HttpClient;
using lore::models::HttpOptions;
using lore::testing::ModelServerDouble;

namespace {

HttpOptions fast(int retries = 2) {
  HttpOptions o;
  o.max_retries = retries;
  o.backoff_initial_seconds = 0.001;
  o.backoff_max_seconds = 0.01;
  o.timeout_seconds = 5;
  return o;
}

}  // namespace

TEST(BaseUrl, ParsesSchemeHostPortPrefix) {
  auto u = BaseUrl::parse("http://127.0.0.1:8000/v1/");
  EXPECT_EQ(u.scheme, "http");
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, 8000);
  EXPECT_EQ(u.prefix, "/v1");
  auto s = BaseUrl::parse("https://api.example.com");
  EXPECT_EQ(s.port, 443);
  EXPECT_EQ(s.prefix, "");
  auto v6 = BaseUrl::parse("http://[::1]:11434");
  EXPECT_EQ(v6.host, "[::1]");
  EXPECT_EQ(v6.port, 11434);
}

TEST(BaseUrl, RejectsMalformedUrlsNamingThem) {
  for (const char* bad :
       {"localhost:8000", "ftp://x", "http://:80", "http://h:99999", "http://h:x/", "http://u:p@h/"}) {
    try {
      BaseUrl::parse(bad);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
}

TEST(HttpClient, PostsJsonWithBearerKey) {
  ModelServerDouble server(8);
  auto opts = fast();
  opts.api_key = "sk-secret-123";
  HttpClient client("test", server.url("/v1"), opts);
  auto reply = client.post_json("/embeddings", {{"model", "m"}, {"input", {"a b", "c"}}});
  ASSERT_EQ(reply["data"].size(), 2u);
  EXPECT_EQ(reply["data"][0]["embedding"].size(), 8u);
  EXPECT_EQ(server.last_authorization(), "Bearer sk-secret-123");
}

TEST(HttpClient, RetriesServerErrorsThenSucceeds) {
  ModelServerDouble server;
  server.fail_first_n = 2;
  HttpClient client("test", server.url("/v1"), fast(3));
  auto reply = client.post_json("/embeddings", {{"model", "m"}, {"input", {"x"}}});
  EXPECT_EQ(reply["data"].size(), 1u);
  EXPECT_EQ(server.requests.load(), 3);
}

TEST(HttpClient, PersistentServerErrorNamesUrlStatusAndBodyButNotKey) {
  ModelServerDouble server;
  server.fail_status = 500;
  auto opts = fast(2);
  opts.api_key = "sk-secret-123";
  HttpClient client("openai embeddings", server.url("/v1"), opts);
  try {
    client.post_json("/embeddings", {{"input", {"x"}}});
    FAIL();
  } catch (const Error& e) {
    std::string msg = e.what();
    EXPECT_EQ(e.code(), ErrorCode::model_error);
    EXPECT_NE(msg.find("openai embeddings"), std::string::npos) << msg;
    EXPECT_NE(msg.find(server.url("/v1/embeddings")), std::string::npos) << msg;
    EXPECT_NE(msg.find("HTTP 500"), std::string::npos) << msg;
    EXPECT_NE(msg.find("test double failure"), std::string::npos) << msg;
    EXPECT_EQ(msg.find("sk-secret"), std::string::npos) << msg;
  }
  EXPECT_EQ(server.requests.load(), 3);  // 1 + 2 retries
}

TEST(HttpClient, ClientErrorsAreNotRetried) {
  ModelServerDouble server;
  server.fail_status = 400;
  HttpClient client("test", server.url(), fast(3));
  EXPECT_THROW(client.post_json("/api/embed", {{"input", {"x"}}}), Error);
  EXPECT_EQ(server.requests.load(), 1);
}

TEST(HttpClient, SlowServerIsATimeout) {
  ModelServerDouble server;
  server.delay_ms = 1500;
  auto opts = fast(0);
  opts.timeout_seconds = 0.2;
  HttpClient client("test", server.url(), opts);
  try {
    client.post_json("/api/embed", {{"input", {"x"}}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::timeout) << e.what();
    EXPECT_NE(std::string(e.what()).find("/api/embed"), std::string::npos) << e.what();
  }
}

TEST(HttpClient, RefusedConnectionIsAModelErrorAfterRetries) {
  int port;
  {
    ModelServerDouble server;
    port = server.port();
  }  // closed: nothing listens there now
  HttpClient client("test", "http://127.0.0.1:" + std::to_string(port), fast(1));
  try {
    client.post_json("/api/embed", {{"input", {"x"}}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::model_error) << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot connect"), std::string::npos) << e.what();
  }
}

TEST(HttpClient, StreamsSseLinesAndCanCancel) {
  ModelServerDouble server;
  HttpClient client("test", server.url("/v1"), fast());
  std::vector<std::string> lines;
  bool done = client.post_stream("/chat/completions", {{"stream", true}}, [&](std::string_view l) {
    lines.emplace_back(l);
    return true;
  });
  EXPECT_TRUE(done);
  std::vector<std::string> data;
  for (auto& l : lines)
    if (l.rfind("data: ", 0) == 0) data.push_back(l.substr(6));
  ASSERT_EQ(data.size(), 4u);
  EXPECT_EQ(data.back(), "[DONE]");
  EXPECT_EQ(nlohmann::json::parse(data[0])["choices"][0]["delta"]["content"], "Hello");

  int seen = 0;
  bool finished = client.post_stream("/chat/completions", {{"stream", true}},
                                     [&](std::string_view) { return ++seen < 2; });
  EXPECT_FALSE(finished);
  EXPECT_EQ(seen, 2);
}

TEST(HttpClient, MalformedJsonReplyIsAModelError) {
  ModelServerDouble server;
  HttpClient client("test", server.url("/v1"), fast());
  // The chat endpoint streams SSE, which is not one JSON document.
  try {
    client.post_json("/chat/completions", {{"stream", true}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::model_error);
    EXPECT_NE(std::string(e.what()).find("not JSON"), std::string::npos) << e.what();
  }
}
