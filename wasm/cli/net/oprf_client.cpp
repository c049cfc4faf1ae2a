// SPDX-License-Identifier: MPL-2.0
#include "net/oprf_client.h"

#include <httplib.h>

#include <algorithm>
#include <string>

namespace breachcheck::cli {
namespace {

constexpr std::uint32_t kMaxRetryAfterSeconds = 86400;

// Retry-After as delay-seconds (RFC 9110 10.2.3); an HTTP date or garbage counts as unknown (0).
std::uint32_t parse_retry_after(const std::string& text) {
  if (text.empty() || text.size() > 9) return 0;
  std::uint32_t seconds = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    seconds = seconds * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return std::min(seconds, kMaxRetryAfterSeconds);
}

OprfEvaluationOutcome evaluate_at(const std::string& url, const std::string& body) {
  OprfEvaluationOutcome outcome;
  const std::size_t scheme_end = url.find("://") + 3;
  const std::size_t slash = url.find('/', scheme_end);
  const std::string origin = url.substr(0, slash);
  const std::string path = slash == std::string::npos ? "/" : url.substr(slash);
  httplib::Client client(origin);
  client.set_follow_location(false);
  client.set_connection_timeout(10, 0);
  client.set_read_timeout(15, 0);
  std::string received;
  bool too_long = false;
  // No cookie, no credential, no Referer: the request carries the blinded element and nothing else.
  httplib::Request request;
  request.method = "POST";
  request.path = path;
  request.body = body;
  request.set_header("Content-Type", "text/plain;charset=UTF-8");
  // Bounded: the answer is a small JSON object; a longer one is refused while it arrives.
  request.content_receiver = [&](const char* data, std::size_t length, std::uint64_t, std::uint64_t) {
    if (received.size() + length > kOprfMaxResponseBytes) {
      too_long = true;
      return false;
    }
    received.append(data, length);
    return true;
  };
  auto response = client.send(request);
  if (too_long) {
    outcome.error = "oprf_response";
    return outcome;
  }
  if (!response) {
    outcome.error = "oprf_unreachable";
    return outcome;
  }
  if (response->status == 429) {
    outcome.error = "oprf_rate_limited";
    outcome.retry_after = parse_retry_after(response->get_header_value("Retry-After"));
    return outcome;
  }
  if (response->status >= 500) {
    outcome.error = "oprf_unreachable";
    return outcome;
  }
  if (response->status != 200) {
    outcome.error = "oprf_refused";
    return outcome;
  }
  outcome.evaluation = parse_oprf_response(received);
  if (!outcome.evaluation) outcome.error = "oprf_response";
  return outcome;
}

}  // namespace

OprfEvaluator http_oprf_evaluator() {
  return [](const OprfElement& blinded_element, const std::vector<std::string>& endpoints) {
    const std::string body = oprf_encode_request(blinded_element);
    OprfEvaluationOutcome outcome;
    outcome.error = "oprf_unreachable";
    for (const auto& url : endpoints) {
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
      if (url.rfind("https://", 0) == 0) {
        outcome.error = "https_unsupported_in_this_build";
        continue;
      }
#endif
      outcome = evaluate_at(url, body);
      if (outcome.evaluation || outcome.error != "oprf_unreachable") break;
    }
    return outcome;
  };
}

}  // namespace breachcheck::cli
