// SPDX-License-Identifier: MPL-2.0
#include "build/dataset_writer.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "util/coded_error.h"
#include "util/little_endian.h"

namespace breachcheck {
namespace {

constexpr unsigned char kDummyKeyLabel[] = "breachcheck:dummies:v1";
constexpr char kDummyKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "bcdummy1";  // 8 bytes, versioned
constexpr std::uint64_t kDummyMasterKeyId = 1;
using Entry = std::array<std::uint8_t, kEntrySize>;
static_assert(sizeof(Entry) == kEntrySize, "entries are written as one contiguous array");

std::uint64_t fingerprint_u64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < kFingerprintSize; ++i) v = (v << 8) | p[i];
  return v;
}

// Dummy entries for one bucket: deterministic given the signing key and salt, unpredictable without the key.
// The keystream is read in order and a draw whose fingerprint is already taken (by a real entry or an
// earlier dummy) is skipped: a 2^-64-likely event, checked in one sort on the fast path.
void append_dummies(const SecretArray<32>& dummy_key, std::uint32_t bucket, std::size_t count,
                    std::vector<Entry>& bucket_entries, std::vector<std::uint64_t>& scratch) {
  if (count == 0) return;
  unsigned char nonce[crypto_stream_xchacha20_NONCEBYTES] = {0};
  put_le32(nonce, bucket);
  const std::size_t spare = 16;  // draws kept for the (2^-64-likely) fingerprint collisions
  std::vector<std::uint8_t> stream((count + spare) * kEntrySize);
  crypto_stream_xchacha20(stream.data(), stream.size(), nonce, dummy_key.data());

  scratch.clear();
  for (const auto& e : bucket_entries) scratch.push_back(fingerprint_u64(e.data()));
  for (std::size_t i = 0; i < count; ++i) scratch.push_back(fingerprint_u64(stream.data() + i * kEntrySize));
  std::sort(scratch.begin(), scratch.end());
  const bool distinct = std::adjacent_find(scratch.begin(), scratch.end()) == scratch.end();
  if (distinct) {
    const std::size_t real = bucket_entries.size();
    bucket_entries.resize(real + count);
    std::memcpy(bucket_entries[real].data(), stream.data(), count * kEntrySize);
    return;
  }
  std::set<std::uint64_t> taken;
  for (const auto& e : bucket_entries) taken.insert(fingerprint_u64(e.data()));
  std::size_t added = 0;
  for (std::size_t offset = 0; offset < stream.size() && added < count; offset += kEntrySize) {
    if (!taken.insert(fingerprint_u64(stream.data() + offset)).second) continue;
    Entry entry;
    std::memcpy(entry.data(), stream.data() + offset, kEntrySize);
    bucket_entries.push_back(entry);
    ++added;
  }
  if (added < count) throw std::runtime_error("dummy generation ran out of randomness");
}

}  // namespace

SecretArray<32> dummy_entry_key(const KeyPair& signing_key, const Salt& salt) {
  static_assert(kSecretSeedSize == crypto_kdf_KEYBYTES, "the Ed25519 seed is a crypto_kdf master key");
  // The signing seed is never used as a key itself: a labelled sub-key of it is (crypto_kdf, context and id below).
  SecretArray<crypto_kdf_KEYBYTES> dummy_master;
  crypto_kdf_derive_from_key(dummy_master.data(), dummy_master.size(), kDummyMasterKeyId, kDummyKdfContext,
                             signing_key.secret_key.data());  // libsodium's secret key starts with the seed
  Bytes message(kDummyKeyLabel, kDummyKeyLabel + sizeof(kDummyKeyLabel) - 1);
  message.insert(message.end(), salt.begin(), salt.end());
  SecretArray<32> key;
  crypto_generichash(key.data(), key.size(), message.data(), message.size(), dummy_master.data(), dummy_master.size());
  return key;
}

BucketStats choose_prefix_bits(const std::vector<std::uint64_t>& histogram, unsigned histogram_bits,
                               std::uint64_t total, unsigned k, unsigned max_prefix_bits) {
  max_prefix_bits = std::min(max_prefix_bits, kMaxPrefixBits);
  if (total < std::max(1u, k)) {
    throw CodedError("too_few_records", "only " + std::to_string(total) +
                                            " records: every bucket must hold at least k = " + std::to_string(k) +
                                            " real records, so the list is too small to publish safely");
  }
  if (histogram_bits < max_prefix_bits || histogram.size() != (std::size_t{1} << histogram_bits)) {
    throw std::logic_error("prefix histogram coarser than max_prefix_bits");
  }
  std::vector<std::uint64_t> counts = histogram;
  // Halve the number of buckets: bucket i at P-1 is buckets 2i and 2i+1 at P.
  auto halve = [&counts] {
    for (std::size_t i = 0; i < counts.size() / 2; ++i) counts[i] = counts[2 * i] + counts[2 * i + 1];
    counts.resize(counts.size() / 2);
  };
  for (unsigned bits = histogram_bits; bits > max_prefix_bits; --bits) halve();
  for (unsigned p = max_prefix_bits;; --p) {
    const auto [min_it, max_it] = std::minmax_element(counts.begin(), counts.end());
    if (*min_it >= k || p == 0) {
      BucketStats stats;
      stats.prefix_bits = p;
      stats.min_real = *min_it;
      stats.max_real = *max_it;
      if (*max_it > kMaxBucketCapacity) throw std::runtime_error("a bucket would exceed the format's capacity limit");
      stats.capacity = static_cast<std::uint32_t>(*max_it);
      stats.mean_real = static_cast<double>(total) / static_cast<double>(counts.size());
      return stats;
    }
    halve();
  }
}

BucketStats choose_prefix_bits(const std::vector<HashedEntry>& entries, unsigned k, unsigned max_prefix_bits) {
  const unsigned bits = std::min(max_prefix_bits, kMaxPrefixBits);
  std::vector<std::uint64_t> histogram(std::size_t{1} << bits, 0);
  for (const auto& e : entries) ++histogram[bucket_of_prefix(e.prefix32, bits)];
  return choose_prefix_bits(histogram, bits, entries.size(), k, bits);
}

std::string build_metadata_json(const std::string& publisher, const Catalog& catalog,
                                const std::map<std::string, std::uint8_t>& insurers,
                                const std::optional<OprfHeaderConfig>& oprf, const Salt* version_salt) {
  nlohmann::json metadata;  // std::map-backed: keys sorted, so the bytes are deterministic
  metadata["publisher"] = publisher;
  metadata["catalog"] = nlohmann::json::parse(catalog_to_json(catalog));
  nlohmann::json table = nlohmann::json::array();
  for (const auto& [name, mask] : insurers) {
    nlohmann::json ops = nlohmann::json::array();
    for (const auto& op : catalog.operators) {
      if (mask & (1u << op.bit)) ops.push_back(op.id);
    }
    table.push_back({{"name", name}, {"operators", ops}});
  }
  metadata["insurers"] = table;
  if (oprf) metadata["oprf"] = nlohmann::json::parse(oprf_header_json(*oprf));
  if (version_salt) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (const std::uint8_t byte : *version_salt) {
      hex += kHex[byte >> 4];
      hex += kHex[byte & 15];
    }
    metadata["version_salt"] = hex;
  }
  return metadata.dump();
}

WriteReport write_dataset_sorted(const SortedEntries& entries, const Catalog& catalog,
                                 const std::map<std::string, std::uint8_t>& insurers, const LayoutOptions& options,
                                 const KeyPair& signing_key, std::ostream& out) {
  WriteReport report;
  report.buckets = choose_prefix_bits(*entries.histogram, entries.histogram_bits, entries.total, options.k,
                                      options.max_prefix_bits);
  const unsigned p = report.buckets.prefix_bits;

  if (options.oprf && (options.oprf->endpoints.empty() || options.oprf->endpoints.size() > kMaxOprfEndpoints)) {
    throw std::runtime_error("hardened mode needs 1 to 8 evaluation endpoints");
  }
  const std::string metadata = build_metadata_json(options.publisher, catalog, insurers, options.oprf,
                                                   options.kdf_salt ? &options.salt : nullptr);
  if (metadata.size() > kMaxMetadataLength) throw std::runtime_error("metadata (catalog + insurer table) exceeds 1 MiB");
  FixedHeader header;
  header.format_version = options.kdf_salt ? kFormatVersionVersionSalt : kFormatVersion;
  header.derivation_mode = options.oprf ? DerivationMode::oprf : DerivationMode::static_argon2id;
  header.prefix_bits = static_cast<std::uint8_t>(p);
  header.bucket_capacity = report.buckets.capacity;
  header.kdf = options.kdf;
  header.salt = options.kdf_salt ? *options.kdf_salt : options.salt;
  header.record_count = entries.total;
  header.created = options.created;
  header.not_after = options.not_after;
  header.dataset_version = options.dataset_version;
  header.metadata_length = static_cast<std::uint32_t>(metadata.size());
  header.publisher_key = signing_key.public_key;

  Bytes body(kFixedHeaderSize);
  const auto fixed = serialize_fixed_header(header);
  std::memcpy(body.data(), fixed.data(), fixed.size());
  body.insert(body.end(), metadata.begin(), metadata.end());
  Signature signature{};
  const Bytes header_message = header_signed_message(body);
  crypto_sign_detached(signature.data(), nullptr, header_message.data(), header_message.size(),
                       signing_key.secret_key.data());
  out.write(reinterpret_cast<const char*>(body.data()), static_cast<std::streamsize>(body.size()));
  out.write(reinterpret_cast<const char*>(signature.data()), kSignatureSize);
  const DatasetId dataset_id = compute_dataset_id(body);

  const SecretArray<32> dummy_key = dummy_entry_key(signing_key, options.salt);

  std::vector<Entry> bucket_entries;
  std::vector<std::uint64_t> scratch;
  bucket_entries.reserve(header.bucket_capacity);
  std::uint64_t bucket = 0;  // the bucket being filled
  std::uint64_t seen = 0;
  auto emit = [&]() {
    // Real entries sorted by (fingerprint, payload); a repeated fingerprint means unmerged duplicates.
    std::sort(bucket_entries.begin(), bucket_entries.end());
    for (std::size_t i = 1; i < bucket_entries.size(); ++i) {
      if (std::memcmp(bucket_entries[i].data(), bucket_entries[i - 1].data(), kFingerprintSize) == 0) {
        // Unique (bucket, fingerprint) is what makes the fixed payload nonce safe (docs/FORMAT.md).
        throw std::runtime_error("two records share a bucket and fingerprint: duplicate identities were not merged");
      }
    }
    if (bucket_entries.size() > header.bucket_capacity) throw std::logic_error("bucket over capacity");
    append_dummies(dummy_key, static_cast<std::uint32_t>(bucket), header.bucket_capacity - bucket_entries.size(),
                   bucket_entries, scratch);
    std::sort(bucket_entries.begin(), bucket_entries.end());
    const ByteView view(reinterpret_cast<const std::uint8_t*>(bucket_entries.data()),
                        bucket_entries.size() * kEntrySize);
    const Bytes message = bucket_signed_message(dataset_id, static_cast<std::uint32_t>(bucket), view);
    crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), signing_key.secret_key.data());
    out.write(reinterpret_cast<const char*>(view.data), static_cast<std::streamsize>(view.size));
    out.write(reinterpret_cast<const char*>(signature.data()), kSignatureSize);
    bucket_entries.clear();
    ++bucket;
  };
  entries.for_each_sorted([&](const WireEntry* span, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint64_t b = bucket_of_prefix(wire_prefix32(span[i].data()), p);
      if (b < bucket) throw std::logic_error("entries are not sorted");
      while (bucket < b) emit();
      Entry entry;
      std::memcpy(entry.data(), span[i].data() + 4, kEntrySize);
      bucket_entries.push_back(entry);
    }
    seen += count;
  });
  if (seen != entries.total) throw std::logic_error("entry count changed while writing");
  while (bucket < header.bucket_count()) emit();
  if (!out) throw std::runtime_error("writing the data set failed");
  report.file_size = header.file_size();
  return report;
}

WriteReport write_dataset(std::vector<HashedEntry>& entries, const Catalog& catalog,
                          const std::map<std::string, std::uint8_t>& insurers, const LayoutOptions& options,
                          const KeyPair& signing_key, std::ostream& out) {
  const unsigned bits = std::min(options.max_prefix_bits, kMaxPrefixBits);
  EntrySorter sorter(entries.size(), UINT64_MAX, "", bits);
  for (const auto& e : entries) {
    const WireEntry w = to_wire(e);
    sorter.add(&w, 1);
  }
  SortedEntries sorted;
  sorted.total = entries.size();
  sorted.histogram = &sorter.histogram();
  sorted.histogram_bits = sorter.histogram_bits();
  sorted.for_each_sorted = [&](const SortedSpanFn& fn) { sorter.for_each_sorted(fn); };
  std::sort(entries.begin(), entries.end(), [](const HashedEntry& a, const HashedEntry& b) {
    return to_wire(a) < to_wire(b);
  });
  return write_dataset_sorted(sorted, catalog, insurers, options, signing_key, out);
}

}  // namespace breachcheck
