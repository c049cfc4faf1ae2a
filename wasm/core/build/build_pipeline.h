// SPDX-License-Identifier: MPL-2.0
// The publisher pipeline end to end, within a memory budget, resumable, single-machine or sharded:
//
//   records.csv --collect--> merged records --hash (all threads, checkpointed)--> chunk files
//        (RecordCollector)                    (run_hash_stage)                       |
//                                                                        EntrySorter (memory or range files)
//                                                                                    |
//                                         single build: write_dataset_sorted -> signed FILE.bcd (needs the key)
//                                         shard build:  write_partial_file   -> part-i.bcp      (no key)
//   part-*.bcp --PartialSet (checks)--> EntrySorter --> write_dataset_sorted -> FILE.bcd: the same bytes.
//
// Work directory (docs/DEPLOY.md): WORK/lock, WORK/chunks/*.bch (hash checkpoints, kept until success),
// WORK/tmp/ (spill runs and range files, emptied at every start).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "build/dataset_writer.h"
#include "build/hash_checkpoints.h"
#include "build/partial_file.h"
#include "build/record_collector.h"

namespace breachcheck {

// How a memory budget is shared out. Argon2id needs kdf.mem_kib per thread; threads are reduced (never the
// KDF) when the budget cannot hold them all.
struct MemoryPlan {
  std::uint64_t budget = 0;
  unsigned threads = 1;
  std::uint64_t fixed_bytes = 0;    // process, buffers, prefix histogram
  std::uint64_t collect_bytes = 0;  // buffered rows before a spill run
  std::uint64_t sort_bytes = 0;     // hashed entries sorted in memory before range files
  bool threads_reduced = false;
};
MemoryPlan plan_memory(std::uint64_t budget_bytes, unsigned threads, const KdfParams& kdf, unsigned histogram_bits,
                       std::uint32_t chunk_records);
std::uint64_t default_memory_budget();  // half the machine's memory, at least 1 GiB

struct PipelineOptions {
  std::string records_path;
  RecordsInput input;                  // delimiter, encoding, date format, column mapping
  Salt salt{};  // the release salt (release_salt): the header's in format version 1, the version salt in 2
  // Format version 2 (docs/FORMAT.md, "Version 2"): the publisher's long-lived Argon2id salt. Not with shards.
  std::optional<Salt> kdf_salt;
  KdfParams kdf;
  std::uint64_t created = 0;  // birth dates are validated against this day (UTC)
  // The release `salt` is bound to (release_salt); shard builds record it so that merge writes the same one.
  std::uint32_t dataset_version = 1;
  unsigned threads = 1;
  std::uint64_t max_memory_bytes = 0;  // 0: default_memory_budget()
  std::string work_dir;                // required
  bool keep_work = false;              // keep checkpoints after success
  ShardSpec shard;
  std::uint32_t chunk_records = kDefaultChunkRecords;
  double checkpoint_seconds = kDefaultCheckpointSeconds;  // hash_checkpoints.h
  std::function<bool()> stop_requested;                   // hash_checkpoints.h: interrupts hash()
  bool worker_processes = true;        // Argon2id in worker processes where supported (kdf_pool.h says why)
  std::optional<OprfKeyPair> oprf;     // hardened mode: every seed goes through the VOPRF under this key
  unsigned histogram_bits = 15;        // = max_prefix_bits of the data set (single builds)
  std::size_t max_problems = 1000;
  bool sync = true;
  ProgressFn progress;
  std::function<void(const RowProblem&)> on_problem;  // every bad row's problems, in file order
};

struct PipelineStats {
  CollectStats collect;
  std::uint64_t records = 0;
  std::uint64_t rows_merged = 0;
  Digest32 input_digest{};
  HashStageResult hash;
  MemoryPlan memory;
  unsigned sort_range_bits = 0;
  double collect_seconds = 0, sort_write_seconds = 0;
};

class PublisherBuild {
 public:
  PublisherBuild(const Catalog& catalog, PipelineOptions options);
  ~PublisherBuild();
  PublisherBuild(const PublisherBuild&) = delete;
  PublisherBuild& operator=(const PublisherBuild&) = delete;

  // Step 1: read and validate every row, keep this shard's identities (problems are in stats().collect).
  void collect();
  // Before step 2, format version 2 only (options.kdf_salt): the seed cache to reuse (`in`, may be null) and
  // to fill (`out`), under `key` (build/seed_cache.h). All must outlive hash().
  void use_seed_cache(const SeedCache* in, SeedCache* out, const SeedCacheKey* key);
  // Step 2: Argon2id on all threads, reusing valid checkpoints. When options.stop_requested turns true it
  // returns early with stats().hash.interrupted set (after a checkpoint): do not write, do not finish().
  void hash();
  // Step 3, single build: the signed data set at `out_path` (written to OUT.partial, fsynced, renamed).
  WriteReport write_dataset(const LayoutOptions& layout, const KeyPair& key, const std::string& out_path);
  // Step 3, shard build: the partial file at `out_path`.
  void write_partial(const std::string& out_path);
  // After a successful step 3: removes the work directory unless keep_work.
  void finish();

  const PipelineStats& stats() const { return stats_; }
  const PipelineOptions& options() const { return options_; }

 private:
  void sort_into(EntrySorter& sorter);
  const Salt& argon2id_salt() const { return options_.kdf_salt ? *options_.kdf_salt : options_.salt; }
  const Catalog& catalog_;
  PipelineOptions options_;
  PipelineStats stats_;
  std::unique_ptr<io::DirLock> lock_;
  std::unique_ptr<KdfPool> pool_;  // created first: worker processes fork before any identifier is read
  std::unique_ptr<RecordCollector> collector_;
  std::unique_ptr<RecordStream> stream_;
  const SeedCache* seed_cache_in_ = nullptr;
  SeedCache* seed_cache_out_ = nullptr;
  const SeedCacheKey* seed_cache_key_ = nullptr;
};

// The partial files of one sharded build, checked against each other: same format, salt, KDF parameters,
// input digest, catalog, validation day and problem report; shard indices 0..n-1 each exactly once.
class PartialSet {
 public:
  PartialSet(const std::vector<std::string>& paths, const Catalog& catalog);
  const PartialHeader& first() const { return readers_.front().header(); }
  std::uint64_t records() const { return records_; }
  std::uint64_t rows_merged() const { return rows_merged_; }
  std::uint64_t rows_kept() const { return rows_kept_; }
  const std::map<std::string, std::uint8_t>& insurers() const { return insurers_; }
  const PartialMetadata& problems() const { return readers_.front().metadata(); }
  // Writes the signed data set (layout.kdf, salt and created must be the partials').
  WriteReport write_dataset(const LayoutOptions& layout, const KeyPair& key, const std::string& out_path,
                            std::uint64_t max_memory_bytes, const std::string& work_dir, bool sync,
                            const ProgressFn& progress);

 private:
  const Catalog& catalog_;
  std::vector<PartialReader> readers_;
  std::uint64_t records_ = 0, rows_merged_ = 0, rows_kept_ = 0;
  std::map<std::string, std::uint8_t> insurers_;
};

}  // namespace breachcheck
