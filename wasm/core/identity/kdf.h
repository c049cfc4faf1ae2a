// SPDX-License-Identifier: MPL-2.0
// From a canonical identity to the secrets a lookup needs: Argon2id seed, then domain-separated sub-keys
// (docs/FORMAT.md, "Canonical identity and key derivation").
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "identity/identity.h"
#include "util/secure_bytes.h"

namespace breachcheck {

inline constexpr std::size_t kSaltSize = 16;   // crypto_pwhash_SALTBYTES
inline constexpr std::size_t kSeedSize = 32;
inline constexpr std::size_t kSubKeySize = 32;
inline constexpr std::size_t kFingerprintSize = 8;
inline constexpr char kKdfContext[9] = "bchk-v01";  // crypto_kdf context: 8 bytes, versioned
inline constexpr char kKdfContextV2[9] = "bchk-v02";  // format version 2: sub-keys of the version key
inline constexpr std::uint64_t kLookupTagKeyId = 1;
inline constexpr std::uint64_t kPayloadKeyId = 2;

using Salt = std::array<std::uint8_t, kSaltSize>;
using Seed = SecretArray<kSeedSize>;
using Fingerprint = std::array<std::uint8_t, kFingerprintSize>;

struct KdfParams {
  std::uint32_t ops = 3;         // Argon2id passes
  std::uint32_t mem_kib = 65536; // Argon2id memory, KiB
};

struct LookupKeys {
  SecretArray<kSubKeySize> lookup_tag;
  SecretArray<kSubKeySize> payload_key;
};

// Argon2id v1.3 through libsodium (one lane, no secret or associated data). Returns false when libsodium
// refuses the limits or runs out of memory. Nothing of the computation but `out` is left in memory: the
// 8-256 MiB area is wiped (wasm build) or unmapped (native), the stack it used is overwritten (kdf.cpp).
bool argon2id(std::uint8_t* out, std::size_t out_size, const std::uint8_t* password, std::size_t password_size,
              const Salt& salt, const KdfParams& params);

// The salt a data set's header carries (and Argon2id uses): the publisher's salt bound to the release,
//   BLAKE2b-128("breachcheck:release-salt:v1\0" || publisher_salt || LE32(dataset_version) || LE64(created)).
// A publisher salt typed again for another version (sharded and resumed builds take it by hand) still gives
// that version its own salt, hence its own seeds, tags and payload keys: no keystream and no fingerprint is
// shared between two versions (docs/FORMAT.md, "Salt").
Salt release_salt(const Salt& publisher_salt, std::uint32_t dataset_version, std::uint64_t created);

// A salt as the signed texts write it (format version 2's `version_salt`, a directory's shared KDF setting):
// exactly 32 lowercase hex characters; nothing for any other text.
std::optional<Salt> parse_salt_hex(std::string_view hex);
std::string salt_hex(const Salt& salt);

// seed = Argon2id(canonical identity, salt, limits).
bool derive_seed(const CanonicalIdentity& identity, const Salt& salt, const KdfParams& params, Seed& seed_out);

// The sub-keys of a seed (docs/FORMAT.md, "Canonical identity and key derivation", step 2).
// Format version 1 (`version_salt` null): crypto_kdf(id, "bchk-v01", seed).
// Format version 2: the Argon2id salt is kept across versions, so the seed is too; every version draws a fresh
// `version_salt` (signed metadata) and the sub-keys come from
//   version_key = BLAKE2b-256(key = seed, "breachcheck:version-key:v2\0" || version_salt),
//   crypto_kdf(id, "bchk-v02", version_key):
// two versions then share no tag, fingerprint or payload key although they share the Argon2id work.
LookupKeys derive_lookup_keys(const Seed& seed, const Salt* version_salt = nullptr);

// First 32 bits of the tag, big-endian; the bucket is its top P bits.
std::uint32_t tag_prefix32(const LookupKeys& keys);
inline std::uint32_t bucket_of_prefix(std::uint32_t prefix32, unsigned prefix_bits) {
  return prefix_bits == 0 ? 0u : prefix32 >> (32u - prefix_bits);
}
// The fingerprint is the tag's bytes 4..11: fingerprint_of copies them (for the builder, which publishes them);
// a client compares them in place (fingerprint_in_tag), so no copy of its secret is left behind.
inline constexpr std::size_t kFingerprintOffset = 4;
Fingerprint fingerprint_of(const LookupKeys& keys);
inline const std::uint8_t* fingerprint_in_tag(const LookupKeys& keys) {
  return keys.lookup_tag.data() + kFingerprintOffset;
}

}  // namespace breachcheck
