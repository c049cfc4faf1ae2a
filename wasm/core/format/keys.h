// SPDX-License-Identifier: MPL-2.0
// Publisher keys: Ed25519 key pairs, their text encodings and the fingerprint shown to people.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "format/format.h"
#include "util/secure_bytes.h"

namespace breachcheck {

inline constexpr std::size_t kSecretSeedSize = 32;  // crypto_sign_SEEDBYTES
inline constexpr char kSecretKeyFileHeader[] = "breachcheck-secret-key-v1";

struct KeyPair {
  PublicKey public_key{};
  SecretArray<64> secret_key;  // libsodium's crypto_sign secret key (seed || public key)
};

KeyPair generate_key_pair();
KeyPair key_pair_from_seed(const SecretArray<kSecretSeedSize>& seed);

// Secret key file: "breachcheck-secret-key-v1\n" + base64(seed) + "\n". Parsing wipes its temporaries.
std::string secret_key_file_text(const KeyPair& pair);
std::optional<KeyPair> parse_secret_key_file(std::string_view text);

std::string public_key_to_base64(const PublicKey& key);
// Accepts standard base64 (with or without padding), surrounding whitespace allowed.
std::optional<PublicKey> parse_public_key(std::string_view text);

// "1a2b 3c4d 5e6f 7a8b": the first 8 bytes of BLAKE2b-256(public key), for people to compare.
std::string key_fingerprint(const PublicKey& key);
// The same display form for any public key bytes (also the OPRF server key).
std::string key_fingerprint(const std::uint8_t* key, std::size_t size);

}  // namespace breachcheck
