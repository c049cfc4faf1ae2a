// SPDX-License-Identifier: MPL-2.0
// Target: the bytes of one fetched bucket (verify_bucket / find_in_bucket) under the verified golden header.
// Input: byte 0 = flags, byte 1 = which identity (or, with flag 16, a raw bucket index), byte 2 = where to
// plant the person's fingerprint; the rest is the bucket.
//   flag 1: fit the bytes to the bucket size     flag 2: re-sign them with the golden (test) key
//   flag 4: plant the fingerprint                flag 8: sort the entries
// Re-signing and planting reach the code after the signature check (constant-time scan, payload decoding)
// with fuzzer-chosen entries. Properties:
//  - an unsigned bucket is accepted only when it is byte-identical to the golden bucket of that index, and
//    then gives the golden answer (not_found when the index is not the person's own bucket);
//  - the answer is affected / not_found / integrity_error only, with known codes;
//  - "affected" names only categories and operators of the catalog, never an empty set;
//  - verify_bucket and find_in_bucket agree.
#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "fuzz_common.h"

using namespace breachcheck;
using namespace breachcheck::fuzz;

namespace {

struct Person {
  const char* nir;
  const char* date;
  bool beneficiary;
};
// Three records of tests/golden/records.csv and one person who is not in it.
constexpr Person kPeople[] = {{"185057800608491", "1985-05-12", false},
                              {"292017512345604", "1992-01-03", false},
                              {"185057800608491", "2015-09-09", true},
                              {"2600199123456", "1960-01-05", false}};
constexpr std::size_t kPeopleCount = sizeof(kPeople) / sizeof(kPeople[0]);

struct Prepared {
  PreparedLookup lookup;
  CheckResult golden_answer;
};

const std::vector<Prepared>& people() {
  static const std::vector<Prepared> prepared = [] {
    const Golden& g = golden();
    std::vector<Prepared> out;
    for (const Person& p : kPeople) {
      IdentityInput input;
      input.nir = p.nir;
      input.birth_date = p.date;
      input.beneficiary = p.beneficiary;
      Prepared item;
      item.lookup = prepare_lookup(g.header, input, CivilDate{2026, 11, 29});
      if (!item.lookup.ok()) std::abort();
      const Bytes bucket(g.file.begin() + static_cast<std::ptrdiff_t>(g.header.fixed.bucket_offset(item.lookup.bucket)),
                         g.file.begin() + static_cast<std::ptrdiff_t>(g.header.fixed.bucket_offset(item.lookup.bucket + 1)));
      item.golden_answer = find_in_bucket(g.header, item.lookup, bucket);
      out.push_back(std::move(item));
    }
    if (out[0].golden_answer.status != CheckStatus::affected || out[3].golden_answer.status != CheckStatus::not_found) {
      std::abort();
    }
    return out;
  }();
  return prepared;
}

bool contains(const std::vector<std::string>& haystack, const std::string& needle) {
  return std::find(haystack.begin(), haystack.end(), needle) != haystack.end();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  init_sodium();
  people();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const Golden& g = golden();
  const VerifiedHeader& header = g.header;
  const std::uint8_t flags = data[0];
  const Prepared& person = people()[data[1] % kPeopleCount];
  PreparedLookup lookup = person.lookup;
  if (flags & 16) lookup.bucket = data[1];
  const std::size_t stride = header.fixed.bucket_stride();
  const std::size_t capacity = header.fixed.bucket_capacity;
  Bytes bucket(data + 3, data + size);

  const bool fit = (flags & 1) || (flags & 2);
  if (fit) bucket.resize(stride);
  if ((flags & 4) && fit) {
    const Fingerprint fp = fingerprint_of(lookup.keys);
    std::memcpy(bucket.data() + (data[2] % capacity) * kEntrySize, fp.data(), fp.size());
  }
  if ((flags & 8) && fit) {
    std::vector<std::array<std::uint8_t, kEntrySize>> entries(capacity);
    std::memcpy(entries.data(), bucket.data(), capacity * kEntrySize);
    std::sort(entries.begin(), entries.end());
    std::memcpy(bucket.data(), entries.data(), capacity * kEntrySize);
  }
  const bool resigned = (flags & 2) && lookup.bucket < header.fixed.bucket_count();
  if (resigned) {
    const ByteView entries(bucket.data(), capacity * kEntrySize);
    const Bytes message = bucket_signed_message(header.dataset_id, lookup.bucket, entries);
    crypto_sign_detached(bucket.data() + entries.size, nullptr, message.data(), message.size(),
                         g.key.secret_key.data());
  }

  const std::string verdict = verify_bucket(header, lookup.bucket, bucket);
  const CheckResult result = find_in_bucket(header, lookup, bucket);
  FUZZ_ASSERT(verdict.empty() == (result.status != CheckStatus::integrity_error));
  switch (result.status) {
    case CheckStatus::integrity_error:
      FUZZ_ASSERT(result.errors.size() == 1 && result.errors[0] == verdict);
      FUZZ_ASSERT(integrity_codes().count(verdict) == 1);
      return 0;
    case CheckStatus::affected:
    case CheckStatus::not_found:
      break;
    default:
      FUZZ_ASSERT(false && "unexpected status");
  }
  if (!resigned) {
    // Without the signing key, only the genuine bucket gets through, and it gives the genuine answer.
    FUZZ_ASSERT(std::equal(bucket.begin(), bucket.end(),
                           g.file.begin() + static_cast<std::ptrdiff_t>(header.fixed.bucket_offset(lookup.bucket))));
    if (lookup.bucket == person.lookup.bucket) {
      FUZZ_ASSERT(result.status == person.golden_answer.status);
      FUZZ_ASSERT(result.exposed == person.golden_answer.exposed);
    } else {
      FUZZ_ASSERT(result.status == CheckStatus::not_found);  // another genuine bucket: the person is not in it
    }
  }
  if (result.status == CheckStatus::affected) {
    FUZZ_ASSERT(!result.exposed.empty() && !result.operators.empty());
    std::vector<std::string> categories, operators;
    for (const auto& c : header.catalog.categories) categories.push_back(c.id);
    for (const auto& o : header.catalog.operators) operators.push_back(o.id);
    for (const auto& id : result.exposed) FUZZ_ASSERT(contains(categories, id));
    for (const auto& id : result.operators) FUZZ_ASSERT(contains(operators, id));
    FUZZ_ASSERT(result.not_exposed.size() == header.catalog.not_exposed_categories.size());
  } else {
    FUZZ_ASSERT(result.exposed.empty() && result.operators.empty());
  }
  return 0;
}
