#include <gtest/gtest.h>

#include "core/text.h"
#include "core/tokens.h"

using namespace lore;

TEST(Tokens, CountsWordsDigitsPunctuationAndCjk) {
  EXPECT_EQ(count_tokens(""), 0u);
  EXPECT_EQ(count_tokens("the cat sat."), 4u);
  EXPECT_EQ(count_tokens("internationalization"), 4u);
  EXPECT_EQ(count_tokens("1234567"), 3u);
  EXPECT_EQ(count_tokens("知识库问答"), 5u);
  EXPECT_EQ(count_tokens("Lore 支持中文。"), 6u);
}

TEST(Text, SplitsEnglishSentencesRespectingAbbreviationsAndDecimals) {
  const std::string s = "Dr. Smith measured 3.14 units. It rose, e.g. twice! Did it? Yes.";
  auto parts = text::split_sentences(s);
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0], "Dr. Smith measured 3.14 units. ");
  EXPECT_EQ(parts[1], "It rose, e.g. twice! ");
  EXPECT_EQ(parts[3], "Yes.");
}

TEST(Text, SplitsChineseSentencesWithoutSpaces) {
  auto parts = text::split_sentences("今天天气很好。我们去公园吧！你来吗？好；");
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[0], "今天天气很好。");
  EXPECT_EQ(parts[3], "好；");
}

TEST(Text, SentencesConcatenateToInput) {
  const std::string s = "One. Two.\n\nThree without end";
  std::string joined;
  for (auto p : text::split_sentences(s)) joined += p;
  EXPECT_EQ(joined, s);
}

TEST(Text, FindsInvalidUtf8) {
  EXPECT_EQ(text::find_invalid_utf8("héllo 中文"), std::string_view::npos);
  EXPECT_EQ(text::find_invalid_utf8("ab\xff" "cd"), 2u);
  EXPECT_EQ(text::find_invalid_utf8("\xe4\xb8"), 0u);  // truncated sequence
}

TEST(Text, RepairsInvalidUtf8ByteByByte) {
  EXPECT_EQ(text::to_valid_utf8("héllo 中文"), "héllo 中文");
  // A stray continuation byte and a lead byte no UTF-8 uses (0xF6) each
  // become one U+FFFD; the valid bytes around them are kept.
  EXPECT_EQ(text::to_valid_utf8("a\x9d" "b"), "a\xef\xbf\xbd" "b");
  EXPECT_EQ(text::to_valid_utf8("Files\xf6" "E"), "Files\xef\xbf\xbd" "E");
  EXPECT_EQ(text::find_invalid_utf8(text::to_valid_utf8("\xe4\xb8\xff\xc3")), std::string_view::npos);
}

TEST(Text, CollapsesWhitespaceAndDetectsCjk) {
  EXPECT_EQ(text::collapse_whitespace("  a \n\t b\xe3\x80\x80" "c  "), "a b c");
  EXPECT_TRUE(text::contains_cjk("abc 中"));
  EXPECT_FALSE(text::contains_cjk("abc é"));
}
