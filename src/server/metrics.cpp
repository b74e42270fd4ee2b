#include "server/metrics.h"

#include <array>
#include <sstream>

namespace lore::server {

namespace {

constexpr std::array<double, 12> kBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

std::string label(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::observe(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  auto& h = latency_[route];
  if (h.buckets.empty()) h.buckets.assign(kBounds.size(), 0);
  for (size_t i = 0; i < kBounds.size(); ++i)
    if (seconds <= kBounds[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(const Gauges& g) const {
  std::ostringstream out;
  out << "# HELP lore_http_requests_total HTTP requests by method, route and status.\n"
         "# TYPE lore_http_requests_total counter\n";
  std::lock_guard lock(mu_);
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out << "lore_http_requests_total{method=\"" << label(method) << "\",route=\"" << label(route)
        << "\",status=\"" << status << "\"} " << n << '\n';
  }
  out << "# HELP lore_http_request_duration_seconds HTTP request latency by route.\n"
         "# TYPE lore_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string r = label(route);
    for (size_t i = 0; i < kBounds.size(); ++i)
      out << "lore_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"" << kBounds[i] << "\"} "
          << h.buckets[i] << '\n';
    out << "lore_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"+Inf\"} " << h.count << '\n';
    out << "lore_http_request_duration_seconds_sum{route=\"" << r << "\"} " << h.sum << '\n';
    out << "lore_http_request_duration_seconds_count{route=\"" << r << "\"} " << h.count << '\n';
  }
  out << "# HELP lore_ingest_queue_depth Ingest jobs waiting for a worker.\n"
         "# TYPE lore_ingest_queue_depth gauge\nlore_ingest_queue_depth "
      << g.jobs_queued << '\n';
  out << "# HELP lore_ingest_jobs_running Ingest jobs being processed.\n"
         "# TYPE lore_ingest_jobs_running gauge\nlore_ingest_jobs_running "
      << g.jobs_running << '\n';
  out << "# HELP lore_ingest_jobs_failed Ingest jobs that failed (all time).\n"
         "# TYPE lore_ingest_jobs_failed gauge\nlore_ingest_jobs_failed "
      << g.jobs_failed << '\n';
  out << "# HELP lore_ingest_workers_busy Ingest workers holding a job.\n"
         "# TYPE lore_ingest_workers_busy gauge\nlore_ingest_workers_busy "
      << g.workers_busy << '\n';
  out << "# HELP lore_uptime_seconds Seconds since the server started.\n"
         "# TYPE lore_uptime_seconds gauge\nlore_uptime_seconds "
      << g.uptime_s << '\n';
  return out.str();
}

}  // namespace lore::server
