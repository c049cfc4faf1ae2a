// SPDX-License-Identifier: MPL-2.0
// Shared fixtures: the default catalog and small signed data sets built in memory with a light KDF.
#pragma once

#include <cstring>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>

#include "build/builder.h"
#include "check/checker.h"
#include "format/catalog.h"
#include "format/keys.h"
#include "util/coded_error.h"

namespace breachcheck::test {

// A whole file's bytes ("" when it cannot be read).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string read_repo_file(const std::string& relative) {
  return read_file(std::string(BREACHCHECK_SOURCE_DIR) + "/" + relative);
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

// The records the data set tests share (test_dataset.cpp, test_tamper.cpp, test_oprf_dataset.cpp): eleven people
// with valid NIRs and matching dates, both operators (one written "Viamedis"), a row without a birth rank, a
// beneficiary under 185057800608491 (born 2015-09-09) and two Corsican NIRs (2A, 2B). `people`: the first rows only.
inline constexpr char kFixtureCategories[] = "civil_status;birth_date;nir;insurer_name";
inline constexpr std::size_t kFixturePeople = 11;

inline std::string fixture_records(std::size_t people = kFixturePeople) {
  const std::string core = kFixtureCategories;
  const std::string rows[kFixturePeople] = {
      "185057800608491,1985-05-12,1,viamedis," + core + ";contract_guarantees,Mutuelle Test A",
      "292017512345604,1992-01-03,1,almerys," + core + ";birth_rank;insurer_contract_number,Mutuelle Test B",
      "170069935200166,1970-06-30,1,Viamedis," + core + ",Mutuelle Test A",
      "245021300401257,1945-02-28,,almerys," + core + ";operator_internal_reference,Mutuelle Test C",
      "199129912304538,1999-12-31,1,viamedis," + core + ";member_number,Mutuelle Test A",
      "285037800611179,1985-03-15,1,almerys," + core + ";insurer_contract_number,Mutuelle Test B",
      "164103004512326,1964-10-01,1,almerys," + core + ",Mutuelle Test C",
      "279074523405672,1979-07-07,1,viamedis," + core + ",Mutuelle Test A",
      "185057800608491,2015-09-09,1,viamedis," + core + ",Mutuelle Test A",
      "185052A01234579,1985-05-20,1,almerys," + core + ",Mutuelle Test C",
      "292012B05432162,1992-01-11,1,almerys," + core + ",Mutuelle Test B",
  };
  std::string csv = std::string(kCsvColumns) + "\n";
  for (std::size_t i = 0; i < people && i < kFixturePeople; ++i) csv += rows[i] + "\n";
  return csv;
}

struct TestDataset {
  Bytes bytes;
  KeyPair key;
  WriteReport report;
};

inline constexpr char kTestOprfEndpoint[] = "https://oprf.example.fr/v1/evaluate";

// With `oprf`: a hardened-mode data set (entries hashed under its skS, header committing its pkS and
// kTestOprfEndpoint).
inline TestDataset build_dataset(const std::string& csv_text, unsigned k = 2, const KeyPair* key = nullptr,
                                 std::uint32_t dataset_version = 1, unsigned max_prefix_bits = 15,
                                 const OprfKeyPair* oprf = nullptr) {
  TestDataset out;
  out.key = key ? *key : generate_key_pair();
  std::istringstream csv(csv_text);
  CollectOptions collect;
  collect.today = kToday;
  RecordSet set = collect_records(csv, default_catalog(), collect);
  std::vector<HashedEntry> entries = hash_records(set.records, Salt{1, 2, 3}, kTestKdf, 1, nullptr, oprf);
  LayoutOptions layout;
  layout.publisher = "Test publisher";
  layout.dataset_version = dataset_version;
  layout.kdf = kTestKdf;
  layout.salt = Salt{1, 2, 3};
  layout.created = kCreated;
  layout.not_after = kCreated + 30 * 86400;
  layout.k = k;
  layout.max_prefix_bits = max_prefix_bits;
  if (oprf) layout.oprf = OprfHeaderConfig{oprf->public_key, {kTestOprfEndpoint}};
  std::ostringstream file;
  out.report = write_dataset(entries, default_catalog(), set.insurers, layout, out.key, file);
  const std::string bytes = file.str();
  out.bytes.assign(bytes.begin(), bytes.end());
  return out;
}

// A format version 2 data set (docs/FORMAT.md, "Version 2") of `csv_text`: Argon2id under `kdf_salt` (the
// header's salt), sub-keys bound to `version_salt` (signed metadata). `entries_out`: the hashed entries.
inline TestDataset build_v2_dataset(const std::string& csv_text, const Salt& kdf_salt, const Salt& version_salt,
                                    std::uint32_t dataset_version, const KeyPair& key,
                                    std::vector<HashedEntry>* entries_out = nullptr) {
  std::istringstream csv(csv_text);
  CollectOptions collect;
  collect.today = kToday;
  RecordSet set = collect_records(csv, default_catalog(), collect);
  std::vector<HashedEntry> entries = hash_records(set.records, kdf_salt, kTestKdf, 1, nullptr, nullptr, &version_salt);
  if (entries_out) *entries_out = entries;
  LayoutOptions layout;
  layout.publisher = "Test publisher";
  layout.dataset_version = dataset_version;
  layout.kdf = kTestKdf;
  layout.salt = version_salt;
  layout.kdf_salt = kdf_salt;
  layout.created = kCreated;
  layout.not_after = kCreated + 30 * 86400;
  layout.k = 2;
  TestDataset out;
  out.key = key;
  std::ostringstream file;
  out.report = write_dataset(entries, default_catalog(), set.insurers, layout, key, file);
  const std::string bytes = file.str();
  out.bytes.assign(bytes.begin(), bytes.end());
  return out;
}

// The code of the CodedError that `run` throws: "" when it throws nothing, "(other)" for another exception type.
template <typename Run>
inline std::string coded_error_of(Run run) {
  try {
    run();
  } catch (const CodedError& e) {
    return e.code();
  } catch (...) {
    return "(other)";
  }
  return "";
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
                               bool beneficiary = false, const OprfEvaluator& evaluator = {}) {
  MemorySource source(bytes);
  OpenedDataset opened = open_dataset(source, policy);
  if (!opened.header) return opened.failure;
  IdentityInput input;
  input.nir = nir;
  input.birth_date = birth_date;
  input.birth_rank = rank;
  input.beneficiary = beneficiary;
  return check_identity(source, *opened.header, input, kToday, evaluator);
}

// Header surgery for tamper tests: little-endian fields, re-signing, metadata replacement.
inline void put_le(Bytes& b, std::size_t offset, std::uint64_t value, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) b[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

inline std::uint64_t get_le(const Bytes& b, std::size_t offset, std::size_t size) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < size; ++i) v |= std::uint64_t{b[offset + i]} << (8 * i);
  return v;
}

// Re-signs the header in place with `key` (metadata_length as the bytes say, clamped to the file).
inline Bytes resign_header(Bytes file, const KeyPair& key) {
  const std::size_t body = kFixedHeaderSize + static_cast<std::size_t>(get_le(file, 76, 4));
  if (body + kSignatureSize > file.size()) return file;
  const Bytes message = header_signed_message(ByteView(file.data(), body));
  crypto_sign_detached(file.data() + body, nullptr, message.data(), message.size(), key.secret_key.data());
  return file;
}

// The parts one after the other, in one allocation. Tests build files this way rather than by appending with
// vector::insert, which g++ 12 misreads after a reallocation (-Wstringop-overflow/-overread false positives).
inline Bytes concat(std::initializer_list<ByteView> parts) {
  std::size_t total = 0;
  for (const ByteView& part : parts) total += part.size;
  Bytes out(total);
  std::size_t at = 0;
  for (const ByteView& part : parts) {
    if (part.size > 0) std::memcpy(out.data() + at, part.data, part.size);
    at += part.size;
  }
  return out;
}

inline ByteView bytes_of(const std::string& text) {
  return ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

// The file with its metadata replaced (metadata_length updated), old header signature kept.
inline Bytes with_metadata(const Bytes& file, const std::string& metadata) {
  const std::size_t after_metadata = kFixedHeaderSize + static_cast<std::size_t>(get_le(file, 76, 4));
  Bytes out = concat({ByteView(file.data(), kFixedHeaderSize), bytes_of(metadata),
                      ByteView(file.data() + after_metadata, file.size() - after_metadata)});
  put_le(out, 76, metadata.size(), 4);
  return out;
}

inline std::string metadata_of(const Bytes& file) {
  const std::size_t length = static_cast<std::size_t>(get_le(file, 76, 4));
  return std::string(file.begin() + kFixedHeaderSize, file.begin() + static_cast<std::ptrdiff_t>(kFixedHeaderSize + length));
}

}  // namespace breachcheck::test
