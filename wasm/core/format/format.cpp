// SPDX-License-Identifier: MPL-2.0
#include "format/format.h"

#include <sodium.h>

#include <cstring>

#include "util/little_endian.h"

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
    if (n > 0) std::memcpy(out_ + pos_, p, n);
    pos_ += n;
  }
  std::size_t position() const { return pos_; }

 private:
  void put(std::uint64_t v, std::size_t n) {
    put_le(out_ + pos_, v, n);
    pos_ += n;
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
  std::uint64_t get(std::size_t n) {
    const std::uint64_t v = get_le(in_ + pos_, n);
    pos_ += n;
    return v;
  }
  const std::uint8_t* in_;
  std::size_t pos_ = 0;
};

// A signed message: its domain prefix (with the NUL) then `body_size` bytes the caller writes through `w`.
// Sized once and filled in place (no growing vector: also what g++ 12's -Wstringop-overflow could not follow
// through vector::insert on a reserved, empty vector).
template <std::size_t N, typename FillFn>
Bytes signed_message(const char (&prefix_with_nul)[N], std::size_t body_size, FillFn&& fill) {
  Bytes message(N + body_size);
  Writer w(message.data());
  w.bytes(reinterpret_cast<const std::uint8_t*>(prefix_with_nul), N);
  fill(w);
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

  if (h.format_version != kFormatVersion && h.format_version != kFormatVersionVersionSalt) {
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
  return signed_message(kHeaderSignaturePrefix, header_body.size,
                        [&](Writer& w) { w.bytes(header_body.data, header_body.size); });
}

Bytes bucket_signed_message(const DatasetId& dataset_id, std::uint32_t bucket_index, ByteView entries) {
  return signed_message(kBucketSignaturePrefix, dataset_id.size() + 4 + entries.size, [&](Writer& w) {
    w.bytes(dataset_id.data(), dataset_id.size());
    w.u32(bucket_index);
    w.bytes(entries.data, entries.size);
  });
}

DatasetId compute_dataset_id(ByteView header_body) {
  DatasetId id{};
  crypto_generichash(id.data(), id.size(), header_body.data, header_body.size, nullptr, 0);
  return id;
}

}  // namespace breachcheck
