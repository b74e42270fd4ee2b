// Internal to src/parse: the per-file limits of ParseOptions (deadline, page
// count) made reachable from deep inside the format parsers without passing
// options through every helper.
//
// parse_bytes() opens a LimitsScope for the file it parses; a nested
// parse_bytes() (an email attachment) opens another whose deadline is the
// earlier of the two, so an attachment never extends its message's budget.
// Parsers call check_deadline() in their loops (per page, slide, sheet, some
// thousand rows): parsing is stopped cooperatively, between two steps, because
// a thread in the middle of a library call cannot be stopped safely. One step
// (one PDF page, one XML part) is therefore the granularity of the limit.
// The state is thread-local: parses on other threads are unaffected.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "parse/parser.h"

namespace lore::parse::detail {

class LimitsScope {
 public:
  explicit LimitsScope(const ParseOptions& options);
  ~LimitsScope();
  LimitsScope(const LimitsScope&) = delete;
  LimitsScope& operator=(const LimitsScope&) = delete;

 private:
  std::chrono::steady_clock::time_point saved_deadline_;
  int saved_max_pages_;
  int saved_timeout_seconds_;
};

// Throws Error{timeout} "<source>: parsing exceeded the time limit of N s
// (stopped at <where>)" once the deadline of the innermost scope has passed.
void check_deadline(std::string_view source_name, std::string_view where);

// Throws Error{too_large} "<source>: too many <unit> (N, limit M)" when
// `pages` is over the page limit in force.
void check_page_count(std::string_view source_name, long long pages, std::string_view unit = "pages");

}  // namespace lore::parse::detail
