// The official `openai` npm client against `lore serve`: tests/e2e/openai_client/
// (package.json + package-lock.json pinning the client, client.mjs) is
// installed with `npm ci` into <build>/openai_client, then client.mjs lists
// models and asks through /v1/chat/completions, non-streaming and streaming,
// with a tenant's API key. Skipped, saying why, when Node.js >= 20 with npm
// is not installed; fails when npm cannot install the pinned client.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "../support/chat_server_double.h"
#include "server_harness.h"  // last: includes httplib

using namespace lore::e2e;
using lore::testing::ChatServerDouble;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs a shell command with stdout and stderr to files; returns the exit status.
int sh(const std::string& cmd, const fs::path& out, const fs::path& err) {
  const int rc = std::system((cmd + " >" + quote(out.string()) + " 2>" + quote(err.string())).c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// The pinned client installed in <build>/openai_client (npm ci, skipped when
// that exact version is already there). Returns the directory.
fs::path install_client(const fs::path& logs) {
  const fs::path src = fs::path(LORE_SOURCE_DIR) / "tests" / "e2e" / "openai_client";
  const fs::path dir = fs::path(LORE_BUILD_DIR) / "openai_client";
  fs::create_directories(dir);
  for (const char* f : {"package.json", "package-lock.json", "client.mjs"})
    fs::copy_file(src / f, dir / f, fs::copy_options::overwrite_existing);
  const auto lock = json::parse(slurp(dir / "package-lock.json"));
  const std::string want = lock["packages"]["node_modules/openai"]["version"];
  const auto installed = json::parse(slurp(dir / "node_modules" / "openai" / "package.json"), nullptr, false);
  if (installed.is_object() && installed.value("version", "") == want) return dir;
  const int rc =
      sh("cd " + quote(dir.string()) + " && npm ci --no-audit --no-fund", logs / "npm.out", logs / "npm.err");
  EXPECT_EQ(rc, 0) << "npm ci in " << dir << " failed (the npm registry must be reachable):\n"
                   << slurp(logs / "npm.err");
  return dir;
}

}  // namespace

TEST(OpenAiNpmClient, ChatCompletionsStreamAndNonStream) {
  if (std::system("command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "node and npm are not installed: this test runs the official openai npm client "
                    "(install Node.js >= 20 with npm to run it)";
  if (std::system("node -e 'process.exit(+process.versions.node.split(\".\")[0] >= 20 ? 0 : 1)'") != 0)
    GTEST_SKIP() << "Node.js is older than 20: the pinned openai npm client needs Node.js >= 20";

  LoreEnv env;
  const fs::path dir = install_client(env.dir());
  if (::testing::Test::HasFailure()) return;

  auto key = env.run({"key", "create", "--json", "--tenant", "acme"});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  const std::string api_key = key.json()["key"];

  ChatServerDouble model;  // the LLM behind Lore: a reply in several stream pieces
  model.pieces = {"<think>source 1 has the hours</think>", "The harbour opens ", "at six in the morning [1]",
                  "[7]. The ledger ", "is kept by the quartermaster [1]."};
  Server s(env, {{"LORE_CHAT_PROVIDER", "openai"},
                 {"LORE_CHAT_BASE_URL", model.url("/v1")},
                 {"LORE_CHAT_MODEL", "test-model"},
                 {"LORE_CHAT_RETRIES", "0"}});
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "harbour"}}, api_key).status, 201);
  auto up = s.upload("harbour",
                     {{"harbour.md",
                       "# Harbour\n\nThe harbour opens at six in the morning.\n\n## Ledger\n\n"
                       "The quartermaster keeps the ledger of every saffron shipment.\n"}},
                     api_key);
  ASSERT_EQ(up.status, 202) << up.text;
  ASSERT_EQ(s.wait_job(up.body["job_id"], api_key)["status"], "done");

  const std::string base = "http://127.0.0.1:" + std::to_string(s.port()) + "/v1";
  const int rc = sh("node " + quote((dir / "client.mjs").string()) + " " + quote(base) + " " +
                        quote(api_key) + " harbour " + quote("when does the harbour open?"),
                    env.dir() / "client.out", env.dir() / "client.err");
  const std::string out = slurp(env.dir() / "client.out");
  ASSERT_EQ(rc, 0) << "client.mjs failed:\n" << slurp(env.dir() / "client.err") << out;
  const auto r = json::parse(out, nullptr, false);
  ASSERT_TRUE(r.is_object()) << out;

  EXPECT_EQ(r["models"], json::array({"lore:harbour"}));
  const std::string answer =
      "The harbour opens at six in the morning [1]. The ledger is kept by the quartermaster [1].";

  const auto& c = r["completion"];
  EXPECT_EQ(c["object"], "chat.completion");
  EXPECT_EQ(c["model"], "lore:harbour");
  EXPECT_EQ(c["role"], "assistant");
  EXPECT_EQ(c["finish_reason"], "stop");
  EXPECT_EQ(c["content"], answer);
  ASSERT_EQ(c["citations"].size(), 1u) << c.dump();
  EXPECT_EQ(c["citations"][0]["n"], 1);
  EXPECT_EQ(c["citations"][0]["document"], "harbour.md");
  for (const char* k : {"chunk_id", "page", "bbox", "quote"}) EXPECT_TRUE(c["citations"][0].contains(k)) << k;

  const auto& st = r["stream"];
  EXPECT_EQ(st["content"], answer);
  EXPECT_EQ(st["role"], "assistant");
  EXPECT_EQ(st["finish_reason"], "stop");
  EXPECT_GE(st["chunks"].get<int>(), 4) << st.dump();  // role, several deltas, the final chunk
  EXPECT_EQ(st["ids"], 1);
  EXPECT_EQ(st["citations"], c["citations"]);

  EXPECT_EQ(r["missing"]["status"], 404) << r["missing"].dump();
  EXPECT_EQ(r["missing"]["not_found"], true) << r["missing"].dump();
  EXPECT_EQ(model.last_authorization().find(api_key), std::string::npos);  // Lore's key stays with Lore
}
