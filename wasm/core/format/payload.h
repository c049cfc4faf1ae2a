// SPDX-License-Identifier: MPL-2.0
// The 8-byte record payload: which categories were exposed for this record, by which operator(s).
// Encrypted under the record's own payload key (docs/FORMAT.md, "Canonical identity and key derivation").
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "identity/kdf.h"

namespace breachcheck {

inline constexpr std::size_t kPayloadSize = 8;
inline constexpr std::uint8_t kPayloadMarker = 0xB1;
inline constexpr std::uint8_t kPayloadFlagMerged = 0x01;
inline constexpr std::uint8_t kPayloadKnownFlags = kPayloadFlagMerged;

using EncryptedPayload = std::array<std::uint8_t, kPayloadSize>;

struct RecordPayload {
  std::uint8_t operators = 0;    // bit = catalog operator bit
  std::uint8_t flags = 0;        // kPayloadFlag*
  std::uint32_t categories = 0;  // bit i = catalog categories[i]
};

EncryptedPayload encrypt_payload(const RecordPayload& payload, const LookupKeys& keys);

// Empty when the bytes do not decode to a valid payload for a catalog with `category_count` categories
// and operator bits below `operator_bit_limit` (a fingerprint collision, never shown as garbage).
std::optional<RecordPayload> decrypt_payload(const EncryptedPayload& encrypted, const LookupKeys& keys,
                                             std::size_t category_count, unsigned operator_bit_limit);

}  // namespace breachcheck
