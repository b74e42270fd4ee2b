#include "parse/limits.h"

#include <algorithm>

#include "core/error.h"

namespace lore::parse::detail {

namespace {
using Clock = std::chrono::steady_clock;
thread_local Clock::time_point t_deadline = Clock::time_point::max();
thread_local int t_max_pages = ParseOptions{}.max_pages;
thread_local int t_timeout_seconds = 0;
}  // namespace

LimitsScope::LimitsScope(const ParseOptions& options)
    : saved_deadline_(t_deadline), saved_max_pages_(t_max_pages), saved_timeout_seconds_(t_timeout_seconds) {
  if (options.deadline < t_deadline) {
    t_deadline = options.deadline;
    t_timeout_seconds = options.timeout_seconds;
  }
  t_max_pages = options.max_pages;
}

LimitsScope::~LimitsScope() {
  t_deadline = saved_deadline_;
  t_max_pages = saved_max_pages_;
  t_timeout_seconds = saved_timeout_seconds_;
}

void check_deadline(std::string_view source_name, std::string_view where) {
  if (t_deadline == Clock::time_point::max() || Clock::now() <= t_deadline) return;
  const std::string limit = t_timeout_seconds > 0 ? " of " + std::to_string(t_timeout_seconds) + " s" : "";
  throw Error(ErrorCode::timeout, std::string(source_name) + ": parsing exceeded the time limit" + limit +
                                      " (stopped at " + std::string(where) + ")");
}

void check_page_count(std::string_view source_name, long long pages, std::string_view unit) {
  if (t_max_pages <= 0 || pages <= t_max_pages) return;
  throw Error(ErrorCode::too_large, std::string(source_name) + ": too many " + std::string(unit) + " (" +
                                        std::to_string(pages) + ", limit " + std::to_string(t_max_pages) +
                                        ")");
}

}  // namespace lore::parse::detail
