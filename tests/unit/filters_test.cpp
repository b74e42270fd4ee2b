// Search filters (pipeline/filters.h) and user tags/metadata
// (pipeline/user_metadata.h): the resolver on its own, then through a real
// workspace — ingest with tags, filtered search, re-ingest keeping the tags.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "pipeline/filters.h"
#include "pipeline/ingest.h"
#include "pipeline/search.h"
#include "pipeline/user_metadata.h"

using namespace lore;
using namespace lore::pipeline;
using nlohmann::json;

namespace {

store::DocumentRecord doc(store::Id id, const std::string& name, json metadata) {
  store::DocumentRecord d;
  d.id = id;
  d.name = name;
  d.metadata = std::move(metadata);
  return d;
}

std::vector<store::DocumentRecord> corpus() {
  return {
      doc(1, "lease.pdf",
          {{"title", "Lease"},
           {"tags", {"contract", "2024"}},
           {"user_keys", {"year", "signed"}},
           {"year", "2024"},
           {"signed", true}}),
      doc(2, "nda.docx", {{"tags", {"contract"}}, {"user_keys", {"year"}}, {"year", 2023}}),
      doc(3, "notes.md", {{"source_tags", {"draft"}}, {"author", "Ann"}, {"keywords", {"rent", "deposit"}}}),
  };
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return "";
}

}  // namespace

TEST(Filters, EmptyFilterMatchesEveryDocument) {
  SearchFilter f;
  EXPECT_TRUE(f.empty());
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{1, 2, 3}));
}

TEST(Filters, DocumentsByNameOrIdAreAnyOf) {
  SearchFilter f;
  f.documents = {"nda.docx", "3"};  // a decimal string that is no name is an id
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{2, 3}));
  SearchFilter g;
  g.document_ids = {1};
  EXPECT_EQ(resolve_filter(corpus(), g, "kb"), (std::vector<store::Id>{1}));
}

TEST(Filters, UnknownDocumentsAreAnErrorNamingAllOfThem) {
  SearchFilter f;
  f.documents = {"lease.pdf", "leese.pdf", "missing.txt"};
  f.document_ids = {99};
  const auto msg = error_of([&] { resolve_filter(corpus(), f, "legal"); });
  EXPECT_NE(msg.find("\"leese.pdf\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"missing.txt\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("\"99\""), std::string::npos) << msg;
  EXPECT_NE(msg.find("legal"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("\"lease.pdf\""), std::string::npos) << msg;
}

TEST(Filters, TagsMustAllBePresentIncludingTheFilesOwn) {
  SearchFilter f;
  f.tags = {"contract"};
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{1, 2}));
  f.tags = {"contract", "2024"};
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{1}));
  f.tags = {"draft"};
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{3}));
  f.tags = {"contract", "draft"};
  EXPECT_TRUE(resolve_filter(corpus(), f, "kb").empty());
}

TEST(Filters, MetadataEqualityComparesByValue) {
  SearchFilter f;
  f.metadata = {{"year", "2024"}};  // stored as the string "2024"
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{1}));
  f.metadata = {{"year", 2023}};  // stored as the number 2023
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{2}));
  f.metadata = {{"year", "2023"}};  // a string against a stored number
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{2}));
  f.metadata = {{"signed", "true"}};
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{1}));
  f.metadata = {{"author", "Ann"}};  // a parser's key
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{3}));
  f.metadata = {{"keywords", "deposit"}};  // any element of an array
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{3}));
  f.metadata = {{"author", "ann"}};  // strings are exact
  EXPECT_TRUE(resolve_filter(corpus(), f, "kb").empty());
  f.metadata = {{"nonexistent", "x"}};
  EXPECT_TRUE(resolve_filter(corpus(), f, "kb").empty());
}

TEST(Filters, KindsAreAnded) {
  SearchFilter f;
  f.documents = {"lease.pdf", "nda.docx"};
  f.tags = {"contract"};
  f.metadata = {{"year", 2023}};
  EXPECT_EQ(resolve_filter(corpus(), f, "kb"), (std::vector<store::Id>{2}));
  f.documents = {"notes.md"};
  EXPECT_TRUE(resolve_filter(corpus(), f, "kb").empty());
}

TEST(Filters, FromJsonValidatesEveryField) {
  const auto f = filter_from_json(
      {{"documents", {"a.md", 7}}, {"tags", {"x"}}, {"metadata", {{"year", 2024}, {"ok", true}}}});
  EXPECT_EQ(f.documents, std::vector<std::string>{"a.md"});
  EXPECT_EQ(f.document_ids, std::vector<store::Id>{7});
  EXPECT_EQ(f.tags, std::vector<std::string>{"x"});
  EXPECT_EQ(f.metadata["year"], 2024);
  EXPECT_TRUE(filter_from_json(nullptr).empty());
  EXPECT_NE(error_of([] { filter_from_json("tag"); }).find("filter"), std::string::npos);
  EXPECT_NE(error_of([] { filter_from_json({{"tag", {"x"}}}); }).find("filter.tag"), std::string::npos);
  EXPECT_NE(error_of([] { filter_from_json({{"tags", "x"}}); }).find("filter.tags"), std::string::npos);
  EXPECT_NE(error_of([] { filter_from_json({{"tags", {""}}}); }).find("tag"), std::string::npos);
  EXPECT_NE(error_of([] {
              filter_from_json({{"metadata", {{"k", {1, 2}}}}});
            }).find("filter.metadata.k"),
            std::string::npos);
  EXPECT_NE(error_of([] { filter_from_json({{"documents", {1.5}}}); }).find("documents"), std::string::npos);
  EXPECT_NE(error_of([] { metadata_from_key_values({"year"}, "--where"); }).find("--where"),
            std::string::npos);
  EXPECT_EQ(metadata_from_key_values({"a=b=c", "e="}, "--where"), json({{"a", "b=c"}, {"e", ""}}));
}

TEST(UserMetadata, UserKeysWinOverTheParsersAndSurviveANewVersion) {
  UserMetadata user;
  user.tags = {"contract"};
  user.fields = {{"title", "My title"}, {"year", 2024}};
  const auto stored = with_user_metadata({{"title", "Parsed title"}, {"author", "Bo"}}, user);
  EXPECT_EQ(stored["title"], "My title");
  EXPECT_EQ(stored["author"], "Bo");
  EXPECT_EQ(stored["tags"], json({"contract"}));
  // A new version: the parser's keys are fresh, the user's carried over.
  const auto again =
      with_user_metadata({{"title", "New parsed title"}, {"pages", 3}}, user_metadata_of(stored));
  EXPECT_EQ(again["title"], "My title");
  EXPECT_EQ(again["year"], 2024);
  EXPECT_EQ(again["pages"], 3);
  EXPECT_FALSE(again.contains("author"));
  EXPECT_EQ(again["tags"], json({"contract"}));
}

TEST(UserMetadata, FrontMatterTagsBecomeSourceTags) {
  const auto stored =
      with_user_metadata({{"tags", {"draft", "", 3}}}, UserMetadata{{"mine"}, json::object()});
  EXPECT_EQ(stored["source_tags"], json({"draft"}));
  EXPECT_EQ(stored["tags"], json({"mine"}));
  EXPECT_EQ(all_tags(stored), (std::vector<std::string>{"mine", "draft"}));
  // The file's tags are not the user's: a new version renews them.
  EXPECT_EQ(user_metadata_of(stored).tags, std::vector<std::string>{"mine"});
}

TEST(UserMetadata, EditsPatchOnlyTheUsersPart) {
  json current = with_user_metadata({{"title", "T"}}, UserMetadata{{"a", "b"}, {{"k", "v"}, {"n", 1}}});
  UserMetadataEdit e;
  e.add_tags = {"c", "a"};
  e.remove_tags = {"b"};
  e.fields = {{"k", nullptr}, {"m", false}, {"title", nullptr}};  // title is the parser's: untouched
  current.merge_patch(user_metadata_patch(current, e));
  EXPECT_EQ(current["tags"], json({"a", "c"}));
  EXPECT_FALSE(current.contains("k"));
  EXPECT_EQ(current["m"], false);
  EXPECT_EQ(current["n"], 1);
  EXPECT_EQ(current["title"], "T");
  EXPECT_EQ(user_metadata_of(current).fields, json({{"m", false}, {"n", 1}}));
  // Replacing the tags with none removes the key.
  UserMetadataEdit clear;
  clear.set_tags = std::vector<std::string>{};
  current.merge_patch(user_metadata_patch(current, clear));
  EXPECT_FALSE(current.contains("tags"));
}

TEST(UserMetadata, LimitsAreClearErrors) {
  EXPECT_NE(error_of([] { check_tag(""); }).find("non-empty"), std::string::npos);
  EXPECT_NE(error_of([] { check_tag(std::string(65, 'x')); }).find("65 bytes"), std::string::npos);
  check_tag(std::string(64, 'x'));
  UserMetadataEdit many;
  for (int i = 0; i < 33; ++i) many.add_tags.push_back("t" + std::to_string(i));
  EXPECT_NE(error_of([&] { user_metadata_patch(json::object(), many); }).find("too many tags"),
            std::string::npos);
  many.add_tags.pop_back();
  EXPECT_EQ(user_metadata_patch(json::object(), many)["tags"].size(), 32u);
  UserMetadataEdit bad;
  bad.fields = {{"k", {{"nested", 1}}}};
  EXPECT_NE(error_of([&] { user_metadata_patch(json::object(), bad); }).find("\"k\""), std::string::npos);
  bad.fields = {{"tags", "x"}};
  EXPECT_NE(error_of([&] { user_metadata_patch(json::object(), bad); }).find("reserved"), std::string::npos);
  EXPECT_NE(error_of([] {
              user_metadata_edit_from_json({{"tags", "x"}});
            }).find("\"tags\""),
            std::string::npos);
  EXPECT_NE(error_of([] { split_key_value("=v", "--meta"); }).find("--meta"), std::string::npos);
}

// Through a real workspace: ingest with tags, search with filters, re-ingest.
class FilteredSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lore-filters-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "in");
    config_.data_dir = dir_ / "data";
    ws_ = std::make_unique<Workspace>(config_, Access::write);
    kb_ = ws_->create_kb("kb", "general");
  }
  void TearDown() override {
    ws_.reset();
    std::filesystem::remove_all(dir_);
  }
  IngestSummary add(const std::string& name, const std::string& text, UserMetadata user = {}) {
    const auto file = dir_ / "in" / name;
    std::ofstream(file) << text;
    IngestOptions o;
    o.user = std::move(user);
    return ingest(*ws_, kb_, {{file.string(), name, "", false}}, {}, o);
  }
  std::set<std::string> found(const std::string& query, SearchFilter filter) {
    SearchRequest r{query, 10};
    r.filter = std::move(filter);
    std::set<std::string> names;
    for (const auto& h : search(*ws_, kb_, r)) names.insert(h.document_name);
    return names;
  }

  std::filesystem::path dir_;
  Config config_;
  std::unique_ptr<Workspace> ws_;
  store::KnowledgeBase kb_;
};

TEST_F(FilteredSearchTest, FiltersRestrictResultsAndNoMatchMeansNoResults) {
  add("a.md", "# Alpha\n\nThe harbour pilot boards ships at dawn.\n", {{"sea"}, {{"region", "north"}}});
  add("b.md", "# Beta\n\nThe harbour master logs every ship.\n", {{"sea", "admin"}, {{"region", "south"}}});
  add("c.md", "# Gamma\n\nThe harbour museum shows old ship models.\n");
  EXPECT_EQ(found("harbour ship", {}), (std::set<std::string>{"a.md", "b.md", "c.md"}));
  SearchFilter sea;
  sea.tags = {"sea"};
  EXPECT_EQ(found("harbour ship", sea), (std::set<std::string>{"a.md", "b.md"}));
  SearchFilter south = sea;
  south.metadata = {{"region", "south"}};
  EXPECT_EQ(found("harbour ship", south), (std::set<std::string>{"b.md"}));
  SearchFilter one;
  one.documents = {"c.md"};
  EXPECT_EQ(found("harbour ship", one), (std::set<std::string>{"c.md"}));
  SearchFilter none;
  none.tags = {"nonexistent"};
  EXPECT_TRUE(found("harbour ship", none).empty());
  SearchFilter typo;
  typo.documents = {"d.md"};
  EXPECT_THROW(found("harbour ship", typo), Error);
}

TEST_F(FilteredSearchTest, ReingestOfAChangedFileKeepsTagsAndAddsNewOnes) {
  add("a.md", "---\ntitle: First\ntags: [draft]\n---\n# A\n\nFirst version about lighthouses.\n",
      {{"keep"}, {{"title", "Mine"}, {"owner", "ops"}}});
  auto summary = add("a.md", "---\ntitle: Second\n---\n# A\n\nSecond version about lighthouses.\n");
  EXPECT_EQ(summary.replaced, 1u);
  auto d = ws_->store().find_document(kb_.id, "a.md");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->metadata["tags"], json({"keep"}));
  EXPECT_EQ(d->metadata["title"], "Mine");
  EXPECT_EQ(d->metadata["owner"], "ops");
  EXPECT_FALSE(d->metadata.contains("source_tags")) << d->metadata.dump();  // gone from the file
  // Unchanged bytes with a new tag: the tag is added, nothing re-parsed.
  summary = add("a.md", "---\ntitle: Second\n---\n# A\n\nSecond version about lighthouses.\n", {{"new"}, {}});
  EXPECT_EQ(summary.unchanged, 1u);
  d = ws_->store().find_document(kb_.id, "a.md");
  EXPECT_EQ(d->metadata["tags"], json({"keep", "new"}));
  SearchFilter f;
  f.tags = {"keep", "new"};
  f.metadata = {{"owner", "ops"}};
  EXPECT_EQ(found("lighthouses", f), (std::set<std::string>{"a.md"}));
}
