// The whole check over a ByteSource, synchronously: what the CLI and the native tests use. The browser runs
// the same steps (verify_header, prepare_lookup, find_in_bucket) with asynchronous fetches in between.
#pragma once

#include <optional>

#include "byte_source.h"
#include "dataset.h"

namespace breachcheck {

struct OpenedDataset {
  std::optional<VerifiedHeader> header;
  CheckResult failure;  // integrity_error or unavailable when header is empty
};

OpenedDataset open_dataset(ByteSource& source, const TrustPolicy& policy);

CheckResult check_identity(ByteSource& source, const VerifiedHeader& header, const IdentityInput& input,
                           const CivilDate& today);

// Full integrity check (every bucket): empty string when intact, else the first integrity code.
std::string verify_all_buckets(ByteSource& source, const VerifiedHeader& header);

}  // namespace breachcheck
