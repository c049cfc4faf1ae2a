// SPDX-License-Identifier: MPL-2.0
// Stage 1 of the publisher pipeline: the affected-records CSV -> validated records, merged by canonical
// identity (one per person, operators and categories OR-ed), in canonical order.
//   - Every row is validated, whatever the shard: bad rows are reported with line numbers and codes (never
//     values), so every shard's report is the complete, identical report of the whole file.
//   - A sharded build keeps only the identities with identity_hash64 % n == i: all rows of one person land
//     in the same shard, so merging before hashing stays exact (docs/FORMAT.md, "Partial (shard) files").
//   - Memory is bounded: past the budget, the buffer is sorted, merged and spilled as a run file encrypted
//     under a key that exists only in this process (identifiers never sit in clear on disk); runs are
//     merged back by a k-way merge.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog.h"
#include "hashed_entry.h"
#include "identity.h"
#include "kdf.h"
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

// Reads the whole CSV in memory. Rows with problems are not added; the caller decides whether any problem
// rejects the build (the default) or whether they are skipped and reported.
RecordSet collect_records(std::istream& csv, const Catalog& catalog, const CollectOptions& options);

// Folds another row of the same person into `into`: operators and categories OR-ed; the "merged" flag is set
// when the rows do not all carry the same operators and categories. Associative and commutative, so the
// result does not depend on row order, spill runs or shards.
void fold_record(RecordPayload& into, const RecordPayload& from);

struct ShardSpec {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
};

// BLAKE2b-64 of the canonical identity keyed by the salt (domain "bc-shard-v1"): decides the shard
// (value % n) and the content-defined hash chunk boundaries. Keyed, so it says nothing without the salt.
std::uint64_t identity_hash64(const std::uint8_t* canonical, const Salt& salt);

struct CollectorConfig {
  CollectOptions collect;
  ShardSpec shard;
  Salt salt{};                                  // keys identity_hash64 (needed when shard.count > 1)
  std::uint64_t memory_bytes = UINT64_MAX;      // budget for buffered rows (40 bytes each)
  std::string spill_dir;                        // where runs go when the budget is exceeded
  ProgressFn progress;                          // stage "reading": bytes done / total
  std::function<std::uint64_t()> input_position;  // bytes consumed so far (for progress)
  std::uint64_t input_size = 0;
};

struct CollectStats {
  std::uint64_t rows_read = 0;      // data rows in the file (all shards)
  std::uint64_t rows_bad = 0;       // rows with at least one problem (all shards)
  std::uint64_t rows_kept = 0;      // valid rows of this shard
  std::uint64_t problem_count = 0;  // all problems (a row may have several)
  std::vector<RowProblem> problems; // the first max_problems, then {0, "row", "more_problems_not_listed:N"}
  std::map<std::string, std::uint8_t> insurers;  // from this shard's valid rows
  std::uint64_t spill_runs = 0;
};

class RecordStream {
 public:
  virtual ~RecordStream() = default;
  // Next merged record in canonical order; `rows` = source rows folded into it. False at the end.
  virtual bool next(SourceRecord& record, std::uint32_t& rows) = 0;
};

class RecordCollector {
 public:
  RecordCollector(const Catalog& catalog, CollectorConfig config);
  ~RecordCollector();
  RecordCollector(const RecordCollector&) = delete;
  RecordCollector& operator=(const RecordCollector&) = delete;

  // Reads the whole CSV (header first). Throws on a wrong header line or an I/O error.
  void read(std::istream& csv);
  const CollectStats& stats() const { return stats_; }
  // The merged records, once, after read(). The stream owns what it needs; the collector may go away.
  std::unique_ptr<RecordStream> merged();

  struct Held;  // a buffered row: canonical identity, payload and row count (40 bytes)

 private:
  void spill();
  const Catalog& catalog_;
  CollectorConfig config_;
  CollectStats stats_;
  std::vector<Held> buffer_;
  std::size_t buffer_limit_ = 0;
  std::vector<std::string> runs_;
  std::shared_ptr<void> run_key_;  // io::StreamKey, type-erased to keep file_io.h out of this header
};

}  // namespace breachcheck
