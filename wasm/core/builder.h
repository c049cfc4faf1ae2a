// Publisher side: from the affected-records CSV to the signed data set (docs/FORMAT.md).
// Three stages, each usable alone (sharded builds hash slices on other machines):
//   collect_records  CSV -> validated, merged records (one per canonical identity)
//   hash_records     records -> hashed entries (Argon2id on all threads; the only expensive stage)
//   write_dataset    hashed entries -> header + 2^P signed buckets with dummies
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "catalog.h"
#include "format.h"
#include "identity.h"
#include "keys.h"
#include "payload.h"

namespace breachcheck {

inline constexpr char kCsvColumns[] = "nir,birth_date,birth_rank,operator,categories,insurer";

struct RowProblem {
  std::uint64_t line = 0;
  std::string field;   // column name, or "row"
  std::string reason;  // a code (docs/ERRORS.md); never the field's value
};

struct SourceRecord {
  std::array<std::uint8_t, kCanonicalIdentitySize> canonical{};
  RecordPayload payload;
};

struct RecordSet {
  std::vector<SourceRecord> records;              // sorted by canonical identity, merged
  std::map<std::string, std::uint8_t> insurers;   // insurer name -> operator mask
  std::vector<RowProblem> problems;
  std::uint64_t rows_read = 0;
  std::uint64_t rows_merged = 0;                  // rows folded into an earlier record of the same person
  ~RecordSet();                                   // wipes the canonical identities
};

struct CollectOptions {
  CivilDate today;                  // birth dates after this day are rejected
  std::size_t max_problems = 1000;  // problems kept for the report (all are counted)
};

// Reads the whole CSV. Rows with problems are not added; the caller decides whether any problem rejects
// the build (the default) or whether they are skipped and reported.
RecordSet collect_records(std::istream& csv, const Catalog& catalog, const CollectOptions& options);

struct HashedEntry {
  std::uint32_t prefix32 = 0;  // first 32 bits of the lookup tag
  Fingerprint fingerprint{};
  EncryptedPayload payload{};
};

struct Progress {
  const char* stage = "";
  std::uint64_t done = 0;
  std::uint64_t total = 0;
};
using ProgressFn = std::function<void(const Progress&)>;

// Argon2id for every record on `threads` threads (1 = inline, also under wasm). Output order = input order.
// Throws std::runtime_error if libsodium refuses the parameters.
std::vector<HashedEntry> hash_records(const std::vector<SourceRecord>& records, const Salt& salt,
                                      const KdfParams& kdf, unsigned threads, const ProgressFn& progress);

struct LayoutOptions {
  std::string publisher;
  std::uint32_t dataset_version = 1;
  KdfParams kdf;
  Salt salt{};
  std::uint64_t created = 0;
  std::uint64_t not_after = 0;
  unsigned k = 50;                // every bucket holds at least k real records
  unsigned max_prefix_bits = 15;  // privacy cap (docs/FORMAT.md, "Choosing P")
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

struct WriteReport {
  BucketStats buckets;
  std::uint64_t file_size = 0;
};

// Sorts `entries` in place, checks that every (bucket, fingerprint) is unique, then writes the signed file.
WriteReport write_dataset(std::vector<HashedEntry>& entries, const Catalog& catalog,
                          const std::map<std::string, std::uint8_t>& insurers, const LayoutOptions& options,
                          const KeyPair& signing_key, std::ostream& out);

// Metadata JSON (sorted keys, compact) as it goes into the header.
std::string build_metadata_json(const std::string& publisher, const Catalog& catalog,
                                 const std::map<std::string, std::uint8_t>& insurers);

}  // namespace breachcheck
