// SPDX-License-Identifier: MPL-2.0
// Synthetic records (wasm/core/synth/synth.h): deterministic, valid for the identity rules, roughly the
// advertised proportions, readable by a plain RFC 4180 reader, fast.
#include <catch.hpp>

#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "identity/identity.h"
#include "synth/synth.h"

using namespace breachcheck;

namespace {

const CivilDate kToday{2024, 2, 15};

std::string synth(std::uint64_t count, std::uint64_t seed, const CivilDate& today = kToday) {
  std::ostringstream out;
  write_synthetic_csv(out, count, seed, today);
  return out.str();
}

// A plain RFC 4180 reader (CRLF or LF), independent of the project's CsvReader.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  bool bare_quote = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      field_started = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      field_started = false;
    } else {
      bare_quote = bare_quote || c == '"';  // a quote inside an unquoted field is not RFC 4180
      field += c;
      field_started = true;
    }
  }
  REQUIRE_FALSE(quoted);
  REQUIRE_FALSE(bare_quote);
  if (field_started || !field.empty()) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

struct Row {
  std::string nir, birth_date, birth_rank, op, categories, insurer;
};

std::vector<Row> rows_of(const std::string& csv) {
  const auto table = parse_csv(csv);
  REQUIRE(!table.empty());
  CHECK(table[0] == std::vector<std::string>{"nir", "birth_date", "birth_rank", "operator", "categories", "insurer"});
  std::vector<Row> rows;
  std::size_t wrong_width = 0;
  for (std::size_t i = 1; i < table.size(); ++i) {
    if (table[i].size() != 6) {
      ++wrong_width;
      continue;
    }
    rows.push_back({table[i][0], table[i][1], table[i][2], table[i][3], table[i][4], table[i][5]});
  }
  CHECK(wrong_width == 0);
  return rows;
}

ValidatedIdentity validate(const Row& row, bool beneficiary) {
  IdentityInput input;
  input.nir = row.nir;
  input.birth_date = row.birth_date;
  input.birth_rank = row.birth_rank;
  input.beneficiary = beneficiary;
  return validate_identity(input, kToday);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t cut; (cut = s.find(sep, start)) != std::string::npos; start = cut + 1) {
    parts.push_back(s.substr(start, cut - start));
  }
  parts.push_back(s.substr(start));
  return parts;
}

// Rows of one seed, generated once and shared by the tests that only read them.
const std::vector<Row>& hundred_thousand_rows() {
  static const std::vector<Row> rows = rows_of(synth(100000, 20240207));
  return rows;
}

}  // namespace

TEST_CASE("the same seed writes the same bytes and another seed writes other bytes") {
  CHECK(synth(2000, 7) == synth(2000, 7));
  CHECK(synth(2000, 7) != synth(2000, 8));
  // A longer run starts with the shorter one's rows (the stream does not depend on count).
  const std::string short_run = synth(500, 7);
  CHECK(synth(2000, 7).compare(0, short_run.size() - 400, short_run, 0, short_run.size() - 400) == 0);
}

TEST_CASE("the output has the builder's header and exactly count rows") {
  for (std::uint64_t count : {0u, 1u, 2u, 3u, 1000u}) {
    INFO("count " << count);
    const std::string csv = synth(count, 1);
    CHECK(csv.rfind("nir,birth_date,birth_rank,operator,categories,insurer\n", 0) == 0);
    CHECK(rows_of(csv).size() == count);
  }
}

TEST_CASE("every row validates, as a policyholder or else as a beneficiary of the insured's NIR") {
  std::size_t policyholders = 0, beneficiaries = 0, invalid = 0;
  std::string first_invalid;  // synthetic data only, safe to print
  for (const Row& row : hundred_thousand_rows()) {
    const ValidatedIdentity as_holder = validate(row, false);
    if (row.nir.size() == 15 && as_holder.ok()) {
      ++policyholders;
    } else if (row.nir.size() == 15 && as_holder.errors == std::vector<std::string>{"dob_nir_mismatch"} &&
               validate(row, true).ok()) {
      ++beneficiaries;
    } else if (invalid++ == 0) {
      first_invalid = row.nir + "," + row.birth_date + "," + row.birth_rank;
    }
  }
  INFO("first invalid row: " << first_invalid);
  CHECK(invalid == 0);
  CHECK(policyholders > 0);
  CHECK(beneficiaries > 0);
}

TEST_CASE("synthetic rows have roughly the advertised proportions") {
  const auto& rows = hundred_thousand_rows();
  const double n = static_cast<double>(rows.size());
  std::size_t viamedis = 0, beneficiaries = 0, rank2 = 0, corsica_letters = 0, overseas = 0, abroad = 0,
              provisional = 0, incomplete_month = 0;
  std::map<std::string, std::set<std::string>> operators_of_person;  // nir|date|rank -> operators
  for (const Row& row : rows) {
    viamedis += row.op == "viamedis";
    if (!validate(row, false).ok()) ++beneficiaries;
    rank2 += row.birth_rank == "2";
    corsica_letters += row.nir[6] == 'A' || row.nir[6] == 'B';
    overseas += row.nir.compare(5, 2, "97") == 0;
    abroad += row.nir.compare(5, 2, "99") == 0;
    provisional += row.nir[0] == '7' || row.nir[0] == '8';
    incomplete_month += std::stoi(row.nir.substr(3, 2)) > 12;
    const std::string rank = row.birth_rank.empty() ? "1" : row.birth_rank;
    operators_of_person[row.nir + "|" + row.birth_date + "|" + rank].insert(row.op);
  }
  std::size_t both_operators = 0;
  for (const auto& person : operators_of_person) both_operators += person.second.size() == 2;

  CHECK(viamedis / n == Approx(0.55).margin(0.02));
  CHECK(beneficiaries / n == Approx(0.15).margin(0.02));
  CHECK(rank2 / n == Approx(0.005).margin(0.003));  // twin pairs: ~1% of rows
  CHECK(both_operators / static_cast<double>(operators_of_person.size()) == Approx(0.02).margin(0.01));
  CHECK(corsica_letters > 0);
  CHECK(overseas / n == Approx(0.03).margin(0.01));
  CHECK(abroad / n == Approx(0.04).margin(0.01));
  CHECK(provisional > 0);
  CHECK(incomplete_month > 0);
}

TEST_CASE("twin rows share the NIR and the date and differ by birth rank") {
  std::map<std::string, std::set<std::string>> ranks_of;  // nir|date -> ranks
  for (const Row& row : hundred_thousand_rows()) {
    ranks_of[row.nir + "|" + row.birth_date].insert(row.birth_rank.empty() ? "1" : row.birth_rank);
  }
  std::size_t twins = 0, lone = 0;
  for (const auto& entry : ranks_of) {
    if (entry.second.count("2")) {
      ++twins;
      if (entry.second.count("1") == 0) ++lone;
    }
  }
  CHECK(lone == 0);
  CHECK(twins > 100);
}

TEST_CASE("each insurer always appears with the same operator, the one synthetic_insurers gives") {
  std::map<std::string, std::string> declared;
  for (const auto& insurer : synthetic_insurers()) declared[insurer.name] = insurer.operator_id;
  CHECK(declared.size() >= 35);
  CHECK(synthetic_insurer_names().size() == synthetic_insurers().size());

  std::set<std::string> seen;
  std::size_t mismatched = 0;
  for (const Row& row : hundred_thousand_rows()) {
    const auto found = declared.find(row.insurer);
    if (found == declared.end() || found->second != row.op) ++mismatched;
    seen.insert(row.insurer);
  }
  CHECK(mismatched == 0);
  CHECK(seen.size() == declared.size());
}

TEST_CASE("categories start with the four CNIL-exposed ids and add only their operator's extras") {
  const std::set<std::string> common = {"contract_guarantees"};
  const std::set<std::string> almerys_only = {"birth_rank", "insurer_contract_number", "operator_internal_reference"};
  const std::set<std::string> viamedis_only = {"member_number"};
  const std::vector<std::string> cnil = {"civil_status", "birth_date", "nir", "insurer_name"};
  std::size_t with_guarantees = 0, wrong = 0;
  std::string first_wrong;
  for (const Row& row : hundred_thousand_rows()) {
    const auto ids = split(row.categories, ';');
    bool ok = ids.size() >= 4 && std::vector<std::string>(ids.begin(), ids.begin() + 4) == cnil &&
              std::set<std::string>(ids.begin(), ids.end()).size() == ids.size();
    for (std::size_t i = 4; ok && i < ids.size(); ++i) {
      ok = common.count(ids[i]) ||
           (row.op == "almerys" ? almerys_only.count(ids[i]) : viamedis_only.count(ids[i]));
    }
    if (!ok && wrong++ == 0) first_wrong = row.op + ": " + row.categories;
    with_guarantees += row.categories.find("contract_guarantees") != std::string::npos;
  }
  INFO("first wrong list: " << first_wrong);
  CHECK(wrong == 0);
  CHECK(with_guarantees > hundred_thousand_rows().size() / 2);
}

TEST_CASE("insurer names with a comma or quotes are quoted and read back intact") {
  const std::string csv = synth(20000, 3);
  CHECK(csv.find("\"Mutuelle Exemple, Section Provence\"") != std::string::npos);
  CHECK(csv.find("\"Assurance \"\"Démonstration\"\" Santé\"") != std::string::npos);
  std::set<std::string> insurers;
  for (const Row& row : rows_of(csv)) insurers.insert(row.insurer);
  CHECK(insurers.count("Mutuelle Exemple, Section Provence") == 1);
  CHECK(insurers.count("Assurance \"Démonstration\" Santé") == 1);
}

TEST_CASE("birth dates lie between 1930 and today, policyholders born before this year") {
  std::size_t out_of_range = 0;
  for (const Row& row : hundred_thousand_rows()) {
    const int year = std::stoi(row.birth_date.substr(0, 4));
    // A provisional number (7/8) is not matched against the date, so its beneficiaries also validate as
    // policyholders: tell policyholders by the NIR's year and month instead.
    const bool policyholder = validate(row, false).ok() && row.nir.compare(1, 2, row.birth_date, 2, 2) == 0 &&
                              row.nir.compare(3, 2, row.birth_date, 5, 2) == 0;
    if (year < 1930 || (policyholder && year > kToday.year - 1)) ++out_of_range;
  }
  CHECK(out_of_range == 0);
}

TEST_CASE("nobody is born after the incident, even when the generator runs years later") {
  // Regression: with today's date as the limit, beneficiaries were born in 2025 and 2026, after the leak.
  std::size_t after_incident = 0;
  std::string first;  // synthetic data only, safe to print
  for (const Row& row : rows_of(synth(20000, 20240207, CivilDate{2026, 11, 30}))) {
    if (row.birth_date > "2024-02-05" && after_incident++ == 0) first = row.birth_date;
  }
  INFO("first birth date after the incident: " << first);
  CHECK(after_incident == 0);
  // Before the incident date, today stays the limit.
  for (const Row& row : rows_of(synth(5000, 3, CivilDate{2000, 6, 1}))) CHECK(row.birth_date <= "2000-06-01");
}

TEST_CASE("a hundred thousand rows are written in well under a few seconds") {
  const auto start = std::chrono::steady_clock::now();
  const std::string csv = synth(100000, 99);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(csv.size() > 100000 * 60);
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 2000);
}

TEST_CASE("write_synthetic_csv refuses a today that is not a calendar date from 1931 on") {
  std::ostringstream out;
  CHECK_THROWS_AS(write_synthetic_csv(out, 1, 1, CivilDate{1930, 6, 1}), std::invalid_argument);
  CHECK_THROWS_AS(write_synthetic_csv(out, 1, 1, CivilDate{2024, 2, 30}), std::invalid_argument);
  CHECK_THROWS_AS(write_synthetic_csv(out, 1, 1, CivilDate{}), std::invalid_argument);
}
