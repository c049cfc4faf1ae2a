// SPDX-License-Identifier: MPL-2.0
// Validation of what a person types (NIR, date of birth, birth rank) and the canonical identity v1.
// Every buffer that holds identifier bytes is a fixed-size array wiped with sodium_memzero, so nothing
// is left behind by a reallocation; codes are string literals and never contain input.
#include "identity/identity.h"

#include <sodium.h>

#include <cstring>

#include "util/utf8.h"

namespace breachcheck {
namespace {

constexpr std::size_t kMaxNirInputBytes = 64;  // checked before any decoding
constexpr std::size_t kNirBodySize = 13;       // without the key
constexpr std::size_t kNirFullSize = 15;       // with the key
constexpr char kCanonicalPrefix[] = "bc-id-v1";
constexpr std::size_t kCanonicalPrefixSize = sizeof(kCanonicalPrefix) - 1;
constexpr int kEarliestBirthYear = 1890;
static_assert(kCanonicalPrefixSize + kNirBodySize + 8 + 1 == kCanonicalIdentitySize, "canonical layout v1");

// A fixed buffer of identifier characters, wiped when it goes away.
template <std::size_t N>
struct WipedChars {
  char data[N] = {};
  std::size_t size = 0;
  WipedChars() = default;
  WipedChars(const WipedChars&) = delete;
  WipedChars& operator=(const WipedChars&) = delete;
  ~WipedChars() { sodium_memzero(data, N); }
};
// Normalised NIR: at most one output character per input byte.
using NirChars = WipedChars<kMaxNirInputBytes>;

// Spaces, dashes/hyphens and dots a person may type or paste between groups of digits.
bool is_nir_separator(char32_t cp) {
  switch (cp) {
    // spaces
    case 0x0009: case 0x0020: case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
    // dashes and hyphens
    case 0x002D: case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D:
    // dots
    case 0x002E: case 0x00B7: case 0x2024: case 0x2027: case 0xFF0E: case 0x30FB:
      return true;
    default:
      return (cp >= 0x2000 && cp <= 0x200B) || (cp >= 0x2010 && cp <= 0x2015);
  }
}

// NFKC subset: ASCII and fullwidth digits, a/b/A/B (either width). 0 for anything else.
char nir_char(char32_t cp) {
  if (cp >= '0' && cp <= '9') return static_cast<char>(cp);
  if (cp >= 0xFF10 && cp <= 0xFF19) return static_cast<char>('0' + (cp - 0xFF10));
  switch (cp) {
    case 'A': case 'a': case 0xFF21: case 0xFF41: return 'A';
    case 'B': case 'b': case 0xFF22: case 0xFF42: return 'B';
    default: return 0;
  }
}

// nullptr on success (out holds [0-9AB]*, any length), else "nir_length" or "nir_format".
const char* normalize_into(std::string_view typed, NirChars& out) {
  out.size = 0;
  if (typed.size() > kMaxNirInputBytes) return "nir_length";
  std::size_t i = 0;
  char32_t cp = 0;
  while (i < typed.size()) {
    if (!decode_utf8(typed, i, cp)) return "nir_format";
    if (is_nir_separator(cp)) continue;
    const char c = nir_char(cp);
    if (c == 0) return "nir_format";
    out.data[out.size++] = c;  // cannot overflow: one character per input byte at most
  }
  return nullptr;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
int two_digits(const char* p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

// 97 - (N mod 97) over 13 characters; 2A -> 19, 2B -> 18 at positions 6-7. -1 if not a NIR body.
int key_of(const char* body) {
  int remainder = 0;
  for (std::size_t i = 0; i < kNirBodySize; ++i) {
    int digit = 0;
    const bool corsica = i == 5 && (body[6] == 'A' || body[6] == 'B') && body[5] == '2';
    if (corsica) {
      digit = 1;
    } else if (i == 6 && (body[6] == 'A' || body[6] == 'B') && body[5] == '2') {
      digit = body[6] == 'A' ? 9 : 8;
    } else if (is_digit(body[i])) {
      digit = body[i] - '0';
    } else {
      return -1;
    }
    remainder = (remainder * 10 + digit) % 97;
  }
  return 97 - remainder;
}

// Checks a normalised NIR; on success copies its 13-character body into `body` and adds warnings.
const char* check_nir(std::string_view typed, WipedChars<kNirBodySize>& body, std::vector<std::string>& warnings) {
  NirChars nir;
  if (const char* code = normalize_into(typed, nir)) return code;
  if (nir.size == 0) return "nir_missing";
  if (nir.size != kNirBodySize && nir.size != kNirFullSize) return "nir_length";
  const char* n = nir.data;

  // Letters: only the Corsican departments 2A/2B (positions 6-7, 1-based).
  for (std::size_t i = 0; i < nir.size; ++i) {
    if (!is_digit(n[i]) && !(i == 6 && n[5] == '2')) return "nir_format";
  }
  const char sex = n[0];
  if (sex == '0' || sex == '5' || sex == '6' || sex == '9') return "nir_format";
  if (!is_digit(n[3]) || !is_digit(n[4])) return "nir_format";
  const int month = two_digits(n + 3);
  if (month == 0 || (month >= 13 && month <= 19) || (month >= 43 && month <= 49)) return "nir_format";
  if (n[5] == '0' && n[6] == '0') return "nir_format";
  if (n[10] == '0' && n[11] == '0' && n[12] == '0') return "nir_format";

  if (nir.size == kNirFullSize) {
    const int typed_key = two_digits(n + 13);
    if (typed_key == 0 || typed_key > 97 || typed_key != key_of(n)) return "nir_key";
  }

  if (sex == '7' || sex == '8') warnings.emplace_back("nir_provisional");
  if (sex == '3' || sex == '4') warnings.emplace_back("nir_unusual_sex");
  std::memcpy(body.data, n, kNirBodySize);
  body.size = kNirBodySize;
  return nullptr;
}

std::string_view trim_ascii_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A birth date is part of an identity: wiped when it goes away.
struct BirthDate : CivilDate {
  ~BirthDate() { sodium_memzero(static_cast<CivilDate*>(this), sizeof(CivilDate)); }
};

// "YYYY-MM-DD" only (surrounding ASCII spaces/tabs allowed).
const char* check_birth_date(std::string_view typed, const CivilDate& today, BirthDate& date) {
  const std::string_view s = trim_ascii_spaces(typed);
  if (s.empty()) return "dob_missing";
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return "dob_format";
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_digit(s[i])) return "dob_format";
  }
  date.year = two_digits(s.data()) * 100 + two_digits(s.data() + 2);
  date.month = two_digits(s.data() + 5);
  date.day = two_digits(s.data() + 8);
  if (!is_calendar_date(date)) return "dob_invalid";
  if (date.year < kEarliestBirthYear) return "dob_too_early";
  if (is_after(date, today)) return "dob_future";
  return nullptr;
}

// "" (or only spaces) means 1; otherwise exactly one digit 1..9.
const char* check_birth_rank(std::string_view typed, char& rank) {
  const std::string_view s = trim_ascii_spaces(typed);
  if (s.empty()) {
    rank = '1';
    return nullptr;
  }
  if (s.size() != 1 || s[0] < '1' || s[0] > '9') return "rank_invalid";
  rank = s[0];
  return nullptr;
}

void put_two_digits(std::uint8_t* out, int value) {
  out[0] = static_cast<std::uint8_t>('0' + value / 10);
  out[1] = static_cast<std::uint8_t>('0' + value % 10);
}

}  // namespace

ValidatedIdentity validate_identity(const IdentityInput& input, const CivilDate& today) {
  ValidatedIdentity result;
  WipedChars<kNirBodySize> body;
  BirthDate date;
  char rank = '1';

  const char* nir_error = check_nir(input.nir, body, result.warnings);
  const char* date_error = check_birth_date(input.birth_date, today, date);
  const char* rank_error = check_birth_rank(input.birth_rank, rank);
  if (nir_error) result.errors.emplace_back(nir_error);
  if (date_error) result.errors.emplace_back(date_error);
  if (rank_error) result.errors.emplace_back(rank_error);

  if (!nir_error && !date_error && !input.beneficiary) {
    const int nir_month = two_digits(body.data + 3);
    if (nir_month >= 1 && nir_month <= 12 &&
        (two_digits(body.data + 1) != date.year % 100 || nir_month != date.month)) {
      result.errors.emplace_back("dob_nir_mismatch");
    }
  }
  if (nir_error) result.warnings.clear();  // warnings describe a NIR that was otherwise accepted
  if (!result.errors.empty()) return result;

  std::uint8_t* out = result.canonical.data();
  std::memcpy(out, kCanonicalPrefix, kCanonicalPrefixSize);
  out += kCanonicalPrefixSize;
  std::memcpy(out, body.data, kNirBodySize);
  out += kNirBodySize;
  put_two_digits(out, date.year / 100);
  put_two_digits(out + 2, date.year % 100);
  put_two_digits(out + 4, date.month);
  put_two_digits(out + 6, date.day);
  out[8] = static_cast<std::uint8_t>(rank);
  return result;
}

std::string normalize_nir(std::string_view typed) {
  NirChars nir;
  if (normalize_into(typed, nir)) return {};
  return std::string(nir.data, nir.size);
}

int nir_key(std::string_view nir13) {
  if (nir13.size() != kNirBodySize) return -1;
  WipedChars<kNirBodySize> body;
  std::memcpy(body.data, nir13.data(), kNirBodySize);
  return key_of(body.data);
}

}  // namespace breachcheck
