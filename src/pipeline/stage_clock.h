// Named, timed stages of one request. Every finished stage is logged as one
// line "request=<id> stage=<name> ms=<elapsed> <detail>" (info level; a stage
// that throws is logged at warn with "failed") and recorded for the response.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace lore::pipeline {

struct StageTiming {
  std::string stage;
  double ms = 0;
};

class StageClock {
 public:
  explicit StageClock(std::string request_id) : request_id_(std::move(request_id)) {}

  // RAII: the stage ends with done(detail) or, if never called, when it goes
  // out of scope (an exception: logged as failed).
  class Stage {
   public:
    Stage(StageClock& clock, std::string name);
    ~Stage();
    Stage(const Stage&) = delete;
    Stage& operator=(const Stage&) = delete;
    void done(const std::string& detail = "");

   private:
    StageClock& clock_;
    std::string name_;
    std::chrono::steady_clock::time_point start_;
    bool finished_ = false;
  };

  Stage start(std::string name) { return Stage(*this, std::move(name)); }
  // Adds time measured elsewhere (e.g. a stage interleaved with another).
  void record(const std::string& stage, double ms, const std::string& detail = "");
  const std::vector<StageTiming>& timings() const { return timings_; }
  const std::string& request_id() const { return request_id_; }

 private:
  std::string request_id_;
  std::vector<StageTiming> timings_;
};

// 16 random hex digits.
std::string new_request_id();

}  // namespace lore::pipeline
