// SPDX-License-Identifier: MPL-2.0
#include "check/check_result.h"

#include <nlohmann/json.hpp>

namespace breachcheck {

const char* status_name(CheckStatus status) {
  switch (status) {
    case CheckStatus::affected: return "affected";
    case CheckStatus::not_found: return "not_found";
    case CheckStatus::invalid_input: return "invalid_input";
    case CheckStatus::integrity_error: return "integrity_error";
    case CheckStatus::unavailable: return "unavailable";
  }
  return "unavailable";
}

std::string check_result_to_json(const CheckResult& result) {
  nlohmann::ordered_json j;
  j["status"] = status_name(result.status);
  if (!result.errors.empty()) j["errors"] = result.errors;
  if (!result.warnings.empty()) j["warnings"] = result.warnings;
  if (result.status == CheckStatus::affected) {
    j["exposed"] = result.exposed;
    j["notExposed"] = result.not_exposed;
    j["operators"] = result.operators;
  }
  if (result.status == CheckStatus::unavailable && result.retry_after > 0) j["retryAfter"] = result.retry_after;
  if (result.has_dataset) {
    j["dataset"] = {{"publisher", result.dataset.publisher},
                    {"version", result.dataset.version},
                    {"created", result.dataset.created},
                    {"keyFingerprint", result.dataset.key_fingerprint}};
  }
  return j.dump();
}

}  // namespace breachcheck
