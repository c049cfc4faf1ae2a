// SPDX-License-Identifier: MPL-2.0
// Target: what a person types. validate_identity, normalize_nir and nir_key over arbitrary bytes.
// Input: byte 0 = flags (bit 0: beneficiary; bits 1-3: which "today"), byte 1 = NIR length, byte 2 = date
// length, then the NIR, the date, and the rest is the birth rank.
// Properties: never crash; errors and warnings come from closed lists of codes (so no error text can carry
// input bytes), at most one per field, in the documented order; the canonical identity is all zero unless
// the input is valid, and then it is exactly "bc-id-v1" | NIR body | YYYYMMDD | rank, consistent with
// normalize_nir and nir_key; normalize_nir is idempotent and returns only [0-9AB].
#include <cstring>

#include "fuzz_common.h"

using namespace breachcheck;
using namespace breachcheck::fuzz;

namespace {

constexpr CivilDate kTodays[] = {{2024, 2, 15}, {2026, 11, 29}, {2000, 2, 29}, {1890, 1, 1},
                                 {9999, 12, 31}, {2024, 12, 31}, {2025, 1, 1}, {1985, 5, 12}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int field_rank(const std::string& code) {
  if (code == "dob_nir_mismatch") return 3;
  if (code.rfind("nir_", 0) == 0) return 0;
  if (code.rfind("dob_", 0) == 0) return 1;
  return 2;
}

bool only_nir_chars(const std::string& s) {
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || c == 'A' || c == 'B')) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  init_sodium();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::uint8_t flags = data[0];
  const char* p = reinterpret_cast<const char*>(data) + 3;
  std::size_t left = size - 3;
  const std::size_t nir_size = std::min<std::size_t>(data[1], left);
  const std::string_view nir(p, nir_size);
  p += nir_size, left -= nir_size;
  const std::size_t date_size = std::min<std::size_t>(data[2], left);
  const std::string_view date(p, date_size);
  p += date_size, left -= date_size;
  const std::string_view rank(p, left);

  IdentityInput input;
  input.nir = nir;
  input.birth_date = date;
  input.birth_rank = rank;
  input.beneficiary = flags & 1;
  const CivilDate today = kTodays[(flags >> 1) & 7];
  const ValidatedIdentity id = validate_identity(input, today);

  int last = -1;
  bool nir_error = false;
  bool date_error = false;
  for (const auto& code : id.errors) {
    FUZZ_ASSERT(identity_codes().count(code) == 1);
    const int rank_of = field_rank(code);
    FUZZ_ASSERT(rank_of > last);  // one code per field, in the order NIR, date, rank, mismatch
    last = rank_of;
    nir_error |= rank_of == 0;
    date_error |= rank_of == 1;
  }
  for (const auto& code : id.warnings) FUZZ_ASSERT(warning_codes().count(code) == 1);
  if (nir_error) FUZZ_ASSERT(id.warnings.empty());
  const bool mismatch = !id.errors.empty() && id.errors.back() == "dob_nir_mismatch";
  if (mismatch) FUZZ_ASSERT(!nir_error && !date_error && !input.beneficiary);
  FUZZ_ASSERT(id.ok() == id.errors.empty());

  const std::string canonical(reinterpret_cast<const char*>(id.canonical.data()), id.canonical.size());
  const std::string normalized = normalize_nir(nir);
  FUZZ_ASSERT(normalized.size() <= 64 && only_nir_chars(normalized));
  if (!normalized.empty()) FUZZ_ASSERT(normalize_nir(normalized) == normalized);

  if (!id.ok()) {
    FUZZ_ASSERT(canonical == std::string(kCanonicalIdentitySize, '\0'));
  } else {
    FUZZ_ASSERT(canonical.compare(0, 8, "bc-id-v1") == 0);
    const std::string body = canonical.substr(8, 13);
    FUZZ_ASSERT(normalized.size() == 13 || normalized.size() == 15);
    FUZZ_ASSERT(normalized.compare(0, 13, body) == 0);
    const int key = nir_key(body);
    FUZZ_ASSERT(key >= 1 && key <= 97);
    if (normalized.size() == 15) FUZZ_ASSERT(std::stoi(normalized.substr(13)) == key);
    const std::string_view d = trim(date);
    FUZZ_ASSERT(canonical.substr(21, 8) ==
                std::string(d.substr(0, 4)) + std::string(d.substr(5, 2)) + std::string(d.substr(8, 2)));
    const std::string_view r = trim(rank);
    FUZZ_ASSERT(canonical[29] == (r.empty() ? '1' : r[0]) && canonical[29] >= '1' && canonical[29] <= '9');
    if (!input.beneficiary) {  // NIR month codes 01-12 are cross-checked with the date: year and month agree
      const int month = (body[3] - '0') * 10 + (body[4] - '0');
      if (month >= 1 && month <= 12) {
        FUZZ_ASSERT(body.compare(1, 2, canonical, 23, 2) == 0 && body.compare(3, 2, canonical, 25, 2) == 0);
      }
    }
  }

  // Deterministic: the same input gives the same answer.
  const ValidatedIdentity again = validate_identity(input, today);
  FUZZ_ASSERT(again.errors == id.errors && again.warnings == id.warnings);
  FUZZ_ASSERT(std::memcmp(again.canonical.data(), id.canonical.data(), kCanonicalIdentitySize) == 0);

  const int key = nir_key(nir);
  FUZZ_ASSERT(key == -1 || (key >= 1 && key <= 97));
  if (key != -1) FUZZ_ASSERT(nir.size() == 13);
  return 0;
}
