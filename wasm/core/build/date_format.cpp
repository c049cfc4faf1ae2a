// SPDX-License-Identifier: MPL-2.0
#include "build/date_format.h"

namespace breachcheck {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_separator(char c) { return c == '/' || c == '-' || c == '.' || c == ' '; }

}  // namespace

DateFormat::DateFormat() : DateFormat(*parse("yyyy-mm-dd")) {}
DateFormat::DateFormat(Unparsed) {}

std::optional<DateFormat> DateFormat::parse(std::string_view pattern) {
  DateFormat format{Unparsed{}};
  std::string lower;
  for (const char c : pattern) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  bool seen_year = false, seen_month = false, seen_day = false;
  std::size_t i = 0;
  while (i < lower.size()) {
    const std::string_view rest = std::string_view(lower).substr(i);
    Token token{Part::separator, 0, 0, 0};
    if (rest.substr(0, 4) == "yyyy") {
      if (seen_year) return std::nullopt;
      seen_year = true;
      token = {Part::year, 0, 4, 4};
      i += 4;
    } else if (rest[0] == 'm' || rest[0] == 'd') {
      const bool month = rest[0] == 'm';
      bool& seen = month ? seen_month : seen_day;
      if (seen) return std::nullopt;
      seen = true;
      const bool two = rest.size() >= 2 && rest[1] == rest[0];
      token = {month ? Part::month : Part::day, 0, std::size_t{two ? 2u : 1u}, 2};
      i += two ? 2 : 1;
      if (!two && i < lower.size() && !is_separator(lower[i])) return std::nullopt;
    } else if (is_separator(rest[0])) {
      if (!format.tokens_.empty() && format.tokens_.back().part == Part::separator) return std::nullopt;
      token = {Part::separator, rest[0], 0, 0};
      i += 1;
    } else {
      return std::nullopt;
    }
    format.tokens_.push_back(token);
  }
  if (!seen_year || !seen_month || !seen_day) return std::nullopt;
  format.pattern_ = lower;
  return format;
}

bool DateFormat::to_iso(std::string_view text, std::string& iso) const {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::string_view year, month, day;
  std::size_t i = 0;
  for (const Token& token : tokens_) {
    if (token.part == Part::separator) {
      if (i >= text.size() || text[i] != token.separator) return false;
      ++i;
      continue;
    }
    std::size_t digits = 0;
    while (i + digits < text.size() && digits < token.max && is_digit(text[i + digits])) ++digits;
    if (digits < token.min) return false;
    const std::string_view value = text.substr(i, digits);
    (token.part == Part::year ? year : token.part == Part::month ? month : day) = value;
    i += digits;
  }
  if (i != text.size()) return false;
  iso.clear();
  iso.append(year).push_back('-');
  if (month.size() == 1) iso.push_back('0');
  iso.append(month).push_back('-');
  if (day.size() == 1) iso.push_back('0');
  iso.append(day);
  return true;
}

}  // namespace breachcheck
