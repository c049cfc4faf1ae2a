// SPDX-License-Identifier: MPL-2.0
// RFC 9497 oblivious pseudorandom functions, suite ristretto255-SHA512: OPRF mode (0x00) and VOPRF mode (0x01,
// with the batched DLEQ proof of Section 2.2). POPRF (0x02) is not implemented. How breachcheck's hardened mode
// uses it: docs/OPRF.md.
//
// libsodium style: small functions over fixed-size byte arrays (sizes below), an int return code (0 = success,
// a negative OprfResult otherwise), no global state. Outputs are written only on success unless noted.
// Secrets (skS, blind, the proof's random scalar, intermediate products) are wiped with sodium_memzero.
//
// Serialisation (RFC 9497 Section 4.1): an element is its 32-byte ristretto255 encoding; deserialising refuses
// non-canonical encodings and the identity. A scalar is 32 bytes little-endian and must be < L (canonical).
// A proof is c || s (64 bytes).
#pragma once

#include <cstddef>
#include <cstdint>

#include "util/byte_view.h"
#include "util/secure_bytes.h"

namespace breachcheck {

enum class OprfMode : std::uint8_t {
  kOprf = 0x00,   // modeOPRF
  kVoprf = 0x01,  // modeVOPRF
};

// Return codes (the RFC's error names). Every failure is negative; test `!= 0`.
enum OprfResult : int {
  kOprfOk = 0,
  kOprfDeserializeError = -1,   // an element or scalar is not a valid canonical encoding, or is the identity
  kOprfInvalidInputError = -2,  // the input hashes to the identity (negligible), or is longer than 65,534 bytes
  kOprfVerifyError = -3,        // the DLEQ proof does not verify
  kOprfDeriveKeyPairError = -4, // DeriveKeyPair found no non-zero scalar in 256 tries
  kOprfInvalidArgument = -5,    // sizes out of range, null pointers, batch size 0, bad mode
};

inline constexpr std::size_t kOprfElementBytes = 32;    // Ne
inline constexpr std::size_t kOprfScalarBytes = 32;     // Ns
inline constexpr std::size_t kOprfSecretKeyBytes = 32;  // skS: a canonical non-zero scalar
inline constexpr std::size_t kOprfPublicKeyBytes = 32;  // pkS = skS * G
inline constexpr std::size_t kOprfProofBytes = 64;      // c || s
inline constexpr std::size_t kOprfOutputBytes = 64;     // Nh (SHA-512)
inline constexpr std::size_t kOprfSeedBytes = 32;       // DeriveKeyPair seed (Ns bytes)
// RFC 9497 Section 5.1: inputs "MUST be smaller than 2^16-1 bytes" (they are framed with I2OSP(len, 2)).
inline constexpr std::size_t kOprfMaxInputBytes = 65534;
inline constexpr std::size_t kOprfMaxKeyInfoBytes = 65534;  // DeriveKeyPair info, same framing
inline constexpr std::size_t kOprfMaxBatchSize = 65536;     // composites index i with I2OSP(i, 2)
inline constexpr char kOprfSuiteId[] = "ristretto255-SHA512";
// "OPRFV1-" (7) || I2OSP(mode, 1) || "-" || "ristretto255-SHA512" (19)
inline constexpr std::size_t kOprfContextStringBytes = 7 + 1 + 1 + (sizeof(kOprfSuiteId) - 1);

using OprfScalar = SecretArray<kOprfScalarBytes>;

// contextString = "OPRFV1-" || I2OSP(mode, 1) || "-ristretto255-SHA512" (the mode is a raw byte).
void oprf_context_string(std::uint8_t out[kOprfContextStringBytes], OprfMode mode);

// DeserializeElement / DeserializeScalar as validity checks: kOprfOk, or kOprfDeserializeError.
int oprf_element_check(const std::uint8_t element[kOprfElementBytes]);       // canonical, not the identity
int oprf_scalar_check(const std::uint8_t scalar[kOprfScalarBytes]);          // canonical (< L); zero allowed
int oprf_secret_key_check(const std::uint8_t secret_key[kOprfSecretKeyBytes]);  // canonical and non-zero

// ---------------------------------------------------------------------------------------------------------
// Keys (Section 3.2)
// ---------------------------------------------------------------------------------------------------------
// GenerateKeyPair: skS = RandomScalar() (non-zero), pkS = skS * G.
int oprf_generate_key_pair(std::uint8_t secret_key[kOprfSecretKeyBytes],
                           std::uint8_t public_key[kOprfPublicKeyBytes]);
// DeriveKeyPair(seed, info) for `mode`'s contextString: deterministic; the counter loop of Section 3.2.1.
int oprf_derive_key_pair(std::uint8_t secret_key[kOprfSecretKeyBytes], std::uint8_t public_key[kOprfPublicKeyBytes],
                         OprfMode mode, const std::uint8_t seed[kOprfSeedBytes], const std::uint8_t* info,
                         std::size_t info_size);
// pkS = skS * G (refuses a non-canonical or zero skS).
int oprf_public_key(std::uint8_t public_key[kOprfPublicKeyBytes], const std::uint8_t secret_key[kOprfSecretKeyBytes]);

// ---------------------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------------------
// Blind(input): blind = RandomScalar(), blindedElement = blind * HashToGroup(input). The same function for both
// modes (HashToGroup's DST depends on the mode). Keep `blind` secret and wipe it after Finalize.
int oprf_blind(std::uint8_t blind[kOprfScalarBytes], std::uint8_t blinded_element[kOprfElementBytes], OprfMode mode,
               const std::uint8_t* input, std::size_t input_size);
// Blind with a caller-chosen scalar (test vectors; deterministic clients). `blind` must be canonical, non-zero.
int oprf_blind_with_scalar(const std::uint8_t blind[kOprfScalarBytes], std::uint8_t blinded_element[kOprfElementBytes],
                           OprfMode mode, const std::uint8_t* input, std::size_t input_size);

// OPRF-mode Finalize: output = Hash(I2OSP(len(input), 2) || input || I2OSP(32, 2) || (blind^-1 * evaluated) ||
// "Finalize"). The evaluated element is deserialised (identity and non-canonical refused).
int oprf_finalize(std::uint8_t output[kOprfOutputBytes], const std::uint8_t* input, std::size_t input_size,
                  const std::uint8_t blind[kOprfScalarBytes], const std::uint8_t evaluated_element[kOprfElementBytes]);

// VOPRF-mode Finalize: VerifyProof(G, pkS, [blinded], [evaluated], proof) first (kOprfVerifyError if it fails),
// then as oprf_finalize.
int voprf_finalize(std::uint8_t output[kOprfOutputBytes], const std::uint8_t* input, std::size_t input_size,
                   const std::uint8_t blind[kOprfScalarBytes], const std::uint8_t evaluated_element[kOprfElementBytes],
                   const std::uint8_t blinded_element[kOprfElementBytes],
                   const std::uint8_t public_key[kOprfPublicKeyBytes], const std::uint8_t proof[kOprfProofBytes]);

// Batched VOPRF Finalize: one proof over `count` pairs. Arrays are packed: blinds, evaluated and blinded elements
// 32 bytes each, outputs 64 bytes each. Nothing is written unless the proof verifies and every pair finalises.
int voprf_finalize_batch(std::uint8_t* outputs, const ByteView* inputs, const std::uint8_t* blinds,
                         const std::uint8_t* evaluated_elements, const std::uint8_t* blinded_elements,
                         std::size_t count, const std::uint8_t public_key[kOprfPublicKeyBytes],
                         const std::uint8_t proof[kOprfProofBytes]);

// ---------------------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------------------
// OPRF-mode BlindEvaluate: evaluatedElement = skS * blindedElement (the blinded element is deserialised first).
int oprf_blind_evaluate(std::uint8_t evaluated_element[kOprfElementBytes],
                        const std::uint8_t secret_key[kOprfSecretKeyBytes],
                        const std::uint8_t blinded_element[kOprfElementBytes]);

// VOPRF-mode BlindEvaluate: evaluated element plus GenerateProof(skS, G, pkS, [blinded], [evaluated]).
int voprf_blind_evaluate(std::uint8_t evaluated_element[kOprfElementBytes], std::uint8_t proof[kOprfProofBytes],
                         const std::uint8_t secret_key[kOprfSecretKeyBytes],
                         const std::uint8_t public_key[kOprfPublicKeyBytes],
                         const std::uint8_t blinded_element[kOprfElementBytes]);

// Batched VOPRF BlindEvaluate: `count` packed blinded elements in, `count` packed evaluated elements and one
// proof out. `proof_random_scalar` is the proof's r: nullptr draws a fresh one (always, in production); a value
// is for the RFC's test vectors only and must be canonical and non-zero.
int voprf_blind_evaluate_batch(std::uint8_t* evaluated_elements, std::uint8_t proof[kOprfProofBytes],
                               const std::uint8_t secret_key[kOprfSecretKeyBytes],
                               const std::uint8_t public_key[kOprfPublicKeyBytes],
                               const std::uint8_t* blinded_elements, std::size_t count,
                               const std::uint8_t* proof_random_scalar = nullptr);

// Evaluate(skS, input): the PRF computed directly by whoever holds the key (the data set builder). Same output as
// Blind + BlindEvaluate + Finalize with the same mode and key.
int oprf_evaluate(std::uint8_t output[kOprfOutputBytes], OprfMode mode,
                  const std::uint8_t secret_key[kOprfSecretKeyBytes], const std::uint8_t* input,
                  std::size_t input_size);

// ---------------------------------------------------------------------------------------------------------
// DLEQ proofs (Section 2.2): prove / verify k*A == B and k*C[i] == D[i] for all i < count, for `mode`'s
// contextString. C and D are packed arrays of `count` elements. r as in voprf_blind_evaluate_batch.
// ---------------------------------------------------------------------------------------------------------
int oprf_dleq_generate_proof(std::uint8_t proof[kOprfProofBytes], OprfMode mode, const std::uint8_t k[kOprfScalarBytes],
                             const std::uint8_t a[kOprfElementBytes], const std::uint8_t b[kOprfElementBytes],
                             const std::uint8_t* c, const std::uint8_t* d, std::size_t count,
                             const std::uint8_t* proof_random_scalar = nullptr);
int oprf_dleq_verify_proof(OprfMode mode, const std::uint8_t a[kOprfElementBytes],
                           const std::uint8_t b[kOprfElementBytes], const std::uint8_t* c, const std::uint8_t* d,
                           std::size_t count, const std::uint8_t proof[kOprfProofBytes]);

// ---------------------------------------------------------------------------------------------------------
// breachcheck hardened mode (docs/OPRF.md): the 32-byte seed that replaces the Argon2id output before the
// crypto_kdf sub-key derivation: seed = BLAKE2b-256("breachcheck:oprf-seed:v1\0" || OPRF output).
// ---------------------------------------------------------------------------------------------------------
inline constexpr char kOprfSeedLabel[] = "breachcheck:oprf-seed:v1";  // hashed with its terminating NUL (25 bytes)
inline constexpr std::size_t kOprfDerivedSeedBytes = 32;
void oprf_output_to_seed(std::uint8_t seed[kOprfDerivedSeedBytes], const std::uint8_t output[kOprfOutputBytes]);

}  // namespace breachcheck
