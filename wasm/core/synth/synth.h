// SPDX-License-Identifier: MPL-2.0
// Synthetic affected-records CSV for demos, tests and benchmarks (`breachcheck synth`). Never real data:
// the NIRs are random but well-formed (valid keys, dates consistent with the NIR), insurers are fictitious.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "identity/identity.h"

namespace breachcheck {

struct SyntheticInsurer {
  std::string name;         // clearly fictitious, e.g. "Mutuelle Fictive du Nord"
  std::string operator_id;  // "viamedis" | "almerys": each insurer uses one operator
};

// The fixed list the generator draws from (about 40 names, some with a comma or quotes so the CSV
// writer's quoting is exercised).
std::vector<SyntheticInsurer> synthetic_insurers();
std::vector<std::string> synthetic_insurer_names();

// Writes the header `nir,birth_date,birth_rank,operator,categories,insurer` and `count` rows, LF line
// endings, RFC 4180 quoting. The same (count, seed, today) always gives the same bytes, natively and
// under wasm (integer-only PRNG: splitmix64-seeded xoshiro256**). Proportions, roughly:
//   - policyholders: 15-char NIR (key, no spaces) whose year/month match birth_date; sex 1/2 (1.5%
//     provisional 7/8); 2% Corsica (2A/2B from 1976, 20 before), 3% overseas 97x, 4% born abroad 99;
//     0.5% with an incomplete-record month code (20-42, 50-99); born 1930 .. last.year - 1, where `last` is
//     the earlier of `today` and the incident date (5 February 2024): nobody is born after the leak;
//   - 15% beneficiaries: a policyholder's NIR already written, with the beneficiary's own later birth
//     date, never after `last` (so it does not match the NIR); about 1% of rows are twin beneficiaries (same NIR and date,
//     ranks 1 and 2);
//   - operator viamedis 55% / almerys 45%; about 2% of people appear twice, once per operator;
//   - birth_rank is "" on Viamedis rows and "1".."2" on Almérys rows (both mean the same identity).
// Throws std::invalid_argument if `today` is before 1931-01-01 or not a calendar date.
void write_synthetic_csv(std::ostream& out, std::uint64_t count, std::uint64_t seed, const CivilDate& today);

}  // namespace breachcheck
