// SPDX-License-Identifier: MPL-2.0
// The bad-row report of `build`, `validate` and `merge`: grouped by code and column with counts, the first
// line numbers, one masked example and what to do (never a flood of lines, never a whole identifier); the
// full list goes to the --errors-out file.
#pragma once

#include <cstdio>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "build/record_collector.h"

namespace breachcheck::cli {

// What to do about one group (English, for the publisher's console; docs/ERRORS.md has the same advice).
std::string problem_advice(const ProblemGroup& group, const RecordsInput& input);

// Groups rebuilt from a list of problems (a partial file keeps the first 1,000): no examples.
std::vector<ProblemGroup> group_problems(const std::vector<RowProblem>& problems);

// "N of M rows refused" and one block per group, on `out`. Nothing when there is no problem.
void print_problem_summary(std::ostream& out, const std::vector<ProblemGroup>& groups, std::uint64_t rows_bad,
                           std::uint64_t rows_read, const RecordsInput& input, const std::string& errors_out);

nlohmann::ordered_json problem_groups_json(const std::vector<ProblemGroup>& groups, const RecordsInput& input);

// "separator ';' (DETECTED_NOTE), encoding windows-1252, dates dd/mm/yyyy, 4 other column(s) ignored".
std::string describe_input(const CollectStats& stats, const RecordsInput& input, const std::string& detected_note);
// "records: ';' detected from the header line, windows-1252, dates dd/mm/yyyy, 4 columns ignored" on stderr.
void print_input_summary(const CollectStats& stats, const RecordsInput& input);
// The same, as the "input" object of build's and validate's JSON reports.
nlohmann::ordered_json input_json(const CollectStats& stats, const RecordsInput& input);
std::string delimiter_name(char delimiter);  // ",", ";" or "tab"

// Throws CodedError too_many_insurers past kMaxInsurerNames distinct insurer names.
void check_insurer_count(std::size_t insurers);

// --errors-out: every problem as "line,column,code", in file order. Opened before any row is read, so an
// unwritable path fails at once (CodedError errors_out_unwritable).
class ErrorsFile {
 public:
  explicit ErrorsFile(const std::string& path);  // "" writes nothing
  ~ErrorsFile();
  void add(const RowProblem& problem);
  void finish();  // flushes and checks; throws CodedError on a write error

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

}  // namespace breachcheck::cli
