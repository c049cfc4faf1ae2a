// SPDX-License-Identifier: MPL-2.0
#include "format/payload.h"

#include <sodium.h>

namespace breachcheck {
namespace {

// 24-byte XChaCha20 nonce, fixed: each payload key encrypts exactly one payload (docs/FORMAT.md).
constexpr unsigned char kPayloadNonce[crypto_stream_xchacha20_NONCEBYTES] = "breachcheck:payload:v1\0";

void xor_keystream(std::uint8_t* bytes, const LookupKeys& keys) {
  crypto_stream_xchacha20_xor(bytes, bytes, kPayloadSize, kPayloadNonce, keys.payload_key.data());
}

}  // namespace

EncryptedPayload encrypt_payload(const RecordPayload& payload, const LookupKeys& keys) {
  EncryptedPayload out{kPayloadMarker,
                       payload.operators,
                       payload.flags,
                       0,
                       static_cast<std::uint8_t>(payload.categories),
                       static_cast<std::uint8_t>(payload.categories >> 8),
                       static_cast<std::uint8_t>(payload.categories >> 16),
                       static_cast<std::uint8_t>(payload.categories >> 24)};
  xor_keystream(out.data(), keys);
  return out;
}

std::optional<RecordPayload> decrypt_payload(const EncryptedPayload& encrypted, const LookupKeys& keys,
                                             std::size_t category_count, unsigned operator_bit_limit) {
  EncryptedPayload plain = encrypted;
  xor_keystream(plain.data(), keys);
  RecordPayload payload;
  payload.operators = plain[1];
  payload.flags = plain[2];
  payload.categories = std::uint32_t{plain[4]} | (std::uint32_t{plain[5]} << 8) | (std::uint32_t{plain[6]} << 16) |
                       (std::uint32_t{plain[7]} << 24);
  const bool marker_ok = plain[0] == kPayloadMarker && plain[3] == 0;
  sodium_memzero(plain.data(), plain.size());

  const std::uint32_t category_limit =
      category_count >= 32 ? 0xFFFFFFFFu : ((std::uint32_t{1} << category_count) - 1u);
  const unsigned operator_limit = operator_bit_limit >= 8 ? 0xFFu : ((1u << operator_bit_limit) - 1u);
  const bool valid = marker_ok && (payload.flags & ~kPayloadKnownFlags) == 0 && payload.operators != 0 &&
                     (payload.operators & ~operator_limit) == 0 && payload.categories != 0 &&
                     (payload.categories & ~category_limit) == 0;
  if (!valid) return std::nullopt;
  return payload;
}

}  // namespace breachcheck
