// SPDX-License-Identifier: MPL-2.0
// Identifiers a person types (NIR, date of birth, birth rank): validation and the canonical encoding
// that every hash starts from. Pure functions, no I/O; errors are codes, never echoed input.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/civil_date.h"
#include "util/secure_bytes.h"

namespace breachcheck {

struct IdentityInput {
  std::string_view nir;         // as typed: spaces, dots, dashes, lower-case 2a/2b, fullwidth forms accepted
  std::string_view birth_date;  // YYYY-MM-DD
  std::string_view birth_rank;  // "" means 1; otherwise "1".."9"
  bool beneficiary = false;     // the NIR is the insured person's; the date is the beneficiary's own
};

// Canonical identity, format version 1 (docs/FORMAT.md, "Canonical identity"):
//   "bc-id-v1" (8 ASCII bytes) | NIR without key (13 ASCII bytes, [0-9AB], 2A/2B kept as letters)
//   | birth date "YYYYMMDD" (8 ASCII bytes) | birth rank (1 ASCII digit '1'..'9')
inline constexpr std::size_t kCanonicalIdentitySize = 30;
using CanonicalIdentity = SecretArray<kCanonicalIdentitySize>;

struct ValidatedIdentity {
  std::vector<std::string> errors;    // stable codes, see docs/ERRORS.md; empty when valid
  std::vector<std::string> warnings;  // e.g. "nir_unusual_sex"; never block a check
  CanonicalIdentity canonical;        // meaningful only when errors is empty
  bool ok() const { return errors.empty(); }
};

ValidatedIdentity validate_identity(const IdentityInput& input, const CivilDate& today);

// Strips separators and normalises a NIR (NFKC subset, upper-case) to 13 or 15 chars of [0-9AB];
// returns "" when something else remains. Exposed for the UI's as-you-type formatting and tests.
// Only characters are checked here, not length or positions (validate_identity does that): a partly
// typed number comes back partly normalised; input over 64 bytes gives "". The result holds the NIR:
// the caller wipes it.
std::string normalize_nir(std::string_view typed);

// 97 - (N mod 97) with 2A -> 19, 2B -> 18; `nir13` must be 13 normalised characters.
// Returns 1..97, or -1 when `nir13` is not 13 digits (letters allowed only as 2A/2B at positions 6-7).
int nir_key(std::string_view nir13);

}  // namespace breachcheck
