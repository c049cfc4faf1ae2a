// SPDX-License-Identifier: MPL-2.0
#include "build/record_columns.h"

#include <algorithm>

#include "build/report_text.h"
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

// A header name compared without case or French accents: "Clé", "CLE" and "cle" are one name. Only the
// accented letters of French (UTF-8) are folded; anything else stays as it is.
std::string folded_header_name(std::string_view name) {
  static const struct {
    const char* accented;
    char plain;
  } kFolds[] = {{"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"É", 'e'}, {"È", 'e'}, {"Ê", 'e'}, {"Ë", 'e'},
                {"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"À", 'a'}, {"Â", 'a'}, {"Ä", 'a'}, {"ç", 'c'}, {"Ç", 'c'},
                {"î", 'i'}, {"ï", 'i'}, {"Î", 'i'}, {"Ï", 'i'}, {"ô", 'o'}, {"ö", 'o'}, {"Ô", 'o'}, {"Ö", 'o'},
                {"ù", 'u'}, {"û", 'u'}, {"ü", 'u'}, {"Ù", 'u'}, {"Û", 'u'}, {"Ü", 'u'}};
  const std::string_view trimmed = trim(name);
  std::string out;
  for (std::size_t i = 0; i < trimmed.size();) {
    bool folded = false;
    for (const auto& fold : kFolds) {
      const std::string_view accented(fold.accented);
      if (trimmed.substr(i, accented.size()) == accented) {
        out.push_back(fold.plain);
        i += accented.size();
        folded = true;
        break;
      }
    }
    if (folded) continue;
    char c = trimmed[i++];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(c);
  }
  return out;
}

bool is_key_header(const std::string& folded) {
  return folded == "cle" || folded == "clef" || folded == "key" || folded == "cle nir" || folded == "cle secu";
}

bool is_beneficiary_header(const std::string& folded) {
  return folded == "beneficiary" || folded == "ayant droit" || folded == "ayant_droit" || folded == "ayant-droit" ||
         folded == "ayants droit";
}

bool is_optional(std::size_t f) {
  return f == static_cast<std::size_t>(RecordField::key) || f == static_cast<std::size_t>(RecordField::beneficiary);
}

// The header's names for an error message. Digits become 9: if line 1 is a data row rather than a header,
// its NIR and date must not reach a console or a log.
std::string masked_header(const std::vector<std::string>& header) {
  std::string out;
  std::size_t digits = 0;
  for (std::size_t i = 0; i < header.size() && i < 12; ++i) {
    for (const char c : header[i]) digits += c >= '0' && c <= '9';
    out += (i ? ", " : "") + report_header_name(header[i]);
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
                       "birth_rank, operator, categories, insurer, key, beneficiary (e.g. --columns "
                       "nir=NUM_SECU,birth_date=DATE_NAISS,key=CLE)");
    }
    if (!mapping.emplace(field, std::string(header)).second) {
      throw CodedError("columns_invalid", "--columns names the field " + field + " twice");
    }
  }
  return mapping;
}

std::string report_header_name(std::string_view name) {
  std::string digits_masked(trim(name));
  for (auto& c : digits_masked) {
    if (c >= '0' && c <= '9') c = '9';
  }
  return escape_report_text(digits_masked, 40);
}

RecordColumns resolve_record_columns(const std::vector<std::string>& header, const ColumnMapping& mapping,
                                     const FieldsGiven& given) {
  RecordColumns columns;
  columns.header_columns = header.size();
  columns.index.fill(kNoColumn);
  std::vector<bool> used(header.size(), false);
  for (std::size_t f = 0; f < kRecordFieldCount; ++f) {
    const auto mapped = mapping.find(kRecordFieldNames[f]);
    const std::string wanted = header_key(mapped == mapping.end() ? kRecordFieldNames[f] : mapped->second);
    std::size_t found = header.size();
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header_key(header[i]) != wanted) continue;
      if (found != header.size()) {
        throw CodedError("header_column_duplicate",
                         "line 1: two columns are named " + escape_report_text(wanted) +
                             ": rename one, or map the field with --columns");
      }
      found = i;
    }
    const bool from_option = (f == static_cast<std::size_t>(RecordField::operator_name) && given.operator_name) ||
                             (f == static_cast<std::size_t>(RecordField::categories) && given.categories);
    if (from_option) {
      if (found != header.size()) {
        throw CodedError("column_conflict", std::string("--") + kRecordFieldNames[f] +
                                                " gives every row its value, but the file has a column " +
                                                report_header_name(header[found]) + " for it too: drop the option " +
                                                "or the column, so that one source decides");
      }
      continue;
    }
    if (found == header.size() && is_optional(f) && mapped == mapping.end()) continue;  // looked for by its look below
    if (found == header.size()) {
      std::string how = mapped == mapping.end()
                            ? "name a column " + escape_report_text(wanted) + ", or map the field to your export's name with --columns " +
                                  kRecordFieldNames[f] + "=NAME"
                            : "--columns maps " + std::string(kRecordFieldNames[f]) + " to it: check the spelling";
      if (f == static_cast<std::size_t>(RecordField::operator_name)) how += ", or give every row one with --operator ID";
      if (f == static_cast<std::size_t>(RecordField::categories)) how += ", or give every row them with --categories ID,ID";
      throw CodedError("header_column_missing", "line 1: no column " + escape_report_text(wanted) + " (" + how +
                                                    "). The header has: " + masked_header(header));
    }
    if (used[found]) {
      throw CodedError("header_column_duplicate", "line 1: column " + escape_report_text(wanted) +
                                                      " is mapped to two fields: map each field to its own column");
    }
    used[found] = true;
    columns.index[f] = found;
  }
  // A key column nobody named: recognised by its header, if it stands right next to the NIR column (an export
  // that splits the 15-character number in two). Anywhere else, a "Clé" might be another key: it is ignored,
  // and named as ignored in the report.
  const std::size_t nir = columns.index[static_cast<std::size_t>(RecordField::nir)];
  auto& key = columns.index[static_cast<std::size_t>(RecordField::key)];
  if (key == kNoColumn) {
    for (const std::size_t candidate : {nir + 1, nir - 1}) {
      if (nir == 0 && candidate == nir - 1) continue;
      if (candidate < header.size() && !used[candidate] && is_key_header(folded_header_name(header[candidate]))) {
        key = candidate;
        used[candidate] = true;
        break;
      }
    }
  }
  auto& beneficiary = columns.index[static_cast<std::size_t>(RecordField::beneficiary)];
  if (beneficiary == kNoColumn) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (used[i] || !is_beneficiary_header(folded_header_name(header[i]))) continue;
      if (beneficiary != kNoColumn) {
        throw CodedError("header_column_duplicate",
                         "line 1: two columns look like the beneficiary marker: map one with --columns beneficiary=NAME");
      }
      beneficiary = i;
    }
    if (beneficiary != kNoColumn) used[beneficiary] = true;
  }
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (!used[i]) columns.ignored_names.push_back(report_header_name(header[i]));
  }
  columns.ignored_columns = columns.ignored_names.size();
  return columns;
}

}  // namespace breachcheck
