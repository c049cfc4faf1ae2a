// SPDX-License-Identifier: MPL-2.0
// --date-format: patterns read strictly, dates rewritten to YYYY-MM-DD (the calendar is identity.cpp's job).
#include <catch.hpp>

#include "build/date_format.h"

using namespace breachcheck;

namespace {

std::string iso_of(const char* pattern, std::string_view text) {
  const auto format = DateFormat::parse(pattern);
  REQUIRE(format.has_value());
  std::string iso;
  return format->to_iso(text, iso) ? iso : "refused";
}

}  // namespace

TEST_CASE("Date patterns: year, month and day once each, separators between them", "[csv][dates]") {
  for (const char* ok : {"yyyy-mm-dd", "dd/mm/yyyy", "DD/MM/YYYY", "d/m/yyyy", "dd.mm.yyyy", "dd-mm-yyyy",
                         "mm/dd/yyyy", "yyyymmdd", "ddmmyyyy", "dd mm yyyy", "yyyy/m/d"}) {
    INFO(ok);
    CHECK(DateFormat::parse(ok).has_value());
  }
  for (const char* refused : {"", "dd/mm/yy", "yy-mm-dd", "dd/mm", "dd/mm/yyyy/dd", "dd//mm/yyyy", "dd_mm_yyyy",
                              "dmyyyy", "yyyymd", "d/mm/yyyyy", "dd/mm/yyyy hh:mm", "jj/mm/aaaa"}) {
    INFO(refused);
    CHECK_FALSE(DateFormat::parse(refused).has_value());
  }
  CHECK(DateFormat().is_iso());
  CHECK(DateFormat::parse("YYYY-MM-DD")->is_iso());
  CHECK_FALSE(DateFormat::parse("dd/mm/yyyy")->is_iso());
  CHECK(DateFormat::parse("DD/MM/YYYY")->pattern() == "dd/mm/yyyy");
}

TEST_CASE("French dates become ISO dates; anything of another shape is refused", "[csv][dates]") {
  CHECK(iso_of("dd/mm/yyyy", "17/05/1985") == "1985-05-17");
  CHECK(iso_of("dd/mm/yyyy", " 17/05/1985\t") == "1985-05-17");
  CHECK(iso_of("dd/mm/yyyy", "7/5/1985") == "refused");  // dd is exactly two digits
  CHECK(iso_of("d/m/yyyy", "7/5/1985") == "1985-05-07");
  CHECK(iso_of("d/m/yyyy", "17/12/1985") == "1985-12-17");
  CHECK(iso_of("d/m/yyyy", "017/5/1985") == "refused");
  CHECK(iso_of("dd/mm/yyyy", "1985-05-17") == "refused");  // strict: an ISO date is not this format
  CHECK(iso_of("dd/mm/yyyy", "17-05-1985") == "refused");
  CHECK(iso_of("dd/mm/yyyy", "17/05/85") == "refused");
  CHECK(iso_of("dd/mm/yyyy", "17/05/1985 00:00") == "refused");
  CHECK(iso_of("dd/mm/yyyy", "１7/05/1985") == "refused");  // fullwidth digit
  CHECK(iso_of("dd.mm.yyyy", "17.05.1985") == "1985-05-17");
  CHECK(iso_of("mm/dd/yyyy", "05/17/1985") == "1985-05-17");
  CHECK(iso_of("yyyymmdd", "19850517") == "1985-05-17");
  CHECK(iso_of("yyyy-mm-dd", "1985-05-17") == "1985-05-17");
  // The calendar is checked later (validate_identity): the shape alone is accepted here.
  CHECK(iso_of("dd/mm/yyyy", "31/02/1985") == "1985-02-31");
  CHECK(iso_of("dd/mm/yyyy", "") == "refused");
}
