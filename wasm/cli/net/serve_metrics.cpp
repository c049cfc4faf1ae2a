// SPDX-License-Identifier: MPL-2.0
#include "net/serve_metrics.h"

#include <cstdio>
#include <utility>

#include "net/http_server.h"

namespace breachcheck::cli {

void ServeMetrics::observe(double seconds) {
  std::size_t i = 0;
  while (i < kLatencyBounds.size() && seconds > kLatencyBounds[i]) ++i;
  latency[i].fetch_add(1, std::memory_order_relaxed);
  latency_sum_us.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

std::string ServeMetrics::prometheus(bool healthy, bool is_draining, const HttpServer* http) const {
  std::string out;
  out += "# HELP breachcheck_oprf_requests_total Evaluation requests by outcome.\n";
  out += "# TYPE breachcheck_oprf_requests_total counter\n";
  const std::pair<const char*, const std::atomic<std::uint64_t>*> outcomes[] = {
      {"evaluated", &evaluated},
      {"invalid_element", &invalid_element},
      {"unsupported_media_type", &unsupported_media_type},
      {"body_refused", &body_refused},
      {"origin_refused", &origin_refused},
      {"rate_limited_client", &rate_limited_client},
      {"rate_limited_global", &rate_limited_global},
      {"store_unavailable", &store_unavailable},
      {"draining", &draining},
      {"method_not_allowed", &method_not_allowed},
      {"internal_error", &internal_error},
  };
  for (const auto& [name, value] : outcomes) {
    out += std::string("breachcheck_oprf_requests_total{outcome=\"") + name + "\"} " +
           std::to_string(value->load(std::memory_order_relaxed)) + "\n";
  }
  out += "# HELP breachcheck_oprf_evaluation_seconds Time to validate, rate-limit and evaluate one element.\n";
  out += "# TYPE breachcheck_oprf_evaluation_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= kLatencyBounds.size(); ++i) {
    cumulative += latency[i].load(std::memory_order_relaxed);
    char le[32];
    if (i < kLatencyBounds.size()) {
      std::snprintf(le, sizeof le, "%g", kLatencyBounds[i]);
    } else {
      std::snprintf(le, sizeof le, "+Inf");
    }
    out += std::string("breachcheck_oprf_evaluation_seconds_bucket{le=\"") + le + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  char sum[64];
  std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(latency_sum_us.load()) / 1e6);
  out += std::string("breachcheck_oprf_evaluation_seconds_sum ") + sum + "\n";
  out += "breachcheck_oprf_evaluation_seconds_count " + std::to_string(cumulative) + "\n";
  out += "# HELP breachcheck_oprf_up 1 when the key is loaded and the rate-limit store answers.\n";
  out += "# TYPE breachcheck_oprf_up gauge\nbreachcheck_oprf_up " + std::string(healthy ? "1" : "0") + "\n";
  out += "# HELP breachcheck_oprf_draining 1 after SIGTERM, while in-flight requests finish.\n";
  out += "# TYPE breachcheck_oprf_draining gauge\nbreachcheck_oprf_draining " +
         std::string(is_draining ? "1" : "0") + "\n";
  if (http != nullptr) {
    out += "# HELP breachcheck_oprf_connections Open client connections.\n";
    out += "# TYPE breachcheck_oprf_connections gauge\nbreachcheck_oprf_connections " +
           std::to_string(http->open_connections()) + "\n";
    out += "# HELP breachcheck_oprf_connections_refused_total Connections closed at accept: the address (IPv6: "
           "its /64) already held --max-connections-per-address (per_address), or --max-connections were open and "
           "every one was being answered (full).\n";
    out += "# TYPE breachcheck_oprf_connections_refused_total counter\n"
           "breachcheck_oprf_connections_refused_total{reason=\"per_address\"} " +
           std::to_string(http->refused_per_address()) + "\n" +
           "breachcheck_oprf_connections_refused_total{reason=\"full\"} " + std::to_string(http->refused_full()) +
           "\n";
    out += "# HELP breachcheck_oprf_connections_cut_total Connections shut down while waiting for a request: past "
           "--request-timeout-s (deadline), or the longest-waiting one when a new connection needed room (room).\n";
    out += "# TYPE breachcheck_oprf_connections_cut_total counter\n"
           "breachcheck_oprf_connections_cut_total{reason=\"deadline\"} " +
           std::to_string(http->closed_at_deadline()) + "\n" +
           "breachcheck_oprf_connections_cut_total{reason=\"room\"} " + std::to_string(http->evicted_when_full()) +
           "\n";
  }
  return out;
}

}  // namespace breachcheck::cli
