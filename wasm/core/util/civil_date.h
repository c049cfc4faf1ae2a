// SPDX-License-Identifier: MPL-2.0
// Calendar arithmetic in the proleptic Gregorian calendar, UTC: the one copy shared by identity validation
// (birth dates), the catalog's dates, synthetic records, the data set's creation date and the CLI's "today".
// No time zone and no C library clock: the caller passes the time in, so native and wasm agree.
#pragma once

#include <cstdint>
#include <string>

namespace breachcheck {

// A calendar date; `today` is passed in so validation is testable and identical native/wasm.
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
};

bool is_leap_year(int year);
// Days in `month` (1..12) of `year`.
int days_in_month(int year, int month);
// True when month is 1..12 and day exists in that month of that year.
bool is_calendar_date(const CivilDate& date);
// True when `date` comes strictly after `reference`.
bool is_after(const CivilDate& date, const CivilDate& reference);

// The UTC calendar date of a Unix time (seconds since 1970-01-01T00:00:00Z).
CivilDate civil_date_of_unix(std::uint64_t unix_seconds);
// "YYYY-MM-DDTHH:MM:SSZ" for a Unix time.
std::string iso8601_utc(std::uint64_t unix_seconds);

}  // namespace breachcheck
