// SPDX-License-Identifier: MPL-2.0
// Hostile and bad input (docs/SECURITY.md). Complements the tables of test_identity.cpp (107 malformed
// identifiers) and test_csv.cpp (34 malformed rows) with what they do not cover one by one: every separator the
// NIR reader accepts, look-alike spaces and digits it must refuse, keys pasted apart, calendar edges around
// "today", very long strings; more CSV rows; regression tests for the bugs the fuzzers found; every code
// documented with a French and an English text in docs/ERRORS.md; and secrets wiped from memory where a test can look.
#include <catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <new>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "build/csv_reader.h"
#include "util/error_codes.h"
#include "util/utf8.h"
#include "test_support.h"

using namespace breachcheck;
using namespace breachcheck::test;

namespace {

using Codes = std::vector<std::string>;

// The codes validate_identity may report (the registry, wasm/core/util/error_codes.h, lists every code).
bool is_identity_error(const std::string& code) {
  const ErrorCodeInfo* entry = find_error_code(code);
  return entry && entry->category == ErrorCategory::identity && entry->severity == ErrorSeverity::error &&
         entry->origin == ErrorOrigin::core;
}

std::string utf8(char32_t cp) {
  std::string out;
  append_utf8(out, cp);
  return out;
}

std::string hex(char32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
  return buffer;
}

// 1 85 05 78 006 084, key 91; date 1985-05-17.
constexpr char kBody[] = "1850578006084";
constexpr char kDate[] = "1985-05-17";
constexpr char kCanonical[] = "bc-id-v11850578006084198505171";

ValidatedIdentity validate(const std::string& nir, const std::string& date, const std::string& rank = "",
                           CivilDate today = CivilDate{2024, 2, 15}, bool beneficiary = false) {
  IdentityInput input;
  input.nir = nir;
  input.birth_date = date;
  input.birth_rank = rank;
  input.beneficiary = beneficiary;
  return validate_identity(input, today);
}

std::string canonical_text(const ValidatedIdentity& id) {
  return std::string(reinterpret_cast<const char*>(id.canonical.data()), id.canonical.size());
}

// "1 85 05 78 006 084 91" with `sep` between the groups.
std::string grouped(const std::string& sep) {
  return "1" + sep + "85" + sep + "05" + sep + "78" + sep + "006" + sep + "084" + sep + "91";
}

// Every separator docs/ERRORS.md lists: spaces, dashes, dots.
std::vector<char32_t> accepted_separators() {
  std::vector<char32_t> all = {0x0009, 0x0020, 0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, 0xFEFF,
                               0x002D, 0x2212, 0xFE58, 0xFE63, 0xFF0D,
                               0x002E, 0x00B7, 0x2024, 0x2027, 0xFF0E, 0x30FB};
  for (char32_t cp = 0x2000; cp <= 0x200B; ++cp) all.push_back(cp);
  for (char32_t cp = 0x2010; cp <= 0x2015; ++cp) all.push_back(cp);
  return all;
}

}  // namespace

TEST_CASE("every space, dash and dot of docs/ERRORS.md is accepted between the groups of a NIR", "[hostile]") {
  const auto separators = accepted_separators();
  CHECK(separators.size() == 37);
  for (const char32_t cp : separators) {
    INFO(hex(cp));
    const std::string sep = utf8(cp);
    // 64 bytes at most: one separator between groups (and doubled when it is a 1-byte character).
    const ValidatedIdentity id = validate(grouped(sep.size() == 1 ? sep + sep : sep), kDate);
    CHECK(id.errors == Codes{});
    CHECK(canonical_text(id) == kCanonical);
    CHECK(normalize_nir(sep + kBody + sep) == kBody);
  }
}

TEST_CASE("hostile identifiers map to their exact codes (table)", "[hostile]") {
  struct Case {
    std::string label;
    std::string nir;
    std::string date;
    std::string rank;
    Codes errors;
    CivilDate today{2024, 2, 15};
  };
  std::vector<Case> cases;
  // Look-alikes of spaces and dashes that are NOT separators: line breaks, invisible characters, and
  // characters that only look like a hyphen. Refused: they are not something a person types between digits.
  for (const char32_t cp : {0x000Au, 0x000Bu, 0x000Cu, 0x000Du, 0x0085u, 0x2028u, 0x2029u, 0x180Eu, 0x200Cu,
                            0x200Du, 0x2060u, 0x00ADu, 0x2043u, 0x2E3Au, 0x02D7u, 0x30FCu, 0xFF3Fu, 0x2063u}) {
    cases.push_back({"separator look-alike " + hex(cp), "1850578006084" + utf8(cp) + "91", kDate, "", {"nir_format"}});
  }
  // Digits of other scripts, and compatibility digits that NFKC would fold but the reader must not
  // (docs/ERRORS.md: only ASCII and fullwidth digits).
  for (const char32_t one : {0x0661u, 0x06F1u, 0x0967u, 0x09E7u, 0x0E51u, 0x0F21u, 0x17E1u, 0x1811u, 0x07C1u,
                             0x2460u, 0x2081u, 0x00B9u, 0x2160u, 0x1D7D9u, 0x1D7CFu, 0x1D7E3u}) {
    cases.push_back({"digit one in another script " + hex(one), utf8(one) + "850578006084", kDate, "", {"nir_format"}});
  }
  const std::vector<Case> fixed = {
      // 2C and other letters
      {"department 2C", "2 90 11 2C 004 123 51", "1990-11-03", "", {"nir_format"}},
      {"department 2c lower case", "2 90 11 2c 004 123 51", "1990-11-03", "", {"nir_format"}},
      {"fullwidth C in 2C", "2 90 11 2" + utf8(0xFF23) + " 004 123 51", "1990-11-03", "", {"nir_format"}},
      {"letter O for zero", "1 85 O5 78 006 084 91", kDate, "", {"nir_format"}},
      {"letter l for one", "l 85 05 78 006 084 91", kDate, "", {"nir_format"}},
      // the key pasted apart
      {"key after a word", "1850578006084 cle 91", kDate, "", {"nir_format"}},
      {"key after 'clé' with an accent", "1850578006084 cl\xC3\xA9 91", kDate, "", {"nir_format"}},
      {"key after ' / '", "1850578006084 / 91", kDate, "", {"nir_format"}},
      {"key after a colon", "1850578006084:91", kDate, "", {"nir_format"}},
      {"key after a line break", "1850578006084\r\n91", kDate, "", {"nir_format"}},
      {"key 00 pasted apart", "1850578006084 - 00", kDate, "", {"nir_key"}},
      {"key 98 pasted apart", "1850578006084 - 98", kDate, "", {"nir_key"}},
      {"key one digit only", "1850578006084 9", kDate, "", {"nir_length"}},
      {"key with a letter O", "1850578006084 9O", kDate, "", {"nir_format"}},
      // month 13 in the NIR and in the date, 30 February, 1889, tomorrow
      {"NIR month 13", "1 85 13 78 006 084 91", kDate, "", {"nir_format"}},
      {"date month 13", grouped(" "), "1985-13-17", "", {"dob_invalid"}},
      {"30 February in a leap year", grouped(" "), "2024-02-30", "", {"dob_invalid"}},
      {"29 February 2100", grouped(" "), "2100-02-29", "", {"dob_invalid"}},
      {"31 June", grouped(" "), "1985-06-31", "", {"dob_invalid"}},
      {"31 December 1889", grouped(" "), "1889-12-31", "", {"dob_too_early"}},
      {"1 January 1889", grouped(" "), "1889-01-01", "", {"dob_too_early"}},
      {"tomorrow", grouped(" "), "2024-02-16", "", {"dob_future"}},
      {"tomorrow across a year", grouped(" "), "2025-01-01", "", {"dob_future"}, CivilDate{2024, 12, 31}},
      {"tomorrow across a month", grouped(" "), "2024-03-01", "", {"dob_future"}, CivilDate{2024, 2, 29}},
      {"year 9999", grouped(" "), "9999-12-31", "", {"dob_future"}},
      // the date: look-alike characters
      {"date with no-break spaces around", grouped(" "), "\xC2\xA0" "1985-05-17\xC2\xA0", "", {"dob_format"}},
      {"date with an ideographic space", grouped(" "), utf8(0x3000) + "1985-05-17", "", {"dob_format"}},
      {"date with a line feed inside", grouped(" "), "1985-05\n-17", "", {"dob_format"}},
      {"date with Arabic-Indic digits", grouped(" "), utf8(0x0661) + utf8(0x0669) + utf8(0x0668) + utf8(0x0665) + "-05-17",
       "", {"dob_format"}},
      {"date with fullwidth hyphens", grouped(" "), "1985" + utf8(0xFF0D) + "05" + utf8(0xFF0D) + "17", "", {"dob_format"}},
      {"date with dots", grouped(" "), "1985.05.17", "", {"dob_format"}},
      {"date day first with dashes", grouped(" "), "17-05-1985", "", {"dob_format"}},
      {"date negative year", grouped(" "), "-985-05-17", "", {"dob_format"}},
      // the rank
      {"rank with a no-break space", grouped(" "), kDate, "\xC2\xA0" "1", {"rank_invalid"}},
      {"rank Arabic-Indic one", grouped(" "), kDate, utf8(0x0661), {"rank_invalid"}},
      {"rank NUL", grouped(" "), kDate, std::string(1, '\0'), {"rank_invalid"}},
      {"rank 1.0", grouped(" "), kDate, "1.0", {"rank_invalid"}},
      // very long strings (the NIR reader stops at 64 bytes before decoding anything)
      {"NIR of 1 MiB of digits", std::string(1u << 20, '1'), kDate, "", {"nir_length"}},
      {"NIR of 64 KiB of fullwidth digits", [] {
         std::string s;
         for (int i = 0; i < 21846; ++i) s += utf8(0xFF11);
         return s;
       }(), kDate, "", {"nir_length"}},
      {"NIR of 65 bytes ending in the middle of a character", std::string(63, ' ') + "\xEF\xBC", kDate, "",
       {"nir_length"}},
      {"NIR of 64 bytes ending in the middle of a character", std::string(62, ' ') + "\xEF\xBC", kDate, "",
       {"nir_format"}},
      {"date of 1 MiB", grouped(" "), std::string(1u << 20, '1'), "", {"dob_format"}},
      {"rank of 1 MiB", grouped(" "), kDate, std::string(1u << 20, '1'), {"rank_invalid"}},
      {"everything 1 MiB", std::string(1u << 20, 'x'), std::string(1u << 20, 'x'), std::string(1u << 20, 'x'),
       {"nir_length", "dob_format", "rank_invalid"}},
  };
  cases.insert(cases.end(), fixed.begin(), fixed.end());
  CHECK(cases.size() >= 75);
  for (const auto& c : cases) {
    INFO(c.label);
    const ValidatedIdentity id = validate(c.nir, c.date, c.rank, c.today);
    CHECK(id.errors == c.errors);
    CHECK(canonical_text(id) == std::string(kCanonicalIdentitySize, '\0'));
    for (const auto& code : id.errors) CHECK(is_identity_error(code));
  }
}

TEST_CASE("calendar edges that must be accepted", "[hostile]") {
  CHECK(validate(grouped(" "), "1985-05-17", "", CivilDate{1985, 5, 17}).ok());              // born today
  CHECK(validate(grouped(" "), "2024-02-29", "", CivilDate{2024, 2, 29}, true).ok());        // leap day, today
  CHECK(validate(grouped(" "), "2000-02-29", "", CivilDate{2024, 2, 15}, true).ok());        // 2000 is leap
  CHECK(validate(grouped(" "), "1890-01-01", "", CivilDate{2024, 2, 15}, true).ok());        // first day
  CHECK(validate(grouped("\t"), " \t1985-05-17\t ", " 9 ").ok());
  CHECK(validate("1850578006084 - 91", kDate).ok());  // key pasted with " - "
  CHECK(validate("1850578006084" + utf8(0x00A0) + "91", kDate).ok());
}

TEST_CASE("more malformed records rows: line-numbered reasons, never values", "[hostile][csv]") {
  struct Case {
    std::string row;
    std::string field;
    std::string reason;
  };
  const std::string core = "civil_status;nir";
  const Case cases[] = {
      {"185057800608491\t1985-05-12\t1\tviamedis\t" + core + "\tA", "row", "column_count"},
      {"185057800608491;1985-05-12;1;viamedis;" + core + ";A", "row", "column_count"},
      {std::string(40, ',') , "row", "too_many_fields"},
      {[] {
         std::string row = "185057800608491";
         for (int i = 0; i < 20; ++i) row += "," + std::string(600, 'x');
         return row;
       }(), "row", "row_too_long"},
      {"185057800608491,1985-05-12,1,viamedis," + core + ",A\rB", "insurer", "insurer_invalid"},
      {"185057800608491,1985-05-12,1,viamedis," + core + ",A\x7F", "insurer", "insurer_invalid"},
      {"\"1850578006084\n91\",1985-05-12,1,viamedis," + core + ",A", "nir", "nir_format"},
      {"\xE2\x80\x8E" "185057800608491,1985-05-12,1,viamedis," + core + ",A", "nir", "nir_format"},  // U+200E
      {"185057800608491,1985-05-12,\xEF\xBC\x92,viamedis," + core + ",A", "birth_rank", "rank_invalid"},
      {"185057800608491,1985-05-12,1,almerys;viamedis," + core + ",A", "operator", "operator_unknown"},
      {"185057800608491,1985-05-12,1,Viamedis SAS," + core + ",A", "operator", "operator_unknown"},
      {"185057800608491,1985-05-12,1,viamedis,NIR,A", "categories", "category_unknown"},
      {"185057800608491,1985-05-12,1,viamedis,nir civil_status,A", "categories", "category_unknown"},
      {"185057800608491,1985-05-12,1,   ," + core + ",A", "operator", "operator_missing"},
      {"185057800608491,1985-05-12,1,viamedis, ; ; ,A", "categories", "categories_missing"},
      {"185057800608491,1985-05-12,1,viamedis,\"" + core + "\"x,A", "row", "text_after_quote"},
      {"185057800608491,1985-05-12,1,viamedis," + core + ",\"A\"\"", "row", "unterminated_quote"},
      {"185057800608491,\"1985-05-12\",1,viamedis," + core + ",\"" + std::string(1100, 'M') + "\"", "row",
       "field_too_long"},
  };
  for (const auto& c : cases) {
    INFO(c.reason << " " << c.row.substr(0, 80));
    std::istringstream csv(std::string(kCsvColumns) + "\n" + "185057800608491,1985-05-12,1,viamedis,nir,A\n" + c.row +
                           "\n");
    CollectOptions options;
    options.today = kToday;
    const RecordSet set = collect_records(csv, default_catalog(), options);
    REQUIRE_FALSE(set.problems.empty());
    CHECK(set.problems[0].line == 3);
    CHECK(set.problems[0].field == c.field);
    CHECK(set.problems[0].reason == c.reason);
    CHECK(set.records.size() == 1);
  }
  const std::vector<std::string> good = {
      "\"1 85 05 78 006 084 91\",1985-05-12 , 1 ,VIAMEDIS, nir ; civil_status ,Mutuelle A",
      "185057800608491,1985-05-12,1,Alm\xC3\xA9rys,nir,\"Mutuelle, \"\"B\"\"\"",
      "185057800608491,1985-05-12,,almerys,nir,",
  };
  for (const auto& row : good) {
    INFO(row);
    std::istringstream csv(std::string(kCsvColumns) + "\r\n" + row + "\r\n");
    CollectOptions options;
    options.today = kToday;
    const RecordSet set = collect_records(csv, default_catalog(), options);
    CHECK(set.problems.empty());
    CHECK(set.records.size() == 1);
  }
}

// Regression (found by tests/fuzz/fuzz_csv.cpp): a field over the limit inside a quoted multi-line field
// counted its line break twice, so every later row was reported one line too far.
TEST_CASE("a too-long quoted multi-line field does not shift later line numbers", "[hostile][csv]") {
  CsvLimits limits;
  limits.max_field_bytes = 10;
  // The 11th byte of the quoted field is its line break: the limit is crossed exactly there.
  std::istringstream in("\"0123456789\nrest\"\nnext,row\n");
  CsvReader reader(in, limits);
  CsvRow row;
  REQUIRE(reader.next(row));
  CHECK(row.error == "field_too_long");
  CHECK(row.line == 1);
  REQUIRE(reader.next(row));  // reading resumes on line 2, where `rest"` is a quote inside a field
  CHECK(row.error == "quote_in_field");
  CHECK(row.line == 2);
  REQUIRE(reader.next(row));
  CHECK(row.line == 3);
  CHECK(row.fields == std::vector<std::string>{"next", "row"});
}

// Regression (found by tests/fuzz/fuzz_csv.cpp): escaped quotes ("") bypassed the field size limit.
TEST_CASE("escaped quotes count toward the field limit", "[hostile][csv]") {
  std::string quoted = "\"";
  for (int i = 0; i < 2000; ++i) quoted += "\"\"";
  quoted += "\"\nnext\n";
  std::istringstream in(quoted);
  CsvReader reader(in);
  CsvRow row;
  REQUIRE(reader.next(row));
  CHECK(row.error == "field_too_long");
  REQUIRE(reader.next(row));
  CHECK(row.fields == std::vector<std::string>{"next"});
}

namespace {

const std::string kRecords = std::string(kCsvColumns) + "\n" +
                             "185057800608491,1985-05-12,1,viamedis,nir,A\n"
                             "292017512345604,1992-01-03,1,almerys,nir,B\n"
                             "170069935200166,1970-06-30,1,viamedis,nir,A\n"
                             "245021300401257,1945-02-28,,almerys,nir,C\n";

// The data set with its metadata replaced and the header re-signed by its own (pinned) key: what a
// publisher mistake or a stolen key could produce. Buckets are kept (their signatures then fail).
Bytes with_signed_metadata(const TestDataset& ds, const std::string& metadata) {
  return resign_header(with_metadata(ds.bytes, metadata), ds.key);
}

}  // namespace

// Regression (found by tests/fuzz/fuzz_signed_header.cpp): metadata nesting was unbounded, and the catalog was
// re-serialised recursively: a signed header nested 200,000 deep overflowed the stack (crash, not an error).
TEST_CASE("signed metadata nested far deeper than the schema is refused, not a crash", "[hostile][dataset]") {
  const TestDataset ds = build_dataset(kRecords);
  const TrustPolicy policy = test_policy(ds.key.public_key);
  const std::string catalog = catalog_to_json(default_catalog());
  const std::size_t depth = 100000;
  const std::string deep = std::string(depth, '[') + std::string(depth, ']');
  for (const std::string& metadata :
       {"{\"catalog\":{\"deep\":" + deep + "},\"insurers\":[],\"publisher\":\"P\"}",
        "{\"catalog\":" + catalog + ",\"deep\":" + deep + ",\"insurers\":[],\"publisher\":\"P\"}",
        "{\"catalog\":" + catalog + ",\"insurers\":[" + deep + "],\"publisher\":\"P\"}"}) {
    const CheckResult result = check_bytes(with_signed_metadata(ds, metadata), policy, "185057800608491", "1985-05-12");
    CHECK(result.status == CheckStatus::integrity_error);
    CHECK(result.errors == Codes{"metadata_json"});
  }
  // A nesting the schema allows still parses (and then the catalog decides).
  const CheckResult shallow = check_bytes(
      with_signed_metadata(ds, "{\"catalog\":" + catalog + ",\"insurers\":[],\"publisher\":\"P\",\"x\":[[[]]]}"), policy,
      "185057800608491", "1985-05-12");
  CHECK(shallow.errors == Codes{"bucket_signature"});  // the header passed; the old buckets are bound to the old id
}

// Regression (privacy audit, docs/SECURITY.md finding 10): duplicate keys in the signed metadata were accepted
// (the last copy won), so another JSON reader could show other text than the widget for the same signed bytes.
TEST_CASE("signed metadata with a duplicate key at any level is refused", "[hostile][dataset]") {
  const TestDataset ds = build_dataset(kRecords);
  const TrustPolicy policy = test_policy(ds.key.public_key);
  const std::string catalog = catalog_to_json(default_catalog());
  REQUIRE(catalog.rfind("{\"advice\":", 0) == 0);
  const std::string catalog_with_two_ids = "{\"id\":\"other\"," + catalog.substr(1);
  for (const std::string& metadata :
       {"{\"catalog\":" + catalog + ",\"insurers\":[],\"publisher\":\"P\",\"publisher\":\"Q\"}",
        "{\"catalog\":" + catalog_with_two_ids + ",\"insurers\":[],\"publisher\":\"P\"}",
        "{\"catalog\":" + catalog + ",\"insurers\":[{\"name\":\"A\",\"name\":\"B\",\"operators\":[\"viamedis\"]}],"
        "\"publisher\":\"P\"}"}) {
    const CheckResult result = check_bytes(with_signed_metadata(ds, metadata), policy, "185057800608491", "1985-05-12");
    CHECK(result.status == CheckStatus::integrity_error);
    CHECK(result.errors == Codes{"metadata_json"});
  }
  // The same key in two different objects is not a duplicate.
  const CheckResult distinct = check_bytes(
      with_signed_metadata(ds, "{\"catalog\":" + catalog +
                                   ",\"insurers\":[{\"name\":\"A\",\"operators\":[\"viamedis\"]},"
                                   "{\"name\":\"B\",\"operators\":[\"almerys\"]}],\"publisher\":\"P\"}"),
      policy, "185057800608491", "1985-05-12");
  CHECK(distinct.errors == Codes{"bucket_signature"});  // the header passed; the old buckets are bound to the old id
}

// Regression (found by the JSON reader's differential test against nlohmann/json): nlohmann/json takes a NUL byte
// outside a string for the end of its input, so signed metadata could carry bytes after a NUL that the engine
// ignored and another JSON reader refuses (or reads). The engine's reader refuses anything after the value.
TEST_CASE("signed metadata with bytes after a NUL is refused", "[hostile][dataset]") {
  const TestDataset ds = build_dataset(kRecords);
  const TrustPolicy policy = test_policy(ds.key.public_key);
  const std::string catalog = catalog_to_json(default_catalog());
  const std::string metadata = "{\"catalog\":" + catalog + ",\"insurers\":[],\"publisher\":\"P\"}";
  for (const std::string& tail : {std::string(1, '\0'), std::string("\0{\"publisher\":\"Q\"}", 18)}) {
    const CheckResult result =
        check_bytes(with_signed_metadata(ds, metadata + tail), policy, "185057800608491", "1985-05-12");
    CHECK(result.status == CheckStatus::integrity_error);
    CHECK(result.errors == Codes{"metadata_json"});
  }
  CHECK(check_bytes(with_signed_metadata(ds, metadata), policy, "185057800608491", "1985-05-12").errors ==
        Codes{"bucket_signature"});  // the same metadata without the tail passes the header checks
}

// Regression (found by tests/fuzz/fuzz_signed_header.cpp): `created` was cast to a signed integer, so a value of
// 2^63 or more read as a date before 1970 and passed the "created in the future" check.
TEST_CASE("a signed created date beyond 2^63 is in the future, not before 1970", "[hostile][dataset]") {
  const TestDataset ds = build_dataset(kRecords);
  for (const std::uint64_t created : {std::uint64_t{1} << 63, ~std::uint64_t{0}}) {
    Bytes file = ds.bytes;
    for (int i = 0; i < 8; ++i) file[56 + i] = static_cast<std::uint8_t>(created >> (8 * i));
    std::uint32_t length = 0;
    for (int i = 0; i < 4; ++i) length |= std::uint32_t{file[76 + i]} << (8 * i);
    const Bytes message = header_signed_message(ByteView(file.data(), kFixedHeaderSize + length));
    crypto_sign_detached(file.data() + kFixedHeaderSize + length, nullptr, message.data(), message.size(),
                         ds.key.secret_key.data());
    const CheckResult result = check_bytes(file, test_policy(ds.key.public_key), "185057800608491", "1985-05-12");
    CHECK(result.errors == Codes{"dataset_created"});
  }
}

namespace {

struct DocRow {
  std::map<std::string, std::string> cells;  // column header -> cell text
};

std::string trim_cell(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::vector<std::string> split_row(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (std::size_t i = 1; i < line.size(); ++i) {  // skip the leading '|'
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (line[i] == '|') {
      cells.push_back(trim_cell(cell));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return cells;
}

// Every table row of docs/ERRORS.md whose first cell starts with a `code`, keyed by that code.
std::multimap<std::string, DocRow> documented_rows() {
  std::istringstream doc(read_repo_file("docs/ERRORS.md"));
  std::multimap<std::string, DocRow> rows;
  std::vector<std::string> header;
  std::string previous;
  std::string line;
  while (std::getline(doc, line)) {
    if (line.rfind("|", 0) != 0) {
      header.clear();
      previous.clear();
      continue;
    }
    if (line.find("---") != std::string::npos && !previous.empty()) {
      header = split_row(previous);
    } else if (!header.empty()) {
      const auto cells = split_row(line);
      // The code is the first cell's first `word` (a note may follow it: "`dob_after_incident` (widget only...").
      const std::size_t close = cells.empty() ? std::string::npos : cells[0].find('`', 1);
      if (close != std::string::npos && close > 1 && cells[0].front() == '`') {
        DocRow row;
        for (std::size_t i = 0; i < cells.size() && i < header.size(); ++i) row.cells[header[i]] = cells[i];
        rows.emplace(cells[0].substr(1, close - 1), row);
      }
    }
    previous = line;
  }
  return rows;
}

bool has_fr_and_en(const std::multimap<std::string, DocRow>& rows, const std::string& code) {
  const auto range = rows.equal_range(code);
  for (auto it = range.first; it != range.second; ++it) {
    const auto& cells = it->second.cells;
    const auto fr = cells.find("FR");
    const auto en = cells.find("EN");
    if (fr != cells.end() && en != cells.end() && fr->second.size() >= 8 && en->second.size() >= 8 &&
        fr->second != en->second) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("every code of the registry is documented in docs/ERRORS.md with its texts, and no other", "[hostile][docs]") {
  const auto rows = documented_rows();
  REQUIRE(rows.size() >= 100);
  for (const auto& entry : error_codes()) {
    const std::string code(entry.code);
    INFO(code);
    const auto range = rows.equal_range(code);
    REQUIRE(range.first != range.second);
    for (auto it = range.first; it != range.second; ++it) {
      // Where a table says the status or the column, it is the registry's.
      const auto& cells = it->second.cells;
      if (cells.count("status")) CHECK(cells.at("status") == entry.status);
      if (cells.count("column")) CHECK(cells.at("column") == entry.field);
      if (cells.count("field")) {
        // "NIR", "birth date", "birth rank" (a note may follow): the records file's column, said in words.
        const std::string words = entry.field == "nir" ? "NIR" : entry.field == "birth_date" ? "birth date" : "birth rank";
        CHECK(cells.at("field").rfind(words, 0) == 0);
      }
    }
    switch (entry.text) {
      case ErrorText::own:
      case ErrorText::console:
        CHECK(has_fr_and_en(rows, code));
        break;
      case ErrorText::status:
        // Shown by status (the person cannot fix these): the status has both texts.
        REQUIRE(!entry.status.empty());
        CHECK(has_fr_and_en(rows, std::string(entry.status)));
        break;
      case ErrorText::advice: {
        bool advised = false;
        for (auto it = range.first; it != range.second; ++it) {
          const auto advice = it->second.cells.find("what to do");
          advised = advised || (advice != it->second.cells.end() && advice->second.size() >= 8);
        }
        CHECK(advised);
        break;
      }
    }
  }
  // And the other way round: nothing is documented that the registry does not know.
  for (const auto& [code, row] : rows) {
    INFO(code);
    CHECK((find_error_code(code) != nullptr || code == "integrity_error" || code == "unavailable"));
  }
}

TEST_CASE("identity error texts never contain what was typed", "[hostile]") {
  // Inputs made of code-like words: a code that echoed input would contain them.
  const ValidatedIdentity id = validate("nir_format_x", "dob_invalid_y", "rank_zz");
  REQUIRE(id.errors.size() == 3);
  for (const auto& code : id.errors) {
    CHECK(is_identity_error(code));
    CHECK(code.find("_x") == std::string::npos);
    CHECK(code.find("_y") == std::string::npos);
    CHECK(code.find("zz") == std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Secrets wiped from memory. Objects are built with placement new in a buffer the test owns, destroyed,
// and the buffer is read afterwards: what a later allocation (or a memory dump) could see.

namespace {

template <typename T>
struct Slot {
  alignas(T) unsigned char storage[sizeof(T)];
  T* object() { return std::launder(reinterpret_cast<T*>(storage)); }
  bool all_zero(std::size_t offset, std::size_t size) const {
    return std::all_of(storage + offset, storage + offset + size, [](unsigned char b) { return b == 0; });
  }
  std::size_t offset_of(const void* member) { return static_cast<const unsigned char*>(member) - storage; }
};

}  // namespace

TEST_CASE("SecretArray zeroes its bytes when destroyed", "[hostile][wipe]") {
  Slot<SecretArray<32>> slot;
  auto* secret = new (slot.storage) SecretArray<32>();
  std::memset(secret->data(), 0xA5, secret->size());
  REQUIRE_FALSE(slot.all_zero(0, sizeof slot.storage));
  secret->~SecretArray<32>();
  CHECK(slot.all_zero(0, sizeof slot.storage));
}

TEST_CASE("a canonical identity, a seed and lookup keys are wiped when they go away", "[hostile][wipe]") {
  {
    Slot<ValidatedIdentity> slot;
    auto* id = new (slot.storage) ValidatedIdentity(validate(grouped(" "), kDate));
    REQUIRE(id->ok());
    const std::size_t at = slot.offset_of(id->canonical.data());
    REQUIRE_FALSE(slot.all_zero(at, kCanonicalIdentitySize));
    id->~ValidatedIdentity();
    CHECK(slot.all_zero(at, kCanonicalIdentitySize));
  }
  {
    Slot<LookupKeys> slot;
    Seed seed;
    std::memset(seed.data(), 7, seed.size());
    auto* keys = new (slot.storage) LookupKeys(derive_lookup_keys(seed));
    REQUIRE_FALSE(slot.all_zero(0, sizeof(LookupKeys)));
    keys->~LookupKeys();
    CHECK(slot.all_zero(0, sizeof(LookupKeys)));
  }
  {
    Slot<KeyPair> slot;
    auto* pair = new (slot.storage) KeyPair(generate_key_pair());
    const std::size_t at = slot.offset_of(pair->secret_key.data());
    REQUIRE_FALSE(slot.all_zero(at, 64));
    pair->~KeyPair();
    CHECK(slot.all_zero(at, 64));
  }
}

TEST_CASE("SecretBytes::wipe zeroes the buffer it held", "[hostile][wipe]") {
  SecretBytes secret(48);
  std::memset(secret.data(), 0x5A, secret.size());
  const std::uint8_t* storage = secret.data();
  secret.wipe();  // clear() keeps the allocation, so the old bytes can still be read through `storage`
  CHECK(secret.size() == 0);
  const volatile std::uint8_t* bytes = storage;
  bool zero = true;
  for (std::size_t i = 0; i < 48; ++i) zero = zero && bytes[i] == 0;
  CHECK(zero);
}

TEST_CASE("CsvRow::wipe zeroes field bytes before dropping them", "[hostile][wipe]") {
  // Short fields live inside the std::string objects (small-string storage), which live in the vector's
  // buffer; clear() keeps that buffer, so the test can look at what remains of the fields in it.
  CsvRow row;
  row.fields = {"1850578", "19850", "viam"};
  row.fields.reserve(8);
  const auto* begin = reinterpret_cast<const unsigned char*>(row.fields.data());
  const std::size_t span = row.fields.capacity() * sizeof(std::string);
  const auto contains = [&](const char* needle) {
    const volatile unsigned char* bytes = begin;
    const std::size_t n = std::strlen(needle);
    for (std::size_t i = 0; i + n <= span; ++i) {
      bool match = true;
      for (std::size_t k = 0; k < n && match; ++k) match = bytes[i + k] == static_cast<unsigned char>(needle[k]);
      if (match) return true;
    }
    return false;
  };
  REQUIRE(contains("1850578"));
  REQUIRE(contains("19850"));
  row.wipe();
  CHECK(row.fields.empty());
  CHECK_FALSE(contains("1850578"));
  CHECK_FALSE(contains("19850"));
}

// Regression: on wasm32 (32-bit size_t) a memory limit of 4 GiB or more wrapped around to a small one, which
// would derive a different seed than the publisher's and answer "not found" instead of failing.
TEST_CASE("Argon2id refuses a memory limit that does not fit this platform's size_t", "[hostile]") {
#if SIZE_MAX <= 0xFFFFFFFFu
  std::uint8_t out[32];
  const std::uint8_t password[4] = {1, 2, 3, 4};
  const KdfParams wraps_to_8_kib{1, 4u * 1024u * 1024u + 8u};  // 4 GiB + 8 KiB
  CHECK_FALSE(argon2id(out, sizeof out, password, sizeof password, Salt{}, wraps_to_8_kib));
#else
  SUCCEED("64-bit size_t: every 32-bit KiB count fits");
#endif
}
