// SPDX-License-Identifier: MPL-2.0
// Build -> check round trips on a small signed data set, and the integrity promises: any tampering is an
// integrity error, never "not found".
#include <catch.hpp>

#include <algorithm>
#include <cstring>
#include <set>

#include "test_support.h"

using namespace breachcheck;
using namespace breachcheck::test;

namespace {

// The shared records, plus the person of row 6 written again with spaces and the other operator (one entry
// carrying both), and twins born after the beneficiary of row 9.
const std::string kCsv =
    fixture_records() +
    "\"2 85 03 78 006 111 79\",1985-03-15,1,viamedis," + kFixtureCategories + ";member_number,Mutuelle Test D\n"
    "185057800608491,2018-04-04,1,viamedis," + kFixtureCategories + ",Mutuelle Test A\n"
    "185057800608491,2018-04-04,2,viamedis," + kFixtureCategories + ",Mutuelle Test A\n";

const TestDataset& dataset() {
  static const TestDataset built = build_dataset(kCsv);
  return built;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

}  // namespace

TEST_CASE("A person in the list is affected, with exactly their categories and operator", "[dataset]") {
  const auto& ds = dataset();
  const CheckResult result = check_bytes(ds.bytes, test_policy(ds.key.public_key), "1 85 05 78 006 084 91", "1985-05-12");
  REQUIRE(result.status == CheckStatus::affected);
  CHECK(as_set(result.exposed) ==
        std::set<std::string>{"civil_status", "birth_date", "nir", "insurer_name", "contract_guarantees"});
  CHECK(result.operators == std::vector<std::string>{"viamedis"});
  CHECK_FALSE(result.not_exposed.empty());
  CHECK(result.dataset.publisher == "Test publisher");
  CHECK(result.dataset.version == 1);
  CHECK(result.dataset.created == "2026-11-28T00:00:00Z");
}

TEST_CASE("A person listed by both operators is one entry carrying both", "[dataset]") {
  const auto& ds = dataset();
  const CheckResult result = check_bytes(ds.bytes, test_policy(ds.key.public_key), "285037800611179", "1985-03-15");
  REQUIRE(result.status == CheckStatus::affected);
  CHECK(as_set(result.operators) == std::set<std::string>{"viamedis", "almerys"});
  CHECK(as_set(result.exposed) == std::set<std::string>{"civil_status", "birth_date", "nir", "insurer_name",
                                                        "insurer_contract_number", "member_number"});
  CHECK(result.merged);
}

TEST_CASE("A beneficiary is found with the insured's NIR and their own birth date and rank", "[dataset]") {
  const auto& ds = dataset();
  const auto policy = test_policy(ds.key.public_key);
  CHECK(check_bytes(ds.bytes, policy, "185057800608491", "2015-09-09", "1", true).status == CheckStatus::affected);
  CHECK(check_bytes(ds.bytes, policy, "185057800608491", "2018-04-04", "1", true).status == CheckStatus::affected);
  CHECK(check_bytes(ds.bytes, policy, "185057800608491", "2018-04-04", "2", true).status == CheckStatus::affected);
  CHECK(check_bytes(ds.bytes, policy, "185057800608491", "2018-04-04", "3", true).status == CheckStatus::not_found);
  SECTION("without saying it is a beneficiary check, the date mismatch is an input error") {
    const CheckResult result = check_bytes(ds.bytes, policy, "185057800608491", "2015-09-09");
    CHECK(result.status == CheckStatus::invalid_input);
    CHECK(result.errors == std::vector<std::string>{"dob_nir_mismatch"});
  }
}

TEST_CASE("Corsican 2A and 2B numbers are found and kept distinct from their 19 and 18 twins", "[dataset]") {
  const auto& ds = dataset();
  const auto policy = test_policy(ds.key.public_key);
  CHECK(check_bytes(ds.bytes, policy, "185052a01234579", "1985-05-20").status == CheckStatus::affected);
  CHECK(check_bytes(ds.bytes, policy, "292012B05432162", "1992-01-11").status == CheckStatus::affected);
  // 1850519012345 has the same key as 185052A012345 but is another person.
  CHECK(check_bytes(ds.bytes, policy, "185051901234579", "1985-05-20").status == CheckStatus::not_found);
}

TEST_CASE("Altered identifiers are not found", "[dataset]") {
  const auto& ds = dataset();
  const auto policy = test_policy(ds.key.public_key);
  CHECK(check_bytes(ds.bytes, policy, "185057800608491", "1985-05-13").status == CheckStatus::not_found);
  CHECK(check_bytes(ds.bytes, policy, "185057800608491", "1985-06-12", "1", true).status == CheckStatus::not_found);
  CHECK(check_bytes(ds.bytes, policy, "185057800608491", "1985-05-12", "2").status == CheckStatus::not_found);
  CHECK(check_bytes(ds.bytes, policy, "2600199123456", "1960-01-05").status == CheckStatus::not_found);
}

TEST_CASE("Invalid input is reported with codes and no data set lookup", "[dataset]") {
  const auto& ds = dataset();
  const CheckResult result = check_bytes(ds.bytes, test_policy(ds.key.public_key), "12345", "1985-02-30");
  CHECK(result.status == CheckStatus::invalid_input);
  CHECK(as_set(result.errors) == std::set<std::string>{"nir_length", "dob_invalid"});
}

TEST_CASE("Every bucket has the same size and holds at least k real records", "[dataset]") {
  const auto& ds = dataset();
  MemorySource source(ds.bytes);
  const OpenedDataset opened = open_dataset(source, test_policy(ds.key.public_key));
  REQUIRE(opened.header);
  const FixedHeader& h = opened.header->fixed;
  CHECK(ds.bytes.size() == h.file_size());
  CHECK(h.record_count == 13);  // 14 rows, one person listed twice
  CHECK(ds.report.buckets.min_real >= 2);
  CHECK(h.bucket_capacity == ds.report.buckets.max_real);
  CHECK(verify_all_buckets(source, *opened.header).empty());
  CHECK(opened.header->insurers.size() == 4);
}

TEST_CASE("Two builds with the same inputs, salt and key are byte-identical", "[dataset]") {
  const auto& first = dataset();
  const TestDataset second = build_dataset(kCsv, 2, &first.key);
  CHECK(first.bytes == second.bytes);
}

TEST_CASE("Flipping any byte of the header gives integrity_error, never not_found", "[dataset][tamper]") {
  const auto& ds = dataset();
  const auto policy = test_policy(ds.key.public_key);
  MemorySource source(ds.bytes);
  const std::uint64_t header_length = open_dataset(source, policy).header->fixed.header_length();
  for (std::uint64_t offset = 0; offset < header_length; ++offset) {
    Bytes tampered = ds.bytes;
    tampered[offset] ^= 0x01;
    const CheckResult result = check_bytes(tampered, policy, "185057800608491", "1985-05-12");
    INFO("offset " << offset);
    REQUIRE(result.status == CheckStatus::integrity_error);
  }
}

TEST_CASE("Flipping any byte of the fetched bucket gives integrity_error", "[dataset][tamper]") {
  const auto& ds = dataset();
  const auto policy = test_policy(ds.key.public_key);
  MemorySource source(ds.bytes);
  const VerifiedHeader header = *open_dataset(source, policy).header;
  IdentityInput input;
  input.nir = "185057800608491";
  input.birth_date = "1985-05-12";
  const PreparedLookup lookup = prepare_lookup(header, input, kToday);
  const std::uint64_t start = header.fixed.bucket_offset(lookup.bucket);
  for (std::uint64_t offset = start; offset < start + header.fixed.bucket_stride(); ++offset) {
    Bytes tampered = ds.bytes;
    tampered[offset] ^= 0x80;
    INFO("offset " << offset);
    REQUIRE(check_bytes(tampered, policy, "185057800608491", "1985-05-12").status == CheckStatus::integrity_error);
  }
}

TEST_CASE("Truncated, extended or swapped files give integrity_error", "[dataset][tamper]") {
  const auto& ds = dataset();
  const auto policy = test_policy(ds.key.public_key);
  SECTION("truncated by one byte") {
    Bytes tampered(ds.bytes.begin(), ds.bytes.end() - 1);
    CHECK(check_bytes(tampered, policy, "185057800608491", "1985-05-12").status == CheckStatus::integrity_error);
  }
  SECTION("truncated inside the header") {
    Bytes tampered(ds.bytes.begin(), ds.bytes.begin() + 200);
    CHECK(check_bytes(tampered, policy, "185057800608491", "1985-05-12").status == CheckStatus::integrity_error);
  }
  SECTION("extended by one byte") {
    Bytes tampered = ds.bytes;
    tampered.push_back(0);
    CHECK(check_bytes(tampered, policy, "185057800608491", "1985-05-12").status == CheckStatus::integrity_error);
  }
  SECTION("two buckets swapped") {
    MemorySource source(ds.bytes);
    const FixedHeader h = open_dataset(source, policy).header->fixed;
    REQUIRE(h.bucket_count() >= 2);
    for (std::uint64_t other = 1; other < h.bucket_count(); ++other) {
      Bytes tampered = ds.bytes;
      std::swap_ranges(tampered.begin() + static_cast<std::ptrdiff_t>(h.bucket_offset(0)),
                       tampered.begin() + static_cast<std::ptrdiff_t>(h.bucket_offset(1)),
                       tampered.begin() + static_cast<std::ptrdiff_t>(h.bucket_offset(other)));
      MemorySource swapped(tampered);
      const auto header = open_dataset(swapped, policy).header;
      REQUIRE(header);
      CHECK(verify_all_buckets(swapped, *header) == "bucket_signature");
    }
  }
}

TEST_CASE("A bucket from another data set of the same publisher gives integrity_error", "[dataset][tamper]") {
  const auto& ds = dataset();
  const TestDataset other = build_dataset(kCsv, 2, &ds.key, /*dataset_version=*/2);
  const auto policy = test_policy(ds.key.public_key);
  MemorySource source(ds.bytes);
  const FixedHeader h = open_dataset(source, policy).header->fixed;
  // Same records, key and salt, so the layout is identical: only the data set id differs.
  REQUIRE(other.bytes.size() == ds.bytes.size());
  Bytes mixed = ds.bytes;
  std::copy(other.bytes.begin() + static_cast<std::ptrdiff_t>(h.header_length()), other.bytes.end(),
            mixed.begin() + static_cast<std::ptrdiff_t>(h.header_length()));
  CHECK(check_bytes(mixed, policy, "185057800608491", "1985-05-12").status == CheckStatus::integrity_error);
}

TEST_CASE("The pinned key decides: a wrong key fails, either of two rotation keys passes", "[dataset]") {
  const auto& ds = dataset();
  const KeyPair stranger = generate_key_pair();
  TrustPolicy policy = test_policy(stranger.public_key);
  CheckResult result = check_bytes(ds.bytes, policy, "185057800608491", "1985-05-12");
  CHECK(result.status == CheckStatus::integrity_error);
  CHECK(result.errors == std::vector<std::string>{"publisher_key"});
  policy.pinned_keys.push_back(ds.key.public_key);
  CHECK(check_bytes(ds.bytes, policy, "185057800608491", "1985-05-12").status == CheckStatus::affected);
  policy.pinned_keys.clear();
  CHECK(check_bytes(ds.bytes, policy, "185057800608491", "1985-05-12").status == CheckStatus::integrity_error);
}

TEST_CASE("A data set signed by another key with a forged publisher key field is refused", "[dataset][tamper]") {
  const auto& ds = dataset();
  const KeyPair attacker = generate_key_pair();
  const TestDataset forged = build_dataset(kCsv, 2, &attacker);
  Bytes tampered = forged.bytes;
  std::copy(ds.key.public_key.begin(), ds.key.public_key.end(), tampered.begin() + 80);
  const CheckResult result = check_bytes(tampered, test_policy(ds.key.public_key), "185057800608491", "1985-05-12");
  CHECK(result.status == CheckStatus::integrity_error);
  CHECK(result.errors == std::vector<std::string>{"header_signature"});
}

TEST_CASE("Expired, too old and weak-KDF data sets are refused as integrity errors", "[dataset]") {
  const auto& ds = dataset();
  TrustPolicy policy = test_policy(ds.key.public_key);
  SECTION("expired") {
    policy.now = static_cast<std::int64_t>(kCreated) + 31 * 86400;
    const auto result = check_bytes(ds.bytes, policy, "185057800608491", "1985-05-12");
    CHECK(result.status == CheckStatus::integrity_error);
    CHECK(result.errors == std::vector<std::string>{"dataset_expired"});
  }
  SECTION("older than the pinned minimum version") {
    policy.min_dataset_version = 2;
    CHECK(check_bytes(ds.bytes, policy, "185057800608491", "1985-05-12").errors ==
          std::vector<std::string>{"dataset_version"});
  }
  SECTION("KDF below the client's floor unless the embedder allows test settings") {
    TrustPolicy strict;
    strict.pinned_keys = {ds.key.public_key};
    strict.now = kNow;
    CHECK(check_bytes(ds.bytes, strict, "185057800608491", "1985-05-12").errors == std::vector<std::string>{"kdf_limits"});
  }
  SECTION("created in the future") {
    policy.now = static_cast<std::int64_t>(kCreated) - 3 * 86400;
    CHECK(check_bytes(ds.bytes, policy, "185057800608491", "1985-05-12").errors ==
          std::vector<std::string>{"dataset_created"});
  }
}

TEST_CASE("A list smaller than k cannot be published", "[dataset]") {
  CHECK_THROWS_WITH(build_dataset(kCsv, 50), Catch::Contains("at least k = 50"));
  // The publisher's code, whichever command meets it (merge writes the data set too).
  CHECK(coded_error_of([] { build_dataset(kCsv, 50); }) == "too_few_records");
}

TEST_CASE("The JSON result's exact text: documented key order, escaping", "[dataset]") {
  // Pinned when check_result_to_json stopped using nlohmann::ordered_json: the same bytes as before.
  CheckResult a;
  a.status = CheckStatus::affected;
  a.warnings = {"nir_provisional"};
  a.exposed = {"identity", "nir"};
  a.not_exposed = {"bank"};
  a.operators = {"viamedis", "almerys"};
  a.has_dataset = true;
  a.dataset.publisher = "Mutuelle \"D\xc3\xa9mo\" \\ tab\t\x01";
  a.dataset.version = 4294967295u;
  a.dataset.created = "2026-11-30T00:00:00Z";
  a.dataset.key_fingerprint = "abcd 0123";
  CHECK(check_result_to_json(a) ==
        "{\"status\":\"affected\",\"warnings\":[\"nir_provisional\"],\"exposed\":[\"identity\",\"nir\"],"
        "\"notExposed\":[\"bank\"],\"operators\":[\"viamedis\",\"almerys\"],\"dataset\":{\"publisher\":"
        "\"Mutuelle \\\"D\xc3\xa9mo\\\" \\\\ tab\\t\\u0001\",\"version\":4294967295,"
        "\"created\":\"2026-11-30T00:00:00Z\",\"keyFingerprint\":\"abcd 0123\"}}");
  CheckResult b;
  b.status = CheckStatus::invalid_input;
  b.errors = {"nir_missing", "birth_date_invalid"};
  CHECK(check_result_to_json(b) == "{\"status\":\"invalid_input\",\"errors\":[\"nir_missing\",\"birth_date_invalid\"]}");
  CheckResult c;
  c.status = CheckStatus::unavailable;
  c.errors = {"oprf_rate_limited"};
  c.retry_after = 42;
  CHECK(check_result_to_json(c) == "{\"status\":\"unavailable\",\"errors\":[\"oprf_rate_limited\"],\"retryAfter\":42}");
  CheckResult d;
  d.status = CheckStatus::affected;
  CHECK(check_result_to_json(d) == "{\"status\":\"affected\",\"exposed\":[],\"notExposed\":[],\"operators\":[]}");
  CheckResult e;
  e.status = CheckStatus::not_found;
  e.has_dataset = true;
  CHECK(check_result_to_json(e) ==
        "{\"status\":\"not_found\",\"dataset\":{\"publisher\":\"\",\"version\":0,\"created\":\"\",\"keyFingerprint\":\"\"}}");
}

TEST_CASE("The JSON result has the JS API's shape and never carries identifiers", "[dataset]") {
  const auto& ds = dataset();
  const auto policy = test_policy(ds.key.public_key);
  const std::string affected = check_result_to_json(check_bytes(ds.bytes, policy, "185057800608491", "1985-05-12"));
  CHECK(affected.find("\"status\":\"affected\"") != std::string::npos);
  CHECK(affected.find("\"notExposed\"") != std::string::npos);
  CHECK(affected.find("\"dataset\":{\"publisher\":\"Test publisher\"") != std::string::npos);
  const std::string invalid = check_result_to_json(check_bytes(ds.bytes, policy, "18505780060849X", "1985-05-12"));
  for (const std::string& text : {affected, invalid}) {
    CHECK(text.find("1850578") == std::string::npos);
    CHECK(text.find("1985-05-12") == std::string::npos);
    CHECK(text.find("19850512") == std::string::npos);
  }
}

// The browser's worker drives CheckSession step by step with its own reads; every early end is mapped here once
// (status, code, the data set's summary), and nothing can move a session on after its result.
TEST_CASE("A check session ends once, with the data set, whatever step ends it", "[dataset][session]") {
  const auto& ds = dataset();
  MemorySource source(ds.bytes);
  const OpenedDataset opened = open_dataset(source, test_policy(ds.key.public_key));
  REQUIRE(opened.header);
  const VerifiedHeader& header = *opened.header;
  const auto input = [](const std::string& nir, const std::string& date) {
    IdentityInput in;
    in.nir = nir;
    in.birth_date = date;
    return in;
  };

  SECTION("invalid input ends at once, no bucket asked") {
    CheckSession session(header, input("185057800608492", "1985-05-12"), kToday);
    REQUIRE(session.need() == CheckSession::Need::nothing);
    CHECK(session.result().status == CheckStatus::invalid_input);
    CHECK(session.result().errors == std::vector<std::string>{"nir_key"});
    CHECK(session.result().has_dataset);
  }
  SECTION("an unreadable bucket is the reader's status and code, never a verdict; later bytes change nothing") {
    CheckSession session(header, input("185057800608491", "1985-05-12"), kToday);
    REQUIRE(session.need() == CheckSession::Need::bucket);
    CHECK(session.bucket_length() == header.fixed.bucket_stride());
    // A static data set needs no evaluation: an outcome handed in anyway is ignored.
    session.evaluated(OprfEvaluationOutcome{std::nullopt, "oprf_refused", 0});
    REQUIRE(session.need() == CheckSession::Need::bucket);
    const std::uint64_t offset = session.bucket_offset();
    session.bucket_unreadable(CheckStatus::unavailable, "read_timeout");
    REQUIRE(session.need() == CheckSession::Need::nothing);
    CHECK(session.result().status == CheckStatus::unavailable);
    CHECK(session.result().errors == std::vector<std::string>{"read_timeout"});
    CHECK(session.result().has_dataset);
    Bytes bucket;
    REQUIRE(source.read(offset, header.fixed.bucket_stride(), bucket));
    session.bucket_read(bucket);
    CHECK(session.result().status == CheckStatus::unavailable);
  }
  SECTION("the bucket read through the session gives the same verdict as check_identity") {
    CheckSession session(header, input("185057800608491", "1985-05-12"), kToday);
    REQUIRE(session.need() == CheckSession::Need::bucket);
    Bytes bucket;
    REQUIRE(source.read(session.bucket_offset(), session.bucket_length(), bucket));
    session.bucket_read(bucket);
    REQUIRE(session.need() == CheckSession::Need::nothing);
    CHECK(session.result().status == CheckStatus::affected);
    CHECK(session.result().operators == std::vector<std::string>{"viamedis"});
  }
}
