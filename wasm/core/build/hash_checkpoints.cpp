// SPDX-License-Identifier: MPL-2.0
#include "build/hash_checkpoints.h"

#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "build/file_io.h"
#include "build/kdf_pool.h"
#include "util/atomic_write.h"
#include "util/little_endian.h"

namespace breachcheck {
namespace {

constexpr char kChunkMagic[8] = {'B', 'C', 'C', 'H', 'U', 'N', 'K', '1'};
constexpr unsigned char kChunkLabel[] = "breachcheck:chunk:v1";  // hashed with its NUL
constexpr std::size_t kChunkHeaderSize = 8 + 32 + 8;
constexpr std::size_t kChecksumSize = 32;

using Clock = std::chrono::steady_clock;

std::string hex(const std::uint8_t* p, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

struct Chunk {
  std::vector<SourceRecord> records;
  std::uint64_t rows = 0;
  std::array<std::uint8_t, 32> name{};
  std::string path;
  void wipe() {
    if (!records.empty()) sodium_memzero(records.data(), records.size() * sizeof(SourceRecord));
    records.clear();
    rows = 0;
  }
  ~Chunk() { wipe(); }
};

// Reads the next content-defined chunk from the stream and names it. False when the stream is exhausted.
bool read_chunk(RecordStream& stream, const HashStageConfig& config, Chunk& chunk) {
  chunk.wipe();
  const std::uint64_t mask = config.chunk_records - 1;
  const std::size_t hard_limit = std::size_t{config.chunk_records} * 4;
  SourceRecord record;
  std::uint32_t rows = 0;
  while (stream.next(record, rows)) {
    chunk.records.push_back(record);
    chunk.rows += rows;
    if (((identity_hash64(record.canonical.data(), config.salt) >> 32) & mask) == 0) break;
    if (chunk.records.size() >= hard_limit) break;
  }
  sodium_memzero(record.canonical.data(), record.canonical.size());
  if (chunk.records.empty()) return false;

  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  crypto_generichash_update(&state, kChunkLabel, sizeof kChunkLabel);  // with its NUL
  crypto_generichash_update(&state, config.salt.data(), config.salt.size());
  std::uint8_t numbers[16];
  put_le32(numbers, config.kdf.ops);
  put_le32(numbers + 4, config.kdf.mem_kib);
  put_le64(numbers + 8, chunk.records.size());
  crypto_generichash_update(&state, numbers, sizeof numbers);
  if (config.oprf) {
    // Entries hashed under one OPRF key are worthless under another (or in static mode): never reuse them.
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>("oprf"), 4);
    crypto_generichash_update(&state, config.oprf->public_key.data(), config.oprf->public_key.size());
  }
  if (config.version_salt) {
    // Format version 2: the entries depend on the version salt too, not only on the Argon2id salt.
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>("v2"), 2);
    crypto_generichash_update(&state, config.version_salt->data(), config.version_salt->size());
  }
  std::uint8_t packed[36];
  for (const auto& r : chunk.records) {
    std::memcpy(packed, r.canonical.data(), kCanonicalIdentitySize);
    packed[30] = r.payload.operators;
    packed[31] = r.payload.flags;
    put_le32(packed + 32, r.payload.categories);
    crypto_generichash_update(&state, packed, sizeof packed);
  }
  sodium_memzero(packed, sizeof packed);
  crypto_generichash_final(&state, chunk.name.data(), chunk.name.size());
  chunk.path = config.chunk_dir + "/" + hex(chunk.name.data(), chunk.name.size()) + ".bch";
  return true;
}

// A checkpoint is valid when its size, magic, name, count and checksum all agree.
bool checkpoint_valid(const std::string& path, const std::array<std::uint8_t, 32>& name, std::uint64_t count) {
  if (!io::exists(path)) return false;
  try {
    if (io::file_size(path) != kChunkHeaderSize + count * kWireEntrySize + kChecksumSize) return false;
    io::SequentialReader reader(path, 0, 1 << 18);
    std::uint8_t header[kChunkHeaderSize];
    if (!reader.read(header, sizeof header)) return false;
    if (std::memcmp(header, kChunkMagic, 8) != 0 || std::memcmp(header + 8, name.data(), 32) != 0 ||
        get_le64(header + 40) != count) {
      return false;
    }
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, 32);
    crypto_generichash_update(&state, header, sizeof header);
    std::vector<std::uint8_t> block(kWireEntrySize * 4096);
    std::uint64_t left = count * kWireEntrySize;
    while (left > 0) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, block.size()));
      if (!reader.read(block.data(), n)) return false;
      crypto_generichash_update(&state, block.data(), n);
      left -= n;
    }
    std::uint8_t expected[kChecksumSize], stored[kChecksumSize];
    crypto_generichash_final(&state, expected, sizeof expected);
    if (!reader.read(stored, sizeof stored)) return false;
    return std::memcmp(expected, stored, kChecksumSize) == 0;
  } catch (const std::exception&) {
    return false;
  }
}

// Writes `header` || entries || BLAKE2b-256(header || entries) to `path` through a temporary file, fsync and
// rename: a reader sees the whole file or none of it.
void write_sealed(const std::string& path, const std::uint8_t* header, std::size_t header_size,
                  const WireEntry* entries, std::size_t count, bool sync) {
  const std::string tmp = io::parent_dir(path) + "/.tmp-" + std::to_string(::getpid()) + "-" + path.substr(path.rfind('/') + 1);
  io::SequentialWriter writer(tmp, 1 << 20);
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  crypto_generichash_update(&state, header, header_size);
  if (count > 0) crypto_generichash_update(&state, entries->data(), count * kWireEntrySize);
  std::uint8_t checksum[kChecksumSize];
  crypto_generichash_final(&state, checksum, sizeof checksum);
  writer.write(header, header_size);
  if (count > 0) writer.write(entries->data(), count * kWireEntrySize);
  writer.write(checksum, sizeof checksum);
  writer.finish(sync);
  io::rename_into_place(tmp, path, sync);
}

void write_checkpoint(const Chunk& chunk, std::vector<WireEntry>& entries, bool sync) {
  std::sort(entries.begin(), entries.end());
  std::uint8_t header[kChunkHeaderSize];
  std::memcpy(header, kChunkMagic, 8);
  std::memcpy(header + 8, chunk.name.data(), 32);
  put_le64(header + 40, entries.size());
  write_sealed(chunk.path, header, sizeof header, entries.data(), entries.size(), sync);
}

// A chunk's first `done` records, hashed (time checkpoint, or the build was interrupted):
//   "BCPART01" (8) || name (32) || u64 count (the chunk's records) || u64 done || entries (done, sorted) || checksum.
// Sorted like a whole chunk, so the file says nothing about which record gave which entry; resuming hashes
// records [done, count) and sorts all of them, so the finished chunk is the same bytes as an uninterrupted one.
constexpr char kPartMagic[8] = {'B', 'C', 'P', 'A', 'R', 'T', '0', '1'};
constexpr std::size_t kPartHeaderSize = 8 + 32 + 8 + 8;

std::string part_path(const Chunk& chunk) { return chunk.path.substr(0, chunk.path.size() - 4) + ".part"; }

void write_part(const Chunk& chunk, const std::vector<WireEntry>& entries, std::size_t done, bool sync) {
  std::vector<WireEntry> sorted(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(done));
  std::sort(sorted.begin(), sorted.end());
  std::uint8_t header[kPartHeaderSize];
  std::memcpy(header, kPartMagic, 8);
  std::memcpy(header + 8, chunk.name.data(), 32);
  put_le64(header + 40, chunk.records.size());
  put_le64(header + 48, done);
  write_sealed(part_path(chunk), header, sizeof header, sorted.data(), sorted.size(), sync);
}

// The hashed records of a valid partial checkpoint of `chunk` into out[0, done); 0 when there is none (or it
// is torn, damaged or made for other records: then the chunk is hashed from its start).
std::size_t read_part(const Chunk& chunk, std::vector<WireEntry>& out) {
  const std::string path = part_path(chunk);
  if (!io::exists(path)) return 0;
  try {
    const std::uint64_t size = io::file_size(path);
    if (size < kPartHeaderSize + kChecksumSize) return 0;
    io::SequentialReader reader(path, 0, 1 << 18);
    std::uint8_t header[kPartHeaderSize];
    if (!reader.read(header, sizeof header)) return 0;
    const std::uint64_t count = get_le64(header + 40), done = get_le64(header + 48);
    if (std::memcmp(header, kPartMagic, 8) != 0 || std::memcmp(header + 8, chunk.name.data(), 32) != 0 ||
        count != chunk.records.size() || done == 0 || done >= count ||
        size != kPartHeaderSize + done * kWireEntrySize + kChecksumSize) {
      return 0;
    }
    if (!reader.read(out.data(), static_cast<std::size_t>(done) * kWireEntrySize)) return 0;
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, 32);
    crypto_generichash_update(&state, header, sizeof header);
    crypto_generichash_update(&state, out.front().data(), static_cast<std::size_t>(done) * kWireEntrySize);
    std::uint8_t expected[kChecksumSize], stored[kChecksumSize];
    crypto_generichash_final(&state, expected, sizeof expected);
    if (!reader.read(stored, sizeof stored) || std::memcmp(expected, stored, kChecksumSize) != 0) return 0;
    return static_cast<std::size_t>(done);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

HashStageResult run_hash_stage(RecordStream& stream, const HashStageConfig& config) {
  if (config.chunk_records == 0 || (config.chunk_records & (config.chunk_records - 1)) != 0) {
    throw std::invalid_argument("chunk size must be a power of two");
  }
  io::make_dirs(config.chunk_dir);
  for (const auto& name : io::list_dir(config.chunk_dir)) {
    if (name.rfind(".tmp-", 0) == 0) io::remove_file(config.chunk_dir + "/" + name);  // torn writes of a killed run
  }

  HashStageResult result;
  const auto started = Clock::now();
  const std::uint64_t total = stream.records_at_most();
  // Progress counts records (merged persons), the unit of work: one Argon2id each.
  auto report = [&](std::uint64_t in_flight) {
    if (config.progress) {
      const std::uint64_t done = result.records + in_flight;
      config.progress({"hashing", done, std::max(total, done), result.records_reused + result.records_resumed});
    }
  };
  auto stop_requested = [&] { return config.stop_requested && config.stop_requested(); };

  // A chunk being hashed: its records, the entries so far, and how many of them are hashed (a partial
  // checkpoint found at start, then every time checkpoint).
  struct Work {
    Chunk chunk;
    std::vector<WireEntry> out;
    std::size_t hashed = 0;   // out[0, hashed) is done
    std::size_t resumed = 0;  // of those, taken from a partial checkpoint of an earlier run
    std::vector<SeedCacheId> ids;  // with a seed cache: each record's cache id and Argon2id output
    std::vector<SeedSlot> seeds;
    ~Work() { wipe_seeds(); }
    void wipe_seeds() {
      if (!seeds.empty()) sodium_memzero(seeds.data(), seeds.size() * sizeof(SeedSlot));
      seeds.clear();
      ids.clear();
    }
  };
  const bool caching = config.seed_cache_key != nullptr;
  SeedSlot carried;  // an output carried over from the old cache for a record that is not hashed here
  auto carry_over = [&](const SeedCacheId& id) {
    if (config.seed_cache_in && config.seed_cache_out && config.seed_cache_in->find(id, carried.seed)) {
      config.seed_cache_out->add(id, carried.seed);
    }
  };

  // Reads chunks until one needs hashing; chunks with a valid checkpoint are registered and skipped, and a
  // valid partial checkpoint gives the records already hashed.
  auto next_to_hash = [&](Work& work) {
    while (read_chunk(stream, config, work.chunk)) {
      Chunk& chunk = work.chunk;
      if (checkpoint_valid(chunk.path, chunk.name, chunk.records.size())) {
        if (caching) {
          for (const auto& record : chunk.records) carry_over(seed_cache_id(*config.seed_cache_key, record.canonical.data()));
        }
        result.chunks.push_back({chunk.path, chunk.records.size(), true});
        result.records += chunk.records.size();
        result.records_reused += chunk.records.size();
        ++result.chunks_reused;
        report(0);
        continue;
      }
      work.out.assign(chunk.records.size(), WireEntry{});
      work.hashed = work.resumed = read_part(chunk, work.out);
      result.records_resumed += work.resumed;
      if (caching) {
        work.wipe_seeds();
        work.seeds.assign(chunk.records.size(), SeedSlot{});
        work.ids.reserve(chunk.records.size());
        for (std::size_t i = 0; i < chunk.records.size(); ++i) {
          work.ids.push_back(seed_cache_id(*config.seed_cache_key, chunk.records[i].canonical.data()));
          if (config.seed_cache_in && config.seed_cache_in->find(work.ids[i], work.seeds[i].seed)) {
            work.seeds[i].known = 1;
            if (i >= work.hashed) ++result.records_from_seed_cache;
          }
        }
      }
      return true;
    }
    return false;
  };

  std::unique_ptr<KdfPool> own_pool;
  if (!config.pool) {
    own_pool = std::make_unique<KdfPool>(config.threads, config.salt, config.kdf, false, KdfPool::Workers::threads, 0,
                                         config.oprf, config.version_salt ? &*config.version_salt : nullptr);
  }
  KdfPool& pool = config.pool ? *config.pool : *own_pool;
  const auto interval = std::chrono::duration<double>(config.checkpoint_seconds);
  auto last_checkpoint = Clock::now();
  auto start_work = [&](Work& work) {
    const std::size_t from = work.hashed;
    pool.start(work.chunk.records.data() + from, work.chunk.records.size() - from, work.out.data() + from,
               caching ? work.seeds.data() + from : nullptr);
  };
  // Waits for the chunk's batch. A checkpoint falling due (interval since the last one) or a stop request
  // ends the batch early: its finished records go to a partial checkpoint and, unless stopping, the rest
  // is started again. Returns false when the build is to stop (the partial checkpoint is written).
  auto finish_work = [&](Work& work) {
    for (;;) {
      bool cut = false;
      for (;;) {
        const auto due = last_checkpoint + std::chrono::duration_cast<Clock::duration>(interval);
        const auto wait = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(due - Clock::now()),
                                     std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
        if (pool.wait_for(cut ? std::chrono::milliseconds(1000) : wait)) break;
        report(work.hashed + pool.done_in_batch());
        if (!cut && (stop_requested() || Clock::now() >= due)) {
          pool.request_stop();
          cut = true;
        }
      }
      work.hashed += pool.finished_prefix();
      if (work.hashed == work.chunk.records.size()) return true;
      write_part(work.chunk, work.out, work.hashed, config.sync);
      ++result.partial_checkpoints;
      last_checkpoint = Clock::now();
      report(work.hashed);
      if (stop_requested()) {
        result.interrupted = true;
        result.records_in_part = work.hashed;
        return false;
      }
      start_work(work);
    }
  };

  Work works[2];
  int current = 0;
  if (stop_requested()) {
    result.interrupted = true;
    return result;
  }
  bool have = next_to_hash(works[current]);
  if (have) start_work(works[current]);
  while (have) {
    const int other = 1 - current;
    const bool have_next = next_to_hash(works[other]);  // overlaps with the pool's work
    Work& work = works[current];
    if (!finish_work(work)) break;
    const bool stopping = stop_requested();
    if (have_next && !stopping) start_work(works[other]);
    const std::string part = part_path(work.chunk);
    write_checkpoint(work.chunk, work.out, config.sync);
    if (io::exists(part)) io::remove_file(part);
    last_checkpoint = Clock::now();
    result.chunks.push_back({work.chunk.path, work.chunk.records.size(), false});
    result.records += work.chunk.records.size();
    result.records_hashed += work.chunk.records.size() - work.resumed;
    if (caching && config.seed_cache_out) {
      // Records of a partial checkpoint were hashed by an earlier run: their output is known only from the cache.
      for (std::size_t i = 0; i < work.seeds.size(); ++i) {
        if (i >= work.resumed || work.seeds[i].known) config.seed_cache_out->add(work.ids[i], work.seeds[i].seed);
      }
    }
    work.wipe_seeds();
    work.chunk.wipe();
    report(0);
    if (stopping) {
      result.interrupted = have_next;
      break;
    }
    current = other;
    have = have_next;
  }
  for (auto& work : works) {
    work.wipe_seeds();
    work.chunk.wipe();
  }
  sodium_memzero(carried.seed, sizeof carried.seed);
  // The last line says done = total: records_at_most() may have counted a person twice (spill runs).
  if (!result.interrupted && config.progress) {
    config.progress({"hashing", result.records, result.records, result.records_reused + result.records_resumed});
  }
  result.kdf_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return result;
}

void add_chunk_to_sorter(const ChunkFile& chunk, EntrySorter& sorter) {
  io::SequentialReader reader(chunk.path, 0, 1 << 18);
  std::uint8_t header[kChunkHeaderSize];
  if (!reader.read(header, sizeof header) || get_le64(header + 40) != chunk.count) {
    throw std::runtime_error("checkpoint changed under the build: " + chunk.path);
  }
  std::vector<WireEntry> block(4096);
  std::uint64_t left = chunk.count;
  while (left > 0) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, block.size()));
    if (!reader.read(block.data(), n * kWireEntrySize)) throw std::runtime_error("checkpoint truncated: " + chunk.path);
    sorter.add(block.data(), n);
    left -= n;
  }
}

}  // namespace breachcheck
