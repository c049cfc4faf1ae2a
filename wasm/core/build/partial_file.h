// SPDX-License-Identifier: MPL-2.0
// Partial (shard) files, `*.bcp` (docs/FORMAT.md, "Partial (shard) files"): what `breachcheck build --shard i/n`
// writes and `breachcheck merge` reads. Hashed entries of one slice of the identities, sorted, with everything
// the merge needs to check that all shards hashed the same input with the same salt and KDF parameters and to
// rebuild exactly the file a single-machine build writes. No secret key is involved.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "build/entry_sorter.h"
#include "build/file_io.h"
#include "build/record_collector.h"
#include "format/catalog.h"
#include "oprf/oprf_wire.h"

namespace breachcheck {

inline constexpr std::array<std::uint8_t, 8> kPartialMagic = {0x89, 'B', 'C', 'P', '\r', '\n', 0x1A, '\n'};
inline constexpr std::uint32_t kPartialVersion = 2;  // 2: metadata records the data set version
inline constexpr std::size_t kPartialHeaderSize = 160;
inline constexpr std::uint32_t kMaxPartialMetadata = 16u << 20;

using Digest32 = std::array<std::uint8_t, 32>;

struct PartialHeader {
  ShardSpec shard;
  KdfParams kdf;
  Salt salt{};
  Digest32 input_digest{};    // BLAKE2b-256 of the records file's bytes
  Digest32 catalog_digest{};  // BLAKE2b-256 of the catalog as catalog_to_json writes it
  std::uint64_t created = 0;  // Unix seconds: birth dates were validated against this day
  std::uint64_t rows_read = 0, rows_bad = 0, rows_kept = 0, rows_merged = 0, record_count = 0;
  std::uint32_t metadata_length = 0;
};

struct PartialMetadata {
  std::map<std::string, std::uint8_t> insurers;  // this shard's contribution to the insurer table
  std::uint64_t problem_count = 0;               // all problems in the whole file (identical in every shard)
  std::vector<RowProblem> problems;              // the listed ones (line, field, code; never a value)
  std::optional<OprfPublicKey> oprf_public_key;  // hardened mode: entries were hashed under this key's skS
  std::uint32_t dataset_version = 0;             // the release the salt is bound to (kdf.h, release_salt)
};

Digest32 catalog_digest(const Catalog& catalog);
std::string partial_metadata_json(const PartialMetadata& metadata);

// Writes PATH through PATH.tmp, fsync and rename. Entries come from `sorter` (sorted); header.record_count and
// header.metadata_length are filled in.
void write_partial_file(const std::string& path, PartialHeader header, const PartialMetadata& metadata,
                        EntrySorter& sorter, bool sync);

class PartialReader {
 public:
  // Reads and checks the header and metadata (throws std::runtime_error naming the path and the problem).
  explicit PartialReader(const std::string& path);
  const PartialHeader& header() const { return header_; }
  const PartialMetadata& metadata() const { return metadata_; }
  const std::string& metadata_json() const { return metadata_json_; }
  // Streams every entry into `sorter`, then verifies the trailing checksum (throws on any mismatch).
  void add_entries_to(EntrySorter& sorter);

 private:
  std::string path_;
  PartialHeader header_;
  PartialMetadata metadata_;
  std::string metadata_json_;
};

}  // namespace breachcheck
