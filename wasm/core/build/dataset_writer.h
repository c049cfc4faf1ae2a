// SPDX-License-Identifier: MPL-2.0
// Stage 4 of the publisher pipeline: sorted hashed entries -> the signed data set (docs/FORMAT.md): header,
// then 2^P buckets, each filled with dummies to capacity, sorted and signed. Streams bucket by bucket, so its
// memory is one bucket whatever the record count. The only stage that needs the signing key.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "build/entry_sorter.h"
#include "build/hashed_entry.h"
#include "format/catalog.h"
#include "format/format.h"
#include "format/keys.h"
#include "oprf/oprf_header.h"

namespace breachcheck {

struct LayoutOptions {
  std::string publisher;
  std::uint32_t dataset_version = 1;
  KdfParams kdf;
  Salt salt{};  // the release salt: the header's salt in format version 1, the metadata's version_salt in 2
  // Format version 2 (docs/FORMAT.md, "Version 2"): the publisher's long-lived Argon2id salt, which the header
  // then carries; the entries must have been hashed with it and with `salt` as their version salt.
  std::optional<Salt> kdf_salt;
  std::uint64_t created = 0;
  std::uint64_t not_after = 0;
  unsigned k = 50;                // every bucket holds at least k real records
  unsigned max_prefix_bits = 15;  // privacy cap (docs/FORMAT.md, "Choosing P")
  // Hardened mode (docs/OPRF.md): derivation_mode = 1 and the header's "oprf" object. The entries must have
  // been hashed under the matching secret key; the writer itself never needs it.
  std::optional<OprfHeaderConfig> oprf;
};

struct BucketStats {
  unsigned prefix_bits = 0;
  std::uint32_t capacity = 0;
  std::uint64_t min_real = 0;
  double mean_real = 0;
  std::uint64_t max_real = 0;
};

// Largest P <= max_prefix_bits whose smallest bucket holds >= k entries; throws if even P = 0 cannot.
BucketStats choose_prefix_bits(const std::vector<HashedEntry>& entries, unsigned k, unsigned max_prefix_bits);
// The same from a histogram of tag prefixes at `histogram_bits` (>= max_prefix_bits) resolution.
BucketStats choose_prefix_bits(const std::vector<std::uint64_t>& histogram, unsigned histogram_bits,
                               std::uint64_t total, unsigned k, unsigned max_prefix_bits);

struct WriteReport {
  BucketStats buckets;
  std::uint64_t file_size = 0;
};

// Entries in ascending wire order, with their prefix histogram (EntrySorter provides both).
struct SortedEntries {
  std::uint64_t total = 0;
  const std::vector<std::uint64_t>* histogram = nullptr;
  unsigned histogram_bits = 0;
  std::function<void(const SortedSpanFn&)> for_each_sorted;  // called once
};

// Writes the signed file; checks that every (bucket, fingerprint) is unique (throws otherwise).
WriteReport write_dataset_sorted(const SortedEntries& entries, const Catalog& catalog,
                                 const std::map<std::string, std::uint8_t>& insurers, const LayoutOptions& options,
                                 const KeyPair& signing_key, std::ostream& out);

// In-memory form: sorts `entries` in place, then as above.
WriteReport write_dataset(std::vector<HashedEntry>& entries, const Catalog& catalog,
                          const std::map<std::string, std::uint8_t>& insurers, const LayoutOptions& options,
                          const KeyPair& signing_key, std::ostream& out);

// The key of a build's dummy-entry randomness (docs/FORMAT.md, "Dummies"): BLAKE2b-256 keyed by a crypto_kdf
// sub-key of the signing seed (context "bcdummy1", id 1) over "breachcheck:dummies:v1" || salt. Deterministic
// given the key and salt, unpredictable without the key.
SecretArray<32> dummy_entry_key(const KeyPair& signing_key, const Salt& salt);

// Metadata JSON (sorted keys, compact) as it goes into the header.
std::string build_metadata_json(const std::string& publisher, const Catalog& catalog,
                                const std::map<std::string, std::uint8_t>& insurers,
                                const std::optional<OprfHeaderConfig>& oprf = std::nullopt,
                                const Salt* version_salt = nullptr);

}  // namespace breachcheck
