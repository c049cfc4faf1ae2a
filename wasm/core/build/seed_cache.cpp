// SPDX-License-Identifier: MPL-2.0
#include "build/seed_cache.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "build/file_io.h"
#include "util/atomic_write.h"
#include "util/coded_error.h"
#include "util/little_endian.h"

namespace breachcheck {
namespace {

constexpr std::uint8_t kSeedCacheMagic[8] = {0x89, 'B', 'C', 'S', '\r', '\n', 0x1A, '\n'};
constexpr std::uint32_t kSeedCacheVersion = 1;
constexpr char kSeedCacheKdfContext[9] = "bcseedc1";
constexpr std::uint64_t kSeedCacheKeyId = 1;
constexpr char kSeedCacheIdLabel[] = "breachcheck:seed-cache:v1";  // hashed with its NUL

CodedError invalid(const std::string& path, const std::string& why) {
  return CodedError("seed_cache_invalid", "the seed cache " + path + " " + why +
                                              ": refused (move it away to build without it; the build then runs "
                                              "Argon2id for every record and writes a new cache)");
}

void serialize_header(std::uint8_t* out, const Salt& kdf_salt, const KdfParams& kdf, std::uint64_t count) {
  std::memcpy(out, kSeedCacheMagic, 8);
  put_le32(out + 8, kSeedCacheVersion);
  put_le32(out + 12, kdf.ops);
  put_le32(out + 16, kdf.mem_kib);
  put_le32(out + 20, 0);
  std::memcpy(out + 24, kdf_salt.data(), kSaltSize);
  put_le64(out + 40, count);
}

bool id_less(const std::uint8_t* a, const std::uint8_t* b) { return std::memcmp(a, b, kSeedCacheIdSize) < 0; }

}  // namespace

SeedCacheKey seed_cache_key(const KeyPair& signing_key) {
  static_assert(sizeof(kSeedCacheKdfContext) - 1 == crypto_kdf_CONTEXTBYTES, "crypto_kdf context is 8 bytes");
  SeedCacheKey key;  // a labelled sub-key: the signing seed itself is never used as a key
  crypto_kdf_derive_from_key(key.data(), key.size(), kSeedCacheKeyId, kSeedCacheKdfContext,
                             signing_key.secret_key.data());  // libsodium's secret key starts with the seed
  return key;
}

SeedCacheId seed_cache_id(const SeedCacheKey& key, const std::uint8_t* canonical_identity) {
  std::uint8_t message[sizeof kSeedCacheIdLabel + kCanonicalIdentitySize];
  std::memcpy(message, kSeedCacheIdLabel, sizeof kSeedCacheIdLabel);
  std::memcpy(message + sizeof kSeedCacheIdLabel, canonical_identity, kCanonicalIdentitySize);
  SeedCacheId id{};
  crypto_generichash(id.data(), id.size(), message, sizeof message, key.data(), key.size());
  sodium_memzero(message, sizeof message);
  return id;
}

SeedCacheHeader peek_seed_cache(const std::string& path) {
  std::uint64_t size = 0;
  std::uint8_t header[kSeedCacheHeaderSize];
  try {
    size = io::file_size(path);
    if (size < kSeedCacheHeaderSize + kSeedCacheChecksumSize) throw invalid(path, "is truncated");
    io::SequentialReader reader(path, 0, kSeedCacheHeaderSize);
    if (!reader.read(header, sizeof header)) throw invalid(path, "is truncated");
  } catch (const CodedError&) {
    throw;
  } catch (const std::exception&) {
    throw invalid(path, "cannot be read");
  }
  if (std::memcmp(header, kSeedCacheMagic, 8) != 0) throw invalid(path, "is not a breachcheck seed cache");
  if (get_le32(header + 8) != kSeedCacheVersion || get_le32(header + 20) != 0) {
    throw invalid(path, "has an unknown version");
  }
  SeedCacheHeader out;
  out.kdf.ops = get_le32(header + 12);
  out.kdf.mem_kib = get_le32(header + 16);
  std::memcpy(out.kdf_salt.data(), header + 24, kSaltSize);
  out.count = get_le64(header + 40);
  if (out.count > kMaxSeedCacheEntries ||
      size != kSeedCacheHeaderSize + out.count * kSeedCacheEntrySize + kSeedCacheChecksumSize) {
    throw invalid(path, "is truncated or has a wrong size");
  }
  return out;
}

SeedCache::~SeedCache() {
  if (!entries_.empty()) sodium_memzero(entries_.data(), entries_.size());
}

SeedCache SeedCache::read(const std::string& path, const SeedCacheKey& key, const Salt& kdf_salt,
                          const KdfParams& kdf) {
  const SeedCacheHeader header = peek_seed_cache(path);
  SeedCache cache(header.kdf_salt, header.kdf);
  cache.entries_.assign(static_cast<std::size_t>(header.count) * kSeedCacheEntrySize, 0);
  std::uint8_t head[kSeedCacheHeaderSize], stored[kSeedCacheChecksumSize], expected[kSeedCacheChecksumSize];
  try {
    io::SequentialReader reader(path, 0, 1 << 18);
    if (!reader.read(head, sizeof head) || !reader.read(cache.entries_.data(), cache.entries_.size()) ||
        !reader.read(stored, sizeof stored)) {
      throw invalid(path, "is truncated");
    }
  } catch (const CodedError&) {
    throw;
  } catch (const std::exception&) {
    throw invalid(path, "cannot be read");
  }
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.data(), key.size(), sizeof expected);
  crypto_generichash_update(&state, head, sizeof head);
  crypto_generichash_update(&state, cache.entries_.data(), cache.entries_.size());
  crypto_generichash_final(&state, expected, sizeof expected);
  if (sodium_memcmp(expected, stored, sizeof expected) != 0) {
    throw invalid(path, "is damaged, or was written under another signing key (its checksum does not verify)");
  }
  for (std::uint64_t i = 1; i < header.count; ++i) {
    const std::uint8_t* entry = cache.entries_.data() + i * kSeedCacheEntrySize;
    if (!id_less(entry - kSeedCacheEntrySize, entry)) throw invalid(path, "has entries out of order");
  }
  if (sodium_memcmp(header.kdf_salt.data(), kdf_salt.data(), kSaltSize) != 0) {
    throw CodedError("seed_cache_mismatch", "the seed cache " + path + " was made with another KDF salt than --kdf-salt");
  }
  if (header.kdf.ops != kdf.ops || header.kdf.mem_kib != kdf.mem_kib) {
    throw CodedError("seed_cache_mismatch", "the seed cache " + path + " was made at Argon2id t=" +
                                                std::to_string(header.kdf.ops) + ", " +
                                                std::to_string(header.kdf.mem_kib) + " KiB, not at this build's t=" +
                                                std::to_string(kdf.ops) + ", " + std::to_string(kdf.mem_kib) + " KiB");
  }
  return cache;
}

bool SeedCache::find(const SeedCacheId& id, std::uint8_t* seed_out) const {
  std::size_t low = 0, high = entries_.size() / kSeedCacheEntrySize;
  while (low < high) {
    const std::size_t mid = low + (high - low) / 2;
    const std::uint8_t* entry = entries_.data() + mid * kSeedCacheEntrySize;
    const int order = std::memcmp(entry, id.data(), kSeedCacheIdSize);
    if (order == 0) {
      std::memcpy(seed_out, entry + kSeedCacheIdSize, kSeedSize);
      return true;
    }
    if (order < 0) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return false;
}

void SeedCache::add(const SeedCacheId& id, const std::uint8_t* seed) {
  if (entries_.size() + kSeedCacheEntrySize > entries_.capacity()) {
    // Grown by hand so that no copy of the outputs is left in freed memory.
    std::vector<std::uint8_t> larger;
    larger.reserve(std::max<std::size_t>(entries_.capacity() * 2, 1024 * kSeedCacheEntrySize));
    larger.assign(entries_.begin(), entries_.end());
    if (!entries_.empty()) sodium_memzero(entries_.data(), entries_.size());
    entries_.swap(larger);
  }
  entries_.insert(entries_.end(), id.begin(), id.end());
  entries_.insert(entries_.end(), seed, seed + kSeedSize);
}

void SeedCache::write(const std::string& path, const SeedCacheKey& key, bool sync) {
  const std::size_t count = entries_.size() / kSeedCacheEntrySize;
  // Sort through an index (entries are 48-byte blocks), then rebuild in order, dropping repeated ids.
  std::vector<std::uint32_t> order(count);
  for (std::size_t i = 0; i < count; ++i) order[i] = static_cast<std::uint32_t>(i);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return id_less(entries_.data() + std::size_t{a} * kSeedCacheEntrySize, entries_.data() + std::size_t{b} * kSeedCacheEntrySize);
  });
  std::vector<std::uint8_t> sorted;
  sorted.reserve(entries_.size());
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* entry = entries_.data() + std::size_t{order[i]} * kSeedCacheEntrySize;
    if (!sorted.empty() && std::memcmp(sorted.data() + sorted.size() - kSeedCacheEntrySize, entry, kSeedCacheIdSize) == 0) {
      continue;
    }
    sorted.insert(sorted.end(), entry, entry + kSeedCacheEntrySize);
  }
  sodium_memzero(entries_.data(), entries_.size());
  entries_.swap(sorted);
  std::uint8_t header[kSeedCacheHeaderSize], checksum[kSeedCacheChecksumSize];
  serialize_header(header, kdf_salt_, kdf_, entries_.size() / kSeedCacheEntrySize);
  crypto_generichash_state state;
  crypto_generichash_init(&state, key.data(), key.size(), sizeof checksum);
  crypto_generichash_update(&state, header, sizeof header);
  crypto_generichash_update(&state, entries_.data(), entries_.size());
  crypto_generichash_final(&state, checksum, sizeof checksum);
  const std::string tmp = path + ".tmp";
  io::SequentialWriter writer(tmp);  // created with mode 0600
  writer.write(header, sizeof header);
  writer.write(entries_.data(), entries_.size());
  writer.write(checksum, sizeof checksum);
  writer.finish(sync);
  io::rename_into_place(tmp, path, sync);
}

}  // namespace breachcheck
