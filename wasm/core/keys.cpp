#include "keys.h"

#include <sodium.h>

#include <cctype>
#include <cstring>

namespace breachcheck {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Decodes exactly `size` bytes of base64 (standard alphabet, padding optional) into `out`.
bool decode_base64_exact(std::string_view text, std::uint8_t* out, std::size_t size) {
  text = trim(text);
  if (text.empty() || text.size() > 128) return false;
  std::size_t written = 0;
  const char* end = nullptr;
  const int variant = (text.back() == '=') ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
  if (sodium_base642bin(out, size, text.data(), text.size(), nullptr, &written, &end, variant) != 0) return false;
  return written == size && end == text.data() + text.size();
}

std::string encode_base64(const std::uint8_t* bytes, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

}  // namespace

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
  if (!decode_base64_exact(text, seed.data(), seed.size())) return std::nullopt;
  return key_pair_from_seed(seed);
}

std::string public_key_to_base64(const PublicKey& key) { return encode_base64(key.data(), key.size()); }

std::optional<PublicKey> parse_public_key(std::string_view text) {
  PublicKey key{};
  if (!decode_base64_exact(text, key.data(), key.size())) return std::nullopt;
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
