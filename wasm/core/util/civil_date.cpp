// SPDX-License-Identifier: MPL-2.0
#include "util/civil_date.h"

#include <algorithm>
#include <string>
#include <limits>

namespace breachcheck {
namespace {

constexpr std::uint64_t kSecondsPerDay = 86400;

struct WideDate {
  std::int64_t year, month, day;
};

// Days since 1970-01-01 to a calendar date, after H. Hinnant's public-domain `civil_from_days`. 64-bit year:
// a u64 of seconds reaches the year 5.8e11.
WideDate civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {y, m, d};
}

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool is_calendar_date(const CivilDate& date) {
  return date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= days_in_month(date.year, date.month);
}

bool is_after(const CivilDate& date, const CivilDate& reference) {
  if (date.year != reference.year) return date.year > reference.year;
  if (date.month != reference.month) return date.month > reference.month;
  return date.day > reference.day;
}

CivilDate civil_date_of_unix(std::uint64_t unix_seconds) {
  const WideDate date = civil_from_days(static_cast<std::int64_t>(unix_seconds / kSecondsPerDay));
  // Years past INT_MAX (from 2^56 seconds on) mean nothing as a calendar date: saturate rather than wrap.
  const std::int64_t year = std::min<std::int64_t>(date.year, std::numeric_limits<int>::max());
  return {static_cast<int>(year), static_cast<int>(date.month), static_cast<int>(date.day)};
}

namespace {

// `value` in decimal, zero-padded to at least `width` digits (by hand: snprintf would bring the C library's whole
// printf into the browser engine, ~7 KB of wasm).
void append_padded(std::string& out, std::int64_t value, std::size_t width) {
  const std::string digits = std::to_string(value);
  if (digits.size() < width) out.append(width - digits.size(), '0');
  out += digits;
}

}  // namespace

std::string iso8601_utc(std::uint64_t unix_seconds) {
  const WideDate date = civil_from_days(static_cast<std::int64_t>(unix_seconds / kSecondsPerDay));
  const std::int64_t secs = static_cast<std::int64_t>(unix_seconds % kSecondsPerDay);
  const std::int64_t fields[] = {date.year, date.month, date.day, secs / 3600, secs / 60 % 60, secs % 60};
  static constexpr char kAfter[] = "--T::Z";  // the character after each field
  std::string out;
  for (std::size_t i = 0; i < 6; ++i) {  // one loop rather than six copies of the same code in the wasm
    append_padded(out, fields[i], i == 0 ? 4 : 2);
    out += kAfter[i];
  }
  return out;
}

}  // namespace breachcheck
