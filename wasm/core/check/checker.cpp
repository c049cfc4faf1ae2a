// SPDX-License-Identifier: MPL-2.0
#include "check/checker.h"

namespace breachcheck {

OpenedDataset open_dataset(ByteSource& source, const TrustPolicy& policy) {
  OpenedDataset opened;
  Bytes bytes;
  const auto total = source.size();
  if (!source.read(0, kFixedHeaderSize, bytes)) {
    // A source that answers but is too short to hold a header has been tampered with or truncated.
    opened.failure = total ? error_result(CheckStatus::integrity_error, {"header_truncated"}, nullptr)
                           : error_result(CheckStatus::unavailable, {"read_failed"}, nullptr);
    return opened;
  }
  std::string error;
  const auto fixed = parse_fixed_header(bytes, error);
  if (!fixed) {
    opened.failure = error_result(CheckStatus::integrity_error, {error}, nullptr);
    return opened;
  }
  if (!source.read(0, fixed->header_length(), bytes)) {
    opened.failure = total ? error_result(CheckStatus::integrity_error, {"header_truncated"}, nullptr)
                           : error_result(CheckStatus::unavailable, {"read_failed"}, nullptr);
    return opened;
  }
  HeaderCheck check = verify_header(bytes, policy, total);
  if (!check.header) {
    opened.failure = error_result(CheckStatus::integrity_error, {check.error}, nullptr);
    return opened;
  }
  opened.header = std::move(check.header);
  return opened;
}

CheckSession::CheckSession(const VerifiedHeader& header, const IdentityInput& input, const CivilDate& today,
                           const VoprfClient* voprf)
    : header_(header), voprf_(voprf), lookup_(prepare_lookup(header, input, today, voprf)) {
  settle();
}

CheckSession::CheckSession(const VerifiedHeader& header, PreparedLookup lookup, const VoprfClient* voprf)
    : header_(header), voprf_(voprf), lookup_(std::move(lookup)) {
  settle();
}

void CheckSession::settle() {
  if (!lookup_.errors.empty()) {
    result_ = error_result(CheckStatus::invalid_input, lookup_.errors, &header_);
    result_->warnings = lookup_.warnings;
  } else if (lookup_.oprf_unavailable) {
    end(CheckStatus::unavailable, "oprf_unavailable");
  } else if (lookup_.kdf_failed) {
    end(CheckStatus::unavailable, "kdf_failed");
  }
}

CheckSession::Need CheckSession::need() const {
  if (result_) return Need::nothing;
  return lookup_.awaiting_oprf() ? Need::evaluation : Need::bucket;
}

const std::vector<std::string>& CheckSession::endpoints() const {
  static const std::vector<std::string> none;
  return header_.oprf ? header_.oprf->endpoints : none;
}

std::uint64_t CheckSession::bucket_offset() const { return header_.fixed.bucket_offset(lookup_.bucket); }

std::uint64_t CheckSession::bucket_length() const { return header_.fixed.bucket_stride(); }

void CheckSession::evaluated(const OprfEvaluationOutcome& outcome) {
  if (need() != Need::evaluation) return;
  if (!outcome.evaluation) {
    end(CheckStatus::unavailable, outcome.error.empty() ? "oprf_unreachable" : outcome.error, outcome.retry_after);
    return;
  }
  // On a refused proof the lookup is marked failed (and its secrets wiped): it can never reach a bucket.
  const std::string error = finish_oprf_lookup(header_, lookup_, *outcome.evaluation, *voprf_);
  if (!error.empty()) end(CheckStatus::unavailable, error);
}

void CheckSession::evaluated(std::string_view response_body) {
  if (need() != Need::evaluation) return;
  OprfEvaluationOutcome outcome;
  if (response_body.size() <= kOprfMaxResponseBytes) outcome.evaluation = voprf_->parse_response(response_body);
  if (!outcome.evaluation) outcome.error = "oprf_response";
  evaluated(outcome);
}

void CheckSession::bucket_read(ByteView bucket) {
  if (need() != Need::bucket) return;
  result_ = find_in_bucket(header_, lookup_, bucket);
  lookup_ = PreparedLookup();  // the keys are not needed any more: wipe them now
}

void CheckSession::bucket_unreadable(CheckStatus status, const std::string& code) {
  if (need() != Need::bucket) return;
  end(status, code);
}

void CheckSession::end(CheckStatus status, const std::string& code, std::uint32_t retry_after) {
  result_ = error_result(status, {code}, &header_);
  result_->warnings = lookup_.warnings;
  result_->retry_after = retry_after;
  lookup_ = PreparedLookup();
}

CheckResult check_identity(ByteSource& source, const VerifiedHeader& header, const IdentityInput& input,
                           const CivilDate& today, const OprfEvaluator& evaluator) {
  CheckSession session(header, input, today);
  if (session.need() == CheckSession::Need::evaluation) {
    OprfEvaluationOutcome outcome;
    if (evaluator) outcome = evaluator(session.blinded_element(), session.endpoints());
    else outcome.error = "oprf_unavailable";
    session.evaluated(outcome);
  }
  if (session.need() == CheckSession::Need::bucket) {
    Bytes bucket;
    if (source.read(session.bucket_offset(), session.bucket_length(), bucket)) {
      session.bucket_read(bucket);
    } else if (source.size()) {
      session.bucket_unreadable(CheckStatus::integrity_error, "bucket_truncated");  // shorter than its header says
    } else {
      session.bucket_unreadable(CheckStatus::unavailable, "read_failed");
    }
  }
  return session.result();
}

std::string verify_all_buckets(ByteSource& source, const VerifiedHeader& header) {
  Bytes bucket;
  for (std::uint64_t i = 0; i < header.fixed.bucket_count(); ++i) {
    if (!source.read(header.fixed.bucket_offset(i), header.fixed.bucket_stride(), bucket)) return "bucket_truncated";
    const std::string error = verify_bucket(header, static_cast<std::uint32_t>(i), bucket);
    if (!error.empty()) return error;
  }
  return "";
}

}  // namespace breachcheck
