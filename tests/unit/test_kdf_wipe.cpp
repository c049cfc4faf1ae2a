// SPDX-License-Identifier: MPL-2.0
// Argon2id's working memory must not outlive a derivation: libsodium 1.0.18 runs crypto_pwhash without
// Argon2's clear-memory flag, and in the wasm build the 8-256 MiB area is freed unwiped. Anyone who later reads
// the worker's memory could hash the last block into the seed, or test guesses against the first blocks at
// BLAKE2b speed. These tests compute a derivation independently (argon2_reference.cpp), then look for any of
// its blocks, the compression function's intermediates, H0 or the H' chains in the process's memory after the
// engine's own derivation.
#include <catch.hpp>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "argon2_reference.h"
#include "identity/kdf.h"
#include "memory_residue.h"

using namespace breachcheck;
using namespace breachcheck::test;

namespace {

std::vector<std::uint8_t> from_hex(const std::string& hex) {
  std::vector<std::uint8_t> out(hex.size() / 2);
  std::size_t written = 0;
  REQUIRE(sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), " ", &written, nullptr) == 0);
  out.resize(written);
  return out;
}

std::uint64_t word_of(const std::vector<std::uint8_t>& block, std::size_t index) {
  std::uint64_t word = 0;
  for (int b = 7; b >= 0; --b) word = (word << 8) | block[8 * index + static_cast<std::size_t>(b)];
  return word;
}

CanonicalIdentity sample_identity() {
  const char text[] = "bc-id-v1185077512345619850721" "1";  // format version 1: prefix, NIR, date, rank
  static_assert(sizeof text - 1 == kCanonicalIdentitySize, "a canonical identity is 30 bytes");
  CanonicalIdentity identity;
  std::memcpy(identity.data(), text, identity.size());
  return identity;
}

// Moves `value` into this function's frame (4 bytes past an 8-byte boundary), scans, then wipes the copy.
// no_sanitize_address keeps the frame on the machine stack, the only memory an ASan build scans.
__attribute__((noinline, no_sanitize_address)) ResidueReport scan_with_value_on_stack(
    const ResidueFinder& finder, std::vector<std::uint8_t>& value) {
  alignas(8) std::uint8_t stack[64 + 12];
  REQUIRE(value.size() == 64);
  std::memcpy(stack + 4, value.data(), value.size());
  sodium_memzero(value.data(), value.size());
  ResidueReport report = finder.scan_process();
  sodium_memzero(stack, sizeof stack);
  return report;
}

// Derives through the engine and reports what of that derivation is left in memory afterwards.
ResidueReport residue_after_derivation(const KdfParams& params) {
  const CanonicalIdentity identity = sample_identity();
  const Salt salt{0x62, 0x63, 0x68, 0x6b, 0x2d, 0x77, 0x69, 0x70, 0x65, 0x2d, 0x74, 0x65, 0x73, 0x74, 0x00, 0x01};

  ResidueFinder finder;
  Seed expected;
  Argon2idInput input;
  input.password = identity.data();
  input.password_size = identity.size();
  input.salt = salt.data();
  input.salt_size = salt.size();
  input.mem_kib = params.mem_kib;
  input.passes = params.ops;
  REQUIRE(argon2id_reference(input, expected.data(), expected.size(),
                             [&](Argon2Secret kind, const std::uint8_t* bytes, std::size_t size) {
                               finder.add(kind, bytes, size);
                             }));
  // Blocks of every pass, plus intermediates, H0 and the chains: the finder must know them all.
  const std::size_t blocks = std::size_t{params.mem_kib} * params.ops;
  REQUIRE(finder.size() > 3 * blocks);

  scrub_stack_below_caller();
  const ResidueReport before = finder.scan_process();
  INFO("before the derivation: " << before.describe());
  REQUIRE(before.total() == 0);  // the reference computation left nothing of its own to find

  StackSnapshot dead_stack;
  Seed seed;
  const bool derived = derive_seed(identity, salt, params, seed);
  dead_stack.capture();  // before any other call reuses the frames derive_seed left
  REQUIRE(derived);
  // The reference is Argon2id: same tag as libsodium, so every block it reported is a block of this derivation.
  REQUIRE(sodium_memcmp(seed.data(), expected.data(), seed.size()) == 0);

  ResidueReport after = finder.scan_process(&dead_stack);
  REQUIRE(dead_stack.captured() > 0);
#if defined(__wasm__)
  REQUIRE(after.scanned_bytes >= std::size_t{params.mem_kib} * 1024);  // the heap, the freed area included
#endif
  return after;
}

}  // namespace

TEST_CASE("The test's own Argon2id reproduces RFC 9106's Argon2id vector", "[wipe][kdf]") {
  // RFC 9106 section 5.3: four lanes, secret and associated data, which exercises every branch of the indexing.
  const std::vector<std::uint8_t> password(32, 0x01), salt(16, 0x02), secret(8, 0x03), associated(12, 0x04);
  Argon2idInput input;
  input.password = password.data();
  input.password_size = password.size();
  input.salt = salt.data();
  input.salt_size = salt.size();
  input.secret = secret.data();
  input.secret_size = secret.size();
  input.associated = associated.data();
  input.associated_size = associated.size();
  input.lanes = 4;
  input.mem_kib = 32;
  input.passes = 3;

  std::vector<std::uint8_t> prehash;
  std::vector<std::vector<std::uint8_t>> blocks;
  std::vector<std::uint8_t> tag(32);
  REQUIRE(argon2id_reference(input, tag.data(), tag.size(),
                             [&](Argon2Secret kind, const std::uint8_t* bytes, std::size_t size) {
                               if (kind == Argon2Secret::kPrehash) prehash.assign(bytes, bytes + size);
                               if (kind == Argon2Secret::kBlock) blocks.emplace_back(bytes, bytes + size);
                             }));
  CHECK(prehash == from_hex("28 89 de 48 7e b4 2a e5 00 c0 00 7e d9 25 2f 10 69 ea de c4 0d 57 65 b4 85 de 6d c2 43 "
                            "7a 67 b8 54 6a 2f 0a cc 1a 08 82 db 8f cf 74 71 4b 47 2e 94 df 42 1a 5d a1 11 2f fa 11 "
                            "43 43 70 a1 e9 97"));
  // Two first blocks per lane, then 24 more blocks in pass 0 and 32 in each later pass.
  REQUIRE(blocks.size() == 8 + 24 + 32 + 32);
  // Block 0 (lane 0, column 0) is H'(H0 || 0 || 0): the first reported; block 31 after pass 2: the last.
  CHECK(word_of(blocks.front(), 0) == 0x6b2e09f10671bd43u);
  CHECK(word_of(blocks.front(), 3) == 0x6787f7171870f893u);
  CHECK(word_of(blocks.back(), 124) == 0xd723359b485f509bu);
  CHECK(word_of(blocks.back(), 127) == 0x0b012846a40f346au);
  CHECK(tag == from_hex("0d 64 0d f5 8d 78 76 6c 08 c0 37 a3 4a 8b 53 c9 d0 1e f0 45 2d 75 b6 5e b5 25 20 e9 6b 01 "
                        "e6 59"));
}

TEST_CASE("The residue finder finds a planted Argon2 block and chain value, and nothing once they are wiped",
          "[wipe][kdf]") {
  // First calls through the PLT make the dynamic linker save the vector registers on the stack (seen under
  // ASan, where memcpy leaves the planted value in them): bind everything the scan uses before planting.
  ResidueFinder{}.scan_process();
  std::vector<std::uint8_t> block(kArgon2BlockSize), chain(64);
  randombytes_buf(block.data(), block.size());
  randombytes_buf(chain.data(), chain.size());
  ResidueFinder finder;
  finder.add(Argon2Secret::kBlock, block.data(), block.size());
  finder.add(Argon2Secret::kFirstBlockChain, chain.data(), chain.size());
  scrub_stack_below_caller();  // hashing them for the finder left their last BLAKE2b message words there

  // Planted at offsets that are 4- but not 8-byte aligned: the block in the heap, the chain value on the stack.
  std::vector<std::uint8_t> heap(kArgon2BlockSize + 12);
  std::memcpy(heap.data() + 4, block.data(), block.size());
  sodium_memzero(block.data(), block.size());
  const ResidueReport planted = scan_with_value_on_stack(finder, chain);
  INFO(planted.describe());
  if (planted.scanned_bytes == 0) {
    WARN("no way to read this process's memory on this platform");
    return;
  }
  // At least once: under ASan, calls made after planting can leave a transient copy from the vector registers in
  // dead frames below (the dynamic linker's register save was seen doing it); the wiped scan below must be clean.
  CHECK(planted.found[static_cast<std::size_t>(Argon2Secret::kFirstBlockChain)] >= 1);
  if (planted.whole_process) CHECK(planted.found[static_cast<std::size_t>(Argon2Secret::kBlock)] == 1);

  sodium_memzero(heap.data(), heap.size());
  scrub_stack_below_caller();  // confirming the hits hashed them again
  const ResidueReport wiped = finder.scan_process();
  INFO(wiped.describe());
  CHECK(wiped.total() == 0);
}

TEST_CASE("Argon2id leaves none of its blocks in memory after a derivation", "[wipe][kdf]") {
  // One pass: the first blocks (guessable at BLAKE2b speed) are still in the area when it is freed. Three passes:
  // only the last pass's blocks are, the last one hashing straight into the seed.
  for (const KdfParams params : {KdfParams{1, 8192}, KdfParams{3, 8192}}) {
    INFO("Argon2id m=" << params.mem_kib << " KiB t=" << params.ops);
    const ResidueReport after = residue_after_derivation(params);
    INFO("after the derivation: " << after.describe());
    CHECK(after.total() == 0);
  }
}
