// SPDX-License-Identifier: MPL-2.0
// Birth dates as exports write them: `--date-format dd/mm/yyyy` and the like, read strictly and rewritten to
// the engine's YYYY-MM-DD before validation (which checks the calendar, the range and the future).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace breachcheck {

class DateFormat {
 public:
  DateFormat();  // ISO: yyyy-mm-dd
  // A pattern of `yyyy` (4 digits), `mm`/`dd` (exactly 2), `m`/`d` (1 or 2), and separators among "/-. ",
  // each of year, month and day exactly once, e.g. "dd/mm/yyyy", "d.m.yyyy", "yyyymmdd", "mm/dd/yyyy".
  // Case-insensitive. A one-or-two-digit field must be followed by a separator or the end (else "dmyyyy"
  // would be ambiguous). Two-digit years are not offered: 17/05/85 could be 1885 or 1985.
  static std::optional<DateFormat> parse(std::string_view pattern);

  const std::string& pattern() const { return pattern_; }
  bool is_iso() const { return pattern_ == "yyyy-mm-dd"; }
  // `text` (spaces and tabs around it allowed) in this format -> "YYYY-MM-DD" in `iso`. False when the shape
  // differs (wrong separator, digit count, extra characters). The calendar is not checked here.
  bool to_iso(std::string_view text, std::string& iso) const;

 private:
  struct Unparsed {};
  explicit DateFormat(Unparsed);
  enum class Part : char { year, month, day, separator };
  struct Token {
    Part part;
    char separator;     // for Part::separator
    std::size_t min, max;  // digit counts
  };
  std::string pattern_;
  std::vector<Token> tokens_;
};

}  // namespace breachcheck
