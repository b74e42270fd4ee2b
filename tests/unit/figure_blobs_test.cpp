// Figure picture blobs: stored at ingest, shared between documents like any
// blob, and removed with the last document that references them (delete,
// new version, knowledge base deletion). Also: every chunk template that
// emits figure chunks carries the picture's blob in metadata "image".
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "chunk/chunker.h"
#include "pipeline/blob_refs.h"
#include "pipeline/ingest.h"

#include "../support/figure_pdf.h"

using namespace lore;
using lore::test_support::figure_pdf;

namespace {

class FigureBlobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lore-figblobs-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "in");
    config_.data_dir = dir_ / "data";
    ws_ = std::make_unique<pipeline::Workspace>(config_, pipeline::Access::write);
    kb_ = ws_->create_kb("kb", "general");
  }
  void TearDown() override {
    ws_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Ingests `bytes` as `name`; returns the document record.
  store::DocumentRecord add(const std::string& name, const std::string& bytes) {
    const auto file = dir_ / "in" / name;
    std::ofstream(file, std::ios::binary) << bytes;
    const auto summary = pipeline::ingest(*ws_, kb_, {{file.string(), name, "", false}});
    EXPECT_EQ(summary.failed, 0u);
    auto doc = ws_->store().find_document(kb_.id, name);
    EXPECT_TRUE(doc.has_value());
    return *doc;
  }
  // The one figure blob of a document (checked against its figure chunk).
  std::string figure_of(const store::DocumentRecord& doc) {
    const auto shas = pipeline::figure_blobs(doc.metadata);
    EXPECT_EQ(shas.size(), 1u) << doc.metadata.dump();
    if (shas.empty()) return "";
    std::set<std::string> in_chunks;
    for (const auto& c : ws_->store().chunks_of_document(doc.id))
      if (c.metadata.contains("image")) in_chunks.insert(c.metadata["image"].value("blob", ""));
    EXPECT_EQ(in_chunks, shas);
    return *shas.begin();
  }
  bool stored(const std::string& sha) { return ws_->blobs().contains(sha); }

  std::filesystem::path dir_;
  Config config_;
  std::unique_ptr<pipeline::Workspace> ws_;
  store::KnowledgeBase kb_;
};

TEST_F(FigureBlobsTest, FigureIsStoredAndGoesWithItsDocument) {
  const auto doc = add("report.pdf", figure_pdf(0.2, "quarterly"));
  const auto fig = figure_of(doc);
  ASSERT_TRUE(stored(fig));
  EXPECT_EQ(ws_->blobs().get(fig).substr(1, 3), "PNG");
  EXPECT_EQ(ws_->store().count_documents_with_sha(fig), 1);
  ws_->delete_document(doc);
  EXPECT_FALSE(stored(fig));
  EXPECT_FALSE(stored(doc.sha256));
}

TEST_F(FigureBlobsTest, SharedFigureStaysWhileAnotherDocumentReferencesIt) {
  // Same chart, different body text: different originals, same picture.
  const auto a = add("a.pdf", figure_pdf(0.2, "quarterly"));
  const auto b = add("b.pdf", figure_pdf(0.2, "annual"));
  ASSERT_NE(a.sha256, b.sha256);
  const auto fig = figure_of(a);
  ASSERT_EQ(figure_of(b), fig) << "the two crops should be identical";
  EXPECT_EQ(ws_->store().count_documents_with_sha(fig), 2);
  ws_->delete_document(a);
  EXPECT_FALSE(stored(a.sha256));
  EXPECT_TRUE(stored(fig));
  ws_->delete_document(*ws_->store().find_document(kb_.id, "b.pdf"));
  EXPECT_FALSE(stored(fig));
}

TEST_F(FigureBlobsTest, NewVersionDropsTheOldFigureOnly) {
  const auto v1 = add("report.pdf", figure_pdf(0.2, "quarterly"));
  const auto fig1 = figure_of(v1);
  // Same picture, other text: the figure is still referenced by the new version.
  const auto v2 = add("report.pdf", figure_pdf(0.2, "annual"));
  EXPECT_EQ(v2.id, v1.id);
  EXPECT_EQ(figure_of(v2), fig1);
  EXPECT_TRUE(stored(fig1));
  EXPECT_FALSE(stored(v1.sha256));
  // Other colours: a new picture; the old one has no reference left.
  const auto v3 = add("report.pdf", figure_pdf(0.8, "annual"));
  const auto fig3 = figure_of(v3);
  EXPECT_NE(fig3, fig1);
  EXPECT_TRUE(stored(fig3));
  EXPECT_FALSE(stored(fig1));
  // A version without any figure drops the last picture.
  add("report.pdf", figure_pdf(0.8, "annual", /*chart=*/false));
  EXPECT_FALSE(stored(fig3));
}

TEST_F(FigureBlobsTest, DeletingTheKnowledgeBaseKeepsFiguresOfOtherBases) {
  const auto a = add("a.pdf", figure_pdf(0.2, "quarterly"));
  const auto fig = figure_of(a);
  const auto other = ws_->create_kb("other", "general");
  const auto file = dir_ / "in" / "c.pdf";
  std::ofstream(file, std::ios::binary) << figure_pdf(0.2, "monthly");
  pipeline::ingest(*ws_, other, {{file.string(), "c.pdf", "", false}});
  ws_->delete_kb("kb");
  EXPECT_FALSE(stored(a.sha256));
  EXPECT_TRUE(stored(fig));
  ws_->delete_kb("other");
  EXPECT_FALSE(stored(fig));
}

// Every template that emits a figure chunk keeps its picture.
TEST(FigureChunks, EveryTemplateCarriesTheImage) {
  parse::Document doc;
  auto block = [&](parse::BlockKind kind, std::string text, int level = 0) {
    parse::Block b;
    b.kind = kind;
    b.text = std::move(text);
    b.level = level;
    b.bbox = {50, 100.0 + 30 * doc.blocks.size(), 500, 120.0 + 30 * doc.blocks.size()};
    doc.blocks.push_back(std::move(b));
  };
  block(parse::BlockKind::title, "1. Results", 1);
  block(parse::BlockKind::text, "Q: What were the sales? A: Sales rose in every region during the year.");
  block(parse::BlockKind::figure, "North South East West");
  doc.blocks.back().image = parse::Image{};
  doc.blocks.back().image->format = "png";
  doc.blocks.back().image->blob_sha256 = std::string(64, 'a');
  block(parse::BlockKind::caption, "Figure 1: Sales by region");
  block(parse::BlockKind::text, "Article 2. The closing paragraph discusses the outlook for next year.");
  for (const auto& name : chunk::template_names()) {
    if (name == "auto" || name == "one") continue;  // one: the whole document is a single text chunk
    chunk::ChunkOptions o;
    o.template_name = name;
    int figures = 0;
    for (const auto& c : chunk::chunk_document(doc, o)) {
      if (c.kind != "figure") continue;
      ++figures;
      ASSERT_TRUE(c.metadata.contains("image")) << name << ": " << c.metadata.dump();
      EXPECT_EQ(c.metadata["image"]["blob"], std::string(64, 'a')) << name;
    }
    EXPECT_EQ(figures, 1) << name;
  }
}

}  // namespace
