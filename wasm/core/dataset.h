// Reading a data set: verify the header against the pinned keys and the client's policy, then, for one
// person, derive the bucket to fetch and find (or not) their entry in it. Every step that touches outside
// bytes is bounded and reports an integrity code on failure, never "not found".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog.h"
#include "check_result.h"
#include "format.h"
#include "identity.h"
#include "kdf.h"

namespace breachcheck {

struct TrustPolicy {
  std::vector<PublicKey> pinned_keys;  // one, or two during a key rotation
  std::uint32_t min_dataset_version = 0;
  std::uint32_t min_kdf_mem_kib = 8 * 1024;
  std::uint32_t max_kdf_mem_kib = 256 * 1024;
  std::uint32_t min_kdf_ops = 1;
  std::uint32_t max_kdf_ops = 10;
  std::int64_t now = 0;  // Unix seconds; passed in so behaviour is identical native and wasm

  // Lowers the KDF floor to libsodium's minimum: only for synthetic test and benchmark data sets,
  // and only when the embedder asks for it explicitly.
  void allow_weak_kdf_for_tests() {
    min_kdf_mem_kib = 8;
    min_kdf_ops = 1;
  }
};

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
  DatasetInfo info() const;
};

struct HeaderCheck {
  std::optional<VerifiedHeader> header;
  std::string error;  // integrity code when header is empty
};

// `header_bytes` must start at offset 0 of the file and hold at least FixedHeader::header_length() bytes
// (read kFixedHeaderSize bytes first to learn it). `file_size`, when known, must equal the computed size.
HeaderCheck verify_header(ByteView header_bytes, const TrustPolicy& policy,
                          std::optional<std::uint64_t> file_size = std::nullopt);

struct PreparedLookup {
  std::vector<std::string> errors;    // input error codes; empty when the lookup can proceed
  std::vector<std::string> warnings;
  std::uint32_t bucket = 0;
  LookupKeys keys;                    // secret: wiped when this goes away
  bool kdf_failed = false;            // libsodium refused (out of memory): "unavailable"
  bool ok() const { return errors.empty() && !kdf_failed; }
};

// Validates the identity and runs Argon2id with the header's salt and limits.
PreparedLookup prepare_lookup(const VerifiedHeader& header, const IdentityInput& input, const CivilDate& today);

// Empty string when the bucket is intact: right length, signature valid for (dataset id, index), sorted.
std::string verify_bucket(const VerifiedHeader& header, std::uint32_t bucket_index, ByteView bucket_bytes);

// Verifies the bucket, then scans every entry in constant time per entry.
CheckResult find_in_bucket(const VerifiedHeader& header, const PreparedLookup& lookup, ByteView bucket_bytes);

// Builds the "invalid_input" / "integrity_error" / "unavailable" answers with the data set info when known.
CheckResult error_result(CheckStatus status, std::vector<std::string> codes, const VerifiedHeader* header);

std::string iso8601_utc(std::uint64_t unix_seconds);

}  // namespace breachcheck
