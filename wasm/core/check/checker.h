// SPDX-License-Identifier: MPL-2.0
// One person's check, step by step (CheckSession), and the whole check over a ByteSource, synchronously
// (check_identity: what the CLI and the native tests use). The browser's worker drives the same CheckSession
// with asynchronous reads and evaluation requests in between, so the two cannot answer differently.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
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
// oprf_unreachable, oprf_rate_limited (with retry_after, seconds), oprf_refused (another non-200 answer),
// oprf_response (a malformed answer) or oprf_unavailable (no evaluator); every one makes the check
// "unavailable", never "not_found".
struct OprfEvaluationOutcome {
  std::optional<OprfEvaluation> evaluation;
  std::string error;
  std::uint32_t retry_after = 0;
};
using OprfEvaluator =
    std::function<OprfEvaluationOutcome(const OprfElement& blinded_element, const std::vector<std::string>& endpoints)>;

// One check from the identity to the result. The constructor validates the identity and runs Argon2id; then the
// session says what it needs next (an evaluation, then the bucket, or nothing: the result is final). Every way
// a check can end early (invalid input, Argon2id failure, a failed or refused evaluation, an unreadable bucket)
// is mapped to its result here and nowhere else. The secret lookup keys live in the session and are wiped with
// it; `header` must outlive the session.
class CheckSession {
 public:
  enum class Need { evaluation, bucket, nothing };

  // `voprf` null: hardened data sets are not supported here (the check ends unavailable, oprf_unavailable).
  CheckSession(const VerifiedHeader& header, const IdentityInput& input, const CivilDate& today,
               const VoprfClient* voprf = voprf_client());

  // A lookup prepared elsewhere (a directory check derives one seed for several lists): its errors, Argon2id
  // failure or hardened-mode state end the check here exactly as the constructor above would.
  CheckSession(const VerifiedHeader& header, PreparedLookup lookup, const VoprfClient* voprf = voprf_client());

  Need need() const;
  // need() == evaluation: the blinded element to send (fresh for every check) and where to.
  const OprfElement& blinded_element() const { return lookup_.blinded_element; }
  const std::vector<std::string>& endpoints() const;
  // need() == bucket: the one byte range to read.
  std::uint64_t bucket_offset() const;
  std::uint64_t bucket_length() const;

  // need() == evaluation: the server's answer (verified against the header's key) or why there is none.
  void evaluated(const OprfEvaluationOutcome& outcome);
  // need() == evaluation: the same from the answer's body as received (parsed by the VOPRF client).
  void evaluated(std::string_view response_body);
  // need() == bucket: the bucket's bytes, or why they could not be read.
  void bucket_read(ByteView bucket);
  void bucket_unreadable(CheckStatus status, const std::string& code);

  // need() == nothing: the final result (with the data set's summary and the input warnings).
  const CheckResult& result() const { return *result_; }

 private:
  void settle();  // maps a lookup that cannot go on to its result
  void end(CheckStatus status, const std::string& code, std::uint32_t retry_after = 0);

  const VerifiedHeader& header_;
  const VoprfClient* voprf_;
  PreparedLookup lookup_;
  std::optional<CheckResult> result_;
};

// `evaluator` is needed only for a hardened-mode data set (without one, such a check is "unavailable" with
// "oprf_unavailable": the published file alone cannot answer).
CheckResult check_identity(ByteSource& source, const VerifiedHeader& header, const IdentityInput& input,
                           const CivilDate& today, const OprfEvaluator& evaluator = {});

// Full integrity check (every bucket): empty string when intact, else the first integrity code.
std::string verify_all_buckets(ByteSource& source, const VerifiedHeader& header);

}  // namespace breachcheck
