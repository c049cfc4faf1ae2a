// SPDX-License-Identifier: MPL-2.0
// The hashing stage with checkpoints, so an interrupted build (even SIGKILL) restarts without recomputing
// finished work. Merged records are cut into content-defined chunks (a boundary after each record whose
// identity_hash64 has its chunk bits at zero, at most 4x the mean size), so the same input always gives the
// same chunks, and an edit to the input only changes the chunks it touches. Each chunk is hashed on all
// threads, its entries sorted (so file order says nothing about identity order) and written to
//   CHUNK_DIR/<name>.bch,  name = hex BLAKE2b-256("breachcheck:chunk:v1\0" || salt || ops || mem_kib ||
//                                                  count [|| "oprf" || pkS] || the chunk's records)
// through a temporary file, fsync and rename. A checkpoint is reused only when its name (so its exact records,
// salt, KDF parameters and, in hardened mode, OPRF key) matches and its own checksum verifies: a stale or torn file is never reused.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "build/entry_sorter.h"
#include "build/hashed_entry.h"
#include "build/kdf_pool.h"
#include "build/record_collector.h"

namespace breachcheck {

inline constexpr std::uint32_t kDefaultChunkRecords = 16384;

struct HashStageConfig {
  std::string chunk_dir;
  Salt salt{};
  KdfParams kdf;
  unsigned threads = 1;
  std::uint32_t chunk_records = kDefaultChunkRecords;  // mean chunk size, a power of two
  bool sync = true;                                     // fsync checkpoints (tests may skip it)
  ProgressFn progress;                                  // stage "hashing", in source rows
  std::uint64_t total_rows = 0;
  KdfPool* pool = nullptr;  // workers to use (capacity >= 4 x chunk_records); null: threads made here
  const OprfKeyPair* oprf = nullptr;  // hardened mode (the pool, when given, must hold the same key)
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
  double kdf_seconds = 0;            // wall time of the stage
};

HashStageResult run_hash_stage(RecordStream& stream, const HashStageConfig& config);

// Feeds a checkpoint's entries (sorted within the chunk) to `sorter`.
void add_chunk_to_sorter(const ChunkFile& chunk, EntrySorter& sorter);

}  // namespace breachcheck
