// SPDX-License-Identifier: MPL-2.0
// Format version 2 (docs/FORMAT.md, "Version 2"): one long-lived Argon2id salt, a fresh version salt per build.
// Two versions built from overlapping records must share nothing an observer can link (no entry, fingerprint,
// ciphertext or keystream), the checker must find records in a version 2 file, and version 1 still reads.
#include <catch.hpp>

#include <cstring>
#include <set>

#include "test_support.h"

using namespace breachcheck;
using namespace breachcheck::test;

namespace {

constexpr Salt kKdfSalt{0x4b, 0x44, 0x46, 7};  // the publisher's long-lived Argon2id salt
constexpr Salt kVersionSalt1{0x56, 1};
constexpr Salt kVersionSalt2{0x56, 2};

RecordSet collect(const std::string& csv_text) {
  std::istringstream csv(csv_text);
  CollectOptions collect;
  collect.today = kToday;
  return collect_records(csv, default_catalog(), collect);
}

// A version 2 data set of `csv_text`: Argon2id under kKdfSalt, sub-keys bound to `version_salt`.
TestDataset build_v2(const std::string& csv_text, const Salt& version_salt, std::uint32_t dataset_version,
                     const KeyPair& key, std::vector<HashedEntry>* entries_out = nullptr) {
  return build_v2_dataset(csv_text, kKdfSalt, version_salt, dataset_version, key, entries_out);
}

// Every 16-byte entry of the file's buckets (real and dummy).
std::set<std::string> entries_of(const Bytes& file) {
  std::string error;
  const auto header = parse_fixed_header(ByteView(file.data(), file.size()), error);
  REQUIRE(header);
  std::set<std::string> out;
  for (std::uint64_t b = 0; b < header->bucket_count(); ++b) {
    const std::uint8_t* bucket = file.data() + header->bucket_offset(b);
    for (std::uint32_t e = 0; e < header->bucket_capacity; ++e) {
      out.emplace(reinterpret_cast<const char*>(bucket + e * kEntrySize), kEntrySize);
    }
  }
  return out;
}

// The header and every bucket signed again with `key` (bucket signatures are bound to the header's hash).
Bytes signed_again(Bytes file, const KeyPair& key) {
  file = resign_header(std::move(file), key);
  std::string error;
  const auto header = parse_fixed_header(ByteView(file.data(), file.size()), error);
  REQUIRE(header);
  const DatasetId id = compute_dataset_id(ByteView(file.data(), kFixedHeaderSize + header->metadata_length));
  const std::size_t entries = std::size_t{header->bucket_capacity} * kEntrySize;
  for (std::uint64_t b = 0; b < header->bucket_count(); ++b) {
    std::uint8_t* bucket = file.data() + header->bucket_offset(b);
    const Bytes message = bucket_signed_message(id, static_cast<std::uint32_t>(b), ByteView(bucket, entries));
    crypto_sign_detached(bucket + entries, nullptr, message.data(), message.size(), key.secret_key.data());
  }
  return file;
}

// Version 1 of the list, then version 2: one person removed, one added, the others unchanged.
std::string version1_rows() { return fixture_records(); }
std::string version2_rows() {
  std::string csv = fixture_records(kFixturePeople - 1);  // the last person removed
  csv += "185057800608491,2018-04-04,1,viamedis," + std::string(kFixtureCategories) + ",Mutuelle Test A\n";
  return csv;
}

}  // namespace

TEST_CASE("Two version 2 releases of overlapping records share no entry, fingerprint, ciphertext or keystream",
          "[format-v2]") {
  const KeyPair key = generate_key_pair();
  std::vector<HashedEntry> hashed1, hashed2;
  const TestDataset v1 = build_v2(version1_rows(), kVersionSalt1, 1, key, &hashed1);
  const TestDataset v2 = build_v2(version2_rows(), kVersionSalt2, 2, key, &hashed2);

  // Same Argon2id salt in both headers (the work is shared), different signed version salts.
  REQUIRE(get_le(v1.bytes, 8, 2) == kFormatVersionVersionSalt);
  REQUIRE(std::memcmp(v1.bytes.data() + 32, kKdfSalt.data(), kSaltSize) == 0);
  REQUIRE(std::memcmp(v2.bytes.data() + 32, kKdfSalt.data(), kSaltSize) == 0);

  // No 16-byte entry (fingerprint || ciphertext) appears in both files.
  const auto entries1 = entries_of(v1.bytes);
  const auto entries2 = entries_of(v2.bytes);
  for (const auto& entry : entries1) CHECK(entries2.count(entry) == 0);

  // Per person present in both: tag prefix (bucket position), fingerprint, ciphertext and payload key differ.
  const RecordSet set1 = collect(version1_rows());
  const RecordSet set2 = collect(version2_rows());
  std::size_t common = 0;
  for (std::size_t i = 0; i < set1.records.size(); ++i) {
    for (std::size_t j = 0; j < set2.records.size(); ++j) {
      if (set1.records[i].canonical != set2.records[j].canonical) continue;
      ++common;
      CHECK(hashed1[i].prefix32 != hashed2[j].prefix32);
      CHECK(hashed1[i].fingerprint != hashed2[j].fingerprint);
      CHECK(hashed1[i].payload != hashed2[j].payload);
      CanonicalIdentity canonical;
      std::memcpy(canonical.data(), set1.records[i].canonical.data(), kCanonicalIdentitySize);
      Seed seed;
      REQUIRE(derive_seed(canonical, kKdfSalt, kTestKdf, seed));
      const LookupKeys keys1 = derive_lookup_keys(seed, &kVersionSalt1);
      const LookupKeys keys2 = derive_lookup_keys(seed, &kVersionSalt2);
      // The payload nonce is fixed, so distinct payload keys are what keeps the keystreams apart.
      CHECK(sodium_memcmp(keys1.payload_key.data(), keys2.payload_key.data(), kSubKeySize) != 0);
      // Control: the version 1 derivation of one shared Argon2id output gives the same keys twice, which is
      // exactly the linkage the version salt removes.
      const LookupKeys old1 = derive_lookup_keys(seed);
      const LookupKeys old2 = derive_lookup_keys(seed);
      CHECK(sodium_memcmp(old1.payload_key.data(), old2.payload_key.data(), kSubKeySize) == 0);
      CHECK(sodium_memcmp(old1.payload_key.data(), keys1.payload_key.data(), kSubKeySize) != 0);
    }
  }
  CHECK(common == kFixturePeople - 1);
}

TEST_CASE("The checker finds records in a version 2 data set, under its signed version salt only", "[format-v2]") {
  const KeyPair key = generate_key_pair();
  const TestDataset ds = build_v2(version2_rows(), kVersionSalt2, 2, key);
  const auto policy = test_policy(key.public_key);
  CHECK(check_bytes(ds.bytes, policy, "1 85 05 78 006 084 91", "1985-05-12").status == CheckStatus::affected);
  CHECK(check_bytes(ds.bytes, policy, "185057800608491", "2018-04-04", "1", true).status == CheckStatus::affected);
  CHECK(check_bytes(ds.bytes, policy, "292012B05432162", "1992-01-11").status == CheckStatus::not_found);  // removed

  const std::string metadata = metadata_of(ds.bytes);
  const std::string salt_field = "\"version_salt\":\"";
  const auto at = metadata.find(salt_field);
  REQUIRE(at != std::string::npos);

  SECTION("another version salt, signed: the person is not in that data set") {
    std::string other = metadata;
    other[at + salt_field.size()] = other[at + salt_field.size()] == '0' ? '1' : '0';
    const Bytes control = signed_again(with_metadata(ds.bytes, metadata), key);
    CHECK(check_bytes(control, policy, "1 85 05 78 006 084 91", "1985-05-12").status == CheckStatus::affected);
    const Bytes forged = signed_again(with_metadata(ds.bytes, other), key);
    CHECK(check_bytes(forged, policy, "1 85 05 78 006 084 91", "1985-05-12").status == CheckStatus::not_found);
  }
  SECTION("a version 2 header without a valid version salt is an integrity error") {
    const std::string bad_values[] = {"", "00", std::string(31, '0'), std::string(31, '0') + "G",
                                      std::string(31, '0') + "A", std::string(33, '0')};
    for (const std::string& value : bad_values) {
      std::string bad = metadata;
      const auto end = bad.find('"', at + salt_field.size());
      bad.replace(at + salt_field.size(), end - at - salt_field.size(), value);
      const Bytes forged = resign_header(with_metadata(ds.bytes, bad), key);
      const CheckResult result = check_bytes(forged, policy, "185057800608491", "1985-05-12");
      CHECK(result.status == CheckStatus::integrity_error);
      CHECK(result.errors == std::vector<std::string>{"metadata_version_salt"});
    }
    std::string missing = metadata;
    missing.replace(at, salt_field.size(), "\"version_sal\":\"");
    const CheckResult result = check_bytes(resign_header(with_metadata(ds.bytes, missing), key), policy,
                                           "185057800608491", "1985-05-12");
    CHECK(result.errors == std::vector<std::string>{"metadata_version_salt"});
  }
  SECTION("format version 3 is still unknown") {
    Bytes forged = ds.bytes;
    put_le(forged, 8, 3, 2);
    CHECK(check_bytes(resign_header(forged, key), policy, "185057800608491", "1985-05-12").errors ==
          std::vector<std::string>{"header_version"});
  }
}

TEST_CASE("A version 1 data set still reads with the version 1 derivation", "[format-v2]") {
  const TestDataset ds = build_dataset(fixture_records());
  REQUIRE(get_le(ds.bytes, 8, 2) == kFormatVersion);
  // A version_salt key in a version 1 file is an unknown key: ignored, the derivation stays version 1.
  std::string metadata = metadata_of(ds.bytes);
  metadata.insert(metadata.size() - 1, ",\"version_salt\":\"" + std::string(32, '0') + "\"");
  const Bytes with_key = signed_again(with_metadata(ds.bytes, metadata), ds.key);
  const auto policy = test_policy(ds.key.public_key);
  CHECK(check_bytes(ds.bytes, policy, "185057800608491", "1985-05-12").status == CheckStatus::affected);
  CHECK(check_bytes(with_key, policy, "185057800608491", "1985-05-12").status == CheckStatus::affected);
}
