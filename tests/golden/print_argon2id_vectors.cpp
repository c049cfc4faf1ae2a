// SPDX-License-Identifier: MPL-2.0
// Prints tests/golden/argon2id-kernel-vectors.txt: Argon2id (libsodium's crypto_pwhash, one lane) over
// pseudo-random passwords, salts, passes and memory sizes, computed by the NATIVE libsodium, whose block
// function is libsodium's own (ref/SSSE3/AVX2). The wasm test binaries, scalar and WebAssembly SIMD, must
// reproduce every line (tests/unit/test_argon2_kernel.cpp), and the native suite checks that this file is still
// what native libsodium gives. Run: build/native/tests/print_argon2id_vectors > tests/golden/argon2id-kernel-vectors.txt
#include <sodium.h>

#include <cstdint>
#include <cstdio>
#include <vector>

namespace {

// splitmix64: a fixed, documented sequence, so the file can be regenerated and compared.
std::uint64_t next_random(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

void print_hex(const std::uint8_t* bytes, std::size_t size) {
  if (size == 0) std::printf("-");
  for (std::size_t i = 0; i < size; ++i) std::printf("%02x", bytes[i]);
}

}  // namespace

int main() {
  if (sodium_init() < 0) return 2;
  std::uint64_t state = 0x6172676f6e32u;  // "argon2"
  std::printf("# passes memory_kib password_hex salt_hex tag_hex (Argon2id v1.3, one lane, native libsodium %s)\n",
              sodium_version_string());
  // Memory sizes: the smallest, sizes whose segments are not a power of two, one not a multiple of 4 KiB
  // (libsodium rounds down to 4 blocks per lane), and the production setting (64 MiB, 3 passes) last.
  for (int row = 0; row < 24; ++row) {
    const std::uint32_t passes = row == 23 ? 3u : static_cast<std::uint32_t>(1 + next_random(state) % 4);
    std::uint32_t mem_kib = static_cast<std::uint32_t>(8 + next_random(state) % 3000);
    if (row == 0) mem_kib = 8;
    if (row == 23) mem_kib = 65536;
    std::vector<std::uint8_t> password(next_random(state) % 65), salt(crypto_pwhash_SALTBYTES), tag(32);
    for (auto& b : password) b = static_cast<std::uint8_t>(next_random(state));
    for (auto& b : salt) b = static_cast<std::uint8_t>(next_random(state));
    if (crypto_pwhash(tag.data(), tag.size(), reinterpret_cast<const char*>(password.data()), password.size(),
                      salt.data(), passes, static_cast<std::size_t>(mem_kib) * 1024u,
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
      return 1;
    }
    std::printf("%u %u ", passes, mem_kib);
    print_hex(password.data(), password.size());
    std::printf(" ");
    print_hex(salt.data(), salt.size());
    std::printf(" ");
    print_hex(tag.data(), tag.size());
    std::printf("\n");
  }
  return 0;
}
