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

void write_checkpoint(const Chunk& chunk, std::vector<WireEntry>& entries, bool sync) {
  std::sort(entries.begin(), entries.end());
  const std::string tmp = io::parent_dir(chunk.path) + "/.tmp-" + std::to_string(::getpid()) + "-" +
                          chunk.path.substr(chunk.path.rfind('/') + 1);
  io::SequentialWriter writer(tmp, 1 << 20);
  std::uint8_t header[kChunkHeaderSize];
  std::memcpy(header, kChunkMagic, 8);
  std::memcpy(header + 8, chunk.name.data(), 32);
  put_le64(header + 40, entries.size());
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  crypto_generichash_update(&state, header, sizeof header);
  crypto_generichash_update(&state, entries.front().data(), entries.size() * kWireEntrySize);
  std::uint8_t checksum[kChecksumSize];
  crypto_generichash_final(&state, checksum, sizeof checksum);
  writer.write(header, sizeof header);
  writer.write(entries.data(), entries.size() * kWireEntrySize);
  writer.write(checksum, sizeof checksum);
  writer.finish(sync);
  io::rename_into_place(tmp, chunk.path, sync);
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
  std::uint64_t rows_done = 0, rows_reused = 0;
  auto report = [&](std::uint64_t in_flight) {
    if (config.progress) {
      config.progress({"hashing", rows_done + in_flight, std::max(config.total_rows, rows_done + in_flight), rows_reused});
    }
  };

  // Reads chunks until one needs hashing; chunks with a valid checkpoint are registered and skipped.
  auto next_to_hash = [&](Chunk& chunk) {
    while (read_chunk(stream, config, chunk)) {
      if (checkpoint_valid(chunk.path, chunk.name, chunk.records.size())) {
        result.chunks.push_back({chunk.path, chunk.records.size(), true});
        result.records += chunk.records.size();
        result.records_reused += chunk.records.size();
        ++result.chunks_reused;
        rows_done += chunk.rows;
        rows_reused += chunk.rows;
        report(0);
        continue;
      }
      return true;
    }
    return false;
  };

  std::unique_ptr<KdfPool> own_pool;
  if (!config.pool) {
    own_pool = std::make_unique<KdfPool>(config.threads, config.salt, config.kdf, false, KdfPool::Workers::threads, 0,
                                         config.oprf);
  }
  KdfPool& pool = config.pool ? *config.pool : *own_pool;
  Chunk chunks[2];
  std::vector<WireEntry> outputs[2];
  int current = 0;
  bool have = next_to_hash(chunks[current]);
  if (have) {
    outputs[current].resize(chunks[current].records.size());
    pool.start(chunks[current].records.data(), chunks[current].records.size(), outputs[current].data());
  }
  while (have) {
    const int other = 1 - current;
    const bool have_next = next_to_hash(chunks[other]);  // overlaps with the pool's work
    while (!pool.wait_for(std::chrono::milliseconds(1000))) report(pool.done_in_batch());
    if (have_next) {
      outputs[other].resize(chunks[other].records.size());
      pool.start(chunks[other].records.data(), chunks[other].records.size(), outputs[other].data());
    }
    Chunk& done = chunks[current];
    write_checkpoint(done, outputs[current], config.sync);
    result.chunks.push_back({done.path, done.records.size(), false});
    result.records += done.records.size();
    result.records_hashed += done.records.size();
    rows_done += done.rows;
    done.wipe();
    report(0);
    current = other;
    have = have_next;
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
