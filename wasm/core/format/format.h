// SPDX-License-Identifier: MPL-2.0
// Byte layout of a data set file, version 1. docs/FORMAT.md is the specification; this file mirrors it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "identity/kdf.h"
#include "util/byte_view.h"
#include "util/secure_bytes.h"

namespace breachcheck {

inline constexpr std::array<std::uint8_t, 8> kMagic = {0x89, 'B', 'C', 'D', '\r', '\n', 0x1A, '\n'};
inline constexpr std::uint16_t kFormatVersion = 1;
// Format version 2 (docs/FORMAT.md, "Version 2"): the header's salt is the publisher's long-lived Argon2id
// salt and the signed metadata carries a fresh per-version `version_salt` the sub-keys are bound to.
inline constexpr std::uint16_t kFormatVersionVersionSalt = 2;
inline constexpr std::size_t kFixedHeaderSize = 112;
inline constexpr std::size_t kSignatureSize = 64;      // crypto_sign_BYTES
inline constexpr std::size_t kPublicKeySize = 32;      // crypto_sign_PUBLICKEYBYTES
inline constexpr std::size_t kDatasetIdSize = 32;
inline constexpr std::size_t kEntrySize = 16;          // fingerprint (8) + encrypted payload (8)
inline constexpr unsigned kMaxPrefixBits = 24;
inline constexpr std::uint32_t kMaxBucketCapacity = 1u << 20;
inline constexpr std::uint32_t kMinMetadataLength = 2;
inline constexpr std::uint32_t kMaxMetadataLength = 1u << 20;
inline constexpr char kHeaderSignaturePrefix[] = "breachcheck:header:v1";  // signed with its NUL: 22 bytes
inline constexpr char kBucketSignaturePrefix[] = "breachcheck:bucket:v1";  // signed with its NUL: 22 bytes

enum class DerivationMode : std::uint8_t { static_argon2id = 0, oprf = 1 };

using PublicKey = std::array<std::uint8_t, kPublicKeySize>;
using DatasetId = std::array<std::uint8_t, kDatasetIdSize>;
using Signature = std::array<std::uint8_t, kSignatureSize>;

struct FixedHeader {
  std::uint16_t format_version = kFormatVersion;
  DerivationMode derivation_mode = DerivationMode::static_argon2id;
  std::uint8_t prefix_bits = 0;
  std::uint32_t bucket_capacity = 0;
  KdfParams kdf;
  Salt salt{};
  std::uint64_t record_count = 0;
  std::uint64_t created = 0;    // Unix seconds
  std::uint64_t not_after = 0;  // Unix seconds
  std::uint32_t dataset_version = 0;
  std::uint32_t metadata_length = 0;
  PublicKey publisher_key{};

  std::uint64_t bucket_count() const { return std::uint64_t{1} << prefix_bits; }
  std::uint64_t bucket_stride() const { return std::uint64_t{bucket_capacity} * kEntrySize + kSignatureSize; }
  std::uint64_t header_length() const { return kFixedHeaderSize + metadata_length + kSignatureSize; }
  std::uint64_t bucket_offset(std::uint64_t bucket) const { return header_length() + bucket * bucket_stride(); }
  std::uint64_t file_size() const { return header_length() + bucket_count() * bucket_stride(); }
};

std::array<std::uint8_t, kFixedHeaderSize> serialize_fixed_header(const FixedHeader& header);

// Structural parse of the first kFixedHeaderSize bytes: magic, version and field ranges (docs/FORMAT.md,
// "What a client checks", step 1). Returns the failing integrity code in `error` when it fails.
std::optional<FixedHeader> parse_fixed_header(ByteView bytes, std::string& error);

// Messages that the publisher key signs. Each starts with a distinct prefix, so a header signature can never
// pass as a bucket signature; bucket messages bind the data set id and the bucket index.
Bytes header_signed_message(ByteView header_body);
Bytes bucket_signed_message(const DatasetId& dataset_id, std::uint32_t bucket_index, ByteView entries);

DatasetId compute_dataset_id(ByteView header_body);

}  // namespace breachcheck
