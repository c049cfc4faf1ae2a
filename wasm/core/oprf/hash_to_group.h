// SPDX-License-Identifier: MPL-2.0
// RFC 9380 expand_message_xmd with SHA-512 (Section 5.3.1), and the two ristretto255 hashes RFC 9497 builds on
// it: hash_to_ristretto255 (RFC 9380 / RFC 9496 one-way map) and HashToScalar (64 uniform bytes reduced mod L).
// libsodium 1.0.18 provides the one-way map (crypto_core_ristretto255_from_hash) and the 512-bit reduction
// (crypto_core_ristretto255_scalar_reduce) but not the expander; this file supplies it. docs/OPRF.md.
//
// libsodium style: fixed-size outputs through pointers, 0 on success, -1 on a refused argument, no global state.
// Every intermediate digest and hash state is wiped (inputs may be secret: an Argon2id output, a key seed).
#pragma once

#include <cstddef>
#include <cstdint>

#include "util/byte_view.h"

namespace breachcheck {

inline constexpr std::size_t kXmdSha512BlockBytes = 64;                                // b_in_bytes
inline constexpr std::size_t kXmdSha512InputBlockBytes = 128;                          // s_in_bytes (Z_pad)
inline constexpr std::size_t kXmdMaxDstBytes = 255;                                    // len(DST) <= 255
inline constexpr std::size_t kXmdSha512MaxOutputBytes = 255 * kXmdSha512BlockBytes;   // ell <= 255: 16,320

inline constexpr std::size_t kRistretto255ElementBytes = 32;  // crypto_core_ristretto255_BYTES
inline constexpr std::size_t kRistretto255ScalarBytes = 32;   // crypto_core_ristretto255_SCALARBYTES
inline constexpr std::size_t kRistretto255UniformBytes = 64;  // crypto_core_ristretto255_HASHBYTES

// uniform_bytes = expand_message_xmd(msg, DST, out_size) with H = SHA-512.
// Returns -1 (and writes nothing) when out_size > 16,320 (ell > 255) or dst_size > 255 (RFC 9380 aborts; the
// oversize-DST variant of Section 5.3.3 is not needed by any tag this project uses). out_size = 0 is allowed.
int expand_message_xmd_sha512(std::uint8_t* out, std::size_t out_size, const std::uint8_t* msg, std::size_t msg_size,
                              const std::uint8_t* dst, std::size_t dst_size);

// The same, with msg given as the concatenation of `part_count` parts (no copy of secret inputs is made).
int expand_message_xmd_sha512_parts(std::uint8_t* out, std::size_t out_size, const ByteView* parts,
                                    std::size_t part_count, const std::uint8_t* dst, std::size_t dst_size);

// hash_to_ristretto255(msg) = crypto_core_ristretto255_from_hash(expand_message_xmd(msg, DST, 64)).
// The result may in principle be the identity (probability ~2^-252); callers that must refuse it check.
int hash_to_ristretto255(std::uint8_t element[kRistretto255ElementBytes], const ByteView* parts,
                         std::size_t part_count, const std::uint8_t* dst, std::size_t dst_size);

// HashToScalar as RFC 9497 defines it for ristretto255: 64 bytes of expand_message_xmd, read little-endian,
// reduced modulo the group order L. Output is canonical (< L), possibly zero.
int hash_to_scalar_ristretto255(std::uint8_t scalar[kRistretto255ScalarBytes], const ByteView* parts,
                                std::size_t part_count, const std::uint8_t* dst, std::size_t dst_size);

}  // namespace breachcheck
