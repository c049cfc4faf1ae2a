// SPDX-License-Identifier: MPL-2.0
// The records file: RFC 4180 reading with limits, and every bad row reported with its line and reason.
#include <catch.hpp>

#include <sstream>

#include "csv_reader.h"
#include "test_support.h"

using namespace breachcheck;
using namespace breachcheck::test;

namespace {

std::vector<CsvRow> read_all(const std::string& text, CsvLimits limits = {}) {
  std::istringstream in(text);
  CsvReader reader(in, limits);
  std::vector<CsvRow> rows;
  CsvRow row;
  while (reader.next(row)) {
    CsvRow copy;
    copy.fields = row.fields;
    copy.line = row.line;
    copy.error = row.error;
    rows.push_back(std::move(copy));
  }
  return rows;
}

const std::string kHeader = "nir,birth_date,birth_rank,operator,categories,insurer\n";
const std::string kGood = "185057800608491,1985-05-12,1,viamedis,civil_status;nir,Mutuelle A";

}  // namespace

TEST_CASE("The CSV reader follows RFC 4180 quoting and counts physical lines", "[csv]") {
  const auto rows = read_all("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n\nlast,,\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(rows[1].fields == std::vector<std::string>{"x,1", "say \"hi\"", "two\nlines"});
  CHECK(rows[1].line == 2);
  CHECK(rows[2].line == 5);
  CHECK(rows[2].fields == std::vector<std::string>{"last", "", ""});
}

TEST_CASE("The CSV reader reports malformed rows and resumes at the next line", "[csv]") {
  struct Case {
    std::string text;
    std::string error;
  };
  CsvLimits small;
  small.max_fields = 4;
  small.max_field_bytes = 16;
  small.max_row_bytes = 40;
  const Case cases[] = {
      {"\"open,b\n", "unterminated_quote"},
      {"\"closed\"x,b\n", "text_after_quote"},
      {"ab\"c,d\n", "quote_in_field"},
      {"0123456789abcdefg,b\n", "field_too_long"},
      {"a,b,c,d,e\n", "too_many_fields"},
      {"aaaaaaaaaa,bbbbbbbbbb,cccccccccc,dddddddddd\n", "row_too_long"},
      {std::string("a\0b,c\n", 6), "nul_byte"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const auto rows = read_all(c.text + "next,row\n", small);
    REQUIRE(rows.size() >= 1);
    CHECK(rows[0].error == c.error);
    if (c.error != "unterminated_quote") {
      REQUIRE(rows.size() == 2);
      CHECK(rows[1].fields == std::vector<std::string>{"next", "row"});
    }
  }
  const auto long_row = read_all(std::string(50, 'x') + "\n", small);
  CHECK(long_row.at(0).error == "field_too_long");
  CsvLimits wide = small;
  wide.max_field_bytes = 100;
  CHECK(read_all(std::string(50, 'x') + "\n", wide).at(0).error == "row_too_long");
}

TEST_CASE("Bad records are reported with their line number, field and reason, never their value", "[csv]") {
  struct Case {
    std::string row;
    std::string field;
    std::string reason;
  };
  const std::string core = "civil_status;nir";
  const Case cases[] = {
      {"185057800608491,1985-05-12,1,viamedis,civil_status,A", "", ""},  // control: a good row
      {"185057800608492,1985-05-12,1,viamedis," + core + ",A", "nir", "nir_key"},
      {"18505780060849,1985-05-12,1,viamedis," + core + ",A", "nir", "nir_length"},
      {"1850578006084911,1985-05-12,1,viamedis," + core + ",A", "nir", "nir_length"},
      {"X85057800608491,1985-05-12,1,viamedis," + core + ",A", "nir", "nir_format"},
      {",1985-05-12,1,viamedis," + core + ",A", "nir", "nir_missing"},
      {"185052C01234579,1985-05-20,1,almerys," + core + ",A", "nir", "nir_format"},
      {"185137800608491,1985-05-12,1,viamedis," + core + ",A", "nir", "nir_format"},
      {"185057800608400,1985-05-12,1,viamedis," + core + ",A", "nir", "nir_key"},
      {"185057800608498,1985-05-12,1,viamedis," + core + ",A", "nir", "nir_key"},
      {"185057800608491,,1,viamedis," + core + ",A", "birth_date", "dob_missing"},
      {"185057800608491,12/05/1985,1,viamedis," + core + ",A", "birth_date", "dob_format"},
      {"185057800608491,1985-02-30,1,viamedis," + core + ",A", "birth_date", "dob_invalid"},
      {"185057800608491,1985-13-01,1,viamedis," + core + ",A", "birth_date", "dob_invalid"},
      {"185057800608491,1889-05-12,1,viamedis," + core + ",A", "birth_date", "dob_too_early"},
      {"185057800608491,2030-05-12,1,viamedis," + core + ",A", "birth_date", "dob_future"},
      {"185057800608491,1985-05-12,0,viamedis," + core + ",A", "birth_rank", "rank_invalid"},
      {"185057800608491,1985-05-12,10,viamedis," + core + ",A", "birth_rank", "rank_invalid"},
      {"185057800608491,1985-05-12,x,viamedis," + core + ",A", "birth_rank", "rank_invalid"},
      {"185057800608491,1985-05-12,1,,civil_status,A", "operator", "operator_missing"},
      {"185057800608491,1985-05-12,1,acme," + core + ",A", "operator", "operator_unknown"},
      {"185057800608491,1985-05-12,1,viamedis,,A", "categories", "categories_missing"},
      {"185057800608491,1985-05-12,1,viamedis,;;,A", "categories", "categories_missing"},
      {"185057800608491,1985-05-12,1,viamedis,civil_status;shoe_size,A", "categories", "category_unknown"},
      {"185057800608491,1985-05-12,1,viamedis,bank_details,A", "categories", "category_unknown"},
      {"185057800608491,1985-05-12,1,viamedis," + core + "," + std::string(201, 'M'), "insurer", "insurer_too_long"},
      {"185057800608491,1985-05-12,1,viamedis," + core + ",\"Mutuelle\tA\"", "insurer", "insurer_invalid"},
      {"185057800608491,1985-05-12,1,viamedis," + core, "row", "column_count"},
      {"185057800608491,1985-05-12,1,viamedis," + core + ",A,extra", "row", "column_count"},
      {"185057800608491", "row", "column_count"},
      {"\"185057800608491,1985-05-12,1,viamedis," + core + ",A", "row", "unterminated_quote"},
      {"\"1850\"57800608491,1985-05-12,1,viamedis," + core + ",A", "row", "text_after_quote"},
      {"1850\"57800608491,1985-05-12,1,viamedis," + core + ",A", "row", "quote_in_field"},
      {"185057800608491,1985-05-12,1,viamedis," + core + "," + std::string(2000, 'M'), "row", "field_too_long"},
      {std::string("18505780\0", 9) + "0608491,1985-05-12,1,viamedis," + core + ",A", "row", "nul_byte"},
  };
  for (const auto& c : cases) {
    INFO(c.row);
    std::istringstream csv(kHeader + kGood + "\n" + c.row + "\n" + kGood + "\n");
    CollectOptions options;
    options.today = kToday;
    const RecordSet set = collect_records(csv, default_catalog(), options);
    if (c.reason.empty()) {
      CHECK(set.problems.empty());
      continue;
    }
    REQUIRE_FALSE(set.problems.empty());
    CHECK(set.problems[0].line == 3);
    CHECK(set.problems[0].field == c.field);
    CHECK(set.problems[0].reason == c.reason);
    if (c.reason != "unterminated_quote") CHECK(set.rows_read == 3);
  }
}

TEST_CASE("A records file without the exact header is refused before any row is read", "[csv]") {
  CollectOptions options;
  options.today = kToday;
  for (const std::string text : {"", "nir,birth_date\n", "name,nir,birth_date,birth_rank,operator,categories\n"}) {
    std::istringstream csv(text);
    CHECK_THROWS(collect_records(csv, default_catalog(), options));
  }
  std::istringstream with_bom("\xEF\xBB\xBF" + kHeader + kGood + "\n");
  CHECK(collect_records(with_bom, default_catalog(), options).records.size() == 1);
}

TEST_CASE("Duplicate rows of one person merge into one record with all operators and categories", "[csv]") {
  std::istringstream csv(kHeader + kGood + "\n" + kGood + "\n" +
                         "185057800608491,1985-05-12,1,almerys,birth_rank,Mutuelle B\n");
  CollectOptions options;
  options.today = kToday;
  const RecordSet set = collect_records(csv, default_catalog(), options);
  REQUIRE(set.records.size() == 1);
  CHECK(set.rows_merged == 2);
  CHECK(set.records[0].payload.operators == 0x03);
  CHECK(set.records[0].payload.flags == kPayloadFlagMerged);
  CHECK(set.insurers.at("Mutuelle A") == 0x01);
  CHECK(set.insurers.at("Mutuelle B") == 0x02);
}
