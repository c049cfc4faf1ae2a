// SPDX-License-Identifier: MPL-2.0
#include "oprf/hash_to_group.h"

#include <sodium.h>

namespace breachcheck {

static_assert(crypto_hash_sha512_BYTES == kXmdSha512BlockBytes, "SHA-512 digest is 64 bytes");
static_assert(crypto_core_ristretto255_BYTES == kRistretto255ElementBytes, "ristretto255 element size");
static_assert(crypto_core_ristretto255_SCALARBYTES == kRistretto255ScalarBytes, "ristretto255 scalar size");
static_assert(crypto_core_ristretto255_HASHBYTES == kRistretto255UniformBytes, "ristretto255 from_hash input");
static_assert(crypto_core_ristretto255_NONREDUCEDSCALARBYTES == kRistretto255UniformBytes, "scalar_reduce input");

namespace {

// Feeds DST_prime = DST || I2OSP(len(DST), 1).
void update_dst_prime(crypto_hash_sha512_state* state, const std::uint8_t* dst, std::size_t dst_size) {
  const std::uint8_t dst_len = static_cast<std::uint8_t>(dst_size);
  if (dst_size != 0) crypto_hash_sha512_update(state, dst, dst_size);
  crypto_hash_sha512_update(state, &dst_len, 1);
}

}  // namespace

int expand_message_xmd_sha512_parts(std::uint8_t* out, std::size_t out_size, const ByteView* parts,
                                    std::size_t part_count, const std::uint8_t* dst, std::size_t dst_size) {
  // RFC 9380, Section 5.3.1, with b_in_bytes = 64 and s_in_bytes = 128.
  if (out_size > kXmdSha512MaxOutputBytes || dst_size > kXmdMaxDstBytes) return -1;  // step 2 (65535 > 16320)
  if (out == nullptr && out_size != 0) return -1;
  if (dst == nullptr && dst_size != 0) return -1;
  if (parts == nullptr && part_count != 0) return -1;
  for (std::size_t i = 0; i < part_count; ++i) {
    if (parts[i].data == nullptr && parts[i].size != 0) return -1;
  }
  const std::size_t ell = (out_size + kXmdSha512BlockBytes - 1) / kXmdSha512BlockBytes;  // step 1
  if (ell == 0) return 0;

  static const std::uint8_t kZeroPad[kXmdSha512InputBlockBytes] = {};  // Z_pad = I2OSP(0, s_in_bytes)
  const std::uint8_t lib_str[3] = {static_cast<std::uint8_t>(out_size >> 8),  // l_i_b_str = I2OSP(len, 2)
                                   static_cast<std::uint8_t>(out_size & 0xffu), 0x00};  // || I2OSP(0, 1)

  crypto_hash_sha512_state state;
  std::uint8_t b0[kXmdSha512BlockBytes];
  std::uint8_t bi[kXmdSha512BlockBytes];
  std::uint8_t mixed[kXmdSha512BlockBytes];

  // b_0 = H(Z_pad || msg || l_i_b_str || I2OSP(0, 1) || DST_prime)
  crypto_hash_sha512_init(&state);
  crypto_hash_sha512_update(&state, kZeroPad, sizeof kZeroPad);
  for (std::size_t i = 0; i < part_count; ++i) {
    if (parts[i].size != 0) crypto_hash_sha512_update(&state, parts[i].data, parts[i].size);
  }
  crypto_hash_sha512_update(&state, lib_str, sizeof lib_str);
  update_dst_prime(&state, dst, dst_size);
  crypto_hash_sha512_final(&state, b0);

  // b_1 = H(b_0 || I2OSP(1, 1) || DST_prime); b_i = H(strxor(b_0, b_(i-1)) || I2OSP(i, 1) || DST_prime)
  for (std::size_t i = 1; i <= ell; ++i) {
    if (i == 1) {
      for (std::size_t j = 0; j < sizeof mixed; ++j) mixed[j] = b0[j];
    } else {
      for (std::size_t j = 0; j < sizeof mixed; ++j) mixed[j] = static_cast<std::uint8_t>(b0[j] ^ bi[j]);
    }
    const std::uint8_t counter = static_cast<std::uint8_t>(i);
    crypto_hash_sha512_init(&state);
    crypto_hash_sha512_update(&state, mixed, sizeof mixed);
    crypto_hash_sha512_update(&state, &counter, 1);
    update_dst_prime(&state, dst, dst_size);
    crypto_hash_sha512_final(&state, bi);
    const std::size_t offset = (i - 1) * kXmdSha512BlockBytes;
    const std::size_t take = out_size - offset < kXmdSha512BlockBytes ? out_size - offset : kXmdSha512BlockBytes;
    for (std::size_t j = 0; j < take; ++j) out[offset + j] = bi[j];
  }

  sodium_memzero(&state, sizeof state);
  sodium_memzero(b0, sizeof b0);
  sodium_memzero(bi, sizeof bi);
  sodium_memzero(mixed, sizeof mixed);
  return 0;
}

int expand_message_xmd_sha512(std::uint8_t* out, std::size_t out_size, const std::uint8_t* msg, std::size_t msg_size,
                              const std::uint8_t* dst, std::size_t dst_size) {
  const ByteView part(msg, msg_size);
  return expand_message_xmd_sha512_parts(out, out_size, &part, 1, dst, dst_size);
}

int hash_to_ristretto255(std::uint8_t element[kRistretto255ElementBytes], const ByteView* parts,
                         std::size_t part_count, const std::uint8_t* dst, std::size_t dst_size) {
  std::uint8_t uniform[kRistretto255UniformBytes];
  if (expand_message_xmd_sha512_parts(uniform, sizeof uniform, parts, part_count, dst, dst_size) != 0) return -1;
  crypto_core_ristretto255_from_hash(element, uniform);
  sodium_memzero(uniform, sizeof uniform);
  return 0;
}

int hash_to_scalar_ristretto255(std::uint8_t scalar[kRistretto255ScalarBytes], const ByteView* parts,
                                std::size_t part_count, const std::uint8_t* dst, std::size_t dst_size) {
  std::uint8_t uniform[kRistretto255UniformBytes];
  if (expand_message_xmd_sha512_parts(uniform, sizeof uniform, parts, part_count, dst, dst_size) != 0) return -1;
  crypto_core_ristretto255_scalar_reduce(scalar, uniform);  // little-endian 512-bit integer mod L
  sodium_memzero(uniform, sizeof uniform);
  return 0;
}

}  // namespace breachcheck
