// SPDX-License-Identifier: MPL-2.0
#include "build/csv_reader.h"

#include <sodium.h>

#include <algorithm>

namespace breachcheck {

void CsvRow::wipe() {
  for (auto& field : fields) {
    if (!field.empty()) sodium_memzero(field.data(), field.size());
  }
  fields.clear();
  error.clear();
}

char detect_delimiter(std::string_view header_line) {
  std::size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (const char c : header_line) {
    if (c == '"') quoted = !quoted;  // a doubled quote flips twice: still right
    if (quoted) continue;
    comma += c == ',';
    semicolon += c == ';';
    tab += c == '\t';
  }
  const std::size_t most = std::max({comma, semicolon, tab});
  if (most == 0 || (comma == most) + (semicolon == most) + (tab == most) > 1) return 0;
  return comma == most ? ',' : semicolon == most ? ';' : '\t';
}

CsvReader::CsvReader(std::istream& in, CsvLimits limits, char delimiter, std::uint64_t first_line)
    : in_(in), limits_(limits), delimiter_(delimiter), line_(first_line) {}

int CsvReader::get() {
  const int c = in_.get();
  return c == std::char_traits<char>::eof() ? -1 : c;
}

bool CsvReader::next(CsvRow& row) {
  row.wipe();
  for (;;) {
    row.line = line_;
    int c = get();
    if (c < 0) return false;
    if (c == '\n') {  // blank line
      ++line_;
      continue;
    }
    if (c == '\r' && in_.peek() == '\n') {
      get();
      ++line_;
      continue;
    }

    std::string field;
    std::size_t row_bytes = 0;
    bool in_quotes = false;
    bool after_quote = false;  // a quoted field just closed: only the delimiter or a line end may follow
    auto fail = [&](const char* code) {
      row.error = code;
      // Skip to the end of the physical line (a quoted multi-line field is abandoned there).
      while (c >= 0 && c != '\n') c = get();
      if (c == '\n') ++line_;
      sodium_memzero(field.data(), field.size());
      return true;
    };
    for (;; c = get()) {
      if (c == 0) return fail("nul_byte");
      if (++row_bytes > limits_.max_row_bytes) return fail("row_too_long");
      if (in_quotes) {
        if (c < 0) {
          row.error = "unterminated_quote";
          return true;
        }
        if (c == '"') {
          if (in_.peek() == '"') {
            get();
            field.push_back('"');
            if (field.size() > limits_.max_field_bytes) return fail("field_too_long");
          } else {
            in_quotes = false;
            after_quote = true;
          }
          continue;
        }
        field.push_back(static_cast<char>(c));
        // Check the size before counting a quoted line break: fail() counts the break it stops at.
        if (field.size() > limits_.max_field_bytes) return fail("field_too_long");
        if (c == '\n') ++line_;
        continue;
      } else if (c == delimiter_ || c == '\n' || c < 0 || (c == '\r' && in_.peek() == '\n')) {
        if (row.fields.size() >= limits_.max_fields) return fail("too_many_fields");
        row.fields.push_back(std::move(field));
        field.clear();
        after_quote = false;
        if (c == delimiter_) continue;
        if (c == '\r') get();
        if (c >= 0) ++line_;
        return true;
      } else if (after_quote) {
        return fail("text_after_quote");
      } else if (c == '"') {
        if (!field.empty()) return fail("quote_in_field");
        in_quotes = true;
        continue;
      } else {
        field.push_back(static_cast<char>(c));
      }
      if (field.size() > limits_.max_field_bytes) return fail("field_too_long");
    }
  }
}

}  // namespace breachcheck
