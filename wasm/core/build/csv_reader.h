// SPDX-License-Identifier: MPL-2.0
// A small streaming RFC 4180 reader for the publisher's affected-records file. Hand-written rather than
// libcsv because every limit must be ours (row and field sizes, line numbers for error reports, wiping of
// fields that hold identifiers) and it is fuzzed (tests/fuzz/).
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace breachcheck {

struct CsvLimits {
  std::size_t max_fields = 32;
  std::size_t max_field_bytes = 1024;
  std::size_t max_row_bytes = 8192;
};

struct CsvRow {
  std::vector<std::string> fields;
  std::uint64_t line = 0;  // physical line where the row starts (1-based)
  std::string error;       // empty, or a code: unterminated_quote, text_after_quote, quote_in_field,
                           // field_too_long, row_too_long, too_many_fields, nul_byte
  void wipe();             // zeroes field bytes (they may hold identifiers) and clears
};

// The delimiter a header line uses: the one of ',' ';' and tab that occurs most often outside quotes, or 0
// when none occurs or two tie (the caller then asks for --delimiter). A header has one column per name, so
// its separator is the most frequent of the three, whatever the names.
char detect_delimiter(std::string_view header_line);

class CsvReader {
 public:
  // `delimiter`: ',' ';' or '\t'. `first_line`: the physical line number of the stream's first byte (when the
  // caller has read the header line itself).
  explicit CsvReader(std::istream& in, CsvLimits limits = {}, char delimiter = ',', std::uint64_t first_line = 1);
  // Reads the next row; false at end of input. A malformed row comes back with `error` set, and reading
  // resumes at the next line, so one bad row never hides the rest of the file. Blank lines are skipped.
  bool next(CsvRow& row);

 private:
  int get();
  std::istream& in_;
  CsvLimits limits_;
  char delimiter_;
  std::uint64_t line_;
};

}  // namespace breachcheck
