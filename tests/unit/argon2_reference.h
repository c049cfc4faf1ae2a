// SPDX-License-Identifier: MPL-2.0
// An independent Argon2id v1.3 (RFC 9106), written from the RFC for tests: it reports every secret-bearing
// value it computes (H0, the H' chain behind the first blocks, every block of every pass and the compression
// function's intermediates), so a test can look for leftovers of a real derivation in memory.
// Slow and plain on purpose; never used by the engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

namespace breachcheck::test {

inline constexpr std::size_t kArgon2BlockSize = 1024;

// What a reported value is. Each one lets an attacker who finds it either recompute the tag (the blocks of the
// last pass, their compression inputs and outputs) or test guesses at BLAKE2b speed (H0, the first blocks).
enum class Argon2Secret : std::uint8_t {
  kPrehash,             // H0 (64 bytes)
  kFirstBlockChain,     // one 64-byte V_i of H' while the first two blocks of a lane are made
  kBlock,               // a memory block, any pass (1 KiB)
  kCompressionInput,    // R = X xor Y, and in later passes R xor the block being overwritten (1 KiB)
  kCompressionOutput,   // P(R), and in later passes G(X, Y) before the xor with the old block (1 KiB)
};
inline constexpr std::size_t kArgon2SecretKinds = 5;
const char* argon2_secret_name(Argon2Secret kind);

struct Argon2idInput {
  const std::uint8_t* password = nullptr;
  std::size_t password_size = 0;
  const std::uint8_t* salt = nullptr;
  std::size_t salt_size = 0;
  const std::uint8_t* secret = nullptr;  // RFC 9106's K (libsodium's crypto_pwhash has none)
  std::size_t secret_size = 0;
  const std::uint8_t* associated = nullptr;  // RFC 9106's X
  std::size_t associated_size = 0;
  std::uint32_t lanes = 1;
  std::uint32_t mem_kib = 8;
  std::uint32_t passes = 1;
};

// Called with each secret-bearing value as the little-endian bytes Argon2 keeps in memory. The bytes are
// valid for the call only and are wiped afterwards.
using Argon2SecretSink = std::function<void(Argon2Secret kind, const std::uint8_t* bytes, std::size_t size)>;

// Argon2id(input) into tag[0..tag_size). Wipes all of its own working memory before returning.
// Returns false for parameters RFC 9106 does not allow.
bool argon2id_reference(const Argon2idInput& input, std::uint8_t* tag, std::size_t tag_size,
                        const Argon2SecretSink& sink = {});

// RFC 9106 section 3.3's variable-length hash H'^T(X), which gives the tag from the final block.
void argon2_variable_hash(std::uint8_t* out, std::size_t out_size, const std::uint8_t* in, std::size_t in_size,
                          const Argon2SecretSink& sink = {});

}  // namespace breachcheck::test
