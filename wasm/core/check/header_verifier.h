// SPDX-License-Identifier: MPL-2.0
// Reading a data set, first step: verify the header against the pinned keys and the client's policy, and parse
// its signed metadata (catalog, insurers, hardened mode's OPRF settings). The lookup of one person in a bucket
// is bucket_lookup.h. Every step that touches outside bytes is bounded and reports an integrity code on
// failure, never "not found".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/check_result.h"
#include "format/catalog.h"
#include "format/format.h"
#include "identity/kdf.h"
#include "oprf/oprf_header.h"
#include "util/civil_date.h"  // iso8601_utc, for DatasetInfo::created

namespace breachcheck {

// Floor on Argon2id's cost, memory (KiB) x passes: a third of the builder's default (64 MiB x 3). Argon2id's
// work, on a CPU or a GPU, grows with memory x passes (docs/THREAT-MODEL.md), so this bounds how much cheaper
// than the default a signed header can make mass testing: 3x at most (64 MiB x 1, 32 MiB x 2, 16 MiB x 4 pass;
// 8 MiB x 1, 24x cheaper than the default, does not).
inline constexpr std::uint64_t kDefaultMinKdfCostKibPasses = 64u * 1024u;

struct TrustPolicy {
  std::vector<PublicKey> pinned_keys;  // one, or two during a key rotation
  std::uint32_t min_dataset_version = 0;
  std::uint32_t min_kdf_mem_kib = 8 * 1024;
  std::uint32_t max_kdf_mem_kib = 256 * 1024;
  std::uint32_t min_kdf_ops = 1;
  std::uint32_t max_kdf_ops = 10;
  std::uint64_t min_kdf_cost_kib_passes = kDefaultMinKdfCostKibPasses;
  std::int64_t now = 0;  // Unix seconds; passed in so behaviour is identical native and wasm

  // Lowers the KDF floor to libsodium's minimum: only for synthetic test and benchmark data sets,
  // and only when the embedder asks for it explicitly.
  void allow_weak_kdf_for_tests() {
    min_kdf_mem_kib = 8;
    min_kdf_ops = 1;
    min_kdf_cost_kib_passes = 0;
  }

  // Hardened mode: accept http:// evaluation endpoints on loopback (a test server); https:// otherwise.
  bool allow_loopback_oprf_endpoints = false;
};

// True when `kdf` would be refused by the default policy: the widget then says on screen that the list is a
// demonstration one (only reachable when the embedder opted into the test policy).
bool kdf_below_default_floor(const KdfParams& kdf);

struct InsurerEntry {
  std::string name;
  std::vector<std::string> operators;  // operator ids
};

struct VerifiedHeader {
  FixedHeader fixed;
  DatasetId dataset_id{};
  std::string metadata_json;  // verified bytes, for the widget to display the catalog
  std::string publisher;
  Catalog catalog;
  std::vector<InsurerEntry> insurers;
  std::optional<OprfHeaderConfig> oprf;  // present exactly in hardened mode (derivation_mode = 1)
  std::optional<Salt> version_salt;      // present exactly in format version 2 (kdf.h, derive_lookup_keys)
  const Salt* version_salt_or_null() const { return version_salt ? &*version_salt : nullptr; }
  DatasetInfo info() const;
};

struct HeaderCheck {
  std::optional<VerifiedHeader> header;
  std::string error;  // integrity code when header is empty
};

// How the metadata's "oprf" object is read: parse_oprf_header (oprf/oprf_header.h). The browser engine for static
// data sets passes none, so that none of the hardened mode's code is linked into it (1.4 KB brotli): a hardened
// header, once its signature and policy checks pass, is then refused with kOprfHeaderUnread, which says this
// engine cannot check that data set (status unavailable), not that the file is bad.
using OprfHeaderParser = std::string (*)(const JsonValue& object, OprfHeaderConfig& out);
inline constexpr const char* kOprfHeaderUnread = "oprf_unavailable";

// `header_bytes` must start at offset 0 of the file and hold at least FixedHeader::header_length() bytes
// (read kFixedHeaderSize bytes first to learn it). `file_size`, when known, must equal the computed size.
// `parse_oprf`: see OprfHeaderParser; verify_header passes parse_oprf_header.
HeaderCheck verify_header_with(ByteView header_bytes, const TrustPolicy& policy,
                               std::optional<std::uint64_t> file_size, OprfHeaderParser parse_oprf);

inline HeaderCheck verify_header(ByteView header_bytes, const TrustPolicy& policy,
                                 std::optional<std::uint64_t> file_size = std::nullopt) {
  return verify_header_with(header_bytes, policy, file_size, &parse_oprf_header);
}

// Builds the "invalid_input" / "integrity_error" / "unavailable" answers with the data set info when known.
CheckResult error_result(CheckStatus status, std::vector<std::string> codes, const VerifiedHeader* header);

}  // namespace breachcheck
