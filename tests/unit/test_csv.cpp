// SPDX-License-Identifier: MPL-2.0
// The records file: RFC 4180 reading with limits, and every bad row reported with its line and reason.
#include <catch.hpp>

#include <sstream>

#include "build/csv_reader.h"
#include "test_support.h"
#include "util/coded_error.h"

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

TEST_CASE("A records file without the six named columns is refused before any row is read", "[csv]") {
  CollectOptions options;
  options.today = kToday;
  for (const std::string text : {"", "nir,birth_date\n", "name,nir,birth_date,birth_rank,operator,categories\n"}) {
    std::istringstream csv(text);
    CHECK_THROWS_AS(collect_records(csv, default_catalog(), options), CodedError);
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

namespace {

RecordSet collect(const std::string& text, RecordsInput input = {}) {
  std::istringstream csv(text);
  CollectOptions options;
  options.today = kToday;
  options.input = std::move(input);
  return collect_records(csv, default_catalog(), options);
}

std::string refusal_code(const std::string& text, RecordsInput input = {}) {
  try {
    collect(text, std::move(input));
  } catch (const CodedError& e) {
    return e.code();
  }
  return "accepted";
}

// The canonical identities and payloads of a set, to compare two readings of the same people.
std::vector<std::string> fingerprint(const RecordSet& set) {
  std::vector<std::string> out;
  for (const auto& r : set.records) {
    out.push_back(std::string(r.canonical.begin(), r.canonical.end()) + "/" + std::to_string(r.payload.operators) +
                  "/" + std::to_string(r.payload.categories) + "/" + std::to_string(r.payload.flags));
  }
  return out;
}

const std::string kRows = kGood + "\n185057800608491,1985-05-12,1,almerys,birth_rank,Mutuelle B\n" +
                          "297022A12345626,1997-02-03,,viamedis,nir,Mutuelle A\n";

RecordsInput windows1252() {
  RecordsInput input;
  input.encoding = TextEncoding::windows1252;
  return input;
}

}  // namespace

TEST_CASE("The delimiter is detected from the header line, or refused when it cannot be told", "[csv]") {
  CHECK(detect_delimiter("nir,birth_date,birth_rank,operator,categories,insurer") == ',');
  CHECK(detect_delimiter("NUM_SECU;DATE_NAISS;RANG;OPERATEUR;CATEGORIES;ORGANISME") == ';');
  CHECK(detect_delimiter("nir\tbirth_date\tbirth_rank") == '\t');
  CHECK(detect_delimiter("\"nom, prenom\";\"date\";rang") == ';');  // commas inside quotes do not count
  CHECK(detect_delimiter("a,b;c") == 0);                               // a tie
  CHECK(detect_delimiter("nir") == 0);
  CHECK(detect_delimiter("") == 0);
  CHECK(refusal_code("nir\n" + kGood + "\n") == "delimiter_unknown");
}

TEST_CASE("The CSV reader splits on the delimiter it is given and numbers lines from where it starts", "[csv]") {
  std::istringstream in("a;\"b;c\";d\r\ne\tf;g\n");
  CsvReader reader(in, {}, ';', 7);
  CsvRow row;
  REQUIRE(reader.next(row));
  CHECK(row.fields == std::vector<std::string>{"a", "b;c", "d"});
  CHECK(row.line == 7);
  REQUIRE(reader.next(row));
  CHECK(row.fields == std::vector<std::string>{"e\tf", "g"});
  CHECK(row.line == 8);
}

TEST_CASE("A French Excel export (semicolons, BOM, CRLF, upper-case header) reads like the plain file", "[csv]") {
  const RecordSet plain = collect(kHeader + kRows);
  std::string excel = "\xEF\xBB\xBFNIR;BIRTH_DATE;BIRTH_RANK;OPERATOR;CATEGORIES;INSURER\r\n";
  for (std::string line : {kGood, std::string("185057800608491,1985-05-12,1,almerys,birth_rank,Mutuelle B"),
                           std::string("297022A12345626,1997-02-03,,viamedis,nir,Mutuelle A")}) {
    // categories hold ';' between ids: Excel quotes that field in a semicolon file
    const auto fields = line;
    std::string out;
    int column = 0;
    for (const char c : fields) {
      if (c == ',') {
        ++column;
        out += column == 4 ? ";\"" : column == 5 ? "\";" : ";";
      } else {
        out.push_back(c);
      }
    }
    excel += out + "\r\n";
  }
  const RecordSet read = collect(excel);
  CHECK(read.problems.empty());
  CHECK(fingerprint(read) == fingerprint(plain));
  CHECK(read.insurers == plain.insurers);
  CHECK(plain.records.size() == 2);
}

TEST_CASE("Windows-1252 insurer names are converted with --encoding, and refused with a code without it", "[csv]") {
  const std::string text = kHeader + "185057800608491,1985-05-12,1,viamedis,nir,Mutuelle G\xE9n\xE9rale\n" +
                           "297022A12345626,1997-02-03,,almerys,nir,Caisse \x80 Commer\xE7" "ants\n";
  const RecordSet converted = collect(text, windows1252());
  CHECK(converted.problems.empty());
  CHECK(converted.insurers.count("Mutuelle Générale") == 1);
  CHECK(converted.insurers.count("Caisse € Commerçants") == 1);

  // Without --encoding: an input error per row, with line, column and code; never an exception.
  const RecordSet refused = collect(text);
  CHECK(refused.records.empty());
  REQUIRE(refused.problems.size() == 2);
  CHECK(refused.problems[0].line == 2);
  CHECK(refused.problems[0].field == "insurer");
  CHECK(refused.problems[0].reason == "encoding_invalid");
  REQUIRE(refused.problem_groups.size() == 1);
  CHECK(refused.problem_groups[0].count == 2);
  CHECK(refused.problem_groups[0].first_lines == std::vector<std::uint64_t>{2, 3});
  CHECK(refused.problem_groups[0].example == "Mutuelle G\\xE9n\\xE9rale");
  CHECK(refused.insurers.empty());

  // A byte Windows-1252 leaves undefined is refused the same way, in its column.
  const RecordSet undefined = collect(kHeader + "185057800608491,1985-05-12,1,viamedis,nir,Mutuelle \x81\n", windows1252());
  REQUIRE(undefined.problems.size() == 1);
  CHECK(undefined.problems[0].reason == "encoding_invalid");
  // Latin-1 turns Windows-1252 punctuation into C1 controls: refused as insurer_invalid, not published.
  RecordsInput latin1;
  latin1.encoding = TextEncoding::latin1;
  const RecordSet controls = collect(kHeader + "185057800608491,1985-05-12,1,viamedis,nir,Mutuelle \x92s\n", latin1);
  REQUIRE(controls.problems.size() == 1);
  CHECK(controls.problems[0].reason == "insurer_invalid");
}

TEST_CASE("Byte order marks: UTF-16 is refused, a UTF-8 BOM contradicts another --encoding", "[csv]") {
  CHECK(refusal_code("\xFF\xFEn\0i\0r\0") == "records_utf16");
  CHECK(refusal_code("\xFF\xFE" + std::string(10000, 'a')) == "records_utf16");  // no line break in sight
  CHECK(refusal_code("\xFE\xFF\0n\0i\0r") == "records_utf16");
  CHECK(refusal_code("\xEF\xBB\xBF" + kHeader + kGood + "\n", windows1252()) == "encoding_conflict");
  CHECK(refusal_code("\xEF\xBB\xBF" + kHeader + kGood + "\n") == "accepted");
  CHECK(refusal_code("\n\r\n") == "records_empty");
  CHECK(refusal_code("nir,birth_d\xE9te,birth_rank,operator,categories,insurer\n") == "header_invalid");
}

TEST_CASE("French dates read with --date-format give the same records as ISO dates", "[csv]") {
  RecordsInput french;
  french.date_format = *DateFormat::parse("dd/mm/yyyy");
  const std::string rows = "185057800608491,12/05/1985,1,viamedis,civil_status;nir,Mutuelle A\n"
                           "185057800608491,12/05/1985,1,almerys,birth_rank,Mutuelle B\n"
                           "297022A12345626,03/02/1997,,viamedis,nir,Mutuelle A\n";
  const RecordSet read = collect(kHeader + rows, french);
  CHECK(read.problems.empty());
  CHECK(fingerprint(read) == fingerprint(collect(kHeader + kRows)));

  // Strict: another shape is dob_format; an impossible day is still dob_invalid; empty is still dob_missing.
  const RecordSet strict = collect(kHeader + "185057800608491,1985-05-12,1,viamedis,nir,A\n" +
                                       "185057800608491,31/02/1985,1,viamedis,nir,A\n" +
                                       "185057800608491,,1,viamedis,nir,A\n" +
                                       "185057800608491,12/05/2099,1,viamedis,nir,A\n",
                                   french);
  REQUIRE(strict.problems.size() == 4);
  CHECK(strict.problems[0].reason == "dob_format");
  CHECK(strict.problems[1].reason == "dob_invalid");
  CHECK(strict.problems[2].reason == "dob_missing");
  CHECK(strict.problems[3].reason == "dob_future");
  CHECK(strict.problem_groups[0].example == "9999-99-99");
}

TEST_CASE("Column mapping reads an export's own names, in any order, ignoring other columns", "[csv]") {
  RecordsInput mapped;
  mapped.columns = parse_column_mapping("nir=NUM_SECU, birth_date=Date_Naiss,operator=OPERATEUR,"
                                        "categories=CATEGORIES,insurer=ORGANISME,birth_rank=RANG");
  std::string text = "NOM;ORGANISME;NUM_SECU;DATE_NAISS;RANG;OPERATEUR;CATEGORIES;ADRESSE\n";
  text += "X;Mutuelle A;185057800608491;1985-05-12;1;viamedis;\"civil_status;nir\";rue\n";
  text += "X;Mutuelle B;185057800608491;1985-05-12;1;almerys;birth_rank;rue\n";
  text += "X;Mutuelle A;297022A12345626;1997-02-03;;viamedis;nir;rue\n";
  text += "X;Mutuelle A;297022A12345626;1997-02-03;;viamedis;nir\n";  // one field short: column_count
  const RecordSet read = collect(text, mapped);
  CHECK(fingerprint(read) == fingerprint(collect(kHeader + kRows)));
  REQUIRE(read.problems.size() == 1);
  CHECK(read.problems[0].reason == "column_count");
  CHECK(read.problems[0].line == 5);

  // Unmapped fields keep their own names; header names are matched without ASCII case or spaces.
  RecordsInput partial;
  partial.columns = parse_column_mapping("nir=NUM_SECU");
  CHECK(collect(" Insurer ,NUM_SECU,Birth_Date,birth_rank,OPERATOR,categories\nA,185057800608491,1985-05-12,1,"
                "viamedis,nir\n", partial).records.size() == 1);

  CHECK(refusal_code("NUM_SECU,birth_date,birth_rank,operator,categories,insurer\n") == "header_column_missing");
  CHECK(refusal_code("nir,nir,birth_date,birth_rank,operator,categories,insurer\n") == "header_column_duplicate");
  RecordsInput twice;
  twice.columns = parse_column_mapping("nir=X,birth_date=X");
  CHECK(refusal_code("X,birth_rank,operator,categories,insurer\n", twice) == "header_column_duplicate");
  for (const char* bad : {"nir", "nir=", "name=NOM", "nir=A,nir=B", "=NUM"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_column_mapping(bad), CodedError);
  }
  CHECK(parse_column_mapping("").empty());
}

TEST_CASE("A missing header never echoes a data row: its digits are masked in the message", "[csv]") {
  try {
    collect(kGood + "\n" + kGood + "\n");
    FAIL("accepted a file without a header line");
  } catch (const CodedError& e) {
    const std::string message = e.what();
    CHECK(e.code() == "header_column_missing");
    CHECK(message.find("185057800608491") == std::string::npos);
    CHECK(message.find("1985") == std::string::npos);
    CHECK(message.find("looks like a data row") != std::string::npos);
  }
}

TEST_CASE("Problems are grouped by code and column, with the first lines and a masked example", "[csv]") {
  std::string text = kHeader;
  for (int i = 0; i < 8; ++i) text += "185057800608492,1985-05-12,1,viamedis,nir,A\n";  // nir_key
  text += "185057800608491,1985-05-12,1,acme,nir,A\n";
  const RecordSet set = collect(text);
  REQUIRE(set.problem_groups.size() == 2);
  const ProblemGroup& nir = set.problem_groups[0];
  CHECK(nir.reason == "nir_key");
  CHECK(nir.field == "nir");
  CHECK(nir.count == 8);
  CHECK(nir.first_lines == std::vector<std::uint64_t>{2, 3, 4, 5, 6});
  CHECK(nir.example == "999999999999999");  // never the NIR itself
  CHECK(set.problem_groups[1].reason == "operator_unknown");
  CHECK(set.problem_groups[1].example == "acme");  // not personal data: shown as is
  CHECK(set.problem_groups[1].first_lines == std::vector<std::uint64_t>{10});
}

TEST_CASE("Masked examples keep a shape, never an identifier", "[csv]") {
  CHECK(mask_problem_example("nir", "1 85 05 2A 123 456 78") == "9 99 99 9A 999 999 99");
  CHECK(mask_problem_example("birth_date", "17/05/1985") == "99/99/9999");
  CHECK(mask_problem_example("birth_date", "17 mai 1985") == "99 aaa 9999");
  CHECK(mask_problem_example("birth_date", "17/05/1985\xE9") == "99/99/9999?");
  CHECK(mask_problem_example("birth_rank", "１") == "?");
  CHECK(mask_problem_example("insurer", "Mutuelle D\xE9mo") == "Mutuelle D\\xE9mo");
  CHECK(mask_problem_example("insurer", "Mutuelle Démo\tA") == "Mutuelle Démo\\x09A");
  CHECK(mask_problem_example("operator", std::string(60, 'x')) == std::string(40, 'x') + "...");
  CHECK(mask_problem_example("nir", std::string(60, '1')) == std::string(40, '9') + "...");
}

TEST_CASE("Rows of separators only, as spreadsheets leave below the data, are blank lines", "[csv]") {
  RecordsInput semicolons;
  const RecordSet set = collect("nir;birth_date;birth_rank;operator;categories;insurer\r\n"
                                "185057800608491;1985-05-12;1;viamedis;nir;A\r\n;;;;;\r\n; ;;;;\r\n;;;;;\r\n",
                                semicolons);
  CHECK(set.problems.empty());
  CHECK(set.rows_read == 1);
  CHECK(set.records.size() == 1);
}

namespace {

// A 15-character NIR: the 13-character body and its key.
std::string with_key(const std::string& body) {
  const int key = nir_key(body);
  return body + (key < 10 ? "0" : "") + std::to_string(key);
}

std::vector<std::string> codes_of(const RecordSet& set) {
  std::vector<std::string> out;
  for (const auto& p : set.problems) out.push_back(std::to_string(p.line) + ":" + p.field + ":" + p.reason);
  return out;
}

// The operator's export as received: French names, a key column, no operator or categories column.
const std::string kOperatorHeader =
    "N° Sécurité Sociale;Clé;Nom;Date de naissance;Rang de naissance;Organisme complémentaire\n";

RecordsInput operator_input() {
  RecordsInput input;
  input.columns = parse_column_mapping(
      "nir=N° Sécurité Sociale,birth_date=Date de naissance,birth_rank=Rang de naissance,"
      "insurer=Organisme complémentaire");
  input.operator_for_all = "viamedis";
  input.categories_for_all = "civil_status,nir";
  return input;
}

}  // namespace

TEST_CASE("The file as received: --operator and --categories for every row, a Clé column joined to the NIR", "[csv]") {
  const std::string body = "1850578006084";
  const std::string key = with_key(body).substr(13);
  const std::string plain = kHeader + with_key(body) + ",1985-05-12,1,viamedis,civil_status;nir,Mutuelle A\n";
  const RecordSet reference = collect(plain);
  REQUIRE(reference.records.size() == 1);

  const RecordSet read = collect(kOperatorHeader + body + ";" + key + ";X;1985-05-12;1;Mutuelle A\n", operator_input());
  CHECK(codes_of(read).empty());
  CHECK(fingerprint(read) == fingerprint(reference));  // the same record, operator and categories included

  // The key column, verified: a wrong key is reported in the key column; a key a numeric column wrote without
  // its leading 0 is read as two digits; a key that is not 1-2 digits is key_format.
  const std::string wrong = std::to_string((std::stoi(key) % 97) + 1);
  const std::string short_body = "2970275123513";  // key 09, written "9" by a numeric column
  const int short_key = nir_key(short_body);
  const std::string rows = body + ";" + wrong + ";X;1985-05-12;1;Mutuelle A\n" +           // line 2
                           body + ";ab;X;1985-05-12;1;Mutuelle A\n" +                       // line 3
                           short_body + ";" + std::to_string(short_key) + ";X;1997-02-03;;Mutuelle B\n";  // line 4
  const RecordSet checked = collect(kOperatorHeader + rows, operator_input());
  CHECK(codes_of(checked) == std::vector<std::string>{"2:key:nir_key", "3:key:key_format"});
  CHECK(checked.records.size() == 1);

  // A 15-character NIR next to a key column that disagrees with it.
  const RecordSet disagree =
      collect(kOperatorHeader + with_key(body) + ";" + wrong + ";X;1985-05-12;1;Mutuelle A\n", operator_input());
  CHECK(codes_of(disagree) == std::vector<std::string>{"2:key:nir_key"});
}

TEST_CASE("--operator and --categories are checked against the catalog and never silently beat a column", "[csv]") {
  RecordsInput unknown = operator_input();
  unknown.operator_for_all = "acme";
  CHECK(refusal_code(kOperatorHeader, unknown) == "option_not_in_catalog");
  try {
    collect(kOperatorHeader, unknown);
  } catch (const CodedError& e) {
    CHECK(std::string(e.what()).find("viamedis, almerys") != std::string::npos);  // names the catalog's ids
  }
  RecordsInput bad_category = operator_input();
  bad_category.categories_for_all = "civil_status,shoe_size";
  CHECK(refusal_code(kOperatorHeader, bad_category) == "option_not_in_catalog");
  RecordsInput with_column;
  with_column.operator_for_all = "almerys";
  CHECK(refusal_code(kHeader + kGood + "\n", with_column) == "column_conflict");
  RecordsInput neither = operator_input();
  neither.operator_for_all.clear();
  CHECK(refusal_code(kOperatorHeader, neither) == "header_column_missing");
}

TEST_CASE("A row the widget could not find is reported, never built: holder dates, births after the incident", "[csv]") {
  const std::string holder = with_key("1850578006084");  // born May 1985
  const std::string lone = with_key("2970275123456");   // born February 1997, only a contradicting row
  const std::string text = kHeader +
                           holder + ",2012-03-04,1,viamedis,nir,A\n" +   // 2: a beneficiary; its holder is below
                           lone + ",1990-01-01,1,viamedis,nir,A\n" +     // 3: no holder: reported
                           holder + ",1985-05-12,1,viamedis,nir,A\n" +   // 4: the card holder
                           holder + ",2024-06-01,1,viamedis,nir,A\n" +   // 5: born after the incident (2024-02-05)
                           holder + ",2024-02-05,2,viamedis,nir,A\n";    // 6: born on the day: kept
  const RecordSet set = collect(text);
  CHECK(codes_of(set) == std::vector<std::string>{"5:birth_date:dob_after_incident", "3:birth_date:dob_nir_mismatch"});
  CHECK(set.records.size() == 3);
  CHECK(set.rows_read == 5);

  // With a beneficiary column, the file says who is who: an unmarked row is a card holder's, checked.
  const std::string marked = "nir,birth_date,birth_rank,operator,categories,insurer,Ayant droit\n" +
                             holder + ",2012-03-04,1,viamedis,nir,A,oui\n" +  // 2: beneficiary
                             lone + ",1990-01-01,1,viamedis,nir,A,1\n" +      // 3: beneficiary, no holder needed
                             holder + ",2013-03-04,1,viamedis,nir,A,\n" +     // 4: said holder, date contradicts
                             holder + ",1985-05-12,1,viamedis,nir,A,peut-etre\n";  // 5: neither
  const RecordSet by_column = collect(marked);
  CHECK(codes_of(by_column) ==
        std::vector<std::string>{"4:birth_date:dob_nir_mismatch", "5:beneficiary:beneficiary_invalid"});
  CHECK(by_column.records.size() == 2);
}

TEST_CASE("Spreadsheet artefacts: workbooks, scientific notation, NULL markers, a trailing separator", "[csv]") {
  CHECK(refusal_code(std::string("PK\x03\x04\x14\0\x06\0", 8) + "[Content_Types].xml") == "records_spreadsheet");
  CHECK(refusal_code(std::string("PK\x03\x04\x0A\0\0\0", 8) + "mimetypeapplication/vnd.oasis.opendocument.spreadsheet") ==
        "records_spreadsheet");
  CHECK(refusal_code("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + std::string(600, '\0')) == "records_spreadsheet");
  try {
    collect(std::string("PK\x03\x04", 4) + std::string(20, 'x'));
  } catch (const CodedError& e) {
    CHECK(std::string(e.what()).find("save it as \"CSV UTF-8\" (separator ;)") != std::string::npos);
  }

  const std::string holder = with_key("1850578006084");
  RecordsInput semicolons;
  semicolons.delimiter = ';';
  const std::string header = "nir;birth_date;birth_rank;operator;categories;insurer\n";
  const std::string text = header + "1,85058E+14;1985-05-12;1;viamedis;nir;A\n" +  // 2
                           holder + ";1985-05-12;\\N;viamedis;nir;NULL\n" +          // 3: rank 1, no insurer
                           holder + ";1985-05-12;1;viamedis;nir;A;\n" +              // 4: trailing separator
                           "1.8505E+14;1985-05-12;1;viamedis;nir;A\n";               // 5
  const RecordSet set = collect(text, semicolons);
  CHECK(codes_of(set) == std::vector<std::string>{"2:nir:nir_scientific", "4:row:trailing_separator",
                                                  "5:nir:nir_scientific"});
  CHECK(set.records.size() == 1);
  REQUIRE(set.problem_groups.size() == 2);
  CHECK(set.problem_groups[0].example == "9,99999E+99");  // the cause stays visible, the digits do not
  CHECK(set.problem_groups[1].detail == "7 fields, the header has 6");
  CHECK(set.insurers.empty());  // NULL is no insurer name
}

TEST_CASE("Report examples escape control and bidi characters, in every encoding", "[csv]") {
  CHECK(mask_problem_example("insurer", "A\xC2\x85" "B\xE2\x80\xAE" "C") == "A\\u{0085}B\\u{202E}C");
  CHECK(mask_problem_example("operator", "x\xE2\x81\xA6y\x1B[2J") == "x\\u{2066}y\\x1B[2J");
  CHECK(mask_problem_example("categories", "\xEF\xBB\xBFnir") == "\\u{FEFF}nir");
  // --encoding latin-1 makes 0x85 (Windows-1252's ellipsis) U+0085: escaped in the group's example.
  RecordsInput latin1;
  latin1.encoding = TextEncoding::latin1;
  const RecordSet set = collect(kHeader + "185057800608491,1985-05-12,1,viamedis,nir,Mutuelle \x85\x1B\n", latin1);
  REQUIRE(set.problem_groups.size() == 1);
  CHECK(set.problem_groups[0].example == "Mutuelle \\u{0085}\\x1B");
  CHECK(mask_problem_example("key", "97") == "99");
}

TEST_CASE("A key column elsewhere is used only when --columns maps it; a beneficiary column may be mapped", "[csv]") {
  const std::string body = "1850578006084";
  const std::string key = with_key(body).substr(13);
  const std::string wrong = std::to_string((std::stoi(key) % 97) + 1);
  // "Clé" two columns away from the NIR: not recognised (it may be another key), ignored and named as ignored.
  const std::string apart = "nir,birth_date,Clé,birth_rank,operator,categories,insurer\n" + body + ",1985-05-12," +
                            wrong + ",1,viamedis,nir,A\n";
  const RecordSet ignored = collect(apart);
  CHECK(codes_of(ignored).empty());
  CHECK(ignored.records.size() == 1);
  RecordsInput mapped;
  mapped.columns = parse_column_mapping("key=Clé");
  CHECK(codes_of(collect(apart, mapped)) == std::vector<std::string>{"2:key:nir_key"});

  // A beneficiary column under another name, mapped: its rows skip the date check, the others do not.
  RecordsInput qualite;
  qualite.columns = parse_column_mapping("beneficiary=Qualite");
  const std::string marked = kHeader.substr(0, kHeader.size() - 1) + ",Qualite\n" + with_key(body) +
                             ",2012-03-04,1,viamedis,nir,A,AD\n" + with_key(body) + ",2013-03-04,1,viamedis,nir,A,Assure\n";
  CHECK(codes_of(collect(marked, qualite)) == std::vector<std::string>{"3:birth_date:dob_nir_mismatch"});
}
