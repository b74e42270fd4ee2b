// Query-aware prompt compression (src/compress): budget adherence, verbatim
// instruction and question, numbers and names kept, Chinese.
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "compress/compress.h"
#include "compress/units.h"
#include "core/error.h"
#include "core/fs.h"
#include "core/text.h"
#include "core/tokens.h"

using namespace lore::compress;

namespace {

std::vector<std::string> english_passages() {
  return {
      "The river flows through three countries before reaching the sea. Fishing villages line its banks, "
      "and ferries cross it at several points. In spring the water rises and floods the lower fields.",
      "The Hoover Dam was completed in 1936 on the Colorado River. It is 221 metres tall and was built by "
      "Six Companies, a consortium of construction firms. At the time it was the largest concrete "
      "structure in the world. Tourists visit it every day of the year.",
      "Bread is baked early in the morning in most towns of the region. Bakers use flour from local mills, "
      "and the loaves are sold before noon. Some shops also make pastries and cakes for festivals.",
      "Mountains rise to the north of the valley, covered in snow for most of the year. Hikers follow "
      "marked trails in summer, and a cable car carries visitors to a viewpoint near the summit.",
  };
}

bool contains(const std::string& hay, const std::string& needle) {
  return lore::text::collapse_whitespace(hay).find(needle) != std::string::npos;
}

}  // namespace

TEST(Compress, NeverExceedsTheBudget) {
  const auto passages = english_passages();
  for (size_t budget = 12; budget <= 200; budget += 7) {
    Request req;
    req.question = "When was the Hoover Dam completed?";
    req.passages = passages;
    req.target.budget = budget;
    const auto r = compress(req);
    EXPECT_LE(lore::count_tokens(r.text), budget) << budget;
    EXPECT_EQ(r.compressed_tokens, lore::count_tokens(r.text));
    EXPECT_LE(r.compressed_tokens, r.budget);
  }
  for (const double rate : {0.05, 0.1, 0.25, 0.5, 0.9, 1.0}) {
    Request req;
    req.question = "How tall is the dam?";
    req.passages = passages;
    req.target.rate = rate;
    const auto r = compress(req);
    EXPECT_LE(r.compressed_tokens, static_cast<size_t>(rate * static_cast<double>(r.original_tokens)))
        << rate;
    EXPECT_NEAR(r.rate, static_cast<double>(r.compressed_tokens) / static_cast<double>(r.original_tokens),
                1e-9);
  }
}

TEST(Compress, KeepsInstructionAndQuestionVerbatim) {
  Request req;
  req.instruction = "Answer from the sources only, and say so when they do not contain the answer.";
  req.question = "Who built the Hoover Dam, and in which year was it completed?";
  req.passages = english_passages();
  req.target.budget = 60;
  const auto r = compress(req);
  EXPECT_EQ(r.text.rfind(req.instruction + "\n\n", 0), 0u);
  ASSERT_GE(r.text.size(), req.question.size());
  EXPECT_EQ(r.text.substr(r.text.size() - req.question.size()), req.question);
  EXPECT_LE(r.compressed_tokens, 60u);
}

TEST(Compress, BudgetBelowInstructionAndQuestionIsAnError) {
  Request req;
  req.question = "Who built the Hoover Dam, and in which year was it completed?";
  req.passages = english_passages();
  req.target.budget = 5;
  EXPECT_THROW(compress(req), lore::Error);
  req.target = {1.5, 0};
  EXPECT_THROW(compress(req), lore::Error);
}

TEST(Compress, PicksTheAnsweringSentenceAtHighRates) {
  Request req;
  req.question = "When was the Hoover Dam completed?";
  req.passages = english_passages();
  req.target.budget = lore::count_tokens(req.question) + 20;
  const auto r = compress(req);
  EXPECT_TRUE(contains(r.context, "1936")) << r.context;
  ASSERT_FALSE(r.passages.empty());
  EXPECT_EQ(r.passages.front().index, 1u);
}

TEST(Compress, PruningKeepsNumbersNamesAndQuestionWords) {
  Request req;
  req.question = "How tall is the Hoover Dam?";
  req.passages = english_passages();
  // Room for more than the best sentence, so lower-ranked ones come in pruned.
  req.target.budget = 70;
  const auto r = compress(req);
  for (const char* kept : {"221", "Hoover", "Dam", "tall"}) EXPECT_TRUE(contains(r.context, kept)) << kept;
  // Pruned sentences keep their numbers and capitalised names whole.
  for (const auto& p : r.passages)
    if (contains(p.text, "Six")) {
      EXPECT_TRUE(contains(p.text, "Six Companies"));
    }
  if (contains(r.context, "Colorado")) {
    EXPECT_TRUE(contains(r.context, "Colorado River"));
  }
  EXPECT_TRUE(contains(r.context, "1936"));
}

TEST(Compress, PrunedTextUsesOnlyInputWordsInOrder) {
  Request req;
  req.question = "What do bakers use?";
  req.passages = english_passages();
  req.target.rate = 0.3;
  const auto r = compress(req);
  for (const auto& p : r.passages) {
    const std::string source = lore::text::collapse_whitespace(req.passages[p.index]);
    size_t at = 0;
    for (const auto& piece : split_pieces(p.text)) {
      const size_t found = source.find(piece.text, at);
      ASSERT_NE(found, std::string::npos) << piece.text << " in " << p.text;
      at = found + piece.text.size();
    }
  }
}

TEST(Compress, OrdersMostRelevantPassagesFirstAndLast) {
  Request req;
  req.question = "Hoover Dam Colorado River bread bakers mills";
  req.passages = english_passages();
  req.target.rate = 1.0;
  const auto r = compress(req);
  ASSERT_EQ(r.passages.size(), 4u);
  // The two relevant passages sit at the edges, the irrelevant ones inside.
  const std::set<size_t> edges = {r.passages.front().index, r.passages.back().index};
  EXPECT_EQ(edges, (std::set<size_t>{1, 2}));
}

TEST(Compress, ChineseSelectsAndKeepsBudget) {
  Request req;
  req.question = "胡佛水坝是哪一年建成的？";
  req.passages = {
      "这条河流经三个国家后流入大海。沿岸有许多渔村，渡轮在几个地方过河。春天河水上涨，淹没低处的田地。",
      "胡佛水坝于1936年在科罗拉多河上建成。它高221米，由六公司联合体建造。当时它是世界上最大的混凝土建筑。",
      "面包通常在清晨烘烤。面包师使用当地磨坊的面粉，面包在中午前卖完。有些商店还为节日制作糕点。",
  };
  size_t total = 0;
  for (const auto& p : req.passages) total += lore::count_tokens(p);
  req.target.budget = lore::count_tokens(req.question) + total / 4;
  const auto r = compress(req);
  EXPECT_LE(r.compressed_tokens, req.target.budget);
  EXPECT_TRUE(contains(r.context, "1936")) << r.context;
  EXPECT_TRUE(contains(r.context, "胡佛水坝")) << r.context;
  EXPECT_NE(r.text.find(req.question), std::string::npos);
  // No space is inserted between Chinese sentences.
  EXPECT_EQ(r.context.find("。 "), std::string::npos) << r.context;
}

TEST(Compress, ParsesJsonListsAndPlainText) {
  const auto list = parse_passages(R"(["one passage", {"text": "two"}])", "in.json");
  EXPECT_EQ(list, (std::vector<std::string>{"one passage", "two"}));
  const auto plain = parse_passages("First para\nstill first.\n  \nSecond para.\n\n\nThird.", "in.txt");
  ASSERT_EQ(plain.size(), 3u);
  EXPECT_EQ(plain[0], "First para\nstill first.");
  EXPECT_THROW(parse_passages("[1, 2]", "in.json"), lore::Error);
  EXPECT_THROW(parse_passages("[\"unterminated", "in.json"), lore::Error);
  try {
    parse_passages("[{}]", "ctx.json");
    FAIL();
  } catch (const lore::Error& e) {
    EXPECT_NE(std::string(e.what()).find("ctx.json"), std::string::npos);
  }
}

TEST(Compress, JsonShape) {
  Request req;
  req.question = "How tall is the dam?";
  req.passages = english_passages();
  req.target.rate = 0.5;
  const auto j = result_to_json(compress(req));
  for (const char* key : {"text", "passages", "original_tokens", "compressed_tokens", "rate", "ms"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_TRUE(j["passages"].is_array());
  EXPECT_LE(j["rate"].get<double>(), 0.5);
}

TEST(Compress, EmptyInputIsEmptyContext) {
  Request req;
  req.question = "Anything?";
  req.target.rate = 0.5;
  req.target.budget = 10;
  const auto r = compress(req);
  EXPECT_EQ(r.text, "Anything?");
  EXPECT_TRUE(r.passages.empty());
}

TEST(Compress, UpstreamPriorsBreakLexicalTies) {
  // Two passages equally (un)related to the question's words: the caller's
  // retrieval scores decide which one survives a one-passage budget.
  Request req;
  req.question = "Which one?";
  req.passages = {"Alpha passage text about harbours and ships sailing out.",
                  "Beta passage text about gardens and tomatoes growing well."};
  req.target.budget = lore::count_tokens(req.question) + lore::count_tokens(req.passages[1]);
  req.passage_priors = {0.1, 0.9};
  auto r = compress(req);
  ASSERT_FALSE(r.passages.empty());
  EXPECT_EQ(r.passages.front().index, 1u) << r.context;
  req.passage_priors = {0.9, 0.1};
  r = compress(req);
  ASSERT_FALSE(r.passages.empty());
  EXPECT_EQ(r.passages.front().index, 0u) << r.context;
  req.passage_priors = {1.0};
  EXPECT_THROW(compress(req), lore::Error);
  // A reranker scores a passage it left out -infinity: the least relevant,
  // not a NaN that scrambles the order.
  req.passage_priors = {0.2, -std::numeric_limits<double>::infinity()};
  r = compress(req);
  ASSERT_FALSE(r.passages.empty());
  EXPECT_EQ(r.passages.front().index, 0u) << r.context;
  EXPECT_EQ(r.ranking, "bm25+priors");
}

// A long sentence is cut into clauses so each can be picked on its own, at
// ", " and "; " but never inside a number such as 1,000.
TEST(Compress, LongSentencesAreCutAtClauseMarks) {
  std::string english;
  for (int i = 0; i < 12; ++i)
    english += "the clause number " + std::to_string(i) + " costs 1,000 dollars" +
               (i < 11 ? (i % 2 ? "; " : ", ") : ".");
  const auto units = split_units(english, 40);
  ASSERT_GT(units.size(), 2u);
  std::string joined;
  for (const auto u : units) {
    EXPECT_LE(lore::count_tokens(u), 40u) << u;
    EXPECT_NE(u.find("1,000 dollars"), std::string_view::npos) << "1,000 split: " << u;
    joined += std::string(joined.empty() ? "" : " ") + std::string(u);
  }
  EXPECT_EQ(joined, english);  // cuts fall after whole marks; nothing lost
}
