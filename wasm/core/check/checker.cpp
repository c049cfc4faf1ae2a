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

CheckResult check_identity(ByteSource& source, const VerifiedHeader& header, const IdentityInput& input,
                           const CivilDate& today, const OprfEvaluator& evaluator) {
  PreparedLookup lookup = prepare_lookup(header, input, today);
  if (!lookup.errors.empty()) {
    CheckResult result = error_result(CheckStatus::invalid_input, lookup.errors, &header);
    result.warnings = lookup.warnings;
    return result;
  }
  if (lookup.kdf_failed) return error_result(CheckStatus::unavailable, {"kdf_failed"}, &header);
  if (lookup.awaiting_oprf()) {
    if (!evaluator) return error_result(CheckStatus::unavailable, {"oprf_unavailable"}, &header);
    const OprfEvaluationOutcome outcome = evaluator(lookup.blinded_element, header.oprf->endpoints);
    if (!outcome.evaluation) {
      CheckResult result =
          error_result(CheckStatus::unavailable, {outcome.error.empty() ? "oprf_unreachable" : outcome.error}, &header);
      result.retry_after = outcome.retry_after;
      return result;
    }
    const std::string error = finish_oprf_lookup(header, lookup, *outcome.evaluation);
    if (!error.empty()) return error_result(CheckStatus::unavailable, {error}, &header);
  }
  Bytes bucket;
  if (!source.read(header.fixed.bucket_offset(lookup.bucket), header.fixed.bucket_stride(), bucket)) {
    return error_result(source.size() ? CheckStatus::integrity_error : CheckStatus::unavailable,
                        {source.size() ? "bucket_truncated" : "read_failed"}, &header);
  }
  return find_in_bucket(header, lookup, bucket);
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
