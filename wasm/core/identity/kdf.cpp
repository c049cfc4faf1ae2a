// SPDX-License-Identifier: MPL-2.0
#include "identity/kdf.h"

#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

#include "util/little_endian.h"

namespace breachcheck {

namespace {

// libsodium 1.0.18's Argon2 leaves secrets in its dead stack frames: the compression function's two 1 KiB
// temporaries (their xor is the last block, which hashes into the seed) and BLAKE2b outputs. It has no
// sodium_stackzero (that came in 1.0.19), so overwrite the stack the call used, from here down. crypto_pwhash
// used 6.3 KiB of stack in wasm and 6.8 KiB natively (x86-64, AVX-512 code path), measured by painting the
// stack; 64 KiB leaves room for other code paths and compilers, and costs a few microseconds.
constexpr std::size_t kArgon2StackScrubBytes = 64 * 1024;

// no_sanitize_address keeps `used` on the machine stack libsodium ran on: with ASan's
// detect_stack_use_after_return, instrumented functions may put their locals on a separate fake stack.
// Volatile stores rather than a call: a first call through the PLT makes the dynamic linker save the vector
// registers, which may still hold Argon2 state, below this frame, where the scrub would not reach.
[[gnu::noinline, gnu::no_sanitize_address]] void scrub_stack_used_by_argon2() {
  volatile std::uint64_t used[kArgon2StackScrubBytes / sizeof(std::uint64_t)];
  for (auto& word : used) word = 0;
}

}  // namespace

bool argon2id(std::uint8_t* out, std::size_t out_size, const std::uint8_t* password, std::size_t password_size,
              const Salt& salt, const KdfParams& params) {
  const unsigned long long opslimit = params.ops;
  // 32-bit size_t (wasm32): 4 GiB or more would wrap to a small limit and give a different, wrong seed.
  const std::uint64_t memlimit_bytes = std::uint64_t{params.mem_kib} * 1024u;
  if (memlimit_bytes > std::numeric_limits<std::size_t>::max()) return false;
  const auto memlimit = static_cast<std::size_t>(memlimit_bytes);
  const int status = crypto_pwhash(out, out_size, reinterpret_cast<const char*>(password), password_size,
                                  salt.data(), opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13);
  scrub_stack_used_by_argon2();  // its memory area is wiped by libsodium itself (wasm: patched build) or unmapped
  return status == 0;
}

Salt release_salt(const Salt& publisher_salt, std::uint32_t dataset_version, std::uint64_t created) {
  static constexpr char kLabel[] = "breachcheck:release-salt:v1";  // hashed with its NUL
  std::uint8_t message[sizeof kLabel + kSaltSize + 4 + 8];
  std::memcpy(message, kLabel, sizeof kLabel);
  std::memcpy(message + sizeof kLabel, publisher_salt.data(), kSaltSize);
  std::uint8_t* numbers = message + sizeof kLabel + kSaltSize;
  put_le32(numbers, dataset_version);
  put_le64(numbers + 4, created);
  Salt out{};
  crypto_generichash(out.data(), out.size(), message, sizeof message, nullptr, 0);
  return out;
}

std::optional<Salt> parse_salt_hex(std::string_view hex) {
  if (hex.size() != 2 * kSaltSize) return std::nullopt;
  Salt salt{};
  for (std::size_t i = 0; i < hex.size(); ++i) {
    const char c = hex[i];
    const int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (nibble < 0) return std::nullopt;
    salt[i / 2] = static_cast<std::uint8_t>(salt[i / 2] * 16 + nibble);
  }
  return salt;
}

std::string salt_hex(const Salt& salt) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (const std::uint8_t byte : salt) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  return hex;
}

bool derive_seed(const CanonicalIdentity& identity, const Salt& salt, const KdfParams& params, Seed& seed_out) {
  return argon2id(seed_out.data(), seed_out.size(), identity.data(), identity.size(), salt, params);
}

LookupKeys derive_lookup_keys(const Seed& seed, const Salt* version_salt) {
  static_assert(crypto_kdf_KEYBYTES == kSeedSize, "seed is a crypto_kdf master key");
  static_assert(sizeof(kKdfContext) - 1 == crypto_kdf_CONTEXTBYTES, "crypto_kdf context is 8 bytes");
  static_assert(sizeof(kKdfContextV2) - 1 == crypto_kdf_CONTEXTBYTES, "crypto_kdf context is 8 bytes");
  LookupKeys keys;
  if (version_salt == nullptr) {
    crypto_kdf_derive_from_key(keys.lookup_tag.data(), keys.lookup_tag.size(), kLookupTagKeyId, kKdfContext,
                               seed.data());
    crypto_kdf_derive_from_key(keys.payload_key.data(), keys.payload_key.size(), kPayloadKeyId, kKdfContext,
                               seed.data());
    return keys;
  }
  static constexpr char kLabel[] = "breachcheck:version-key:v2";  // hashed with its NUL
  std::uint8_t message[sizeof kLabel + kSaltSize];
  std::memcpy(message, kLabel, sizeof kLabel);
  std::memcpy(message + sizeof kLabel, version_salt->data(), kSaltSize);
  SecretArray<kSeedSize> version_key;  // wiped when it goes out of scope
  crypto_generichash(version_key.data(), version_key.size(), message, sizeof message, seed.data(), seed.size());
  crypto_kdf_derive_from_key(keys.lookup_tag.data(), keys.lookup_tag.size(), kLookupTagKeyId, kKdfContextV2,
                             version_key.data());
  crypto_kdf_derive_from_key(keys.payload_key.data(), keys.payload_key.size(), kPayloadKeyId, kKdfContextV2,
                             version_key.data());
  return keys;
}

std::uint32_t tag_prefix32(const LookupKeys& keys) {
  const auto& t = keys.lookup_tag;
  return (std::uint32_t{t[0]} << 24) | (std::uint32_t{t[1]} << 16) | (std::uint32_t{t[2]} << 8) | std::uint32_t{t[3]};
}

Fingerprint fingerprint_of(const LookupKeys& keys) {
  Fingerprint fp{};
  for (std::size_t i = 0; i < kFingerprintSize; ++i) fp[i] = keys.lookup_tag[kFingerprintOffset + i];
  return fp;
}

}  // namespace breachcheck
