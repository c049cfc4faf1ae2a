// SPDX-License-Identifier: MPL-2.0
#include "format/format.h"

#include <sodium.h>

#include <cstring>

namespace breachcheck {
namespace {

class Writer {
 public:
  explicit Writer(std::uint8_t* out) : out_(out) {}
  void u8(std::uint8_t v) { out_[pos_++] = v; }
  void u16(std::uint16_t v) { put(v, 2); }
  void u32(std::uint32_t v) { put(v, 4); }
  void u64(std::uint64_t v) { put(v, 8); }
  void bytes(const std::uint8_t* p, std::size_t n) {
    std::memcpy(out_ + pos_, p, n);
    pos_ += n;
  }
  std::size_t position() const { return pos_; }

 private:
  void put(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_[pos_++] = static_cast<std::uint8_t>(v >> (8 * i));
  }
  std::uint8_t* out_;
  std::size_t pos_ = 0;
};

class Reader {
 public:
  explicit Reader(const std::uint8_t* in) : in_(in) {}
  std::uint8_t u8() { return in_[pos_++]; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(get(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(get(4)); }
  std::uint64_t u64() { return get(8); }
  void bytes(std::uint8_t* p, std::size_t n) {
    std::memcpy(p, in_ + pos_, n);
    pos_ += n;
  }

 private:
  std::uint64_t get(int n) {
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= std::uint64_t{in_[pos_++]} << (8 * i);
    return v;
  }
  const std::uint8_t* in_;
  std::size_t pos_ = 0;
};

Bytes prefixed(const char* prefix_with_nul, std::size_t prefix_size, std::size_t extra) {
  Bytes message;
  message.reserve(prefix_size + extra);
  message.insert(message.end(), prefix_with_nul, prefix_with_nul + prefix_size);
  return message;
}

}  // namespace

std::array<std::uint8_t, kFixedHeaderSize> serialize_fixed_header(const FixedHeader& h) {
  std::array<std::uint8_t, kFixedHeaderSize> out{};
  Writer w(out.data());
  w.bytes(kMagic.data(), kMagic.size());
  w.u16(h.format_version);
  w.u8(static_cast<std::uint8_t>(h.derivation_mode));
  w.u8(h.prefix_bits);
  w.u32(h.bucket_capacity);
  w.u16(static_cast<std::uint16_t>(kEntrySize));
  w.u16(static_cast<std::uint16_t>(kFingerprintSize));
  w.u16(static_cast<std::uint16_t>(kEntrySize - kFingerprintSize));
  w.u16(0);
  w.u32(h.kdf.ops);
  w.u32(h.kdf.mem_kib);
  w.bytes(h.salt.data(), h.salt.size());
  w.u64(h.record_count);
  w.u64(h.created);
  w.u64(h.not_after);
  w.u32(h.dataset_version);
  w.u32(h.metadata_length);
  w.bytes(h.publisher_key.data(), h.publisher_key.size());
  return out;
}

std::optional<FixedHeader> parse_fixed_header(ByteView bytes, std::string& error) {
  if (bytes.size < kFixedHeaderSize) {
    error = "header_truncated";
    return std::nullopt;
  }
  if (std::memcmp(bytes.data, kMagic.data(), kMagic.size()) != 0) {
    error = "header_magic";
    return std::nullopt;
  }
  Reader r(bytes.data + kMagic.size());
  FixedHeader h;
  h.format_version = r.u16();
  const std::uint8_t mode = r.u8();
  h.prefix_bits = r.u8();
  h.bucket_capacity = r.u32();
  const std::uint16_t entry_size = r.u16();
  const std::uint16_t fingerprint_size = r.u16();
  const std::uint16_t payload_size = r.u16();
  const std::uint16_t reserved = r.u16();
  h.kdf.ops = r.u32();
  h.kdf.mem_kib = r.u32();
  r.bytes(h.salt.data(), h.salt.size());
  h.record_count = r.u64();
  h.created = r.u64();
  h.not_after = r.u64();
  h.dataset_version = r.u32();
  h.metadata_length = r.u32();
  r.bytes(h.publisher_key.data(), h.publisher_key.size());

  if (h.format_version != kFormatVersion) {
    error = "header_version";
  } else if (mode > static_cast<std::uint8_t>(DerivationMode::oprf)) {
    error = "header_mode";
  } else if (entry_size != kEntrySize || fingerprint_size != kFingerprintSize ||
             payload_size != kEntrySize - kFingerprintSize || reserved != 0) {
    error = "header_layout";
  } else if (h.prefix_bits > kMaxPrefixBits || h.bucket_capacity == 0 || h.bucket_capacity > kMaxBucketCapacity) {
    error = "header_buckets";
  } else if (h.metadata_length < kMinMetadataLength || h.metadata_length > kMaxMetadataLength) {
    error = "header_metadata_length";
  } else if (h.record_count > h.bucket_count() * h.bucket_capacity) {
    error = "header_record_count";
  } else {
    h.derivation_mode = static_cast<DerivationMode>(mode);
    return h;
  }
  return std::nullopt;
}

Bytes header_signed_message(ByteView header_body) {
  Bytes message = prefixed(kHeaderSignaturePrefix, sizeof(kHeaderSignaturePrefix), header_body.size);
  message.insert(message.end(), header_body.data, header_body.data + header_body.size);
  return message;
}

Bytes bucket_signed_message(const DatasetId& dataset_id, std::uint32_t bucket_index, ByteView entries) {
  Bytes message = prefixed(kBucketSignaturePrefix, sizeof(kBucketSignaturePrefix), 36 + entries.size);
  message.insert(message.end(), dataset_id.begin(), dataset_id.end());
  for (int i = 0; i < 4; ++i) message.push_back(static_cast<std::uint8_t>(bucket_index >> (8 * i)));
  message.insert(message.end(), entries.data, entries.data + entries.size);
  return message;
}

DatasetId compute_dataset_id(ByteView header_body) {
  DatasetId id{};
  crypto_generichash(id.data(), id.size(), header_body.data, header_body.size, nullptr, 0);
  return id;
}

}  // namespace breachcheck
