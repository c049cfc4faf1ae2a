// SPDX-License-Identifier: MPL-2.0
// Stage 2 of the publisher pipeline, the only expensive one: Argon2id for every merged record, then the
// lookup tag, fingerprint and encrypted payload (docs/FORMAT.md). A pool of persistent workers works through
// one batch at a time, taking records in small blocks (1-8) from a shared atomic counter, so every core stays
// busy to the end of the batch; the caller prepares the next batch meanwhile (start / wait_for).
//
// Workers are processes by default natively, threads otherwise. libsodium maps and unmaps a fresh Argon2
// arena (mmap/munmap) for every hash; in one multi-threaded process every unmap takes the address-space lock
// for writing and shoots down TLBs on the cores running sibling threads, while their page faults wait for that
// lock. Measured here at 1 MiB: 2 threads reach ~60% of the ideal throughput, 2 processes ~97%
// (docs/PERFORMANCE.md). Worker processes are forked when the pool is created (the caller creates it before it
// holds any identifiers: PublisherBuild does so in its constructor), share one anonymous mapping with the
// parent (the batch's records in, entries out, the counters) and are told to start and report completion
// through pipes. They exit when the pool goes away, or with the parent (PR_SET_PDEATHSIG, and EOF on their pipe).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "build/hashed_entry.h"
#include "build/record_collector.h"
#include "oprf/oprf_wire.h"

namespace breachcheck {

// Threads the pool may use here: `requested` where the build has threads (BREACHCHECK_KDF_THREADS), else 1.
unsigned usable_threads(unsigned requested);
// Whether worker processes are available (BREACHCHECK_KDF_WORKER_PROCESSES: native POSIX builds).
bool worker_processes_supported();

class KdfPool {
 public:
  enum class Workers { threads, processes };
  // `workers` threads or processes (processes fall back to threads where unsupported); with processes, a batch
  // holds at most `capacity` records. threads == 1 with `inline_single` hashes in the caller's thread.
  // `oprf`: hardened mode's key (copied; worker processes inherit it when forked here).
  // `version_salt`: format version 2 (hash_record); `salt` is then the long-lived Argon2id salt.
  KdfPool(unsigned workers, const Salt& salt, const KdfParams& kdf, bool inline_single = false,
          Workers kind = Workers::threads, std::size_t capacity = 0, const OprfKeyPair* oprf = nullptr,
          const Salt* version_salt = nullptr);
  ~KdfPool();
  KdfPool(const KdfPool&) = delete;
  KdfPool& operator=(const KdfPool&) = delete;

  // Starts hashing records[0..count) into out[0..count); returns at once (inline mode: when done). `records`
  // and `out` must stay valid until the batch is finished.
  // With `seeds` (count slots, same lifetime rule): known outputs are used instead of Argon2id, and every
  // record's output is left in its slot (the seed cache; the caller wipes them).
  void start(const SourceRecord* records, std::size_t count, WireEntry* out, SeedSlot* seeds = nullptr);
  // True when the batch is finished (throws std::runtime_error if libsodium refused the parameters or a worker
  // died).
  bool wait_for(std::chrono::milliseconds timeout);
  void wait();
  std::uint64_t done_in_batch() const;
  // Ends the running batch early (a checkpoint is due, or the build was interrupted): each worker finishes
  // the block it holds and takes no other; wait for the batch as usual. Then out[0, finished_prefix()) is
  // hashed, and a batch that finished anyway has finished_prefix() == count.
  void request_stop();
  std::size_t finished_prefix() const;
  unsigned workers() const { return workers_; }
  bool uses_processes() const { return !children_.empty(); }

  struct Shared;  // counters of the running batch (in the shared mapping with processes)

 private:
  void worker_thread();
  bool wait_processes(std::chrono::milliseconds timeout);
  unsigned workers_;
  bool inline_ = false;
  Salt salt_;
  KdfParams kdf_;
  std::optional<OprfKeyPair> oprf_;
  std::optional<Salt> version_salt_;
  Shared* shared_ = nullptr;        // control block (own memory, or the shared mapping)
  // Processes only (unused where fork is not available, e.g. under wasm):
  [[maybe_unused]] void* mapping_ = nullptr;  // control + records + entries, shared with the workers
  [[maybe_unused]] std::size_t mapping_size_ = 0;
  [[maybe_unused]] std::size_t capacity_ = 0;
  [[maybe_unused]] WireEntry* out_ = nullptr;  // where finished entries are copied back
  [[maybe_unused]] SeedSlot* seeds_out_ = nullptr;  // where the batch's seed slots are copied back
  [[maybe_unused]] SeedSlot* seed_area_ = nullptr;  // the seed slots in the shared mapping
  // threads
  std::mutex mutex_;
  std::condition_variable work_cv_, done_cv_;
  std::uint64_t generation_ = 0;
  unsigned active_ = 0;
  bool stop_ = false, busy_ = false;
  std::vector<std::thread> threads_;
  // processes
  struct Child {
    int pid = -1, go_fd = -1, done_fd = -1;
  };
  std::vector<Child> children_;
  [[maybe_unused]] unsigned reported_ = 0;  // completion bytes received for the running batch
};

// Argon2id for every record on `threads` threads (1 = inline, also under wasm). Output order = input order.
// Throws std::runtime_error if libsodium refuses the parameters.
std::vector<HashedEntry> hash_records(const std::vector<SourceRecord>& records, const Salt& salt,
                                      const KdfParams& kdf, unsigned threads, const ProgressFn& progress,
                                      const OprfKeyPair* oprf = nullptr, const Salt* version_salt = nullptr);

}  // namespace breachcheck
