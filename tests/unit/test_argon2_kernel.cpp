// SPDX-License-Identifier: MPL-2.0
// Argon2id's block function in the wasm build comes in two kernels: libsodium's scalar reference, and the
// WebAssembly SIMD one of wasm/sodium-simd (the browser engine's SIMD build). Both must give libsodium's bytes.
// This file runs in three binaries: natively (libsodium's own block function, which also proves the expected
// file is what native libsodium computes), and under Node in the scalar wasm suite and in
// argon2_kernel_tests_simd128, which is linked with the SIMD kernel (tests/CMakeLists.txt).
#include <catch.hpp>
#include <sodium.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "argon2_reference.h"

#if defined(BREACHCHECK_LIBSODIUM_ARGON2_INTERNALS)
// libsodium's internal Argon2 entry point (lanes, secret and associated data, which crypto_pwhash does not
// expose): present in the static wasm libsodium only; the native shared library does not export it.
extern "C" {
#include "argon2.h"
}
#endif

using namespace breachcheck::test;

namespace {

std::vector<std::uint8_t> from_hex(const std::string& hex) {
  if (hex == "-") return {};
  std::vector<std::uint8_t> out(hex.size() / 2);
  std::size_t written = 0;
  REQUIRE(sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &written, nullptr) == 0);
  out.resize(written);
  return out;
}

std::vector<std::uint8_t> pwhash(const std::vector<std::uint8_t>& password, const std::vector<std::uint8_t>& salt,
                                 std::uint32_t passes, std::uint32_t mem_kib) {
  std::vector<std::uint8_t> tag(32);
  // libsodium declares the password non-null even when empty (UBSan checks it): an empty vector's data() may be
  // null, so the empty password of the vectors is passed as "".
  const char* password_bytes = password.empty() ? "" : reinterpret_cast<const char*>(password.data());
  REQUIRE(crypto_pwhash(tag.data(), tag.size(), password_bytes, password.size(),
                        salt.data(), passes, static_cast<std::size_t>(mem_kib) * 1024u,
                        crypto_pwhash_ALG_ARGON2ID13) == 0);
  return tag;
}

}  // namespace

TEST_CASE("Argon2id gives the tags native libsodium computed, over random passes, memory sizes and inputs",
          "[kdf][argon2-kernel]") {
  std::ifstream file(BREACHCHECK_SOURCE_DIR "/tests/golden/argon2id-kernel-vectors.txt");
  REQUIRE(file.good());
  std::string line;
  int rows = 0;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::uint32_t passes = 0, mem_kib = 0;
    std::string password_hex, salt_hex, tag_hex;
    REQUIRE(fields >> passes >> mem_kib >> password_hex >> salt_hex >> tag_hex);
    INFO("t=" << passes << " m=" << mem_kib << " KiB, row " << rows);
    CHECK(pwhash(from_hex(password_hex), from_hex(salt_hex), passes, mem_kib) == from_hex(tag_hex));
    ++rows;
  }
  CHECK(rows == 24);
}

TEST_CASE("Argon2id agrees with the test's own RFC 9106 implementation on fresh random parameters",
          "[kdf][argon2-kernel]") {
  // New parameters every run (printed on failure): the vectors file pins libsodium's bytes, this keeps looking.
  for (int round = 0; round < 6; ++round) {
    const std::uint32_t passes = 1 + randombytes_uniform(3);
    const std::uint32_t mem_kib = 8 + randombytes_uniform(600);
    // At least one byte: the vectors file holds the empty password; libsodium's calls take no null pointer.
    std::vector<std::uint8_t> password(1 + randombytes_uniform(48)), salt(crypto_pwhash_SALTBYTES), expected(32);
    randombytes_buf(password.data(), password.size());
    randombytes_buf(salt.data(), salt.size());
    Argon2idInput input;
    input.password = password.data();
    input.password_size = password.size();
    input.salt = salt.data();
    input.salt_size = salt.size();
    input.mem_kib = mem_kib;
    input.passes = passes;
    REQUIRE(argon2id_reference(input, expected.data(), expected.size()));
    char password_hex[2 * 48 + 1], salt_hex[2 * crypto_pwhash_SALTBYTES + 1];
    sodium_bin2hex(password_hex, sizeof password_hex, password.data(), password.size());
    sodium_bin2hex(salt_hex, sizeof salt_hex, salt.data(), salt.size());
    INFO("t=" << passes << " m=" << mem_kib << " KiB password=" << password_hex << " salt=" << salt_hex);
    CHECK(pwhash(password, salt, passes, mem_kib) == expected);
  }
}

#if defined(BREACHCHECK_LIBSODIUM_ARGON2_INTERNALS)
TEST_CASE("libsodium's Argon2 core reproduces RFC 9106's Argon2id vector: four lanes, secret, associated data",
          "[kdf][argon2-kernel]") {
  // Four lanes make the block function read reference blocks from other lanes, which one lane never does.
  std::vector<std::uint8_t> password(32, 0x01), salt(16, 0x02), secret(8, 0x03), associated(12, 0x04), tag(32);
  argon2_context context{};
  context.out = tag.data();
  context.outlen = static_cast<std::uint32_t>(tag.size());
  context.pwd = password.data();
  context.pwdlen = static_cast<std::uint32_t>(password.size());
  context.salt = salt.data();
  context.saltlen = static_cast<std::uint32_t>(salt.size());
  context.secret = secret.data();
  context.secretlen = static_cast<std::uint32_t>(secret.size());
  context.ad = associated.data();
  context.adlen = static_cast<std::uint32_t>(associated.size());
  context.t_cost = 3;
  context.m_cost = 32;
  context.lanes = 4;
  context.threads = 1;
  REQUIRE(argon2_ctx(&context, Argon2_id) == ARGON2_OK);
  CHECK(tag == from_hex("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"));
}
#endif
