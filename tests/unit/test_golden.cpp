// SPDX-License-Identifier: MPL-2.0
// The committed golden data set (tests/golden/) against docs/FORMAT.md, read with offsets written here from
// the spec rather than from format.h, plus its expected check results. The same test runs natively and as
// wasm, so both builds reproduce the same bytes, seeds and tags.
#include <catch.hpp>
#include <sodium.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.h"

using namespace breachcheck;
using namespace breachcheck::test;

namespace {

Bytes golden_bytes() {
  const std::string text = read_repo_file("tests/golden/golden.bcd");
  return Bytes(text.begin(), text.end());
}

std::uint64_t le(const Bytes& b, std::size_t offset, int size) {
  std::uint64_t v = 0;
  for (int i = 0; i < size; ++i) v |= std::uint64_t{b.at(offset + i)} << (8 * i);
  return v;
}

std::string hex(const std::uint8_t* p, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

const nlohmann::json& expected() {
  static const nlohmann::json j = nlohmann::json::parse(read_repo_file("tests/golden/expected.json"));
  return j;
}

KeyPair golden_key() { return *parse_secret_key_file(read_repo_file("tests/golden/publisher.key")); }

}  // namespace

TEST_CASE("The golden file's fixed header matches the byte layout in docs/FORMAT.md", "[golden]") {
  const Bytes b = golden_bytes();
  REQUIRE(b.size() > 112);
  const auto& e = expected()["header"];
  CHECK(hex(b.data(), 8) == "894243440d0a1a0a");
  CHECK(le(b, 8, 2) == 1);                 // format_version
  CHECK(le(b, 10, 1) == 0);                // derivation_mode: static
  CHECK(le(b, 11, 1) == e["prefixBits"]);  // P
  CHECK(le(b, 12, 4) == e["bucketCapacity"]);
  CHECK(le(b, 16, 2) == 16);               // entry_size
  CHECK(le(b, 18, 2) == 8);                // fingerprint_size
  CHECK(le(b, 20, 2) == 8);                // payload_size
  CHECK(le(b, 22, 2) == 0);                // reserved
  CHECK(le(b, 24, 4) == e["kdfOps"]);
  CHECK(le(b, 28, 4) == e["kdfMemKiB"]);
  CHECK(hex(b.data() + 32, 16) == e["salt"]);
  CHECK(le(b, 48, 8) == e["records"]);
  CHECK(le(b, 56, 8) == e["created"]);
  CHECK(le(b, 64, 8) == e["notAfter"]);
  CHECK(le(b, 72, 4) == e["datasetVersion"]);
  const std::uint64_t metadata_length = le(b, 76, 4);
  const KeyPair key = golden_key();
  CHECK(hex(b.data() + 80, 32) == hex(key.public_key.data(), 32));

  const std::uint64_t header_length = 112 + metadata_length + 64;
  const std::uint64_t capacity = le(b, 12, 4);
  const std::uint64_t stride = capacity * 16 + 64;
  CHECK(b.size() == header_length + (std::uint64_t{1} << le(b, 11, 1)) * stride);

  // Header signature over "breachcheck:header:v1\0" || header body.
  Bytes message(std::begin("breachcheck:header:v1"), std::end("breachcheck:header:v1"));
  REQUIRE(message.size() == 22);
  message.insert(message.end(), b.begin(), b.begin() + static_cast<std::ptrdiff_t>(112 + metadata_length));
  CHECK(crypto_sign_verify_detached(b.data() + 112 + metadata_length, message.data(), message.size(),
                                    key.public_key.data()) == 0);

  // Bucket 0's signature over "breachcheck:bucket:v1\0" || dataset id || u32 0 || entries; entries sorted.
  std::uint8_t dataset_id[32];
  crypto_generichash(dataset_id, 32, b.data(), 112 + metadata_length, nullptr, 0);
  const char domain[] = "breachcheck:bucket:v1";  // with its NUL
  const std::uint8_t bucket_index[4] = {0, 0, 0, 0};
  const Bytes bucket_message = concat({ByteView(reinterpret_cast<const std::uint8_t*>(domain), sizeof domain),
                                       ByteView(dataset_id, 32), ByteView(bucket_index, 4),
                                       ByteView(b.data() + header_length, static_cast<std::size_t>(capacity * 16))});
  CHECK(crypto_sign_verify_detached(b.data() + header_length + capacity * 16, bucket_message.data(),
                                    bucket_message.size(), key.public_key.data()) == 0);
  CHECK(std::is_sorted(reinterpret_cast<const std::array<std::uint8_t, 16>*>(b.data() + header_length),
                       reinterpret_cast<const std::array<std::uint8_t, 16>*>(b.data() + header_length) + capacity));

  const auto metadata = nlohmann::json::parse(b.begin() + 112, b.begin() + 112 + static_cast<std::ptrdiff_t>(metadata_length));
  CHECK(metadata["publisher"] == e["publisher"]);
  CHECK(metadata["catalog"]["id"] == "viamedis-almerys-2024");
  CHECK(metadata["insurers"].size() == e["insurers"]);
}

TEST_CASE("The golden file gives its expected check results", "[golden]") {
  const Bytes b = golden_bytes();
  TrustPolicy policy = test_policy(golden_key().public_key);
  policy.now = expected()["header"]["created"].get<std::int64_t>() + 3600;
  for (const auto& c : expected()["checks"]) {
    INFO(c.dump());
    const CheckResult result = check_bytes(b, policy, c["nir"], c["birthDate"], c.value("birthRank", ""),
                                           c.value("beneficiary", false));
    CHECK(status_name(result.status) == c["status"].get<std::string>());
    if (c.contains("exposed")) CHECK(result.exposed == c["exposed"].get<std::vector<std::string>>());
    if (c.contains("operators")) CHECK(result.operators == c["operators"].get<std::vector<std::string>>());
  }
}

TEST_CASE("Seeds and lookup tags match the committed vectors (so native and wasm agree byte for byte)", "[golden]") {
  for (const auto& v : expected()["kdfVectors"]) {
    IdentityInput input;
    const std::string nir = v["nir"], date = v["birthDate"], rank = v["birthRank"];
    input.nir = nir;
    input.birth_date = date;
    input.birth_rank = rank;
    input.beneficiary = true;
    const ValidatedIdentity identity = validate_identity(input, kToday);
    REQUIRE(identity.ok());
    CHECK(std::string(reinterpret_cast<const char*>(identity.canonical.data()), kCanonicalIdentitySize) == v["canonical"]);
    Salt salt{};
    const std::string salt_hex = expected()["header"]["salt"];
    sodium_hex2bin(salt.data(), salt.size(), salt_hex.data(), salt_hex.size(), nullptr, nullptr, nullptr);
    Seed seed;
    REQUIRE(derive_seed(identity.canonical, salt, KdfParams{1, 8}, seed));
    CHECK(hex(seed.data(), seed.size()) == v["seed"]);
    const LookupKeys keys = derive_lookup_keys(seed);
    CHECK(hex(keys.lookup_tag.data(), 32) == v["lookupTag"]);
    CHECK(hex(keys.payload_key.data(), 32) == v["payloadKey"]);
  }
}

TEST_CASE("Rebuilding the golden file from its inputs gives the same bytes", "[golden]") {
  const auto& e = expected()["header"];
  const Catalog catalog = parse_catalog(read_repo_file("tests/golden/catalog.json"));
  std::istringstream csv(read_repo_file("tests/golden/records.csv"));
  CollectOptions collect;
  collect.today = kToday;
  RecordSet set = collect_records(csv, catalog, collect);
  REQUIRE(set.problems.empty());
  LayoutOptions layout;
  layout.publisher = e["publisher"];
  layout.dataset_version = e["datasetVersion"];
  layout.kdf = KdfParams{e["kdfOps"], e["kdfMemKiB"]};
  const std::string salt_hex = e["salt"];
  sodium_hex2bin(layout.salt.data(), layout.salt.size(), salt_hex.data(), salt_hex.size(), nullptr, nullptr, nullptr);
  layout.created = e["created"];
  layout.not_after = e["notAfter"];
  layout.k = e["k"];
  std::vector<HashedEntry> entries = hash_records(set.records, layout.salt, layout.kdf, 1, nullptr);
  std::ostringstream out;
  write_dataset(entries, catalog, set.insurers, layout, golden_key(), out);
  const std::string rebuilt = out.str();
  CHECK(Bytes(rebuilt.begin(), rebuilt.end()) == golden_bytes());
}
