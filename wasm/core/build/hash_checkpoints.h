// SPDX-License-Identifier: MPL-2.0
// The hashing stage with checkpoints, so an interrupted build (even SIGKILL) restarts without recomputing
// finished work. Merged records are cut into content-defined chunks (a boundary after each record whose
// identity_hash64 has its chunk bits at zero, at most 4x the mean size), so the same input always gives the
// same chunks, and an edit to the input only changes the chunks it touches. Each chunk is hashed on all
// threads, its entries sorted (so file order says nothing about identity order) and written to
//   CHUNK_DIR/<name>.bch,  name = hex BLAKE2b-256("breachcheck:chunk:v1\0" || salt || ops || mem_kib ||
//                                                  count [|| "oprf" || pkS] [|| "v2" || version_salt]
//                                                  || the chunk's records)
// through a temporary file, fsync and rename. A checkpoint is reused only when its name (so its exact records,
// salt, KDF parameters and, in hardened mode, OPRF key) matches and its own checksum verifies: a stale or torn file is never reused.
// A chunk takes long at real KDF settings (16,384 records at 64 MiB, t=3: ~45 min on 2 cores), so a timer
// also cuts it: every checkpoint_seconds the pool finishes the blocks it holds and the chunk's finished prefix
// is written as CHUNK_DIR/<name>.part (sorted entries, same checksum rule), replaced by the next one and removed
// when the chunk's .bch is written. A rerun hashes only the records after that prefix.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "build/entry_sorter.h"
#include "build/hashed_entry.h"
#include "build/kdf_pool.h"
#include "build/record_collector.h"
#include "build/seed_cache.h"

namespace breachcheck {

inline constexpr std::uint32_t kDefaultChunkRecords = 16384;
inline constexpr double kDefaultCheckpointSeconds = 300;

struct HashStageConfig {
  std::string chunk_dir;
  Salt salt{};  // the Argon2id salt
  std::optional<Salt> version_salt;  // format version 2 (hash_record): part of every checkpoint's name
  KdfParams kdf;
  unsigned threads = 1;
  std::uint32_t chunk_records = kDefaultChunkRecords;  // mean chunk size, a power of two
  bool sync = true;                                     // fsync checkpoints (tests may skip it)
  ProgressFn progress;                                  // stage "hashing", in records (merged persons)
  // A checkpoint at least this often (seconds of hashing), whatever the chunk size: the running chunk's
  // finished records go to a partial checkpoint (CHUNK_DIR/<name>.part) and hashing goes on.
  double checkpoint_seconds = kDefaultCheckpointSeconds;
  // Polled about once a second (and at every chunk): true ends the stage at the next safe point, after a
  // partial checkpoint of the running chunk; the result says `interrupted`. The CLI sets it from SIGTERM and
  // SIGINT (a flag set by the handler: nothing but the flag happens in signal context).
  std::function<bool()> stop_requested;
  KdfPool* pool = nullptr;  // workers to use (capacity >= 4 x chunk_records); null: threads made here
  const OprfKeyPair* oprf = nullptr;  // hardened mode (the pool, when given, must hold the same key)
  // The seed cache (build/seed_cache.h), all three or none: records whose output `seed_cache_in` holds skip
  // Argon2id; every output known at the end (computed, or carried over from `seed_cache_in`) goes to
  // `seed_cache_out`. Records of a chunk reused from a checkpoint keep their output only if `seed_cache_in` has it.
  const SeedCache* seed_cache_in = nullptr;
  SeedCache* seed_cache_out = nullptr;
  const SeedCacheKey* seed_cache_key = nullptr;
};

struct ChunkFile {
  std::string path;
  std::uint64_t count = 0;
  bool reused = false;
};

struct HashStageResult {
  std::vector<ChunkFile> chunks;
  std::uint64_t records = 0;
  std::uint64_t records_hashed = 0;  // computed in this run
  std::uint64_t records_reused = 0;  // taken from checkpoints
  std::uint64_t chunks_reused = 0;
  std::uint64_t records_resumed = 0;      // taken from partial checkpoints (not in records_hashed)
  std::uint64_t records_from_seed_cache = 0;  // of records_hashed: Argon2id output taken from the seed cache
  std::uint64_t partial_checkpoints = 0;  // written by the timer or the stop request
  bool interrupted = false;               // stopped on request: `chunks` is incomplete, rerun to resume
  std::uint64_t records_in_part = 0;      // when interrupted: records kept in the last partial checkpoint
  double kdf_seconds = 0;            // wall time of the stage
};

HashStageResult run_hash_stage(RecordStream& stream, const HashStageConfig& config);

// Feeds a checkpoint's entries (sorted within the chunk) to `sorter`.
void add_chunk_to_sorter(const ChunkFile& chunk, EntrySorter& sorter);

}  // namespace breachcheck
