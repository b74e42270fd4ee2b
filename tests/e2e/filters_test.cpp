// End-to-end: tags and metadata on documents and search filters, through the
// real binary — `lore ingest --tag/--meta`, `lore doc tag|meta`, `lore search`
// and `lore ask` with --document/--tag/--where, then the HTTP API (upload
// fields, PATCH with tenant isolation, filtered search, ask and chat).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "server_harness.h"

using namespace lore::e2e;
using nlohmann::json;

namespace {

// Three documents that all match "harbour ledger", told apart by tags/metadata.
void write_docs(const LoreEnv& env) {
  env.write("docs/north.md", "# North\n\nThe north harbour ledger lists every cargo of wool.\n");
  env.write("docs/south.md", "# South\n\nThe south harbour ledger lists every cargo of salt.\n");
  env.write("docs/west.md",
            "---\ntags: [archive]\n---\n# West\n\nThe west harbour ledger lists every cargo of tea.\n");
}

std::set<std::string> documents_of(const json& results, const std::string& field = "document") {
  std::set<std::string> out;
  for (const auto& r : results) out.insert(r.value(field, ""));
  return out;
}

std::set<std::string> search(const LoreEnv& env, std::vector<std::string> extra) {
  std::vector<std::string> args = {"search", "harbour ledger cargo", "--kb", "kb", "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = env.run(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return documents_of(r.json()["results"]);
}

}  // namespace

TEST(FiltersE2E, CliIngestTagsFilterSearchAndAskAndReingestKeepsTags) {
  LoreEnv env;
  ASSERT_EQ(env.run({"kb", "create", "kb"}).exit_code, 0);
  write_docs(env);
  auto r = env.run({"ingest", "docs/north.md", "--kb", "kb", "--tag", "port", "--tag", "cold", "--meta",
                    "region=north", "--meta", "year=2024"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = env.run({"ingest", "docs/south.md", "--kb", "kb", "--tag", "port", "--meta", "region=south", "--meta",
               "year=2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = env.run({"ingest", "docs/west.md", "--kb", "kb"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const std::set<std::string> all = {"north.md", "south.md", "west.md"};
  EXPECT_EQ(search(env, {}), all);
  EXPECT_EQ(search(env, {"--tag", "port"}), (std::set<std::string>{"north.md", "south.md"}));
  EXPECT_EQ(search(env, {"--tag", "port", "--tag", "cold"}), (std::set<std::string>{"north.md"}));
  EXPECT_EQ(search(env, {"--tag", "archive"}), (std::set<std::string>{"west.md"}));  // front matter
  EXPECT_EQ(search(env, {"--where", "year=2023"}), (std::set<std::string>{"south.md"}));
  EXPECT_EQ(search(env, {"--document", "west.md", "--document", "north.md"}),
            (std::set<std::string>{"north.md", "west.md"}));
  EXPECT_EQ(search(env, {"--tag", "port", "--where", "region=north"}), (std::set<std::string>{"north.md"}));
  // A filter that matches nothing gives no results, not everything.
  EXPECT_TRUE(search(env, {"--tag", "port", "--where", "region=west"}).empty());
  EXPECT_TRUE(search(env, {"--tag", "nosuchtag"}).empty());
  r = env.run({"search", "harbour ledger", "--kb", "kb", "--tag", "nosuchtag"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("no results"), std::string::npos) << r.out;
  // An unknown document is a usage error naming it.
  r = env.run({"search", "harbour", "--kb", "kb", "--document", "east.md"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("\"east.md\""), std::string::npos) << r.err;
  r = env.run({"search", "harbour", "--kb", "kb", "--where", "year"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--where"), std::string::npos) << r.err;

  // ask: the sources come only from the matching documents.
  r = env.run(
      {"ask", "what does the harbour ledger list?", "--kb", "kb", "--json", "--where", "region=south"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = r.json();
  ASSERT_FALSE(j["citations"].empty()) << j.dump();
  EXPECT_EQ(documents_of(j["citations"]), (std::set<std::string>{"south.md"}));
  EXPECT_NE(j["answer"].get<std::string>().find("salt"), std::string::npos) << j.dump();
  r = env.run({"ask", "what does the harbour ledger list?", "--kb", "kb", "--json", "--tag", "nosuchtag"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.json()["citations"].empty());
  EXPECT_EQ(r.json()["answer"], "Not found in the knowledge base.");

  // Re-ingest of a changed file keeps its tags and metadata.
  env.write("docs/north.md", "# North\n\nThe north harbour ledger lists every cargo of wool and iron.\n");
  r = env.run({"ingest", "docs/north.md", "--kb", "kb", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json()["files"][0]["status"], "replaced");
  EXPECT_EQ(search(env, {"--tag", "cold", "--where", "year=2024"}), (std::set<std::string>{"north.md"}));

  // lore doc tag / meta, and the listing shows tags.
  r = env.run({"doc", "tag", "--kb", "kb", "west.md", "--add", "port", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json()["tags"], json({"port"}));
  EXPECT_EQ(r.json()["all_tags"], json({"port", "archive"}));
  r = env.run({"doc", "meta", "--kb", "kb", "south.md", "--set", "region=east", "--unset", "year"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("region = east"), std::string::npos) << r.out;
  EXPECT_EQ(search(env, {"--tag", "port"}), all);
  EXPECT_EQ(search(env, {"--where", "region=east"}), (std::set<std::string>{"south.md"}));
  EXPECT_TRUE(search(env, {"--where", "year=2023"}).empty());
  r = env.run({"doc", "tag", "--kb", "kb", "nope.md", "--add", "x"});
  EXPECT_EQ(r.exit_code, 4);
  r = env.run({"doc", "tag", "--kb", "kb", "west.md", "--add", std::string(65, 'x')});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("65 bytes"), std::string::npos) << r.err;
  r = env.run({"kb", "show", "kb"});
  EXPECT_NE(r.out.find("tags: port, cold"), std::string::npos) << r.out;
  r = env.run({"kb", "show", "kb", "--json"});
  bool listed = false;
  const auto shown = r.json();  // kept alive while iterating
  for (const auto& d : shown["document_list"]) {
    if (d["name"] != "north.md") continue;
    EXPECT_EQ(d["tags"], json({"port", "cold"}));
    listed = true;
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(env.run({"doc", "tag", "--help"}).exit_code, 0);
}

namespace {

std::string create_key(const LoreEnv& env, const std::string& tenant) {
  auto r = env.run({"key", "create", "--json", "--tenant", tenant});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.json().value("key", "");
}

// Multipart upload with extra form fields.
Reply upload_with(const Server& s, const std::string& kb, const std::string& name, const std::string& content,
                  const httplib::MultipartFormDataItems& fields, const std::string& key) {
  auto c = s.client();
  httplib::MultipartFormDataItems items = fields;
  items.push_back({"file", content, name, "application/octet-stream"});
  httplib::Headers headers = {{"Authorization", "Bearer " + key}};
  return Server::to_reply(c.Post(("/api/v1/kbs/" + kb + "/documents").c_str(), headers, items));
}

}  // namespace

TEST(FiltersE2E, ApiUploadPatchAndFilteredSearchAskAndChat) {
  LoreEnv env;
  const std::string a = create_key(env, "alpha");
  const std::string b = create_key(env, "beta");
  Server s(env);
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "kb"}}, a).status, 201);
  auto up =
      upload_with(s, "kb", "north.md", "# North\n\nThe north harbour ledger lists every cargo of wool.\n",
                  {{"tags", "port", "", ""},
                   {"tags", "[\"cold\"]", "", ""},
                   {"metadata", R"({"region": "north", "year": 2024})", "", ""}},
                  a);
  ASSERT_EQ(up.status, 202) << up.text;
  const auto north = s.wait_job(up.body["job_id"], a);
  ASSERT_EQ(north["status"], "done") << north.dump();
  up = upload_with(s, "kb", "south.md", "# South\n\nThe south harbour ledger lists every cargo of salt.\n",
                   {{"tags", "port", "", ""}}, a);
  ASSERT_EQ(up.status, 202) << up.text;
  const auto south = s.wait_job(up.body["job_id"], a);
  up =
      upload_with(s, "kb", "west.md", "# West\n\nThe west harbour ledger lists every cargo of tea.\n", {}, a);
  const auto west = s.wait_job(up.body["job_id"], a);
  ASSERT_EQ(west["status"], "done");
  const std::string north_id = std::to_string(north["document_id"].get<int64_t>());
  const std::string south_id = std::to_string(south["document_id"].get<int64_t>());

  auto doc = s.call("GET", "/api/v1/documents/" + north_id, nullptr, a);
  EXPECT_EQ(doc.body["tags"], json({"port", "cold"}));
  EXPECT_EQ(doc.body["metadata"]["year"], 2024);
  expect_error(upload_with(s, "kb", "x.md", "# X\n\ny\n", {{"metadata", "[1]", "", ""}}, a), 400,
               "invalid_argument");

  // PATCH: replace tags, merge metadata; validation; another tenant gets 404.
  auto p = s.call("PATCH", "/api/v1/documents/" + south_id,
                  {{"tags", {"port", "warm"}}, {"metadata", {{"region", "south"}, {"audited", true}}}}, a);
  ASSERT_EQ(p.status, 200) << p.text;
  EXPECT_EQ(p.body["tags"], json({"port", "warm"}));
  EXPECT_EQ(p.body["metadata"]["audited"], true);
  expect_error(s.call("PATCH", "/api/v1/documents/" + south_id, {{"tags", {""}}}, a), 400,
               "invalid_argument");
  expect_error(s.call("PATCH", "/api/v1/documents/" + south_id, {{"metadata", {{"k", {{"x", 1}}}}}}, a), 400,
               "invalid_argument");
  json too_many = json::array();
  for (int i = 0; i < 33; ++i) too_many.push_back("t" + std::to_string(i));
  expect_error(s.call("PATCH", "/api/v1/documents/" + south_id, {{"tags", too_many}}, a), 400,
               "invalid_argument");
  expect_error(s.call("PATCH", "/api/v1/documents/" + south_id, json::object(), a), 400, "invalid_argument");
  expect_error(s.call("PATCH", "/api/v1/documents/" + south_id, {{"tags", {"stolen"}}}, b), 404, "not_found");
  EXPECT_EQ(s.call("GET", "/api/v1/documents/" + south_id, nullptr, a).body["tags"], json({"port", "warm"}));

  auto search = [&](const json& filter) {
    json body = {{"query", "harbour ledger cargo"}};
    if (!filter.is_null()) body["filter"] = filter;
    auto r = s.call("POST", "/api/v1/kbs/kb/search", body, a);
    EXPECT_EQ(r.status, 200) << r.text;
    return documents_of(r.body["results"]);
  };
  EXPECT_EQ(search(nullptr), (std::set<std::string>{"north.md", "south.md", "west.md"}));
  EXPECT_EQ(search({{"tags", {"port"}}}), (std::set<std::string>{"north.md", "south.md"}));
  EXPECT_EQ(search({{"tags", {"port"}}, {"metadata", {{"audited", true}}}}),
            (std::set<std::string>{"south.md"}));
  EXPECT_EQ(search({{"metadata", {{"year", "2024"}}}}), (std::set<std::string>{"north.md"}));
  EXPECT_EQ(search({{"documents", {"west.md", std::stoll(north_id)}}}),
            (std::set<std::string>{"north.md", "west.md"}));
  EXPECT_TRUE(search({{"tags", {"port"}}, {"documents", {"west.md"}}}).empty());
  auto get =
      s.call("GET", "/api/v1/kbs/kb/search?q=harbour%20ledger&tag=port&where=region%3Dnorth", nullptr, a);
  EXPECT_EQ(documents_of(get.body["results"]), (std::set<std::string>{"north.md"})) << get.text;
  auto bad = s.call("POST", "/api/v1/kbs/kb/search",
                    {{"query", "harbour"}, {"filter", {{"documents", {"east.md"}}}}}, a);
  expect_error(bad, 400, "invalid_argument");
  EXPECT_NE(bad.body["error"]["message"].get<std::string>().find("east.md"), std::string::npos);
  expect_error(
      s.call("POST", "/api/v1/kbs/kb/search", {{"query", "harbour"}, {"filter", {{"tag", {"x"}}}}}, a), 400,
      "invalid_argument");

  // ask (JSON and stream) and the OpenAI-compatible chat with the filter extension.
  auto ask = s.call(
      "POST", "/api/v1/kbs/kb/ask",
      {{"question", "what does the harbour ledger list?"}, {"filter", {{"metadata", {{"region", "north"}}}}}},
      a);
  ASSERT_EQ(ask.status, 200) << ask.text;
  ASSERT_FALSE(ask.body["citations"].empty());
  EXPECT_EQ(documents_of(ask.body["citations"]), (std::set<std::string>{"north.md"}));
  ask = s.call("POST", "/api/v1/kbs/kb/ask",
               {{"question", "what does the harbour ledger list?"}, {"filter", {{"tags", {"none"}}}}}, a);
  ASSERT_EQ(ask.status, 200) << ask.text;
  EXPECT_FALSE(ask.body["found"].get<bool>());
  EXPECT_TRUE(ask.body["citations"].empty());
  // An unknown document fails before a stream starts.
  expect_error(s.call("POST", "/api/v1/kbs/kb/ask",
                      {{"question", "what?"}, {"stream", true}, {"filter", {{"documents", {"east.md"}}}}}, a),
               400, "invalid_argument");
  auto chat = s.call("POST", "/v1/chat/completions",
                     {{"model", "lore:kb"},
                      {"messages", {{{"role", "user"}, {"content", "what does the harbour ledger list?"}}}},
                      {"filter", {{"documents", {"west.md"}}}}},
                     a);
  ASSERT_EQ(chat.status, 200) << chat.text;
  ASSERT_FALSE(chat.body["citations"].empty());
  EXPECT_EQ(documents_of(chat.body["citations"]), (std::set<std::string>{"west.md"}));
  EXPECT_NE(chat.body["choices"][0]["message"]["content"].get<std::string>().find("tea"), std::string::npos);

  // Re-upload of a changed file keeps the tags set by PATCH and adds the upload's.
  up = upload_with(s, "kb", "south.md",
                   "# South\n\nThe south harbour ledger lists every cargo of salt and rice.\n",
                   {{"tags", "rice", "", ""}}, a);
  ASSERT_EQ(up.status, 202) << up.text;
  ASSERT_EQ(s.wait_job(up.body["job_id"], a)["status"], "done");
  doc = s.call("GET", "/api/v1/documents/" + south_id, nullptr, a);
  EXPECT_EQ(doc.body["tags"], json({"port", "warm", "rice"}));
  EXPECT_EQ(doc.body["metadata"]["audited"], true);
  EXPECT_EQ(search({{"tags", {"rice"}}}), (std::set<std::string>{"south.md"}));
}
