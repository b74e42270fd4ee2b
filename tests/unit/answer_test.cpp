// The answer side of the query pipeline: stream filters (<think>, citation
// markers), extractive answers, lexical matching.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/tokens.h"
#include "models/builtin/extractive.h"
#include "models/builtin/lexical.h"
#include "models/builtin/units.h"
#include "pipeline/prompt.h"
#include "pipeline/rewrite.h"
#include "pipeline/stream_filter.h"

using namespace lore;
using models::builtin::extractive_answer;
using models::builtin::kNotFound;
using models::builtin::Passage;

namespace {

struct Filtered {
  std::string answer, reasoning;
  std::vector<int> cited;
};

// Runs both filters (think, then citations) over `pieces`.
Filtered run_filters(const std::vector<std::string>& pieces, int sources) {
  pipeline::ThinkFilter think;
  pipeline::CitationFilter cite(sources);
  Filtered f;
  for (const auto& p : pieces) f.answer += cite.feed(think.feed(p));
  f.answer += cite.feed(think.finish());
  f.answer += cite.finish();
  f.reasoning = think.reasoning();
  f.cited = cite.cited();
  return f;
}

// Every way of cutting `text` into two pieces, plus byte by byte.
std::vector<std::vector<std::string>> splittings(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  out.push_back({text});
  for (size_t i = 1; i < text.size(); ++i) out.push_back({text.substr(0, i), text.substr(i)});
  for (size_t i = 1; i + 1 < text.size(); i += 3)
    out.push_back({text.substr(0, i), text.substr(i, 2), text.substr(i + 2)});
  std::vector<std::string> bytes;
  for (char c : text) bytes.emplace_back(1, c);
  out.push_back(bytes);
  return out;
}

}  // namespace

TEST(ThinkFilter, RemovesThinkBlockSplitAnywhere) {
  const std::string text =
      "<think>The user asks about <b>chunks</b>; source 1 says 512.</think>\n\nChunks are 512 tokens [1].";
  for (const auto& pieces : splittings(text)) {
    const auto f = run_filters(pieces, 2);
    EXPECT_EQ(f.answer, "Chunks are 512 tokens [1].");
    EXPECT_EQ(f.reasoning, "The user asks about <b>chunks</b>; source 1 says 512.");
    EXPECT_EQ(f.cited, std::vector<int>{1});
  }
}

TEST(ThinkFilter, KeepsOtherTagsAndLessThanSigns) {
  const auto f = run_filters({"a <", "b> x < y <thin", "king> 3<4"}, 1);
  EXPECT_EQ(f.answer, "a <b> x < y <thinking> 3<4");
  EXPECT_EQ(f.reasoning, "");
}

TEST(ThinkFilter, UnterminatedThinkIsAllReasoningAndStrayCloseIsDropped) {
  EXPECT_EQ(run_filters({"<think>still thinking"}, 1).answer, "");
  EXPECT_EQ(run_filters({"<think>still thinking"}, 1).reasoning, "still thinking");
  EXPECT_EQ(run_filters({"Answer</think> here."}, 1).answer, "Answer here.");
  const auto two = run_filters({"<think>a</think>X <think>b</think>Y"}, 1);
  EXPECT_EQ(two.answer, "X Y");
  EXPECT_EQ(two.reasoning, "a\nb");
}

TEST(CitationFilter, DropsInvalidMarkersSplitAnywhere) {
  const std::string text =
      "Lore uses SQLite [1][7]. It is GPL [0]. Chunks are small [2, 9] and fast 【3】. See [docs] and [x1].";
  for (const auto& pieces : splittings(text)) {
    const auto f = run_filters(pieces, 3);
    EXPECT_EQ(f.answer,
              "Lore uses SQLite [1]. It is GPL. Chunks are small [2] and fast [3]. See [docs] and [x1].");
    EXPECT_EQ(f.cited, (std::vector<int>{1, 2, 3}));
  }
}

TEST(CitationFilter, NeverSplitsUtf8AndKeepsTrailingText) {
  const std::string text = "数据目录是 lore-data [1]。未知来源 [5]。结尾 [";
  std::string streamed;
  pipeline::CitationFilter f(1);
  for (char c : text) {
    const std::string out = f.feed(std::string(1, c));
    streamed += out;
    // Each fragment handed out is whole UTF-8.
    size_t i = 0;
    while (i < out.size()) {
      const auto lead = static_cast<unsigned char>(out[i]);
      const size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
      ASSERT_LE(i + len, out.size()) << "fragment ends inside a UTF-8 sequence";
      i += len;
    }
  }
  streamed += f.finish();
  EXPECT_EQ(streamed, "数据目录是 lore-data [1]。未知来源。结尾 [");
  EXPECT_EQ(pipeline::cited_sources(text, 1), std::vector<int>{1});
}

TEST(Extractive, AnswersFromBestSentencesWithCitations) {
  const std::string p1 =
      "# Crash recovery\n\nLore keeps SQLite as the source of truth. After a crash, pending index operations "
      "are "
      "replayed at start-up so the index catches up with the store. Blobs are written through a temp file.";
  const std::string p2 = "Chunks are 512 tokens by default. The overlap between chunks is 64 tokens.";
  const auto a = extractive_answer("What happens after a crash?", {{1, p1, {}}, {2, p2, {}}});
  ASSERT_TRUE(a.found) << a.text;
  EXPECT_EQ(a.sentences.front().n, 1);
  EXPECT_NE(a.text.find("After a crash, pending index operations are replayed at start-up"),
            std::string::npos);
  EXPECT_NE(a.text.find("[1]"), std::string::npos);
  EXPECT_EQ(a.text.find("[2]"), std::string::npos) << a.text;

  const auto b = extractive_answer("how big are chunks by default", {{1, p1, {}}, {2, p2, {}}});
  ASSERT_TRUE(b.found);
  EXPECT_EQ(b.text.rfind("Chunks are 512 tokens by default [2].", 0), 0u) << b.text;
}

TEST(Extractive, NotFoundBelowConfidence) {
  const std::string p = "Lore keeps SQLite as the source of truth. Chunks are 512 tokens by default.";
  const auto a = extractive_answer("What is the capital of France?", {{1, p, {}}});
  EXPECT_FALSE(a.found);
  EXPECT_EQ(a.text, kNotFound);
  EXPECT_EQ(extractive_answer("the of and", {{1, p, {}}}).text, kNotFound);
  EXPECT_EQ(extractive_answer("chunks", {}).text, kNotFound);
}

TEST(Extractive, DeduplicatesOverlappingChunks) {
  const std::string s = "The overlap between chunks is 64 tokens of trailing sentences.";
  const auto a =
      extractive_answer("chunk overlap tokens", {{1, "Intro. " + s, {}}, {2, s + " More text here.", {}}});
  ASSERT_TRUE(a.found);
  EXPECT_EQ(a.sentences.size(), 1u) << a.text;
}

TEST(Extractive, AnswersChinese) {
  const std::string p1 =
      "系统介绍。所有数据保存在数据目录 lore-data 中，包括数据库和原始文件。索引可以随时重建。";
  const std::string p2 = "分块模板决定文档如何切分。默认模板是 general。";
  const auto a = extractive_answer("数据保存在哪里？", {{1, p2, {}}, {2, p1, {}}});
  ASSERT_TRUE(a.found) << a.text;
  EXPECT_EQ(a.text.rfind("所有数据保存在数据目录 lore-data 中，包括数据库和原始文件 [2]。", 0), 0u) << a.text;
  EXPECT_EQ(extractive_answer("天气怎么样？", {{1, p1, {}}, {2, p2, {}}}).text, kNotFound);
}

TEST(Lexical, StemsAndDropsStopWords) {
  const auto terms = models::builtin::extract_terms("How are the chunks indexed and sized?");
  std::vector<std::string> texts;
  for (const auto& t : terms) texts.push_back(t.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"chunk", "index", "siz"}));
  EXPECT_EQ(models::builtin::keywords("What is the 数据目录 of Lore?"),
            (std::vector<std::string>{"数据目录", "Lore"}));
  EXPECT_EQ(
      models::builtin::best_sentence("Intro here. Chunks are 512 tokens. Bye now.", "chunk size tokens"),
      "Chunks are 512 tokens.");
}

// ---- build_prompt: template, numbering, token budget, history truncation.
namespace {

size_t prompt_tokens(const pipeline::Prompt& p) {
  size_t t = 0;
  for (const auto& m : p.messages) t += count_tokens(m.content) + pipeline::kMessageOverheadTokens;
  return t;
}

std::string words(size_t n, const std::string& w) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += w + " ";
  return out;
}

}  // namespace

TEST(Prompt, NumbersSourcesAndUsesTemplate) {
  const std::vector<pipeline::PromptSource> sources = {{"a.pdf", "Intro > Scope", 3, "Alpha text."},
                                                       {"b.md", "", 0, "Beta text."}};
  const auto p = pipeline::build_prompt("What is alpha?", {}, sources, "", 1000);
  ASSERT_EQ(p.messages.size(), 2u);
  EXPECT_EQ(p.sources_used, 2u);
  const std::string& system = p.messages[0].content;
  EXPECT_NE(system.find("[1] a.pdf (page 3) — Intro > Scope\nAlpha text."), std::string::npos) << system;
  EXPECT_NE(system.find("[2] b.md\nBeta text."), std::string::npos) << system;
  EXPECT_NE(system.find("only"), std::string::npos);
  EXPECT_EQ(p.messages[1].role, "user");
  EXPECT_EQ(p.messages[1].content, "What is alpha?");

  const auto custom = pipeline::build_prompt("q", {}, sources, "Answer from:\n{sources}\nBe brief.", 1000);
  EXPECT_EQ(custom.messages[0].content.rfind("Answer from:\n[1] a.pdf", 0), 0u);
  EXPECT_THROW(pipeline::build_prompt("q", {}, sources, "no placeholder", 1000), Error);
}

TEST(Prompt, FitsTheBudgetCuttingSourcesThenDroppingOldHistory) {
  std::vector<pipeline::PromptSource> sources;
  for (int i = 0; i < 10; ++i) sources.push_back({"doc" + std::to_string(i), "", 0, words(100, "source")});
  std::vector<models::ChatMessage> history;
  for (int i = 0; i < 10; ++i)
    history.push_back({i % 2 ? "assistant" : "user", "turn" + std::to_string(i) + " " + words(40, "chat")});
  for (size_t budget : {400u, 800u, 1500u, 5000u}) {
    const auto p = pipeline::build_prompt("What about sources?", history, sources, "", budget);
    EXPECT_LE(prompt_tokens(p), budget) << budget;
    EXPECT_EQ(p.messages.back().content, "What about sources?");
    // Kept history is the most recent turns, in order.
    ASSERT_EQ(p.messages.size(), 2 + p.history_used);
    for (size_t i = 0; i < p.history_used; ++i)
      EXPECT_EQ(p.messages[1 + i].content, history[history.size() - p.history_used + i].content);
    EXPECT_GE(p.sources_used, 1u) << budget;
  }
  const auto big = pipeline::build_prompt("q", history, sources, "", 100000);
  EXPECT_EQ(big.sources_used, 10u);
  EXPECT_EQ(big.history_used, 10u);
  const auto small = pipeline::build_prompt("q", history, sources, "", 400);
  EXPECT_LT(small.sources_used, 10u);
  EXPECT_LT(small.history_used, 10u);
  // The question alone over budget is an error, not a silent cut.
  EXPECT_THROW(pipeline::build_prompt(words(500, "long"), {}, sources, "", 400), Error);
}

TEST(Prompt, TruncateToTokensKeepsWholeCharacters) {
  const std::string zh = "数据库是唯一的事实来源";
  const auto cut = pipeline::truncate_to_tokens(zh, 4);
  EXPECT_EQ(cut, "数据库是");
  EXPECT_EQ(pipeline::truncate_to_tokens("short", 10), "short");
}

TEST(Rewrite, DeterministicFallbackAddsHistoryKeywordsOnlyWhenElliptical) {
  const std::vector<models::ChatMessage> history = {{"user", "How is the quartermaster ledger stored?"},
                                                    {"assistant", "In SQLite [1]."}};
  EXPECT_EQ(pipeline::rewrite_query("and its backups?", history, nullptr).question,
            "and its backups? quartermaster ledger stored");
  EXPECT_EQ(
      pipeline::rewrite_query("How do I rebuild the Xapian index from scratch?", history, nullptr).method,
      "none");
  EXPECT_EQ(pipeline::rewrite_query("and its backups?", {}, nullptr).question, "and its backups?");
  EXPECT_TRUE(pipeline::looks_elliptical("那它的备份呢？"));
  EXPECT_FALSE(pipeline::looks_elliptical("数据库的备份策略是什么？"));
  const std::vector<models::ChatMessage> zh = {{"user", "数据库的备份策略是什么？"}};
  EXPECT_EQ(pipeline::rewrite_query("那它的恢复呢？", zh, nullptr).question,
            "那它的恢复呢？ 数据库 备份策略");
}
