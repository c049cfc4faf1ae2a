// SPDX-License-Identifier: MPL-2.0
// Reading a data set, second step, for one person: derive the bucket to fetch from their identity (Argon2id
// with the verified header's salt and limits, then in hardened mode the VOPRF), then verify that bucket and
// find (or not) their entry in it, in constant time per entry. Every step that touches outside bytes is
// bounded and reports an integrity code on failure, never "not found".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "check/check_result.h"
#include "check/header_verifier.h"
#include "identity/identity.h"
#include "identity/kdf.h"
#include "oprf/oprf_wire.h"
#include "oprf/voprf_client.h"
#include "util/byte_view.h"
#include "util/secure_bytes.h"

namespace breachcheck {

struct PreparedLookup {
  std::vector<std::string> errors;    // input error codes; empty when the lookup can proceed
  std::vector<std::string> warnings;
  std::uint32_t bucket = 0;           // valid once keys_ready
  LookupKeys keys;                    // secret: wiped when this goes away
  bool kdf_failed = false;            // libsodium refused (out of memory): "unavailable"
  bool oprf_unavailable = false;      // a hardened data set, and no VOPRF client to check it with
  bool keys_ready = false;            // false in hardened mode until finish_oprf_lookup succeeds
  // Hardened mode, between prepare_lookup and finish_oprf_lookup (docs/OPRF.md section 2): the Argon2id
  // output (the OPRF input), the blind (secret, fresh for every check) and the blinded element to send.
  SecretArray<kSeedSize> oprf_input;
  OprfScalar oprf_blind;
  OprfElement blinded_element{};
  bool awaiting_oprf() const { return ok() && !keys_ready; }
  bool ok() const { return errors.empty() && !kdf_failed && !oprf_unavailable; }
};

// Validates the identity and runs Argon2id with the header's salt and limits. In static mode the lookup keys
// and bucket are ready; in hardened mode the result is awaiting_oprf(): send blinded_element to the server
// (with `voprf` null, a hardened header gives oprf_unavailable instead, before Argon2id).
PreparedLookup prepare_lookup(const VerifiedHeader& header, const IdentityInput& input, const CivilDate& today,
                              const VoprfClient* voprf = voprf_client());

// The static-mode lookup from a seed already derived (a directory check runs Argon2id once for every list of a
// KDF group): the header's own sub-keys and bucket. `header` must be static mode (not hardened).
PreparedLookup prepare_lookup_from_seed(const VerifiedHeader& header, const Seed& seed);

// Hardened mode: verifies the server's proof against the header's committed key, then derives the lookup
// keys and bucket from the OPRF output and wipes the blind and input. "" on success, else "oprf_proof" (the
// evaluation is refused: a result computed from it would mean nothing) or "oprf_not_expected".
std::string finish_oprf_lookup(const VerifiedHeader& header, PreparedLookup& lookup, const OprfEvaluation& evaluation,
                               const VoprfClient& voprf);

// Empty string when the bucket is intact: right length, signature valid for (dataset id, index), sorted.
std::string verify_bucket(const VerifiedHeader& header, std::uint32_t bucket_index, ByteView bucket_bytes);

// Verifies the bucket, then scans every entry in constant time per entry.
CheckResult find_in_bucket(const VerifiedHeader& header, const PreparedLookup& lookup, ByteView bucket_bytes);

}  // namespace breachcheck
