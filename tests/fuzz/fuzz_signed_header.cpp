// SPDX-License-Identifier: MPL-2.0
// Target: a header that verifies, because it is signed with the pinned key, but whose content is hostile
// (a publisher mistake or a stolen key). Everything after the signature check is exercised: the client's
// own bounds (KDF limits, dates, version, mode) and the bounded parsing of the metadata JSON and catalog.
// Input: byte 0 = flags; with flag 1 the next 112 bytes are the fixed header (magic, metadata_length and
// publisher_key are forced to valid values so that the signature covers them); the rest is the metadata.
// Properties: a verified header respects the policy (dates compared as unsigned 64-bit Unix seconds), its
// catalog round-trips, and turning it into a result (JSON) never throws.
#include <cstring>

#include <nlohmann/json.hpp>

#include "check/check_result.h"
#include "fuzz_common.h"

using namespace breachcheck;
using namespace breachcheck::fuzz;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  init_sodium();
  golden();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const Golden& g = golden();
  const std::uint8_t flags = data[0];
  ++data, --size;

  Bytes file(g.file.begin(), g.file.begin() + kFixedHeaderSize);
  if ((flags & 1) && size >= kFixedHeaderSize) {
    std::memcpy(file.data() + 8, data + 8, 72);  // everything from format_version to dataset_version
    data += kFixedHeaderSize, size -= kFixedHeaderSize;
  }
  if (size > kMaxMetadataLength) return 0;
  write_u32(file.data() + 76, static_cast<std::uint32_t>(size));
  file.insert(file.end(), data, data + size);
  file.resize(file.size() + kSignatureSize);
  sign_header(file, size, g.key);

  const TrustPolicy& policy = g.policy;
  const HeaderCheck check = verify_header(file, policy);
  if (!check.header) {
    FUZZ_ASSERT(integrity_codes().count(check.error) == 1);
    return 0;
  }
  const VerifiedHeader& h = *check.header;
  FUZZ_ASSERT(policy.now >= 0);
  const auto now = static_cast<std::uint64_t>(policy.now);
  FUZZ_ASSERT(h.fixed.created <= now + 86400);
  FUZZ_ASSERT(h.fixed.not_after >= now);
  FUZZ_ASSERT(h.fixed.kdf.mem_kib >= policy.min_kdf_mem_kib && h.fixed.kdf.mem_kib <= policy.max_kdf_mem_kib);
  FUZZ_ASSERT(h.fixed.kdf.ops >= policy.min_kdf_ops && h.fixed.kdf.ops <= policy.max_kdf_ops);
  FUZZ_ASSERT(h.fixed.dataset_version >= policy.min_dataset_version);
  // The mode byte and the "oprf" object agree; an OPRF header commits a valid key and allowed endpoints.
  FUZZ_ASSERT(h.oprf.has_value() == (h.fixed.derivation_mode == DerivationMode::oprf));
  if (h.oprf) {
    FUZZ_ASSERT(!h.oprf->endpoints.empty() && h.oprf->endpoints.size() <= kMaxOprfEndpoints);
    for (const auto& url : h.oprf->endpoints) {
      FUZZ_ASSERT(oprf_endpoint_syntax_ok(url, policy.allow_loopback_oprf_endpoints));
    }
    FUZZ_ASSERT(oprf_element_check(h.oprf->public_key.data()) == kOprfOk);
  }
  FUZZ_ASSERT(!h.publisher.empty() && h.publisher.size() <= 200);
  FUZZ_ASSERT(!h.catalog.categories.empty() && h.catalog.categories.size() <= kMaxCategories);
  for (const auto& insurer : h.insurers) {
    for (const auto& op : insurer.operators) FUZZ_ASSERT(operator_bit(h.catalog, op) >= 0);
  }

  const std::string canonical = catalog_to_json(h.catalog);  // must not throw for a catalog that parsed
  FUZZ_ASSERT(parse_catalog(canonical) == h.catalog);

  const CheckResult result = error_result(CheckStatus::integrity_error, {"bucket_signature"}, &h);
  const std::string json = check_result_to_json(result);
  FUZZ_ASSERT(nlohmann::json::accept(json));
  return 0;
}
