// Figure pictures over HTTP: GET /api/v1/chunks/{id}/image serves the PNG of a
// figure chunk to its tenant only; the picture blob goes with the last
// document that references it.
#include "core/hash.h"

#include "../support/figure_pdf.h"
#include "server_harness.h"

using namespace lore::e2e;
using lore::test_support::figure_pdf;
using nlohmann::json;

namespace {

std::string create_key(const LoreEnv& env, const std::string& tenant) {
  auto r = env.run({"key", "create", "--json", "--tenant", tenant});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.json().value("key", "");
}

// Uploads and waits; returns the document's chunks.
json ingest(const Server& s, const std::string& kb, const std::string& name, const std::string& bytes,
            const std::string& key) {
  auto up = s.upload(kb, {{name, bytes}}, key);
  EXPECT_EQ(up.status, 202) << up.text;
  const auto job = s.wait_job(up.body["job_id"], key);
  EXPECT_EQ(job["status"], "done") << job.dump();
  auto chunks =
      s.call("GET", "/api/v1/documents/" + std::to_string(job["document_id"].get<int64_t>()) + "/chunks",
             nullptr, key);
  EXPECT_EQ(chunks.status, 200) << chunks.text;
  return chunks.body;
}

json first_of_kind(const json& listing, const std::string& kind) {
  for (const auto& c : listing["chunks"])
    if (c.value("kind", "") == kind) return c;
  ADD_FAILURE() << "no " << kind << " chunk in " << listing.dump();
  return json::object();
}

std::filesystem::path blob_path(const LoreEnv& env, const std::string& sha) {
  return env.data_dir() / "blobs" / sha.substr(0, 2) / sha.substr(2);
}

}  // namespace

TEST(ServerImages, FigureChunkServesItsPictureToItsTenantOnly) {
  LoreEnv env;
  const std::string a = create_key(env, "alpha");
  const std::string b = create_key(env, "beta");
  Server s(env);
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "reports"}}, a).status, 201);
  const auto listing = ingest(s, "reports", "sales.pdf", figure_pdf(0.2, "quarterly"), a);
  const auto fig = first_of_kind(listing, "figure");
  ASSERT_TRUE(fig.contains("metadata") && fig["metadata"].contains("image")) << fig.dump();
  const std::string sha = fig["metadata"]["image"]["blob"];
  const std::string path = "/api/v1/chunks/" + std::to_string(fig["chunk_id"].get<int64_t>()) + "/image";

  auto c = s.client();
  auto r = c.Get(path.c_str(), {{"Authorization", "Bearer " + a}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(r->body.substr(1, 3), "PNG");
  EXPECT_EQ(lore::sha256_hex(r->body), sha);
  EXPECT_EQ(r->get_header_value("ETag"), "\"" + sha + "\"");
  auto again = c.Get(path.c_str(), {{"Authorization", "Bearer " + a}, {"If-None-Match", "\"" + sha + "\""}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());

  // Another tenant, a chunk without a picture, a chunk that does not exist.
  expect_error(s.call("GET", path, nullptr, b), 404, "not_found");
  const auto text = first_of_kind(listing, "text");
  expect_error(s.call("GET", "/api/v1/chunks/" + std::to_string(text["chunk_id"].get<int64_t>()) + "/image",
                      nullptr, a),
               404, "not_found");
  expect_error(s.call("GET", "/api/v1/chunks/99999/image", nullptr, a), 404, "not_found");
  expect_error(s.call("GET", path), 401, "unauthorized");

  // A new version with another picture replaces the old blob; deleting the
  // document removes the last one.
  ASSERT_TRUE(std::filesystem::exists(blob_path(env, sha)));
  const auto v2 = ingest(s, "reports", "sales.pdf", figure_pdf(0.8, "quarterly"), a);
  const std::string sha2 = first_of_kind(v2, "figure")["metadata"]["image"]["blob"];
  ASSERT_NE(sha2, sha);
  EXPECT_FALSE(std::filesystem::exists(blob_path(env, sha)));
  EXPECT_TRUE(std::filesystem::exists(blob_path(env, sha2)));
  expect_error(s.call("GET", path, nullptr, a), 404, "not_found");  // the old chunk is gone
  const auto doc_id = v2["document"]["id"].get<int64_t>();
  ASSERT_EQ(s.call("DELETE", "/api/v1/documents/" + std::to_string(doc_id), nullptr, a).status, 200);
  EXPECT_FALSE(std::filesystem::exists(blob_path(env, sha2)));
}
