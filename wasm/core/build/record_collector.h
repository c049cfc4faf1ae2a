// SPDX-License-Identifier: MPL-2.0
// Stage 1 of the publisher pipeline: the affected-records CSV -> validated records, merged by canonical
// identity (one per person, operators and categories OR-ed), in canonical order.
//   - The export is read as written (RecordsInput: delimiter, encoding, date format, column mapping); every
//     field is UTF-8 before anything else looks at it.
//   - Every row is validated by validate_identity, as the widget validates what a person types, plus the
//     widget's own refusal of a birth after the catalog's incident date: a row is built only if the widget can
//     find it. Card holders' dates are checked against the NIR; beneficiaries' rows (the card holder's NIR, their
//     own date) are told apart by a beneficiary column, or else by the card holder's row in the same file.
//   - Every row is validated, whatever the shard: bad rows are reported with line numbers and codes (never
//     values; the summary's one example per code is masked), so every shard's report is the complete,
//     identical report of the whole file.
//   - A sharded build keeps only the identities with identity_hash64 % n == i: all rows of one person land
//     in the same shard, so merging before hashing stays exact (docs/FORMAT.md, "Partial (shard) files").
//   - Memory is bounded (outside the budget: 8 bytes per card holder's row and about 100 per row awaiting its
//     card holder, for the beneficiary rule above): past the budget, the buffer is sorted, merged and spilled as a run file encrypted
//     under a key that exists only in this process (identifiers never sit in clear on disk); runs are
//     merged back by a k-way merge.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "build/date_format.h"
#include "build/hashed_entry.h"
#include "build/record_columns.h"
#include "format/catalog.h"
#include "format/payload.h"
#include "identity/identity.h"
#include "identity/kdf.h"
#include "util/text_encoding.h"

namespace breachcheck {

inline constexpr char kCsvColumns[] = "nir,birth_date,birth_rank,operator,categories,insurer";
// The data set reader accepts at most this many insurer names (check/header_verifier.cpp, kMaxInsurers): a build with more
// would publish a file every client refuses, so build, merge and validate stop before.
inline constexpr std::size_t kMaxInsurerNames = 10000;

struct RowProblem {
  std::uint64_t line = 0;
  std::string field;   // column name, or "row"
  std::string reason;  // a code (docs/ERRORS.md); never the field's value
};

// The problems of one code in one column, for a summary instead of a flood of lines.
inline constexpr std::size_t kProblemGroupLines = 5;
struct ProblemGroup {
  std::string field, reason;
  std::uint64_t count = 0;
  std::vector<std::uint64_t> first_lines;  // at most kProblemGroupLines
  std::string example;                     // the first offending value, masked (mask_problem_example); "" for "row"
  std::string detail;                      // column_count / trailing_separator: "9 fields, the header has 8"
};

// What a summary may show of an offending value. Identity columns (nir, birth_date, birth_rank) keep only
// their shape: digits become 9, letters A or a, other characters ?, separators stay ("99/99/9999" says enough
// about a date format, nothing about a person); the key column is masked the same way. A NIR written in
// scientific notation keeps its E ("9,99999E+99": the cause, Excel's number format, stays visible). Other
// columns (operator, categories, insurer, beneficiary: no personal data) keep printable text, escaped by
// escape_report_text (\xNN, \u{XXXX}). At most 40 characters.
std::string mask_problem_example(std::string_view column, std::string_view value);

// "1,93040E+12", "1.9304E+12", "1.93E12": a number Excel displayed in scientific notation (a NIR column not
// formatted as Text). Such a NIR has lost its last digits: only the source can give them back.
bool looks_like_scientific_notation(std::string_view value);

// Database and spreadsheet spellings of "no value" read as an empty field: \N (MySQL, PostgreSQL COPY) and
// NULL (any case).
bool is_null_marker(std::string_view value);

// How to read the publisher's export (docs/PUBLISHER-GUIDE.md, "From your export to the CSV").
struct RecordsInput {
  char delimiter = 0;  // ',' ';' '\t'; 0: detected from the header line
  TextEncoding encoding = TextEncoding::utf8;
  DateFormat date_format;  // ISO by default
  ColumnMapping columns;   // empty: the header's own names
  // --operator / --categories: given to every row when the file has no such column (catalog ids; categories
  // separated by commas). A file that has the column as well is refused (column_conflict).
  std::string operator_for_all, categories_for_all;
};

// The payload --operator / --categories give every row. Throws CodedError option_not_in_catalog naming the
// catalog's ids when one is not the catalog's.
struct PayloadForAll {
  std::uint8_t operators = 0;     // 0: from the operator column
  std::uint32_t categories = 0;   // 0: from the categories column
};
PayloadForAll resolve_payload_for_all(const RecordsInput& input, const Catalog& catalog);

struct SourceRecord {
  std::array<std::uint8_t, kCanonicalIdentitySize> canonical{};
  RecordPayload payload;
};

struct RecordSet {
  std::vector<SourceRecord> records;              // sorted by canonical identity, merged
  std::map<std::string, std::uint8_t> insurers;   // insurer name -> operator mask
  std::vector<RowProblem> problems;
  std::vector<ProblemGroup> problem_groups;
  std::uint64_t rows_read = 0;
  std::uint64_t rows_merged = 0;                  // rows folded into an earlier record of the same person
  ~RecordSet();                                   // wipes the canonical identities
};

struct CollectOptions {
  CivilDate today;                  // birth dates after this day are rejected
  std::size_t max_problems = 1000;  // problems kept for the report (all are counted)
  RecordsInput input;
};

// Reads the whole CSV in memory. Rows with problems are not added; the caller decides whether any problem
// rejects the build (the default) or whether they are skipped and reported.
RecordSet collect_records(std::istream& csv, const Catalog& catalog, const CollectOptions& options);

// Folds another row of the same person into `into`: operators and categories OR-ed; the "merged" flag is set
// when the rows do not all carry the same operators and categories. Associative and commutative, so the
// result does not depend on row order, spill runs or shards.
void fold_record(RecordPayload& into, const RecordPayload& from);

struct ShardSpec {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
};

// BLAKE2b-64 of the canonical identity keyed by the salt (domain "bc-shard-v1"): decides the shard
// (value % n) and the content-defined hash chunk boundaries. Keyed, so it says nothing without the salt.
std::uint64_t identity_hash64(const std::uint8_t* canonical, const Salt& salt);

struct CollectorConfig {
  CollectOptions collect;
  ShardSpec shard;
  Salt salt{};                                  // keys identity_hash64 (needed when shard.count > 1)
  std::uint64_t memory_bytes = UINT64_MAX;      // budget for buffered rows (40 bytes each)
  std::string spill_dir;                        // where runs go when the budget is exceeded
  ProgressFn progress;                          // stage "reading": bytes done / total
  std::function<std::uint64_t()> input_position;  // bytes consumed so far (for progress)
  std::uint64_t input_size = 0;
  std::function<void(const RowProblem&)> on_problem;  // every problem, in file order (--errors-out)
};

struct CollectStats {
  std::uint64_t rows_read = 0;      // data rows in the file (all shards)
  std::uint64_t rows_bad = 0;       // rows with at least one problem (all shards)
  std::uint64_t rows_kept = 0;      // valid rows of this shard
  std::uint64_t problem_count = 0;  // all problems (a row may have several)
  std::vector<RowProblem> problems; // the first max_problems, then {0, "row", "more_problems_not_listed:N"}
  std::vector<ProblemGroup> problem_groups;      // every problem, by code and column, in order of first sight
  std::map<std::string, std::uint8_t> insurers;  // from this shard's valid rows
  std::uint64_t spill_runs = 0;
  char delimiter = ',';                          // the one used
  bool delimiter_detected = false;               // true: read from the header line, not given
  std::size_t ignored_columns = 0;               // header columns no field is read from
  std::vector<std::string> ignored_names;        // their names (report_header_name)
  bool key_column = false;                       // a key column is joined to the NIR
  bool beneficiary_column = false;               // the file marks beneficiary rows
  // Without a beneficiary column: rows whose date contradicts their NIR, built as beneficiaries because a
  // card holder with the same NIR and a matching date is in the file.
  std::uint64_t rows_beneficiary_by_holder = 0;
};

class RecordStream {
 public:
  virtual ~RecordStream() = default;
  // Next merged record in canonical order; `rows` = source rows folded into it. False at the end.
  virtual bool next(SourceRecord& record, std::uint32_t& rows) = 0;
  // How many records next() will give at most (progress and time left count records, not rows): exact when
  // everything fitted in memory; after spill runs, the sum of the runs' records (a person whose rows fell in
  // two runs counts twice: the estimate errs on the long side).
  virtual std::uint64_t records_at_most() const = 0;
};

class RecordCollector {
 public:
  RecordCollector(const Catalog& catalog, CollectorConfig config);
  ~RecordCollector();
  RecordCollector(const RecordCollector&) = delete;
  RecordCollector& operator=(const RecordCollector&) = delete;

  // Reads the whole CSV (header first). Throws CodedError for a file that cannot be read as records (empty,
  // UTF-16, no usable header line, separator not detectable); bad rows are problems, never exceptions.
  void read(std::istream& csv);
  const CollectStats& stats() const { return stats_; }
  // The merged records, once, after read(). The stream owns what it needs; the collector may go away.
  std::unique_ptr<RecordStream> merged();

  struct Held;  // a buffered row: canonical identity, payload and row count (40 bytes)

 private:
  void spill();
  const Catalog& catalog_;
  CollectorConfig config_;
  CollectStats stats_;
  std::vector<Held> buffer_;
  std::size_t buffer_limit_ = 0;
  std::vector<std::string> runs_;
  std::uint64_t spilled_records_ = 0;  // records written to the runs (merged within each run)
  std::shared_ptr<void> run_key_;  // io::StreamKey, type-erased to keep file_io.h out of this header
};

}  // namespace breachcheck
