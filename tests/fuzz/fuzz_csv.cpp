// SPDX-License-Identifier: MPL-2.0
// Target: the publisher's records file, through the whole build path. The first byte chooses the input
// options (delimiter given or detected, encoding, date format, column mapping, whether to build); the rest
// is the file, read as is and with a valid header line in front. CsvReader (default and tiny limits), then
// collect_records, then (options bit 7, up to 64 records) the hashing (Argon2id at libsodium's minimum) and
// the signed data set with its insurer table JSON, read back by verify_header.
// Properties: rows come back in order with line numbers inside the input; limits hold; every problem is
// (line, known column, known code), so no reported value can echo a field; kept records are valid, sorted,
// merged (unique) and carry at least one operator and one category; the only exception anywhere is the
// project's CodedError (never a library's: no JSON type_error, no out_of_range), and only for a file with no
// usable header line; a data set built from what was kept verifies, with the same insurer table.
#include <cstring>
#include <sstream>

#include "build/builder.h"
#include "build/csv_reader.h"
#include "fuzz_common.h"
#include "util/coded_error.h"

using namespace breachcheck;
using namespace breachcheck::fuzz;

namespace {

std::uint64_t physical_lines(std::string_view text) {
  std::uint64_t lines = 1;
  for (const char c : text) lines += c == '\n';
  return lines;
}

void read_rows(std::string_view text, const CsvLimits& limits, char delimiter) {
  std::istringstream in{std::string(text)};
  CsvReader reader(in, limits, delimiter);
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

// The command codes reading a records file may end with: a narrower set than the registry's command codes
// (records_unreadable and columns_invalid come from other steps), each of them checked to be one.
const std::set<std::string>& file_codes() {
  static const std::set<std::string> codes = [] {
    const std::set<std::string> listed = {"records_empty", "records_utf16", "records_spreadsheet", "encoding_conflict",
                                          "delimiter_unknown", "delimiter_mismatch", "header_invalid",
                                          "header_column_missing", "header_column_duplicate"};
    for (const auto& code : listed) {
      const ErrorCodeInfo* entry = find_error_code(code);
      FUZZ_ASSERT(entry && entry->category == ErrorCategory::command);
    }
    return listed;
  }();
  return codes;
}

// The kept records, hashed at minimum cost and written as a signed data set (k = 1: any count publishes),
// must verify and carry the same insurer table.
void build_and_verify(const RecordSet& set) {
  const Golden& g = golden();
  const Salt salt{};
  const KdfParams kdf{1, 8};
  std::vector<HashedEntry> entries = hash_records(set.records, salt, kdf, 1, nullptr);
  LayoutOptions layout;
  layout.publisher = "fuzz publisher";
  layout.kdf = kdf;
  layout.salt = salt;
  layout.created = 1795900000;
  layout.not_after = layout.created + 86400 * 30;
  layout.k = 1;
  layout.max_prefix_bits = 2;
  std::ostringstream out;
  write_dataset(entries, default_catalog(), set.insurers, layout, g.key, out);
  const std::string file = out.str();
  TrustPolicy policy = g.policy;
  const HeaderCheck check = verify_header(ByteView(reinterpret_cast<const std::uint8_t*>(file.data()), file.size()),
                                          policy, file.size());
  FUZZ_ASSERT(check.header.has_value());
  FUZZ_ASSERT(check.header->fixed.record_count == set.records.size());
  FUZZ_ASSERT(check.header->insurers.size() == set.insurers.size());
  for (const auto& entry : check.header->insurers) FUZZ_ASSERT(set.insurers.count(entry.name) == 1);
}

// Returns whether a data set was built (at most one per input: writing and verifying cost ~20 ms under ASan).
bool collect(const std::string& text, const RecordsInput& input, bool expect_header_ok, bool build) {
  static const std::set<std::string> kColumns = {"row", "nir", "birth_date", "birth_rank", "operator",
                                                 "categories", "insurer", "key", "beneficiary"};
  std::istringstream in(text);
  CollectOptions options;
  options.today = CivilDate{2026, 11, 29};
  options.max_problems = 50;
  options.input = input;
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
      // A card holder's date that contradicts the NIR (no card holder row for a beneficiary's): a date problem.
      if (problem.reason == "dob_nir_mismatch") FUZZ_ASSERT(problem.field == "birth_date");
      FUZZ_ASSERT(problem.line >= 2 && problem.line <= max_line);
    }
    FUZZ_ASSERT(set.problems.size() <= options.max_problems + 1);
    for (const auto& group : set.problem_groups) {
      FUZZ_ASSERT(group.count >= 1 && !group.first_lines.empty() && group.first_lines.size() <= kProblemGroupLines);
      FUZZ_ASSERT(group.example.size() <= 8 * 40 + 3);  // 40 characters, each at most "\u{XXXX}"
      if (group.field == "nir" || group.field == "birth_date" || group.field == "birth_rank" || group.field == "key") {
        FUZZ_ASSERT(group.example.find_first_of("012345678") == std::string::npos);  // shape only
      }
    }
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
    if (build && !set.records.empty() && set.records.size() <= 64) {
      build_and_verify(set);
      return true;
    }
  } catch (const CodedError& e) {
    FUZZ_ASSERT(!expect_header_ok);  // only a file without a usable header line is refused as a whole
    FUZZ_ASSERT(file_codes().count(e.code()) == 1);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception: %s\n", e.what());
    FUZZ_ASSERT(!"an exception other than CodedError escaped the build path");
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  init_sodium();
  default_catalog();
  golden();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 64 * 1024) return 0;
  const std::uint8_t options = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  static const char kDelimiters[] = {0, ',', ';', '\t'};
  static const TextEncoding kEncodings[] = {TextEncoding::utf8, TextEncoding::windows1252, TextEncoding::latin1};
  static const char* kDateFormats[] = {"yyyy-mm-dd", "dd/mm/yyyy", "d.m.yyyy", "yyyymmdd"};
  RecordsInput input;
  input.delimiter = kDelimiters[options & 3];
  input.encoding = kEncodings[((options >> 2) & 3) % 3];
  input.date_format = *DateFormat::parse(kDateFormats[(options >> 4) & 3]);
  const bool mapped = (options >> 6) & 1;
  if (mapped) input.columns = parse_column_mapping("nir=NUM_SECU,birth_date=DATE_NAISS");
  const char delimiter = input.delimiter ? input.delimiter : ',';

  read_rows(text, CsvLimits{}, delimiter);
  if (text.size() >= 3) {
    CsvLimits tiny;
    tiny.max_fields = 1 + data[1] % 8;
    tiny.max_field_bytes = 1 + data[2] % 32;
    tiny.max_row_bytes = 1 + data[3] % 128;
    read_rows(text, tiny, delimiter);
  }
  const bool build = options & 0x80;
  const bool built = collect(std::string(text), input, false, build);
  std::string header = mapped ? "NUM_SECU,DATE_NAISS,birth_rank,operator,categories,insurer" : kCsvColumns;
  for (auto& c : header) {
    if (c == ',') c = delimiter;
  }
  collect(header + "\n" + std::string(text), input, true, build && !built);
  return 0;
}
