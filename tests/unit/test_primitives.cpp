// SPDX-License-Identifier: MPL-2.0
// Published test vectors for the primitives the engine wraps, run through our own wrappers.
#include <catch.hpp>
#include <sodium.h>

#include <cstring>
#include <string>
#include <vector>

#include "build/dataset_writer.h"
#include "format/format.h"
#include "format/keys.h"
#include "identity/kdf.h"

using namespace breachcheck;

namespace {

std::vector<std::uint8_t> from_hex(const std::string& hex) {
  if (hex.empty()) return {};  // RFC 8032's empty message: no buffer to hand to sodium_hex2bin
  std::vector<std::uint8_t> out(hex.size() / 2);
  std::size_t written = 0;
  REQUIRE(sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &written, nullptr) == 0);
  out.resize(written);
  return out;
}

std::string to_hex(const std::uint8_t* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

}  // namespace

// RFC 9106's own vectors use four lanes plus a secret and associated data, which libsodium's crypto_pwhash
// cannot take (one lane, neither input). These are libsodium's published Argon2id known answers
// (test/default/pwhash_argon2id.c and .exp in libsodium 1.0.18), run through our wrapper.
TEST_CASE("Argon2id through our wrapper reproduces libsodium's published known answers", "[primitives]") {
  struct Vector {
    const char* password_hex;
    const char* salt_hex;
    std::size_t out_size;
    std::uint32_t ops;
    std::size_t mem_bytes;
    const char* expected_hex;
  };
  const Vector vectors[] = {
      {"a347ae92bce9f80f6f595a4480fc9c2fe7e7d7148d371e9487d75f5c23008ffae065577a928febd9b1973a5a95073acdbeb6a030cf"
       "c0d79caa2dc5cd011cef02c08da232d76d52dfbca38ca8dcbd665b17d1665f7cf5fe59772ec909733b24de97d6f58d220b20c60d7c"
       "07ec1fd93c52c31020300c6c1facd77937a597c7a6",
       "5541fbc995d5c197ba290346d2c559de", 155, 5, 7256678, "18acec5d6507739f203d1f5d9f1d862f7c2cdac4f19d2bdff64487e60d969e3ced615337b9eec6ac4461c6ca07f0939741e57c24d0005c7ea171a0ee1e7348249d135b38f222e4dad7b9a033ed83f5ca27277393e316582033c74affe2566a2bea47f91f0fd9fe49ece7e1f79f3ad6e9b23e0277c8ecc4b313225748dd2a80f5679534a0700e246a79a49b3f74eb89ec6205fe1eeb941c73b1fcf1"},
      {"e125cee61c8cb7778d9e5ad0a6f5d978ce9f84de213a8556d9ffe202020ab4a6ed9074a4eb3416f9b168f137510f3a30b70b96cbfa"
       "219ff99f6c6eaffb15c06b60e00cc2890277f0fd3c622115772f7048adaebed86e",
       "f1192dd5dc2368b9cd421338b2243345", 250, 4, 7849083, "26bab5f101560e48c711da4f05e81f5a3802b7a93d5155b9cab153069cc42b8e9f910bfead747652a0708d70e4de0bada37218bd203a1201c36b42f9a269b675b1f30cfc36f35a3030e9c7f57dfba0d341a974c1886f708c3e8297efbfe411bb9d51375264bd7c70d57a8a56fc9de2c1c97c08776803ec2cd0140bba8e61dc0f4ad3d3d1a89b4b710af81bfe35a0eea193e18a6da0f5ec05542c9eefc4584458e1da715611ba09617384748bd43b9bf1f3a6df4ecd091d0875e08d6e2fd8a5c7ce08904b5160cd38167b76ec76ef2d310049055a564da23d4ebd2b87e421cc33c401e12d5cd8d936c9baf75ebdfb557d342d2858fc781da31860"},
  };
  for (const auto& v : vectors) {
    const auto password = from_hex(v.password_hex);
    const auto salt_bytes = from_hex(v.salt_hex);
    Salt salt{};
    std::copy(salt_bytes.begin(), salt_bytes.end(), salt.begin());
    // libsodium rounds the memory limit down to whole KiB, as our KiB-based parameters do.
    const KdfParams params{v.ops, static_cast<std::uint32_t>(v.mem_bytes / 1024)};
    std::vector<std::uint8_t> out(v.out_size);
    REQUIRE(argon2id(out.data(), out.size(), password.data(), password.size(), salt, params));
    CHECK(to_hex(out.data(), out.size()) == v.expected_hex);
  }
}

TEST_CASE("Ed25519 keys and signatures match RFC 8032 section 7.1", "[primitives]") {
  struct Vector {
    const char* secret_hex;
    const char* public_hex;
    const char* message_hex;
    const char* signature_hex;
  };
  const Vector vectors[] = {
      {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
       "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
      {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
       "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
      {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
       "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
       "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
  };
  for (const auto& v : vectors) {
    SecretArray<kSecretSeedSize> seed;
    const auto seed_bytes = from_hex(v.secret_hex);
    std::copy(seed_bytes.begin(), seed_bytes.end(), seed.data());
    const KeyPair pair = key_pair_from_seed(seed);
    CHECK(to_hex(pair.public_key.data(), pair.public_key.size()) == v.public_hex);
    const auto message = from_hex(v.message_hex);
    const auto signature = from_hex(v.signature_hex);
    std::uint8_t produced[64];
    crypto_sign_detached(produced, nullptr, message.data(), message.size(), pair.secret_key.data());
    CHECK(to_hex(produced, 64) == v.signature_hex);
    CHECK(crypto_sign_verify_detached(signature.data(), message.data(), message.size(), pair.public_key.data()) == 0);
    auto altered = signature;
    altered[10] ^= 1;
    CHECK(crypto_sign_verify_detached(altered.data(), message.data(), message.size(), pair.public_key.data()) != 0);
  }
}

TEST_CASE("The lookup tag and the payload key are independent sub-keys of the seed", "[primitives]") {
  Seed seed;
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i);
  const LookupKeys keys = derive_lookup_keys(seed);
  CHECK(sodium_memcmp(keys.lookup_tag.data(), keys.payload_key.data(), kSubKeySize) != 0);
  // Same derivation by hand: crypto_kdf with context "bchk-v01" and ids 1 and 2 (docs/FORMAT.md).
  std::uint8_t expected[32];
  crypto_kdf_derive_from_key(expected, 32, 1, "bchk-v01", seed.data());
  CHECK(sodium_memcmp(expected, keys.lookup_tag.data(), 32) == 0);
  crypto_kdf_derive_from_key(expected, 32, 2, "bchk-v01", seed.data());
  CHECK(sodium_memcmp(expected, keys.payload_key.data(), 32) == 0);
}

TEST_CASE("Bucket index is the top P bits of the tag and the fingerprint is tag bytes 4 to 11", "[primitives]") {
  LookupKeys keys;
  for (std::size_t i = 0; i < kSubKeySize; ++i) keys.lookup_tag[i] = static_cast<std::uint8_t>(0xF0 + i);
  CHECK(tag_prefix32(keys) == 0xF0F1F2F3u);
  CHECK(bucket_of_prefix(tag_prefix32(keys), 0) == 0u);
  CHECK(bucket_of_prefix(tag_prefix32(keys), 1) == 1u);
  CHECK(bucket_of_prefix(tag_prefix32(keys), 15) == (0xF0F1F2F3u >> 17));
  const Fingerprint fp = fingerprint_of(keys);
  CHECK(fp[0] == 0xF4);
  CHECK(fp[7] == 0xFB);
}

TEST_CASE("Public keys round-trip through base64 and bad text is refused", "[primitives]") {
  const KeyPair pair = generate_key_pair();
  const std::string text = public_key_to_base64(pair.public_key);
  const auto parsed = parse_public_key("  " + text + "\n");
  REQUIRE(parsed);
  CHECK(*parsed == pair.public_key);
  CHECK_FALSE(parse_public_key(""));
  CHECK_FALSE(parse_public_key(text.substr(0, 20)));
  CHECK_FALSE(parse_public_key(text + "AAAA"));
  CHECK_FALSE(parse_public_key("not base64 at all!"));
  CHECK(key_fingerprint(pair.public_key).size() == 19);
  const auto reread = parse_secret_key_file(secret_key_file_text(pair));
  REQUIRE(reread);
  CHECK(reread->public_key == pair.public_key);
  CHECK_FALSE(parse_secret_key_file("breachcheck-secret-key-v1\nAAAA\n"));
  CHECK_FALSE(parse_secret_key_file(text));
}

TEST_CASE("The header's salt is the publisher's salt bound to the version and creation time, as FORMAT.md says",
          "[primitives]") {
  Salt publisher{};
  for (std::size_t i = 0; i < publisher.size(); ++i) publisher[i] = static_cast<std::uint8_t>(0xA0 + i);
  const std::uint32_t version = 7;
  const std::uint64_t created = 1795824000;
  // The documented construction, written out independently of release_salt.
  std::vector<std::uint8_t> message;
  const std::string label = "breachcheck:release-salt:v1";
  message.insert(message.end(), label.begin(), label.end());
  message.push_back(0);
  message.insert(message.end(), publisher.begin(), publisher.end());
  for (int i = 0; i < 4; ++i) message.push_back(static_cast<std::uint8_t>(version >> (8 * i)));
  for (int i = 0; i < 8; ++i) message.push_back(static_cast<std::uint8_t>(created >> (8 * i)));
  Salt expected{};
  crypto_generichash(expected.data(), expected.size(), message.data(), message.size(), nullptr, 0);
  CHECK(release_salt(publisher, version, created) == expected);
  CHECK(release_salt(publisher, version + 1, created) != expected);
  CHECK(release_salt(publisher, version, created + 1) != expected);
  CHECK(release_salt(Salt{}, version, created) != expected);
}

TEST_CASE("A client compares the fingerprint inside the lookup tag, the same bytes the builder publishes",
          "[primitives]") {
  Seed seed;
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(3 * i);
  const LookupKeys keys = derive_lookup_keys(seed);
  const Fingerprint published = fingerprint_of(keys);
  CHECK(std::memcmp(fingerprint_in_tag(keys), published.data(), kFingerprintSize) == 0);
  CHECK(fingerprint_in_tag(keys) == keys.lookup_tag.data() + kFingerprintOffset);  // in place, not a copy
}

// Regression (privacy audit, docs/SECURITY.md finding 13): the signing seed itself was the BLAKE2b key of the dummy
// randomness; now a labelled crypto_kdf sub-key of it is.
TEST_CASE("The dummy-entry key is a labelled sub-key of the signing seed, never keyed by the seed itself",
          "[primitives]") {
  SecretArray<kSecretSeedSize> seed;
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i + 1);
  const KeyPair key = key_pair_from_seed(seed);
  const Salt salt{9, 8, 7, 6, 5, 4, 3, 2, 1};
  std::vector<std::uint8_t> message;
  const std::string label = "breachcheck:dummies:v1";
  message.insert(message.end(), label.begin(), label.end());
  message.insert(message.end(), salt.begin(), salt.end());

  std::uint8_t seed_as_key[32];
  crypto_generichash(seed_as_key, sizeof seed_as_key, message.data(), message.size(), seed.data(), seed.size());
  std::uint8_t sub_key[32], expected[32];
  crypto_kdf_derive_from_key(sub_key, sizeof sub_key, 1, "bcdummy1", seed.data());
  crypto_generichash(expected, sizeof expected, message.data(), message.size(), sub_key, sizeof sub_key);

  const SecretArray<32> got = dummy_entry_key(key, salt);
  CHECK(std::memcmp(got.data(), seed_as_key, 32) != 0);
  CHECK(std::memcmp(got.data(), expected, 32) == 0);
  CHECK(std::memcmp(dummy_entry_key(key, Salt{}).data(), got.data(), 32) != 0);
}
