// SPDX-License-Identifier: MPL-2.0
// A hashed record as the publisher pipeline carries it between stages, and the progress callback type.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>

#include "format/payload.h"
#include "identity/kdf.h"

namespace breachcheck {

struct HashedEntry {
  std::uint32_t prefix32 = 0;  // first 32 bits of the lookup tag
  Fingerprint fingerprint{};
  EncryptedPayload payload{};
};

// The same, as 20 bytes in files (hash checkpoints, range spills, partial files): prefix32 big-endian
// (= lookup_tag[0..4)) || fingerprint (8) || encrypted payload (8). Unsigned byte order of wire entries is
// order by (prefix32, fingerprint, payload), so buckets are contiguous in it for every P.
inline constexpr std::size_t kWireEntrySize = 20;
using WireEntry = std::array<std::uint8_t, kWireEntrySize>;

inline WireEntry to_wire(const HashedEntry& e) {
  WireEntry w;
  w[0] = static_cast<std::uint8_t>(e.prefix32 >> 24);
  w[1] = static_cast<std::uint8_t>(e.prefix32 >> 16);
  w[2] = static_cast<std::uint8_t>(e.prefix32 >> 8);
  w[3] = static_cast<std::uint8_t>(e.prefix32);
  std::memcpy(w.data() + 4, e.fingerprint.data(), kFingerprintSize);
  std::memcpy(w.data() + 4 + kFingerprintSize, e.payload.data(), kPayloadSize);
  return w;
}

inline std::uint32_t wire_prefix32(const std::uint8_t* w) {
  return (std::uint32_t{w[0]} << 24) | (std::uint32_t{w[1]} << 16) | (std::uint32_t{w[2]} << 8) | std::uint32_t{w[3]};
}

inline HashedEntry from_wire(const WireEntry& w) {
  HashedEntry e;
  e.prefix32 = wire_prefix32(w.data());
  std::memcpy(e.fingerprint.data(), w.data() + 4, kFingerprintSize);
  std::memcpy(e.payload.data(), w.data() + 4 + kFingerprintSize, kPayloadSize);
  return e;
}

struct SourceRecord;  // build/record_collector.h

// A record's Argon2id output on its way into or out of the KDF workers (the seed cache, build/seed_cache.h):
// `known` set = use `seed` instead of running Argon2id; after hashing, `seed` holds the output either way.
struct SeedSlot {
  std::uint8_t known = 0;
  std::uint8_t seed[kSeedSize] = {};
};
struct OprfKeyPair;   // oprf/oprf_wire.h

// Hashes one record: Argon2id seed, sub-keys, then tag prefix, fingerprint and encrypted payload. With `oprf`
// (hardened mode, docs/OPRF.md section 2) the Argon2id output goes through the VOPRF evaluated directly with
// skS, then oprf_output_to_seed. False when libsodium refuses the parameters (or runs out of memory).
// `version_salt` (format version 2): `salt` is then the long-lived Argon2id salt and the sub-keys are bound to
// `version_salt` (derive_lookup_keys); null: format version 1.
bool hash_record(const SourceRecord& record, const Salt& salt, const KdfParams& kdf, WireEntry& out,
                 const OprfKeyPair* oprf = nullptr, const Salt* version_salt = nullptr, SeedSlot* slot = nullptr);

struct Progress {
  const char* stage = "";
  std::uint64_t done = 0;
  std::uint64_t total = 0;
  std::uint64_t reused = 0;  // part of `done` taken from checkpoints (not computed in this run): not in the rate
};
using ProgressFn = std::function<void(const Progress&)>;

}  // namespace breachcheck
