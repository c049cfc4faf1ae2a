// SPDX-License-Identifier: MPL-2.0
#include "check/bucket_lookup.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "format/format.h"
#include "format/payload.h"
#include "oprf/oprf.h"

namespace breachcheck {

PreparedLookup prepare_lookup(const VerifiedHeader& header, const IdentityInput& input, const CivilDate& today,
                              const VoprfClient* voprf) {
  PreparedLookup lookup;
  ValidatedIdentity identity = validate_identity(input, today);
  lookup.errors = std::move(identity.errors);
  lookup.warnings = std::move(identity.warnings);
  if (!lookup.errors.empty()) return lookup;
  if (header.oprf && !voprf) {
    lookup.oprf_unavailable = true;  // no Argon2id for a check that cannot finish
    return lookup;
  }
  Seed seed;
  if (!derive_seed(identity.canonical, header.fixed.salt, header.fixed.kdf, seed)) {
    lookup.kdf_failed = true;
    return lookup;
  }
  if (header.oprf) {
    // The Argon2id output is the OPRF input; a fresh blind makes every request unlinkable to the others.
    std::memcpy(lookup.oprf_input.data(), seed.data(), kSeedSize);
    if (voprf->blind(lookup.oprf_blind.data(), lookup.blinded_element.data(), OprfMode::kVoprf,
                     lookup.oprf_input.data(), lookup.oprf_input.size()) != kOprfOk) {
      lookup.kdf_failed = true;  // negligible probability (the input hashes to the identity)
    }
    return lookup;
  }
  PreparedLookup ready = prepare_lookup_from_seed(header, seed);
  ready.warnings = std::move(lookup.warnings);
  return ready;
}

PreparedLookup prepare_lookup_from_seed(const VerifiedHeader& header, const Seed& seed) {
  PreparedLookup lookup;
  lookup.keys = derive_lookup_keys(seed, header.version_salt_or_null());
  lookup.bucket = bucket_of_prefix(tag_prefix32(lookup.keys), header.fixed.prefix_bits);
  lookup.keys_ready = true;
  return lookup;
}

std::string finish_oprf_lookup(const VerifiedHeader& header, PreparedLookup& lookup, const OprfEvaluation& evaluation,
                               const VoprfClient& voprf) {
  if (!header.oprf || !lookup.awaiting_oprf()) return "oprf_not_expected";
  SecretArray<kOprfOutputBytes> output;
  // pkS comes from the signed header, never from the server: the proof ties this evaluation to that one key.
  const int rc = voprf.finalize(output.data(), lookup.oprf_input.data(), lookup.oprf_input.size(),
                                lookup.oprf_blind.data(), evaluation.evaluated_element.data(),
                                lookup.blinded_element.data(), header.oprf->public_key.data(), evaluation.proof.data());
  sodium_memzero(lookup.oprf_blind.data(), lookup.oprf_blind.size());
  sodium_memzero(lookup.oprf_input.data(), lookup.oprf_input.size());
  if (rc != kOprfOk) {
    lookup.kdf_failed = true;  // this lookup cannot go on; a new check blinds afresh
    return "oprf_proof";
  }
  Seed seed;
  oprf_output_to_seed(seed.data(), output.data());
  lookup.keys = derive_lookup_keys(seed, header.version_salt_or_null());
  lookup.bucket = bucket_of_prefix(tag_prefix32(lookup.keys), header.fixed.prefix_bits);
  lookup.keys_ready = true;
  return "";
}

std::string verify_bucket(const VerifiedHeader& header, std::uint32_t bucket_index, ByteView bucket_bytes) {
  if (bucket_index >= header.fixed.bucket_count()) return "bucket_index";
  if (bucket_bytes.size != header.fixed.bucket_stride()) return "bucket_length";
  const ByteView entries = bucket_bytes.subview(0, bucket_bytes.size - kSignatureSize);
  const Bytes message = bucket_signed_message(header.dataset_id, bucket_index, entries);
  if (crypto_sign_verify_detached(bucket_bytes.data + entries.size, message.data(), message.size(),
                                  header.fixed.publisher_key.data()) != 0) {
    return "bucket_signature";
  }
  for (std::size_t offset = kEntrySize; offset < entries.size; offset += kEntrySize) {
    if (std::memcmp(entries.data + offset - kEntrySize, entries.data + offset, kEntrySize) >= 0) {
      return "bucket_order";
    }
  }
  return "";
}

CheckResult find_in_bucket(const VerifiedHeader& header, const PreparedLookup& lookup, ByteView bucket_bytes) {
  // Unreachable through CheckSession (it asks for a bucket only once the keys exist): keys never derived.
  if (!lookup.ok() || !lookup.keys_ready) return error_result(CheckStatus::unavailable, {"kdf_failed"}, &header);
  const std::string integrity = verify_bucket(header, lookup.bucket, bucket_bytes);
  if (!integrity.empty()) return error_result(CheckStatus::integrity_error, {integrity}, &header);

  // Compared in place inside the lookup tag (wiped with the lookup), never copied to a buffer of its own.
  const std::uint8_t* fingerprint = fingerprint_in_tag(lookup.keys);
  const Catalog& catalog = header.catalog;
  unsigned operator_bit_limit = 0;
  for (const auto& op : catalog.operators) operator_bit_limit = std::max(operator_bit_limit, op.bit + 1u);

  std::optional<RecordPayload> found;
  const std::size_t entry_count = header.fixed.bucket_capacity;
  for (std::size_t i = 0; i < entry_count; ++i) {
    const std::uint8_t* entry = bucket_bytes.data + i * kEntrySize;
    // Every entry is compared in full (no early exit), so timing does not say where a match sits.
    const bool match = sodium_memcmp(entry, fingerprint, kFingerprintSize) == 0;
    if (match && !found) {
      EncryptedPayload encrypted;
      std::memcpy(encrypted.data(), entry + kFingerprintSize, kPayloadSize);
      found = decrypt_payload(encrypted, lookup.keys, catalog.categories.size(), operator_bit_limit);
    }
  }

  CheckResult result;
  result.has_dataset = true;
  result.dataset = header.info();
  result.warnings = lookup.warnings;
  if (!found) {
    result.status = CheckStatus::not_found;
    return result;
  }
  result.status = CheckStatus::affected;
  result.merged = (found->flags & kPayloadFlagMerged) != 0;
  for (std::size_t bit = 0; bit < catalog.categories.size(); ++bit) {
    if (found->categories & (1u << bit)) result.exposed.push_back(catalog.categories[bit].id);
  }
  for (const auto& category : catalog.not_exposed_categories) result.not_exposed.push_back(category.id);
  for (const auto& op : catalog.operators) {
    if (found->operators & (1u << op.bit)) result.operators.push_back(op.id);
  }
  return result;
}

}  // namespace breachcheck
