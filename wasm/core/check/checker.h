// SPDX-License-Identifier: MPL-2.0
// The whole check over a ByteSource, synchronously: what the CLI and the native tests use. The browser runs
// the same steps (verify_header, prepare_lookup, find_in_bucket) with asynchronous fetches in between.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "check/bucket_lookup.h"
#include "util/byte_source.h"

namespace breachcheck {

struct OpenedDataset {
  std::optional<VerifiedHeader> header;
  CheckResult failure;  // integrity_error or unavailable when header is empty
};

OpenedDataset open_dataset(ByteSource& source, const TrustPolicy& policy);

// Hardened mode: what asking the evaluation server gave (docs/OPRF.md section 4). On failure `error` is one of
// oprf_unreachable, oprf_rate_limited (with retry_after, seconds), oprf_refused (another non-200 answer) or
// oprf_response (a malformed answer); every one makes the check "unavailable", never "not_found".
struct OprfEvaluationOutcome {
  std::optional<OprfEvaluation> evaluation;
  std::string error;
  std::uint32_t retry_after = 0;
};
using OprfEvaluator =
    std::function<OprfEvaluationOutcome(const OprfElement& blinded_element, const std::vector<std::string>& endpoints)>;

// `evaluator` is needed only for a hardened-mode data set (without one, such a check is "unavailable" with
// "oprf_unavailable": the published file alone cannot answer).
CheckResult check_identity(ByteSource& source, const VerifiedHeader& header, const IdentityInput& input,
                           const CivilDate& today, const OprfEvaluator& evaluator = {});

// Full integrity check (every bucket): empty string when intact, else the first integrity code.
std::string verify_all_buckets(ByteSource& source, const VerifiedHeader& header);

}  // namespace breachcheck
