// SPDX-License-Identifier: MPL-2.0
// Target: the publisher's records file. CsvReader (default and tiny limits) and collect_records with the
// default catalog, over arbitrary bytes, with and without a valid header line in front.
// Properties: rows come back in order with line numbers inside the input; limits hold; every problem is
// (line, known column, known code), so no reported value can echo a field; kept records are valid, sorted,
// merged (unique) and carry at least one operator and one category.
#include <cstring>
#include <sstream>

#include "builder.h"
#include "csv_reader.h"
#include "fuzz_common.h"

using namespace breachcheck;
using namespace breachcheck::fuzz;

namespace {

std::uint64_t physical_lines(std::string_view text) {
  std::uint64_t lines = 1;
  for (const char c : text) lines += c == '\n';
  return lines;
}

void read_rows(std::string_view text, const CsvLimits& limits) {
  std::istringstream in{std::string(text)};
  CsvReader reader(in, limits);
  CsvRow row;
  const std::uint64_t max_line = physical_lines(text);
  std::uint64_t previous = 0;
  std::size_t rows = 0;
  static const std::set<std::string> kReaderCodes = {"unterminated_quote", "text_after_quote", "quote_in_field",
                                                     "field_too_long", "row_too_long", "too_many_fields",
                                                     "nul_byte"};
  while (reader.next(row)) {
    FUZZ_ASSERT(++rows <= text.size());
    FUZZ_ASSERT(row.line > previous && row.line <= max_line);
    previous = row.line;
    if (!row.error.empty()) {
      FUZZ_ASSERT(kReaderCodes.count(row.error) == 1);
      continue;
    }
    FUZZ_ASSERT(!row.fields.empty() && row.fields.size() <= limits.max_fields);
    std::size_t bytes = 0;
    for (const auto& field : row.fields) {
      FUZZ_ASSERT(field.size() <= limits.max_field_bytes);
      bytes += field.size();
    }
    FUZZ_ASSERT(bytes <= limits.max_row_bytes);
  }
  row.wipe();
  FUZZ_ASSERT(row.fields.empty());
}

void collect(const std::string& text, bool expect_header_ok) {
  static const std::set<std::string> kColumns = {"row", "nir", "birth_date", "birth_rank", "operator",
                                                 "categories", "insurer"};
  std::istringstream in(text);
  CollectOptions options;
  options.today = CivilDate{2026, 11, 29};
  options.max_problems = 50;
  try {
    const RecordSet set = collect_records(in, default_catalog(), options);
    const std::uint64_t max_line = physical_lines(text);
    for (const auto& problem : set.problems) {
      FUZZ_ASSERT(kColumns.count(problem.field) == 1);
      if (problem.reason.rfind("more_problems_not_listed:", 0) == 0) {
        FUZZ_ASSERT(problem.line == 0 && &problem == &set.problems.back());
        continue;
      }
      FUZZ_ASSERT(csv_codes().count(problem.reason) == 1 || identity_codes().count(problem.reason) == 1);
      FUZZ_ASSERT(problem.reason != "dob_nir_mismatch");  // rows are validated as beneficiaries
      FUZZ_ASSERT(problem.line >= 2 && problem.line <= max_line);
    }
    FUZZ_ASSERT(set.problems.size() <= options.max_problems + 1);
    FUZZ_ASSERT(set.records.size() + set.rows_merged <= set.rows_read);
    for (std::size_t i = 0; i < set.records.size(); ++i) {
      const SourceRecord& r = set.records[i];
      FUZZ_ASSERT(std::memcmp(r.canonical.data(), "bc-id-v1", 8) == 0);
      FUZZ_ASSERT(r.payload.operators != 0 && r.payload.categories != 0);
      FUZZ_ASSERT((r.payload.categories >> default_catalog().categories.size()) == 0);
      if (i > 0) FUZZ_ASSERT(set.records[i - 1].canonical < r.canonical);
    }
    for (const auto& [name, mask] : set.insurers) {
      FUZZ_ASSERT(!name.empty() && name.size() <= 200 && mask != 0);
    }
  } catch (const std::runtime_error&) {
    FUZZ_ASSERT(!expect_header_ok);  // only a missing or wrong header line throws
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  init_sodium();
  default_catalog();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  read_rows(text, CsvLimits{});
  if (size >= 3) {
    CsvLimits tiny;
    tiny.max_fields = 1 + data[0] % 8;
    tiny.max_field_bytes = 1 + data[1] % 32;
    tiny.max_row_bytes = 1 + data[2] % 128;
    read_rows(text, tiny);
  }
  collect(std::string(text), false);
  collect(std::string(kCsvColumns) + "\n" + std::string(text), true);
  return 0;
}
