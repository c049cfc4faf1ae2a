// SPDX-License-Identifier: MPL-2.0
// The evaluation server's counters and latency histogram, and their Prometheus text for GET /metrics. Counts
// outcomes only: never a client address, a body or anything derived from one.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace breachcheck::cli {

class HttpServer;

// Latency histogram bounds (seconds) for /metrics.
inline constexpr std::array<double, 8> kLatencyBounds = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1, 0.5};

struct ServeMetrics {
  std::atomic<std::uint64_t> evaluated{0};
  std::atomic<std::uint64_t> invalid_element{0};
  std::atomic<std::uint64_t> unsupported_media_type{0};
  std::atomic<std::uint64_t> body_refused{0};
  std::atomic<std::uint64_t> origin_refused{0};
  std::atomic<std::uint64_t> rate_limited_client{0};
  std::atomic<std::uint64_t> rate_limited_global{0};
  std::atomic<std::uint64_t> store_unavailable{0};
  std::atomic<std::uint64_t> draining{0};
  std::atomic<std::uint64_t> method_not_allowed{0};
  std::atomic<std::uint64_t> internal_error{0};
  std::array<std::atomic<std::uint64_t>, kLatencyBounds.size() + 1> latency{};  // last bucket: +Inf
  std::atomic<std::uint64_t> latency_sum_us{0};

  // One evaluation's time to validate, rate-limit and evaluate.
  void observe(double seconds);
  // The Prometheus text exposition; `http` (when attached) adds the connection gauges.
  std::string prometheus(bool healthy, bool is_draining, const HttpServer* http) const;
};

}  // namespace breachcheck::cli
