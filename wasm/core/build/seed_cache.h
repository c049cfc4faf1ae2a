// SPDX-License-Identifier: MPL-2.0
// The publisher's seed cache (docs/FORMAT.md, "Seed cache"): the Argon2id output of every record of the last
// format version 2 build, so the next version (a few rows added or removed) runs Argon2id only for new people.
// It is as sensitive as the records file: kept by the publisher (mode 0600), never published.
//
//   magic "\x89BCS\r\n\x1a\n" (8) || u32 version = 1 || u32 kdf_ops || u32 kdf_mem_kib || u32 reserved = 0
//   || kdf_salt (16) || u64 count || count x (id (16) || Argon2id output (32)), strictly ascending by id
//   || BLAKE2b-256 keyed by the cache key over every preceding byte
//
// id = BLAKE2b-128 keyed by the cache key over "breachcheck:seed-cache:v1\0" || canonical identity, and the
// cache key = crypto_kdf_derive_from_key(32, id 1, "bcseedc1", signing seed): without the signing key the ids
// cannot be tested against guessed identities and the file cannot be altered unnoticed, so a stolen cache
// alone gives no cheaper test of a guess than the published file (one Argon2id per guess).
// Outside bytes: every field and the size are checked, and the checksum, before anything is used.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "format/keys.h"
#include "identity/kdf.h"
#include "util/secure_bytes.h"

namespace breachcheck {

inline constexpr std::size_t kSeedCacheIdSize = 16;
inline constexpr std::size_t kSeedCacheEntrySize = kSeedCacheIdSize + kSeedSize;
inline constexpr std::size_t kSeedCacheHeaderSize = 48;
inline constexpr std::size_t kSeedCacheChecksumSize = 32;
inline constexpr std::uint64_t kMaxSeedCacheEntries = std::uint64_t{1} << 26;  // 67 million people, 3.2 GB

using SeedCacheKey = SecretArray<32>;
using SeedCacheId = std::array<std::uint8_t, kSeedCacheIdSize>;

SeedCacheKey seed_cache_key(const KeyPair& signing_key);
SeedCacheId seed_cache_id(const SeedCacheKey& key, const std::uint8_t* canonical_identity);

struct SeedCacheHeader {
  Salt kdf_salt{};
  KdfParams kdf;
  std::uint64_t count = 0;
};

// The header of the cache at `path`, structure only (magic, version, reserved, size = header + count x 48 +
// checksum): the build needs its salt before the signing key is loaded. Throws CodedError
// "seed_cache_invalid". The checksum is verified by SeedCache::read.
SeedCacheHeader peek_seed_cache(const std::string& path);

class SeedCache {
 public:
  SeedCache(const Salt& kdf_salt, const KdfParams& kdf) : kdf_salt_(kdf_salt), kdf_(kdf) {}
  ~SeedCache();
  SeedCache(SeedCache&&) = default;
  SeedCache& operator=(SeedCache&&) = delete;
  SeedCache(const SeedCache&) = delete;
  SeedCache& operator=(const SeedCache&) = delete;
  // The whole cache, verified: structure, checksum (keyed: a damaged file or one written under another signing
  // key is "seed_cache_invalid"), strictly ascending ids, then the salt and KDF parameters against the build's
  // ("seed_cache_mismatch"). Never partly used.
  static SeedCache read(const std::string& path, const SeedCacheKey& key, const Salt& kdf_salt, const KdfParams& kdf);

  // Copies the output cached for `id` into seed_out; false when there is none.
  bool find(const SeedCacheId& id, std::uint8_t* seed_out) const;
  void add(const SeedCacheId& id, const std::uint8_t* seed);
  // Sorts (one entry per id) and writes PATH.tmp (mode 0600), then renames it over `path`.
  void write(const std::string& path, const SeedCacheKey& key, bool sync);

  const Salt& kdf_salt() const { return kdf_salt_; }
  std::uint64_t size() const { return entries_.size() / kSeedCacheEntrySize; }

 private:
  Salt kdf_salt_;
  KdfParams kdf_;
  // count x 48 bytes, sorted by id after read or write; wiped when it grows (add) and when it goes away.
  std::vector<std::uint8_t> entries_;
};

}  // namespace breachcheck
