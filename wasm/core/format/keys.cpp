// SPDX-License-Identifier: MPL-2.0
#include "format/keys.h"

#include "util/base64.h"

#include <sodium.h>

#include <cstring>

namespace breachcheck {

KeyPair generate_key_pair() {
  KeyPair pair;
  crypto_sign_keypair(pair.public_key.data(), pair.secret_key.data());
  return pair;
}

KeyPair key_pair_from_seed(const SecretArray<kSecretSeedSize>& seed) {
  KeyPair pair;
  crypto_sign_seed_keypair(pair.public_key.data(), pair.secret_key.data(), seed.data());
  return pair;
}

std::string secret_key_file_text(const KeyPair& pair) {
  // The seed is the first half of libsodium's secret key.
  return std::string(kSecretKeyFileHeader) + "\n" + encode_base64(pair.secret_key.data(), kSecretSeedSize) + "\n";
}

std::optional<KeyPair> parse_secret_key_file(std::string_view text) {
  if (text.size() > 512) return std::nullopt;
  const std::string_view header(kSecretKeyFileHeader);
  if (text.substr(0, header.size()) != header) return std::nullopt;
  text.remove_prefix(header.size());
  SecretArray<kSecretSeedSize> seed;
  if (!decode_base64_exact(trim_ascii_space(text), seed.data(), seed.size(), false)) return std::nullopt;
  return key_pair_from_seed(seed);
}

std::string public_key_to_base64(const PublicKey& key) { return encode_base64(key.data(), key.size()); }

std::optional<PublicKey> parse_public_key(std::string_view text) {
  PublicKey key{};
  if (!decode_base64_exact(trim_ascii_space(text), key.data(), key.size(), false)) return std::nullopt;
  return key;
}

std::string key_fingerprint(const PublicKey& key) { return key_fingerprint(key.data(), key.size()); }

std::string key_fingerprint(const std::uint8_t* key, std::size_t size) {
  std::uint8_t digest[32];
  crypto_generichash(digest, sizeof digest, key, size, nullptr, 0);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i > 0 && i % 2 == 0) out += ' ';
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

}  // namespace breachcheck
