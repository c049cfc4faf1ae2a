// Shared fixtures: the default catalog and small signed data sets built in memory with a light KDF.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "builder.h"
#include "catalog.h"
#include "checker.h"
#include "keys.h"

namespace breachcheck::test {

inline std::string read_repo_file(const std::string& relative) {
  std::ifstream in(std::string(BREACHCHECK_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline const Catalog& default_catalog() {
  static const Catalog catalog = parse_catalog(read_repo_file("wasm/catalog/viamedis-almerys-2024.json"));
  return catalog;
}

inline constexpr CivilDate kToday{2026, 11, 29};
inline constexpr std::int64_t kNow = 1795910400;   // 2026-11-29T00:00:00Z
inline constexpr std::uint64_t kCreated = 1795824000;  // 2026-11-28T00:00:00Z

// Light Argon2id: libsodium's minimum memory and one pass, so unit tests stay fast. Never for real data.
inline constexpr KdfParams kTestKdf{1, 8};

struct TestDataset {
  Bytes bytes;
  KeyPair key;
  WriteReport report;
};

inline TestDataset build_dataset(const std::string& csv_text, unsigned k = 2, const KeyPair* key = nullptr,
                                 std::uint32_t dataset_version = 1, unsigned max_prefix_bits = 15) {
  TestDataset out;
  out.key = key ? *key : generate_key_pair();
  std::istringstream csv(csv_text);
  CollectOptions collect;
  collect.today = kToday;
  RecordSet set = collect_records(csv, default_catalog(), collect);
  std::vector<HashedEntry> entries = hash_records(set.records, Salt{1, 2, 3}, kTestKdf, 1, nullptr);
  LayoutOptions layout;
  layout.publisher = "Test publisher";
  layout.dataset_version = dataset_version;
  layout.kdf = kTestKdf;
  layout.salt = Salt{1, 2, 3};
  layout.created = kCreated;
  layout.not_after = kCreated + 30 * 86400;
  layout.k = k;
  layout.max_prefix_bits = max_prefix_bits;
  std::ostringstream file;
  out.report = write_dataset(entries, default_catalog(), set.insurers, layout, out.key, file);
  const std::string bytes = file.str();
  out.bytes.assign(bytes.begin(), bytes.end());
  return out;
}

inline TrustPolicy test_policy(const PublicKey& key) {
  TrustPolicy policy;
  policy.pinned_keys = {key};
  policy.now = kNow;
  policy.allow_weak_kdf_for_tests();
  return policy;
}

inline CheckResult check_bytes(const Bytes& bytes, const TrustPolicy& policy, const std::string& nir,
                               const std::string& birth_date, const std::string& rank = "",
                               bool beneficiary = false) {
  MemorySource source(bytes);
  OpenedDataset opened = open_dataset(source, policy);
  if (!opened.header) return opened.failure;
  IdentityInput input;
  input.nir = nir;
  input.birth_date = birth_date;
  input.birth_rank = rank;
  input.beneficiary = beneficiary;
  return check_identity(source, *opened.header, input, kToday);
}

}  // namespace breachcheck::test
