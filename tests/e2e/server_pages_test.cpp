// The web UI's server routes: page images (PDF pages rendered by poppler and
// cached; image files served scaled), quote location for citations, KB
// settings, static files with SPA fallback — and tenant isolation for every
// id-taking route.
#include <cairo-pdf.h>
#include <cairo.h>

#include <filesystem>

#include "server_harness.h"

using namespace lore::e2e;
using nlohmann::json;

namespace {

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Two US-letter pages; page 2 carries the sentence at y = 300 pt (baseline).
std::string two_page_pdf() {
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_bytes, &pdf, 612, 792);
  cairo_t* cr = cairo_create(surface);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 12);
  cairo_move_to(cr, 72, 100);
  cairo_show_text(cr, "The first page talks about the weather in the valley.");
  cairo_show_page(cr);
  cairo_move_to(cr, 72, 300);
  cairo_show_text(cr, "The vault combination is seven eleven thirteen.");
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return pdf;
}

std::string png_of(int w, int h) {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t* cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);  // text, so that OCR finds something
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 40);
  cairo_move_to(cr, 30, 150);
  cairo_show_text(cr, "Invoice total due");
  cairo_destroy(cr);
  std::string out;
  cairo_surface_write_to_png_stream(s, append_bytes, &out);
  cairo_surface_destroy(s);
  return out;
}

// PNG width and height from the IHDR chunk.
std::pair<int, int> png_size(const std::string& png) {
  if (png.size() < 24 || png.compare(1, 3, "PNG") != 0) return {0, 0};
  auto be32 = [&](size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  return {static_cast<int>(be32(16)), static_cast<int>(be32(20))};
}

int64_t upload_done(Server& s, const std::string& kb, const std::string& name, const std::string& bytes,
                    const std::string& key = "") {
  auto up = s.upload(kb, {{name, bytes}}, key);
  EXPECT_EQ(up.status, 202) << up.text;
  const auto job = s.wait_job(up.body["job_id"], key);
  EXPECT_EQ(job["status"], "done") << job.dump();
  return job["document_id"].get<int64_t>();
}

}  // namespace

TEST(ServerPages, RendersPdfPagesInThePointFrameAndCachesThem) {
  LoreEnv env;
  Server s(env);
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "k"}}).status, 201);
  const auto doc = std::to_string(upload_done(s, "k", "two.pdf", two_page_pdf()));

  auto pages = s.call("GET", "/api/v1/documents/" + doc + "/pages");
  ASSERT_EQ(pages.status, 200) << pages.text;
  ASSERT_EQ(pages.body["pages"].size(), 2u);
  EXPECT_DOUBLE_EQ(pages.body["pages"][1]["width"].get<double>(), 612);
  EXPECT_DOUBLE_EQ(pages.body["pages"][1]["height"].get<double>(), 792);

  auto png = s.call("GET", "/api/v1/documents/" + doc + "/pages/2.png?scale=2");
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png_size(png.text), std::make_pair(1224, 1584));  // 612 x 792 pt at 2 px/pt
  const auto cached = env.data_dir() / "cache" / "pages";
  ASSERT_TRUE(std::filesystem::exists(cached));
  size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(cached)) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
  // Served from the cache: same bytes.
  EXPECT_EQ(s.call("GET", "/api/v1/documents/" + doc + "/pages/2.png?scale=2").text, png.text);

  expect_error(s.call("GET", "/api/v1/documents/" + doc + "/pages/3.png"), 404, "not_found");
  expect_error(s.call("GET", "/api/v1/documents/" + doc + "/pages/1.png?scale=99"), 400, "invalid_argument");
  expect_error(s.call("GET", "/api/v1/documents/" + doc + "/pages/1.png?scale=x"), 400, "invalid_argument");
  expect_error(s.call("GET", "/api/v1/documents/999/pages/1.png"), 404, "not_found");
  const auto md = std::to_string(upload_done(s, "k", "notes.md", "# Notes\n\nNo pages here.\n"));
  expect_error(s.call("GET", "/api/v1/documents/" + md + "/pages"), 404, "not_found");
}

TEST(ServerPages, ImageFilesAreServedAtTheirPointSize) {
  LoreEnv env;
  Server s(env);
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "k"}}).status, 201);
  const auto doc = std::to_string(upload_done(s, "k", "scan.png", png_of(600, 300)));
  auto pages = s.call("GET", "/api/v1/documents/" + doc + "/pages");
  ASSERT_EQ(pages.status, 200) << pages.text;
  // No resolution in the file: 300 dpi, so 600 px = 144 pt.
  EXPECT_NEAR(pages.body["pages"][0]["width"].get<double>(), 144, 0.01);
  auto png = s.call("GET", "/api/v1/documents/" + doc + "/pages/1.png?scale=1");
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png_size(png.text), std::make_pair(144, 72));
}

TEST(ServerPages, LocateFindsTheQuotedLineOnItsPage) {
  LoreEnv env;
  Server s(env);
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "k"}}).status, 201);
  const auto doc = std::to_string(upload_done(s, "k", "two.pdf", two_page_pdf()));
  auto chunks = s.call("GET", "/api/v1/documents/" + doc + "/chunks");
  ASSERT_FALSE(chunks.body["chunks"].empty());
  std::string chunk;
  for (const auto& c : chunks.body["chunks"])
    if (c["text"].get<std::string>().find("vault") != std::string::npos)
      chunk = std::to_string(c["chunk_id"].get<int64_t>());
  ASSERT_FALSE(chunk.empty()) << chunks.text;
  auto m =
      s.call("GET", "/api/v1/chunks/" + chunk + "/locate?text=vault%20combination%20is%20seven%20eleven");
  ASSERT_EQ(m.status, 200) << m.text;
  EXPECT_EQ(m.body["page"], 2);
  ASSERT_EQ(m.body["boxes"].size(), 1u) << m.text;
  const auto b = m.body["boxes"][0];
  EXPECT_LT(b[1].get<double>(), 300);  // the line's box holds its baseline
  EXPECT_GT(b[3].get<double>(), 295);
  EXPECT_LT(b[3].get<double>() - b[1].get<double>(), 30);
  EXPECT_EQ(m.body["matched_words"], 5);
  auto none = s.call("GET", "/api/v1/chunks/" + chunk + "/locate?text=purple%20elephants%20dance%20nightly");
  EXPECT_TRUE(none.body["page"].is_null()) << none.text;
  expect_error(s.call("GET", "/api/v1/chunks/" + chunk + "/locate"), 400, "invalid_argument");
}

TEST(ServerPages, KbSettingsPatch) {
  LoreEnv env;
  Server s(env);
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "k"}}).status, 201);
  auto r = s.call(
      "PATCH", "/api/v1/kbs/k",
      {{"chat", {{"provider", "ollama"}, {"model", "m1"}}}, {"chunk_tokens", 300}, {"chunk_overlap", 30}});
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["settings"]["chat"]["provider"], "ollama");
  EXPECT_EQ(r.body["settings"]["chunk_tokens"], 300);
  EXPECT_EQ(s.call("GET", "/api/v1/kbs/k").body["settings"]["chat"]["model"], "m1");
  r = s.call("PATCH", "/api/v1/kbs/k", {{"chat", nullptr}});
  EXPECT_FALSE(r.body["settings"].contains("chat")) << r.text;
  expect_error(s.call("PATCH", "/api/v1/kbs/k", {{"chat", {{"provider", "skynet"}}}}), 400,
               "invalid_argument");
  expect_error(s.call("PATCH", "/api/v1/kbs/k", {{"prompt_template", "no placeholder"}}), 400,
               "invalid_argument");
  expect_error(s.call("PATCH", "/api/v1/kbs/k", {{"colour", "red"}}), 400, "invalid_argument");
  expect_error(s.call("PATCH", "/api/v1/kbs/k", {{"chunk_overlap", 400}}), 400, "invalid_argument");
  expect_error(s.call("PATCH", "/api/v1/kbs/nope", {{"chunk_tokens", 300}}), 404, "not_found");
}

TEST(ServerPages, ASecondTenantGets404OnEveryNewRoute) {
  LoreEnv env;
  auto key = [&](const char* tenant) {
    auto r = env.run({"key", "create", "--json", "--tenant", tenant});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.json().value("key", "");
  };
  const std::string a = key("alpha"), b = key("beta");
  Server s(env);
  ASSERT_EQ(s.call("POST", "/api/v1/kbs", {{"name", "secret"}}, a).status, 201);
  const auto doc = std::to_string(upload_done(s, "secret", "two.pdf", two_page_pdf(), a));
  const auto chunk = std::to_string(s.call("GET", "/api/v1/documents/" + doc + "/chunks", nullptr, a)
                                        .body["chunks"][0]["chunk_id"]
                                        .get<int64_t>());
  ASSERT_EQ(s.call("GET", "/api/v1/documents/" + doc + "/pages/1.png", nullptr, a).status, 200);
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/documents/" + doc + "/pages"},
           {"GET", "/api/v1/documents/" + doc + "/pages/1.png"},  // cached by now: still 404
           {"GET", "/api/v1/chunks/" + chunk + "/locate?text=vault"},
           {"PATCH", "/api/v1/kbs/secret"}}) {
    SCOPED_TRACE(method + " " + path);
    expect_error(s.call(method, path, json{{"chunk_tokens", 100}}, b), 404, "not_found");
  }
  expect_error(s.call("GET", "/api/v1/documents/" + doc + "/pages/1.png"), 401, "unauthorized");
  EXPECT_EQ(s.call("GET", "/api/v1/kbs/secret", nullptr, a).body["settings"]["chunk_tokens"], 512);
}

TEST(ServerPages, WebUiIsServedWithSpaFallbackWhenBuilt) {
  LoreEnv env;
  const auto web = env.dir() / "web";
  std::filesystem::create_directories(web / "assets");
  std::ofstream(web / "index.html") << "<!doctype html><div id=app></div>";
  std::ofstream(web / "assets" / "app-1234.js") << "console.log(1)";
  Server s(env, {{"LORE_SERVER_WEB_DIR", web.string()}});
  auto c = s.client();
  auto root = c.Get("/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->status, 200);
  EXPECT_NE(root->body.find("id=app"), std::string::npos);
  auto deep = c.Get("/kbs/x/documents/3?page=2");
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->status, 200);
  EXPECT_NE(deep->body.find("id=app"), std::string::npos);
  auto js = c.Get("/assets/app-1234.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->get_header_value("Content-Type").rfind("text/javascript", 0), 0u);
  EXPECT_NE(js->get_header_value("Cache-Control").find("immutable"), std::string::npos);
  auto missing = c.Get("/assets/gone.js");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  expect_error(s.call("GET", "/api/v1/nothing-here"), 404, "not_found");
  EXPECT_EQ(s.call("GET", "/api/v1/kbs").status, 200);
}
