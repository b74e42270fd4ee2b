// Prometheus text-format metrics: request counts by method, route and status,
// request latency histograms by route, and gauges supplied at render time
// (ingest queue depth, running jobs).
// Thread-safety: safe for concurrent use.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace lore::server {

class Metrics {
 public:
  void observe(const std::string& method, const std::string& route, int status, double seconds);

  struct Gauges {
    int64_t jobs_queued = 0;
    int64_t jobs_running = 0;
    int64_t jobs_failed = 0;
    int64_t workers_busy = 0;
    double uptime_s = 0;
  };
  std::string render(const Gauges& gauges) const;

 private:
  struct Histogram {
    std::vector<uint64_t> buckets;  // cumulative counts per bound
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace lore::server
