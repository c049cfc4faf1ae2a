// SPDX-License-Identifier: MPL-2.0
// The answer to "am I in this list?", in the shape of the JS API (web/breachcheck.d.ts, `CheckResult`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace breachcheck {

enum class CheckStatus { affected, not_found, invalid_input, integrity_error, unavailable };

const char* status_name(CheckStatus status);

struct DatasetInfo {
  std::string publisher;
  std::uint32_t version = 0;
  std::string created;  // ISO 8601 date-time, UTC
  std::string key_fingerprint;
};

struct CheckResult {
  CheckStatus status = CheckStatus::unavailable;
  std::vector<std::string> errors;    // codes: input errors (invalid_input) or integrity codes
  std::vector<std::string> warnings;  // input warnings, e.g. nir_provisional
  std::vector<std::string> exposed;      // category ids (affected only)
  std::vector<std::string> not_exposed;  // category ids (affected only)
  std::vector<std::string> operators;    // operator ids (affected only)
  bool merged = false;                   // the record merged several source rows
  std::uint32_t retry_after = 0;         // unavailable because rate-limited: seconds to wait (0: unknown / n.a.)
  bool has_dataset = false;
  DatasetInfo dataset;
};

// JSON text: {status, errors?, warnings?, exposed?, notExposed?, operators?, retryAfter?, dataset?}.
std::string check_result_to_json(const CheckResult& result);

}  // namespace breachcheck
