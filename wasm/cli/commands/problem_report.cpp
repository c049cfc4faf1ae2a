// SPDX-License-Identifier: MPL-2.0
#include "commands/problem_report.h"

#include <algorithm>
#include <iostream>
#include <sstream>

#include "build/report_text.h"
#include "util/coded_error.h"

namespace breachcheck::cli {
namespace {

// The date format a masked example suggests: "99/99/9999" -> "dd/mm/yyyy", "9.9.9999" -> "d.m.yyyy"; "" when
// the shape is not day, month, year with one separator.
std::string suggested_date_format(const std::string& shape) {
  std::vector<std::size_t> groups;
  char separator = 0;
  std::size_t run = 0;
  for (const char c : shape + "\n") {
    if (c == '9') {
      ++run;
      continue;
    }
    groups.push_back(run);
    run = 0;
    if (c == '\n') break;
    if (c != '/' && c != '.' && c != '-' && c != ' ') return "";
    if (separator != 0 && c != separator) return "";
    separator = c;
  }
  if (groups.size() != 3 || groups[2] != 4 || groups[0] < 1 || groups[0] > 2 || groups[1] < 1 || groups[1] > 2) {
    return "";
  }
  const std::string sep(1, separator);
  return std::string(groups[0] == 2 ? "dd" : "d") + sep + (groups[1] == 2 ? "mm" : "m") + sep + "yyyy";
}

bool is_reader_code(const std::string& code) {
  return code == "unterminated_quote" || code == "text_after_quote" || code == "quote_in_field";
}

}  // namespace

std::string problem_advice(const ProblemGroup& group, const RecordsInput& input) {
  const std::string& code = group.reason;
  const std::string check_source = "check it against your member database; a row you cannot fix can be left out "
                                   "with --on-error skip (then tell that person by letter)";
  if (is_reader_code(code)) {
    return "A quote breaks the CSV structure: a field with quotes must be wholly quoted, its inner quotes doubled "
           "(open the line in a text editor).";
  }
  if (code == "field_too_long" || code == "row_too_long" || code == "too_many_fields" || code == "nul_byte") {
    return "Not a records row (too long, too many fields or a NUL byte): is this the export, and the right "
           "--delimiter?";
  }
  if (code == "column_count") {
    return "The row does not have as many fields as the header (the first one: " + group.detail + "): a separator "
           "inside an unquoted field (quote it), or the wrong --delimiter.";
  }
  if (code == "trailing_separator") {
    return "One field more than the header, and empty (" + group.detail + "): these rows end with a separator the "
           "header line does not have. Remove the separator at the end of the rows (or end the header line with "
           "one too).";
  }
  if (code == "nir_scientific") {
    return "The NIR is a number in scientific notation (Excel's display of a long number): its last digits are "
           "lost. Export again from the source with the NIR column formatted as Text (Format > Cells > Text) "
           "before saving as CSV; rewriting the cell does not bring the digits back.";
  }
  if (code == "key_format") return "The key column holds the NIR's key: 1 or 2 digits (01-97), or empty.";
  if (code == "nir_key" && group.field == "key") {
    return "The key does not match the NIR: the widget refuses this number, so this person could never be found. "
           "Check both against your member database.";
  }
  if (code == "beneficiary_invalid") {
    return "The beneficiary column says whether the row is a beneficiary's (1, oui, yes, x, ayant droit) or the "
           "card holder's own (empty, 0, non, no, assure, titulaire).";
  }
  if (code == "dob_nir_mismatch") {
    return "The date of birth contradicts the NIR's year or month, and no card holder with this NIR and a matching "
           "date is in the file. A card holder's wrong date: fix it (the widget refuses it for \"me\"). A "
           "beneficiary whose card holder is not listed: mark beneficiary rows in a beneficiary column "
           "(docs/PUBLISHER-GUIDE.md, \"Beneficiaries\").";
  }
  if (code == "dob_after_incident") {
    return "Born after the incident (the catalog's incident.date): the widget refuses such a date, so this row could "
           "never be found. Check the date (day and month swapped?) or leave the row out.";
  }
  if (code == "encoding_invalid") {
    if (input.encoding == TextEncoding::utf8) {
      return "Not UTF-8. Excel's \"CSV\" on French Windows writes Windows-1252: add --encoding windows-1252 (or "
             "save the file as \"CSV UTF-8\").";
    }
    return "A byte " + std::string(text_encoding_name(input.encoding)) +
           " does not define: the file is in another encoding (try --encoding utf-8).";
  }
  if (code == "nir_missing") return "Every row needs the insured person's NIR (beneficiaries too).";
  if (code.rfind("nir_", 0) == 0) return "Not a valid NIR: " + check_source + ".";
  if (code == "dob_missing") return "Every row needs the person's own date of birth.";
  if (code == "dob_format") {
    if (!input.date_format.is_iso()) {
      return "Dates must read " + input.date_format.pattern() + " (--date-format): fix these rows, or check the "
             "format.";
    }
    const std::string suggestion = suggested_date_format(group.example);
    if (!suggestion.empty()) {
      return "Dates must read YYYY-MM-DD unless you say otherwise: these read like " + group.example +
             ", so add --date-format " + suggestion + " (or the month-first form if the month comes first).";
    }
    return "Dates must read YYYY-MM-DD, or give their format with --date-format (e.g. dd/mm/yyyy).";
  }
  if (code == "dob_invalid" || code == "dob_too_early" || code == "dob_future") {
    return "Not a possible date of birth: " + check_source +
           ". If most dates fail, --date-format may have day and month swapped.";
  }
  if (code == "rank_invalid") return "birth_rank is empty (meaning 1) or one digit 1-9 (twins: 1 and 2).";
  if (code == "operator_missing" || code == "operator_unknown") {
    return "operator must be one of the catalog's operators (viamedis or almerys, id or display name).";
  }
  if (code == "category_unknown") {
    return "categories are catalog ids separated by ';' (docs/CATALOG.md); a field with ';' in a "
           "semicolon-separated file must be quoted.";
  }
  if (code == "categories_missing") return "Every row needs at least one exposed category.";
  if (code == "insurer_too_long") return "Insurer names are at most 200 bytes.";
  if (code == "insurer_invalid") {
    return input.encoding == TextEncoding::latin1
               ? "Control characters in the insurer name: the file is probably Windows-1252, not Latin-1 "
                 "(--encoding windows-1252)."
               : "Control characters (tabs, line breaks) in the insurer name: remove them.";
  }
  return "See docs/ERRORS.md.";
}

std::vector<ProblemGroup> group_problems(const std::vector<RowProblem>& problems) {
  std::vector<ProblemGroup> groups;
  for (const auto& problem : problems) {
    if (problem.line == 0) continue;  // "more_problems_not_listed:N"
    auto group = std::find_if(groups.begin(), groups.end(), [&](const ProblemGroup& g) {
      return g.reason == problem.reason && g.field == problem.field;
    });
    if (group == groups.end()) group = groups.insert(groups.end(), ProblemGroup{problem.field, problem.reason, 0, {}, {}, {}});
    ++group->count;
    if (group->first_lines.size() < kProblemGroupLines) group->first_lines.push_back(problem.line);
  }
  return groups;
}

void print_problem_summary(std::ostream& out, const std::vector<ProblemGroup>& groups, std::uint64_t rows_bad,
                           std::uint64_t rows_read, const RecordsInput& input, const std::string& errors_out) {
  if (groups.empty() && rows_bad == 0) return;
  out << rows_bad << " of " << rows_read << " rows refused (" << groups.size()
      << (groups.size() == 1 ? " kind" : " kinds") << " of problem):\n";
  for (const auto& group : groups) {
    out << "  " << group.reason << " in " << group.field << ": " << group.count << (group.count == 1 ? " time" : " times")
        << ", line" << (group.first_lines.size() == 1 ? " " : "s ");
    for (std::size_t i = 0; i < group.first_lines.size(); ++i) out << (i ? ", " : "") << group.first_lines[i];
    if (group.count > group.first_lines.size()) out << ", ...";
    if (!group.example.empty()) out << "; e.g. \"" << group.example << "\"";
    if (!group.detail.empty()) out << "; " << group.detail;
    out << "\n    " << problem_advice(group, input) << "\n";
  }
  if (!errors_out.empty()) {
    out << "  Every problem (line, column, code) is in " << errors_out << ".\n";
  } else {
    out << "  --errors-out FILE writes every problem (line, column, code).\n";
  }
}

nlohmann::ordered_json problem_groups_json(const std::vector<ProblemGroup>& groups, const RecordsInput& input) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& group : groups) {
    nlohmann::ordered_json j;
    j["code"] = group.reason;
    j["column"] = group.field;
    j["count"] = group.count;
    j["firstLines"] = group.first_lines;
    if (!group.example.empty()) j["example"] = group.example;
    if (!group.detail.empty()) j["detail"] = group.detail;
    j["advice"] = problem_advice(group, input);
    list.push_back(std::move(j));
  }
  return list;
}

std::string delimiter_name(char delimiter) {
  return delimiter == '\t' ? "tab" : std::string(1, delimiter);
}

void check_insurer_count(std::size_t insurers) {
  if (insurers <= kMaxInsurerNames) return;
  throw CodedError("too_many_insurers", std::to_string(insurers) + " distinct insurer names; a data set lists at most " +
                                            std::to_string(kMaxInsurerNames) +
                                            ": is the insurer column the insurer's name (check --columns insurer=...)?");
}

std::string describe_input(const CollectStats& stats, const RecordsInput& input, const std::string& detected_note) {
  std::ostringstream out;
  out << "separator " << (stats.delimiter == '\t' ? "tab" : "'" + delimiter_name(stats.delimiter) + "'")
      << (stats.delimiter_detected ? " (" + detected_note + ")" : "") << ", encoding "
      << text_encoding_name(input.encoding) << ", dates " << input.date_format.pattern();
  if (stats.key_column) out << ", key column joined to the NIR";
  if (stats.beneficiary_column) out << ", beneficiary column read";
  if (stats.ignored_columns > 0) {
    out << ", " << stats.ignored_columns << " other column(s) ignored (";
    for (std::size_t i = 0; i < stats.ignored_names.size(); ++i) out << (i ? ", " : "") << stats.ignored_names[i];
    out << ")";
  }
  return out.str();
}

void print_input_summary(const CollectStats& stats, const RecordsInput& input) {
  std::cerr << "records: "
            << describe_input(stats, input, "detected from the header line; --delimiter to force one") << "\n";
}

nlohmann::ordered_json input_json(const CollectStats& stats, const RecordsInput& input) {
  return {{"delimiter", delimiter_name(stats.delimiter)},
          {"delimiterDetected", stats.delimiter_detected},
          {"encoding", text_encoding_name(input.encoding)},
          {"dateFormat", input.date_format.pattern()},
          {"ignoredColumns", stats.ignored_columns},
          {"ignoredColumnNames", stats.ignored_names},
          {"keyColumn", stats.key_column},
          {"beneficiaryColumn", stats.beneficiary_column},
          {"operatorForAll", escape_report_text(input.operator_for_all)},
          {"categoriesForAll", escape_report_text(input.categories_for_all, 200)}};
}

ErrorsFile::ErrorsFile(const std::string& path) : path_(path) {
  if (path_.empty()) return;
  file_ = std::fopen(path_.c_str(), "wb");
  if (!file_) throw CodedError("errors_out_unwritable", "cannot write --errors-out " + path_);
  std::fputs("line,column,code\n", file_);
}

ErrorsFile::~ErrorsFile() {
  if (file_) std::fclose(file_);
}

void ErrorsFile::add(const RowProblem& problem) {
  if (!file_) return;
  std::fprintf(file_, "%llu,%s,%s\n", static_cast<unsigned long long>(problem.line), problem.field.c_str(),
               problem.reason.c_str());
}

void ErrorsFile::finish() {
  if (!file_) return;
  const bool failed = std::ferror(file_) != 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (failed || !closed) throw CodedError("errors_out_unwritable", "writing --errors-out " + path_ + " failed");
}

}  // namespace breachcheck::cli
