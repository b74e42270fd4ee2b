// Server building blocks: API key format and verification, token-bucket
// rate limiting, loopback detection, and docs/openapi.yaml covering every route.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "server/api_keys.h"
#include "server/rate_limit.h"
#include "server/server.h"

using namespace lore::server;

TEST(ApiKeys, GeneratedKeyVerifiesAndOnlyItsHashIsKept) {
  const auto k = generate_api_key(7, "ci", true);
  ASSERT_TRUE(api_key_prefix(k.plaintext));
  EXPECT_EQ(*api_key_prefix(k.plaintext), k.record.prefix);
  EXPECT_TRUE(api_key_matches(k.plaintext, k.record));
  EXPECT_EQ(k.record.hash.size(), 64u);
  EXPECT_EQ(k.record.hash.find(k.plaintext.substr(18)), std::string::npos);
  EXPECT_EQ(k.record.tenant_id, 7);
  EXPECT_TRUE(k.record.admin);
  // Same secret, other salt -> other hash; two keys never collide.
  const auto k2 = generate_api_key(7, "ci", true);
  EXPECT_NE(k.plaintext, k2.plaintext);
  EXPECT_NE(k.record.salt, k2.record.salt);
  EXPECT_FALSE(api_key_matches(k2.plaintext, k.record));
}

TEST(ApiKeys, MalformedOrTamperedKeysAreRejected) {
  const auto k = generate_api_key(1, "", false);
  std::string tampered = k.plaintext;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_FALSE(api_key_matches(tampered, k.record));
  EXPECT_FALSE(api_key_prefix(""));
  EXPECT_FALSE(api_key_prefix("lore_"));
  EXPECT_FALSE(api_key_prefix("sk-" + k.plaintext.substr(3)));
  EXPECT_FALSE(api_key_prefix(k.plaintext + "0"));
  std::string upper = k.plaintext;
  upper[6] = 'G';
  EXPECT_FALSE(api_key_prefix(upper));
}

TEST(RateLimiter, AllowsTheBurstThenRefusesPerCaller) {
  RateLimiter limiter(/*per_minute=*/1, /*burst=*/3);
  double retry = 0;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("a", retry));
  EXPECT_FALSE(limiter.allow("a", retry));
  EXPECT_GT(retry, 0);
  EXPECT_TRUE(limiter.allow("b", retry));  // buckets are per caller
  RateLimiter off(0, 1);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(off.allow("a", retry));
}

TEST(Server, LoopbackDetection) {
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("127.1.2.3"));
  EXPECT_TRUE(is_loopback("localhost"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_FALSE(is_loopback("0.0.0.0"));
  EXPECT_FALSE(is_loopback("192.168.1.5"));
  EXPECT_FALSE(is_loopback("::"));
}

// Every route registered in src/server/routes_*.cpp appears in docs/openapi.yaml.
TEST(Server, OpenApiDescribesEveryRoute) {
  const std::filesystem::path root = LORE_SOURCE_DIR;
  std::ifstream spec_in(root / "docs" / "openapi.yaml");
  std::stringstream spec;
  spec << spec_in.rdbuf();
  const std::regex route(R"re(r\.(get|post|patch|del)\(\s*"([^"]+)")re");
      std::set<std::string>
          routes;
  for (const auto& entry : std::filesystem::directory_iterator(root / "src" / "server")) {
    if (entry.path().filename().string().rfind("routes_", 0) != 0) continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), route); it != std::sregex_iterator();
         ++it) {
      std::string method = (*it)[1].str();
      if (method == "del") method = "delete";
      routes.insert((*it)[2].str() + " " + method);
    }
  }
  ASSERT_GT(routes.size(), 30u);
  const std::string yaml = spec.str();
  for (const auto& r : routes) {
    const auto space = r.find(' ');
    const std::string path = r.substr(0, space), method = r.substr(space + 1);
    const auto at = yaml.find("\n  " + path + ":\n");
    ASSERT_NE(at, std::string::npos) << path << " missing from docs/openapi.yaml";
    const auto next = yaml.find("\n  /", at + 1);
    EXPECT_NE(yaml.substr(at, next - at).find("\n    " + method + ":"), std::string::npos)
        << method << " " << path << " missing from docs/openapi.yaml";
  }
}
