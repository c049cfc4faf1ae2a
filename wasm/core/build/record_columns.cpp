// SPDX-License-Identifier: MPL-2.0
#include "build/record_columns.h"

#include <algorithm>

#include "util/coded_error.h"

namespace breachcheck {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string header_key(std::string_view name) {
  std::string out(trim(name));
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The header's names for an error message. Digits become 9: if line 1 is a data row rather than a header,
// its NIR and date must not reach a console or a log.
std::string masked_header(const std::vector<std::string>& header) {
  std::string out;
  std::size_t digits = 0;
  for (std::size_t i = 0; i < header.size() && i < 12; ++i) {
    std::string name(trim(header[i]).substr(0, 40));
    for (auto& c : name) {
      if (c >= '0' && c <= '9') {
        c = '9';
        ++digits;
      }
    }
    out += (i ? ", " : "") + name;
  }
  if (header.size() > 12) out += ", ...";
  if (digits >= 8) out += " (line 1 looks like a data row: the file needs a header line first)";
  return out;
}

}  // namespace

ColumnMapping parse_column_mapping(std::string_view spec) {
  ColumnMapping mapping;
  while (!spec.empty()) {
    const std::size_t comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    const std::size_t equals = item.find('=');
    const std::string field = header_key(item.substr(0, equals));
    const std::string_view header = equals == std::string_view::npos ? std::string_view{} : trim(item.substr(equals + 1));
    const bool known = std::find_if(kRecordFieldNames.begin(), kRecordFieldNames.end(),
                                    [&](const char* name) { return field == name; }) != kRecordFieldNames.end();
    if (!known || header.empty()) {
      throw CodedError("columns_invalid",
                       "--columns takes field=HEADER pairs separated by commas, fields among nir, birth_date, "
                       "birth_rank, operator, categories, insurer (e.g. --columns nir=NUM_SECU,birth_date=DATE_NAISS)");
    }
    if (!mapping.emplace(field, std::string(header)).second) {
      throw CodedError("columns_invalid", "--columns names the field " + field + " twice");
    }
  }
  return mapping;
}

RecordColumns resolve_record_columns(const std::vector<std::string>& header, const ColumnMapping& mapping) {
  RecordColumns columns;
  columns.header_columns = header.size();
  std::vector<bool> used(header.size(), false);
  for (std::size_t f = 0; f < kRecordFieldCount; ++f) {
    const auto mapped = mapping.find(kRecordFieldNames[f]);
    const std::string wanted = header_key(mapped == mapping.end() ? kRecordFieldNames[f] : mapped->second);
    std::size_t found = header.size();
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header_key(header[i]) != wanted) continue;
      if (found != header.size()) {
        throw CodedError("header_column_duplicate",
                         "line 1: two columns are named " + wanted + ": rename one, or map the field with --columns");
      }
      found = i;
    }
    if (found == header.size()) {
      const std::string how = mapped == mapping.end()
                                  ? "name a column " + wanted + ", or map the field to your export's name with --columns " +
                                        kRecordFieldNames[f] + "=NAME"
                                  : "--columns maps " + std::string(kRecordFieldNames[f]) + " to it: check the spelling";
      throw CodedError("header_column_missing", "line 1: no column " + wanted + " (" + how + "). The header has: " +
                                                    masked_header(header));
    }
    if (used[found]) {
      throw CodedError("header_column_duplicate",
                       "line 1: column " + wanted + " is mapped to two fields: map each field to its own column");
    }
    used[found] = true;
    columns.index[f] = found;
  }
  columns.ignored_columns = static_cast<std::size_t>(std::count(used.begin(), used.end(), false));
  return columns;
}

}  // namespace breachcheck
