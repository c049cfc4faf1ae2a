// SPDX-License-Identifier: MPL-2.0
// RFC 9497, ristretto255-SHA512, on libsodium 1.0.18. Section numbers below are RFC 9497's.
#include "oprf/oprf.h"

#include <sodium.h>

#include <cstring>
#include <vector>

#include "oprf/hash_to_group.h"

namespace breachcheck {

static_assert(kOprfContextStringBytes == 28, "contextString for ristretto255-SHA512 is 28 bytes");
static_assert(crypto_hash_sha512_BYTES == kOprfOutputBytes, "Nh = 64");
static_assert(crypto_scalarmult_ristretto255_BYTES == kOprfElementBytes, "Ne = 32");
static_assert(crypto_scalarmult_ristretto255_SCALARBYTES == kOprfScalarBytes, "Ns = 32");

namespace {

constexpr std::size_t kNe = kOprfElementBytes;
constexpr std::size_t kNs = kOprfScalarBytes;

// A scalar that wipes itself (blind inverses, products with skS, the proof's r).
struct Scalar {
  std::uint8_t b[kNs] = {};
  ~Scalar() { sodium_memzero(b, sizeof b); }
};

// An element that wipes itself (unblinded elements are as sensitive as the output).
struct Element {
  std::uint8_t b[kNe] = {};
  ~Element() { sodium_memzero(b, sizeof b); }
};

void i2osp2(std::uint8_t out[2], std::size_t value) {
  out[0] = static_cast<std::uint8_t>((value >> 8) & 0xffu);
  out[1] = static_cast<std::uint8_t>(value & 0xffu);
}

bool valid_mode(OprfMode mode) { return mode == OprfMode::kOprf || mode == OprfMode::kVoprf; }

// label || contextString, for the DSTs ("HashToGroup-", "HashToScalar-", "DeriveKeyPair") and seedDST ("Seed-").
struct Tag {
  std::uint8_t bytes[32 + kOprfContextStringBytes] = {};
  std::size_t size = 0;
  Tag(const char* label, OprfMode mode) {
    const std::size_t n = std::strlen(label);
    std::memcpy(bytes, label, n);
    oprf_context_string(bytes + n, mode);
    size = n + kOprfContextStringBytes;
  }
};

bool is_identity(const std::uint8_t element[kNe]) { return sodium_is_zero(element, kNe) == 1; }

bool scalar_is_canonical(const std::uint8_t s[kNs]) {
  // s < L  <=>  reducing s (zero-extended to 512 bits) gives s back. Constant time.
  std::uint8_t wide[crypto_core_ristretto255_NONREDUCEDSCALARBYTES] = {};
  std::uint8_t reduced[kNs];
  std::memcpy(wide, s, kNs);
  crypto_core_ristretto255_scalar_reduce(reduced, wide);
  const bool ok = sodium_memcmp(reduced, s, kNs) == 0;
  sodium_memzero(wide, sizeof wide);
  sodium_memzero(reduced, sizeof reduced);
  return ok;
}

bool scalar_is_nonzero_canonical(const std::uint8_t s[kNs]) {
  return scalar_is_canonical(s) && sodium_is_zero(s, kNs) == 0;
}

// out = s * P for an encoding P already known to decode (identity allowed). libsodium returns -1 and writes the
// identity (32 zero bytes) when the product is the identity; that is a legitimate value inside the proof maths.
void mul(std::uint8_t out[kNe], const std::uint8_t s[kNs], const std::uint8_t p[kNe]) {
  if (crypto_scalarmult_ristretto255(out, s, p) != 0 && crypto_core_ristretto255_is_valid_point(p) != 1) {
    std::memset(out, 0, kNe);  // unreachable for our callers (points are validated or computed); fail closed
  }
}

void mul_base(std::uint8_t out[kNe], const std::uint8_t s[kNs]) {
  (void)crypto_scalarmult_ristretto255_base(out, s);  // zero scalar: identity, written as zeros
}

void add(std::uint8_t out[kNe], const std::uint8_t p[kNe], const std::uint8_t q[kNe]) {
  if (crypto_core_ristretto255_add(out, p, q) != 0) std::memset(out, 0, kNe);  // inputs always decode
}

// The ristretto255 generator's canonical encoding (RFC 9496, section 4.4: B); the RFC 9497 proof vectors in
// test_oprf fail with any other value. A constant rather than 1 * G computed here: the fixed-base routine pulls in libsodium's precomputed
// table (~30 KB of the wasm, brotli), which the browser's only base-point product (in VerifyProof) does not need.
constexpr std::uint8_t kGenerator[kNe] = {0xe2, 0xf2, 0xae, 0x0a, 0x6a, 0xbc, 0x4e, 0x71, 0xa8, 0x84, 0xa9,
                                          0x61, 0xc5, 0x00, 0x51, 0x5f, 0x58, 0xe3, 0x0b, 0x6a, 0xa5, 0x82,
                                          0xdd, 0x8d, 0xb6, 0xa6, 0x59, 0x45, 0xe0, 0x8d, 0x2d, 0x76};

const std::uint8_t* generator() { return kGenerator; }

// s * A, using the fixed-base routine when A is the generator.
void mul_maybe_base(std::uint8_t out[kNe], const std::uint8_t s[kNs], const std::uint8_t a[kNe]) {
  if (std::memcmp(a, generator(), kNe) == 0) {
    mul_base(out, s);
  } else {
    mul(out, s, a);
  }
}

int hash_to_group(std::uint8_t out[kNe], OprfMode mode, const std::uint8_t* input, std::size_t input_size) {
  const Tag dst("HashToGroup-", mode);
  const ByteView part(input, input_size);
  if (hash_to_ristretto255(out, &part, 1, dst.bytes, dst.size) != 0) return kOprfInvalidArgument;
  return kOprfOk;
}

int hash_to_scalar(std::uint8_t out[kNs], OprfMode mode, const ByteView* parts, std::size_t count) {
  const Tag dst("HashToScalar-", mode);
  if (hash_to_scalar_ristretto255(out, parts, count, dst.bytes, dst.size) != 0) return kOprfInvalidArgument;
  return kOprfOk;
}

bool input_ok(const std::uint8_t* input, std::size_t input_size) {
  return input_size <= kOprfMaxInputBytes && (input != nullptr || input_size == 0);
}

// Hash(I2OSP(len(input), 2) || input || I2OSP(len(element), 2) || element || "Finalize")
void finalize_hash(std::uint8_t output[kOprfOutputBytes], const std::uint8_t* input, std::size_t input_size,
                   const std::uint8_t element[kNe]) {
  std::uint8_t len_input[2];
  std::uint8_t len_element[2];
  i2osp2(len_input, input_size);
  i2osp2(len_element, kNe);
  static const char kFinalize[] = "Finalize";
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  crypto_hash_sha512_update(&state, len_input, 2);
  if (input_size != 0) crypto_hash_sha512_update(&state, input, input_size);
  crypto_hash_sha512_update(&state, len_element, 2);
  crypto_hash_sha512_update(&state, element, kNe);
  crypto_hash_sha512_update(&state, reinterpret_cast<const std::uint8_t*>(kFinalize), sizeof kFinalize - 1);
  crypto_hash_sha512_final(&state, output);
  sodium_memzero(&state, sizeof state);
}

// ComputeComposites (k == nullptr) and ComputeCompositesFast (k = the server's key), Section 2.2.1 / 2.2.2.
void compute_composites(std::uint8_t m_out[kNe], std::uint8_t z_out[kNe], OprfMode mode, const std::uint8_t* k,
                        const std::uint8_t b[kNe], const std::uint8_t* c, const std::uint8_t* d,
                        std::size_t count) {
  const Tag seed_dst("Seed-", mode);
  std::uint8_t len_ne[2];
  std::uint8_t len_seed_dst[2];
  i2osp2(len_ne, kNe);
  i2osp2(len_seed_dst, seed_dst.size);

  // seed = Hash(I2OSP(len(Bm), 2) || Bm || I2OSP(len(seedDST), 2) || seedDST)
  std::uint8_t seed[crypto_hash_sha512_BYTES];
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  crypto_hash_sha512_update(&state, len_ne, 2);
  crypto_hash_sha512_update(&state, b, kNe);
  crypto_hash_sha512_update(&state, len_seed_dst, 2);
  crypto_hash_sha512_update(&state, seed_dst.bytes, seed_dst.size);
  crypto_hash_sha512_final(&state, seed);
  sodium_memzero(&state, sizeof state);

  std::uint8_t len_seed[2];
  i2osp2(len_seed, sizeof seed);
  static const char kComposite[] = "Composite";

  Element m;  // identity
  Element z;  // identity
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint8_t* ci = c + i * kNe;
    const std::uint8_t* di_element = d + i * kNe;
    std::uint8_t index[2];
    i2osp2(index, i);
    // compositeTranscript = I2OSP(len(seed), 2) || seed || I2OSP(i, 2) || I2OSP(len(Ci), 2) || Ci ||
    //                       I2OSP(len(Di), 2) || Di || "Composite"
    const ByteView transcript[] = {
        {len_seed, 2}, {seed, sizeof seed}, {index, 2},  {len_ne, 2}, {ci, kNe},
        {len_ne, 2},   {di_element, kNe},   {reinterpret_cast<const std::uint8_t*>(kComposite), sizeof kComposite - 1},
    };
    Scalar di;
    (void)hash_to_scalar(di.b, mode, transcript, sizeof transcript / sizeof transcript[0]);
    Element term;
    mul(term.b, di.b, ci);
    add(m.b, term.b, m.b);  // M = di * C[i] + M
    if (k == nullptr) {
      mul(term.b, di.b, di_element);
      add(z.b, term.b, z.b);  // Z = di * D[i] + Z
    }
  }
  if (k != nullptr) mul(z.b, k, m.b);  // Z = k * M
  std::memcpy(m_out, m.b, kNe);
  std::memcpy(z_out, z.b, kNe);
}

// c = HashToScalar(I2OSP(32, 2) || Bm || I2OSP(32, 2) || a0 || ... || I2OSP(32, 2) || a3 || "Challenge")
void challenge(std::uint8_t c_out[kNs], OprfMode mode, const std::uint8_t b[kNe], const std::uint8_t m[kNe],
               const std::uint8_t z[kNe], const std::uint8_t t2[kNe], const std::uint8_t t3[kNe]) {
  std::uint8_t len_ne[2];
  i2osp2(len_ne, kNe);
  static const char kChallenge[] = "Challenge";
  const ByteView transcript[] = {
      {len_ne, 2}, {b, kNe},  {len_ne, 2}, {m, kNe},  {len_ne, 2},
      {z, kNe},    {len_ne, 2}, {t2, kNe}, {len_ne, 2}, {t3, kNe},
      {reinterpret_cast<const std::uint8_t*>(kChallenge), sizeof kChallenge - 1},
  };
  (void)hash_to_scalar(c_out, mode, transcript, sizeof transcript / sizeof transcript[0]);
}

int check_elements(const std::uint8_t* packed, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    if (oprf_element_check(packed + i * kNe) != kOprfOk) return kOprfDeserializeError;
  }
  return kOprfOk;
}

// The unblinding step shared by both Finalize variants.
int finalize_one(std::uint8_t output[kOprfOutputBytes], const std::uint8_t* input, std::size_t input_size,
                 const std::uint8_t blind[kNs], const std::uint8_t evaluated_element[kNe]) {
  if (!input_ok(input, input_size)) return kOprfInvalidInputError;
  if (oprf_element_check(evaluated_element) != kOprfOk) return kOprfDeserializeError;
  if (!scalar_is_nonzero_canonical(blind)) return kOprfDeserializeError;
  Scalar inverse;
  if (crypto_core_ristretto255_scalar_invert(inverse.b, blind) != 0) return kOprfDeserializeError;
  Element unblinded;
  mul(unblinded.b, inverse.b, evaluated_element);  // N = blind^-1 * evaluatedElement
  finalize_hash(output, input, input_size, unblinded.b);
  return kOprfOk;
}

}  // namespace

void oprf_context_string(std::uint8_t out[kOprfContextStringBytes], OprfMode mode) {
  std::memcpy(out, "OPRFV1-", 7);
  out[7] = static_cast<std::uint8_t>(mode);
  out[8] = '-';
  std::memcpy(out + 9, kOprfSuiteId, sizeof kOprfSuiteId - 1);
}

int oprf_element_check(const std::uint8_t element[kOprfElementBytes]) {
  if (element == nullptr) return kOprfInvalidArgument;
  // libsodium 1.0.18's ristretto255 decoder ignores bit 255 (ristretto255_is_canonical masks s[31] with 0x7f), so
  // it accepts a second encoding of every point. RFC 9496 4.3.1 requires s < p: refuse the high bit ourselves.
  if ((element[kNe - 1] & 0x80u) != 0) return kOprfDeserializeError;
  if (crypto_core_ristretto255_is_valid_point(element) != 1) return kOprfDeserializeError;  // s < p, s >= 0, ...
  if (is_identity(element)) return kOprfDeserializeError;  // libsodium accepts the identity; RFC 9497 does not
  return kOprfOk;
}

int oprf_scalar_check(const std::uint8_t scalar[kOprfScalarBytes]) {
  if (scalar == nullptr) return kOprfInvalidArgument;
  return scalar_is_canonical(scalar) ? kOprfOk : kOprfDeserializeError;
}

int oprf_secret_key_check(const std::uint8_t secret_key[kOprfSecretKeyBytes]) {
  if (secret_key == nullptr) return kOprfInvalidArgument;
  return scalar_is_nonzero_canonical(secret_key) ? kOprfOk : kOprfDeserializeError;
}

int oprf_generate_key_pair(std::uint8_t secret_key[kOprfSecretKeyBytes], std::uint8_t public_key[kOprfPublicKeyBytes]) {
  if (secret_key == nullptr || public_key == nullptr) return kOprfInvalidArgument;
  Scalar sk;
  crypto_core_ristretto255_scalar_random(sk.b);  // uniform in [1, L-1]
  mul_base(public_key, sk.b);
  std::memcpy(secret_key, sk.b, kNs);
  return kOprfOk;
}

int oprf_derive_key_pair(std::uint8_t secret_key[kOprfSecretKeyBytes], std::uint8_t public_key[kOprfPublicKeyBytes],
                         OprfMode mode, const std::uint8_t seed[kOprfSeedBytes], const std::uint8_t* info,
                         std::size_t info_size) {
  if (secret_key == nullptr || public_key == nullptr || seed == nullptr || !valid_mode(mode)) {
    return kOprfInvalidArgument;
  }
  if (info_size > kOprfMaxKeyInfoBytes || (info == nullptr && info_size != 0)) return kOprfInvalidArgument;
  // deriveInput = seed || I2OSP(len(info), 2) || info; skS = HashToScalar(deriveInput || I2OSP(counter, 1),
  // DST = "DeriveKeyPair" || contextString) until non-zero, counter <= 255.
  const Tag dst("DeriveKeyPair", mode);
  std::uint8_t len_info[2];
  i2osp2(len_info, info_size);
  Scalar sk;
  for (unsigned counter = 0; counter <= 255; ++counter) {
    const std::uint8_t counter_byte = static_cast<std::uint8_t>(counter);
    const ByteView parts[] = {{seed, kOprfSeedBytes}, {len_info, 2}, {info, info_size}, {&counter_byte, 1}};
    if (hash_to_scalar_ristretto255(sk.b, parts, 4, dst.bytes, dst.size) != 0) return kOprfInvalidArgument;
    if (sodium_is_zero(sk.b, kNs) == 0) {
      mul_base(public_key, sk.b);
      std::memcpy(secret_key, sk.b, kNs);
      return kOprfOk;
    }
  }
  return kOprfDeriveKeyPairError;
}

int oprf_public_key(std::uint8_t public_key[kOprfPublicKeyBytes], const std::uint8_t secret_key[kOprfSecretKeyBytes]) {
  if (public_key == nullptr) return kOprfInvalidArgument;
  const int rc = oprf_secret_key_check(secret_key);
  if (rc != kOprfOk) return rc;
  mul_base(public_key, secret_key);
  return kOprfOk;
}

int oprf_blind_with_scalar(const std::uint8_t blind[kOprfScalarBytes], std::uint8_t blinded_element[kOprfElementBytes],
                           OprfMode mode, const std::uint8_t* input, std::size_t input_size) {
  if (blind == nullptr || blinded_element == nullptr || !valid_mode(mode)) return kOprfInvalidArgument;
  if (!input_ok(input, input_size)) return kOprfInvalidInputError;  // Finalize could not frame it
  if (!scalar_is_nonzero_canonical(blind)) return kOprfDeserializeError;
  Element input_element;
  if (hash_to_group(input_element.b, mode, input, input_size) != kOprfOk) return kOprfInvalidArgument;
  if (is_identity(input_element.b)) return kOprfInvalidInputError;
  mul(blinded_element, blind, input_element.b);
  return kOprfOk;
}

int oprf_blind(std::uint8_t blind[kOprfScalarBytes], std::uint8_t blinded_element[kOprfElementBytes], OprfMode mode,
               const std::uint8_t* input, std::size_t input_size) {
  if (blind == nullptr || blinded_element == nullptr) return kOprfInvalidArgument;
  Scalar fresh;
  crypto_core_ristretto255_scalar_random(fresh.b);  // RandomScalar(): uniform, non-zero
  const int rc = oprf_blind_with_scalar(fresh.b, blinded_element, mode, input, input_size);
  if (rc == kOprfOk) std::memcpy(blind, fresh.b, kNs);
  return rc;
}

int oprf_finalize(std::uint8_t output[kOprfOutputBytes], const std::uint8_t* input, std::size_t input_size,
                  const std::uint8_t blind[kOprfScalarBytes], const std::uint8_t evaluated_element[kOprfElementBytes]) {
  if (output == nullptr || blind == nullptr || evaluated_element == nullptr) return kOprfInvalidArgument;
  return finalize_one(output, input, input_size, blind, evaluated_element);
}

int voprf_finalize(std::uint8_t output[kOprfOutputBytes], const std::uint8_t* input, std::size_t input_size,
                   const std::uint8_t blind[kOprfScalarBytes], const std::uint8_t evaluated_element[kOprfElementBytes],
                   const std::uint8_t blinded_element[kOprfElementBytes],
                   const std::uint8_t public_key[kOprfPublicKeyBytes], const std::uint8_t proof[kOprfProofBytes]) {
  const ByteView one_input(input, input_size);
  return voprf_finalize_batch(output, &one_input, blind, evaluated_element, blinded_element, 1, public_key, proof);
}

int voprf_finalize_batch(std::uint8_t* outputs, const ByteView* inputs, const std::uint8_t* blinds,
                         const std::uint8_t* evaluated_elements, const std::uint8_t* blinded_elements,
                         std::size_t count, const std::uint8_t public_key[kOprfPublicKeyBytes],
                         const std::uint8_t proof[kOprfProofBytes]) {
  if (outputs == nullptr || inputs == nullptr || blinds == nullptr || evaluated_elements == nullptr ||
      blinded_elements == nullptr || public_key == nullptr || proof == nullptr) {
    return kOprfInvalidArgument;
  }
  if (count == 0 || count > kOprfMaxBatchSize) return kOprfInvalidArgument;
  for (std::size_t i = 0; i < count; ++i) {
    if (!input_ok(inputs[i].data, inputs[i].size)) return kOprfInvalidInputError;
  }
  const int verified = oprf_dleq_verify_proof(OprfMode::kVoprf, generator(), public_key, blinded_elements,
                                              evaluated_elements, count, proof);
  if (verified != kOprfOk) return verified;
  SecretBytes staged(count * kOprfOutputBytes);
  for (std::size_t i = 0; i < count; ++i) {
    const int rc = finalize_one(staged.data() + i * kOprfOutputBytes, inputs[i].data, inputs[i].size,
                                blinds + i * kNs, evaluated_elements + i * kNe);
    if (rc != kOprfOk) return rc;
  }
  std::memcpy(outputs, staged.data(), staged.size());
  return kOprfOk;
}

int oprf_blind_evaluate(std::uint8_t evaluated_element[kOprfElementBytes],
                        const std::uint8_t secret_key[kOprfSecretKeyBytes],
                        const std::uint8_t blinded_element[kOprfElementBytes]) {
  if (evaluated_element == nullptr || secret_key == nullptr || blinded_element == nullptr) {
    return kOprfInvalidArgument;
  }
  if (oprf_secret_key_check(secret_key) != kOprfOk) return kOprfInvalidArgument;
  if (oprf_element_check(blinded_element) != kOprfOk) return kOprfDeserializeError;
  mul(evaluated_element, secret_key, blinded_element);
  return kOprfOk;
}

int voprf_blind_evaluate(std::uint8_t evaluated_element[kOprfElementBytes], std::uint8_t proof[kOprfProofBytes],
                         const std::uint8_t secret_key[kOprfSecretKeyBytes],
                         const std::uint8_t public_key[kOprfPublicKeyBytes],
                         const std::uint8_t blinded_element[kOprfElementBytes]) {
  return voprf_blind_evaluate_batch(evaluated_element, proof, secret_key, public_key, blinded_element, 1, nullptr);
}

int voprf_blind_evaluate_batch(std::uint8_t* evaluated_elements, std::uint8_t proof[kOprfProofBytes],
                               const std::uint8_t secret_key[kOprfSecretKeyBytes],
                               const std::uint8_t public_key[kOprfPublicKeyBytes],
                               const std::uint8_t* blinded_elements, std::size_t count,
                               const std::uint8_t* proof_random_scalar) {
  if (evaluated_elements == nullptr || proof == nullptr || secret_key == nullptr || public_key == nullptr ||
      blinded_elements == nullptr) {
    return kOprfInvalidArgument;
  }
  if (count == 0 || count > kOprfMaxBatchSize) return kOprfInvalidArgument;
  if (oprf_secret_key_check(secret_key) != kOprfOk) return kOprfInvalidArgument;
  if (oprf_element_check(public_key) != kOprfOk) return kOprfInvalidArgument;
  if (check_elements(blinded_elements, count) != kOprfOk) return kOprfDeserializeError;
  std::vector<std::uint8_t> evaluated(count * kNe);
  for (std::size_t i = 0; i < count; ++i) mul(evaluated.data() + i * kNe, secret_key, blinded_elements + i * kNe);
  const int rc = oprf_dleq_generate_proof(proof, OprfMode::kVoprf, secret_key, generator(), public_key,
                                          blinded_elements, evaluated.data(), count, proof_random_scalar);
  if (rc != kOprfOk) return rc;
  std::memcpy(evaluated_elements, evaluated.data(), evaluated.size());
  return kOprfOk;
}

int oprf_evaluate(std::uint8_t output[kOprfOutputBytes], OprfMode mode,
                  const std::uint8_t secret_key[kOprfSecretKeyBytes], const std::uint8_t* input,
                  std::size_t input_size) {
  if (output == nullptr || secret_key == nullptr || !valid_mode(mode)) return kOprfInvalidArgument;
  if (!input_ok(input, input_size)) return kOprfInvalidInputError;
  if (oprf_secret_key_check(secret_key) != kOprfOk) return kOprfInvalidArgument;
  Element input_element;
  if (hash_to_group(input_element.b, mode, input, input_size) != kOprfOk) return kOprfInvalidArgument;
  if (is_identity(input_element.b)) return kOprfInvalidInputError;
  Element evaluated;
  mul(evaluated.b, secret_key, input_element.b);
  finalize_hash(output, input, input_size, evaluated.b);
  return kOprfOk;
}

int oprf_dleq_generate_proof(std::uint8_t proof[kOprfProofBytes], OprfMode mode, const std::uint8_t k[kOprfScalarBytes],
                             const std::uint8_t a[kOprfElementBytes], const std::uint8_t b[kOprfElementBytes],
                             const std::uint8_t* c, const std::uint8_t* d, std::size_t count,
                             const std::uint8_t* proof_random_scalar) {
  if (proof == nullptr || k == nullptr || a == nullptr || b == nullptr || c == nullptr || d == nullptr ||
      !valid_mode(mode)) {
    return kOprfInvalidArgument;
  }
  if (count == 0 || count > kOprfMaxBatchSize) return kOprfInvalidArgument;
  if (!scalar_is_canonical(k)) return kOprfInvalidArgument;
  if (oprf_element_check(a) != kOprfOk || oprf_element_check(b) != kOprfOk) return kOprfDeserializeError;
  if (check_elements(c, count) != kOprfOk || check_elements(d, count) != kOprfOk) return kOprfDeserializeError;

  Element m;
  Element z;
  compute_composites(m.b, z.b, mode, k, b, c, d, count);  // ComputeCompositesFast

  Scalar r;
  if (proof_random_scalar != nullptr) {
    if (!scalar_is_nonzero_canonical(proof_random_scalar)) return kOprfInvalidArgument;
    std::memcpy(r.b, proof_random_scalar, kNs);
  } else {
    crypto_core_ristretto255_scalar_random(r.b);
  }
  Element t2;
  Element t3;
  mul_maybe_base(t2.b, r.b, a);  // t2 = r * A
  mul(t3.b, r.b, m.b);           // t3 = r * M

  Scalar challenge_scalar;
  challenge(challenge_scalar.b, mode, b, m.b, z.b, t2.b, t3.b);
  Scalar ck;
  Scalar s;
  crypto_core_ristretto255_scalar_mul(ck.b, challenge_scalar.b, k);
  crypto_core_ristretto255_scalar_sub(s.b, r.b, ck.b);  // s = r - c * k
  std::memcpy(proof, challenge_scalar.b, kNs);
  std::memcpy(proof + kNs, s.b, kNs);
  return kOprfOk;
}

int oprf_dleq_verify_proof(OprfMode mode, const std::uint8_t a[kOprfElementBytes],
                           const std::uint8_t b[kOprfElementBytes], const std::uint8_t* c, const std::uint8_t* d,
                           std::size_t count, const std::uint8_t proof[kOprfProofBytes]) {
  if (a == nullptr || b == nullptr || c == nullptr || d == nullptr || proof == nullptr || !valid_mode(mode)) {
    return kOprfInvalidArgument;
  }
  if (count == 0 || count > kOprfMaxBatchSize) return kOprfInvalidArgument;
  const std::uint8_t* proof_c = proof;
  const std::uint8_t* proof_s = proof + kNs;
  if (!scalar_is_canonical(proof_c) || !scalar_is_canonical(proof_s)) return kOprfDeserializeError;
  if (oprf_element_check(a) != kOprfOk || oprf_element_check(b) != kOprfOk) return kOprfDeserializeError;
  if (check_elements(c, count) != kOprfOk || check_elements(d, count) != kOprfOk) return kOprfDeserializeError;

  Element m;
  Element z;
  compute_composites(m.b, z.b, mode, nullptr, b, c, d, count);

  Element left;
  Element right;
  Element t2;
  Element t3;
  mul(left.b, proof_s, a);  // t2 = s * A + c * B (variable base even for G: see kGenerator)
  mul(right.b, proof_c, b);
  add(t2.b, left.b, right.b);
  mul(left.b, proof_s, m.b);           // t3 = s * M + c * Z
  mul(right.b, proof_c, z.b);
  add(t3.b, left.b, right.b);

  Scalar expected;
  challenge(expected.b, mode, b, m.b, z.b, t2.b, t3.b);
  return sodium_memcmp(expected.b, proof_c, kNs) == 0 ? kOprfOk : kOprfVerifyError;
}

void oprf_output_to_seed(std::uint8_t seed[kOprfDerivedSeedBytes], const std::uint8_t output[kOprfOutputBytes]) {
  static_assert(kOprfDerivedSeedBytes == crypto_generichash_BYTES, "BLAKE2b-256");
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, kOprfDerivedSeedBytes);
  crypto_generichash_update(&state, reinterpret_cast<const std::uint8_t*>(kOprfSeedLabel), sizeof kOprfSeedLabel);
  crypto_generichash_update(&state, output, kOprfOutputBytes);
  crypto_generichash_final(&state, seed, kOprfDerivedSeedBytes);
  sodium_memzero(&state, sizeof state);
}

}  // namespace breachcheck
