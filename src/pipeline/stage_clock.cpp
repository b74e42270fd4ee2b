#include "pipeline/stage_clock.h"

#include <random>

#include "core/log.h"

namespace lore::pipeline {

StageClock::Stage::Stage(StageClock& clock, std::string name)
    : clock_(clock), name_(std::move(name)), start_(std::chrono::steady_clock::now()) {}

StageClock::Stage::~Stage() {
  if (finished_) return;
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  spdlog::warn("request={} stage={} ms={:.3f} failed", clock_.request_id_, name_, ms);
}

void StageClock::Stage::done(const std::string& detail) {
  if (finished_) return;
  finished_ = true;
  clock_.record(name_,
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count(),
                detail);
}

void StageClock::record(const std::string& stage, double ms, const std::string& detail) {
  timings_.push_back({stage, ms});
  spdlog::info("request={} stage={} ms={:.3f}{}{}", request_id_, stage, ms, detail.empty() ? "" : " ",
               detail);
}

std::string new_request_id() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string id;
  uint64_t v = rng();
  for (int i = 0; i < 16; ++i, v >>= 4) id += kHex[v & 0xF];
  return id;
}

}  // namespace lore::pipeline
