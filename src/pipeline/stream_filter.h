// The stream_filter stage: what a model writes -> what the user sees.
//
// Both filters are state machines over a stream of fragments that may split
// anything anywhere (a tag, a marker, a UTF-8 sequence): feed() returns the
// text that is safe to show now and holds back only a suffix that could still
// become a tag or marker; finish() flushes at end of stream. Feeding the whole
// text at once or byte by byte gives the same output.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lore::pipeline {

// Removes <think>…</think> blocks (reasoning models) from the answer and
// collects their content as reasoning. Leading whitespace of the answer (the
// blank lines models put after </think>) is dropped. A stray </think> with no
// opening tag is dropped. An unterminated <think> at the end of the stream
// leaves everything after it in reasoning.
class ThinkFilter {
 public:
  std::string feed(std::string_view fragment);
  std::string finish();
  const std::string& reasoning() const { return reasoning_; }

 private:
  std::string emit(std::string_view visible);

  bool inside_ = false;
  bool started_ = false;  // a visible non-space character was emitted
  std::string pending_;   // held-back suffix that may be the start of a tag
  std::string reasoning_;
};

// Keeps citation markers [n] with 1 <= n <= source_count and drops every
// other marker, together with the whitespace before it ("foo [9]." ->
// "foo."). Accepts [1][2], [1, 2] (rewritten as [1][2]) and full-width
// 【1】. Anything else in brackets ([link], [x1]) is left alone.
class CitationFilter {
 public:
  explicit CitationFilter(int source_count) : source_count_(source_count) {}
  std::string feed(std::string_view fragment);
  std::string finish();
  // Valid source numbers in order of first citation, without duplicates.
  const std::vector<int>& cited() const { return cited_; }

 private:
  std::string drain(bool final);

  int source_count_;
  std::string hold_;
  std::vector<int> cited_;
};

// Extracts the valid [n] markers of a finished text (same rules as
// CitationFilter) in order of first appearance.
std::vector<int> cited_sources(std::string_view text, int source_count);

}  // namespace lore::pipeline
