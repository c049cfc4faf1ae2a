// SPDX-License-Identifier: MPL-2.0
#include "check/check_result.h"

#include "util/json_writer.h"

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

namespace {

// The engine's JSON string escaping (the bytes nlohmann/json's dump() wrote before: pinned by the golden files).
void append_string(std::string& out, const std::string& text) { append_json_string(out, text); }

void append_strings(std::string& out, const char* key, const std::vector<std::string>& values) {
  out += ",\"";
  out += key;
  out += "\":[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    append_string(out, values[i]);
  }
  out += ']';
}

}  // namespace

// Written field by field in the documented order.
std::string check_result_to_json(const CheckResult& result) {
  std::string out = "{\"status\":";
  append_string(out, status_name(result.status));
  if (!result.errors.empty()) append_strings(out, "errors", result.errors);
  if (!result.warnings.empty()) append_strings(out, "warnings", result.warnings);
  if (result.status == CheckStatus::affected) {
    append_strings(out, "exposed", result.exposed);
    append_strings(out, "notExposed", result.not_exposed);
    append_strings(out, "operators", result.operators);
  }
  if (result.status == CheckStatus::unavailable && result.retry_after > 0) {
    out += ",\"retryAfter\":" + std::to_string(result.retry_after);
  }
  if (result.has_dataset) {
    out += ",\"dataset\":{\"publisher\":";
    append_string(out, result.dataset.publisher);
    out += ",\"version\":" + std::to_string(result.dataset.version) + ",\"created\":";
    append_string(out, result.dataset.created);
    out += ",\"keyFingerprint\":";
    append_string(out, result.dataset.key_fingerprint);
    out += '}';
  }
  out += '}';
  return out;
}

}  // namespace breachcheck
