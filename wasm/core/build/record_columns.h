// SPDX-License-Identifier: MPL-2.0
// Which column of the publisher's export holds each field the engine reads. By default the header's own
// names (nir, birth_date, birth_rank, operator, categories, insurer: any order, ASCII case and surrounding
// spaces ignored); `--columns nir=NUM_SECU,birth_date=DATE_NAISS` maps fields to an export's names, so nobody
// renames headers by hand. Columns the engine does not read (names, addresses...) are ignored, never stored.
// Two optional fields: `key` (the NIR's 2-digit key in its own column, joined to a 13-character NIR and
// verified) and `beneficiary` (marks the rows of beneficiaries listed under the card holder's NIR). Each is
// read from a column mapped with --columns, or found by its header: a key header (Clé, cle, clef, key: case
// and accents ignored) right next to the nir column, a beneficiary header (beneficiary, ayant droit).
// operator and categories may come from --operator / --categories instead of columns (never both).
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace breachcheck {

enum class RecordField : std::size_t { nir, birth_date, birth_rank, operator_name, categories, insurer, key, beneficiary };
inline constexpr std::size_t kRecordFieldCount = 8;
inline constexpr std::array<const char*, kRecordFieldCount> kRecordFieldNames = {
    "nir", "birth_date", "birth_rank", "operator", "categories", "insurer", "key", "beneficiary"};
inline constexpr std::size_t kNoColumn = static_cast<std::size_t>(-1);  // an optional field the file does not have

using ColumnMapping = std::map<std::string, std::string>;  // field name -> header name in the export

// "field=HEADER,field=HEADER": each field at most once, names from kRecordFieldNames, headers non-empty.
// Throws CodedError "columns_invalid".
ColumnMapping parse_column_mapping(std::string_view spec);

struct RecordColumns {
  std::array<std::size_t, kRecordFieldCount> index{};  // header position of each field, kNoColumn when absent
  std::size_t header_columns = 0;                      // every row must have this many fields
  std::size_t ignored_columns = 0;
  std::vector<std::string> ignored_names;              // their header names, as report_header_name shows them
  bool has(RecordField f) const { return index[static_cast<std::size_t>(f)] != kNoColumn; }
};

// Which fields the command line gives for every row instead of a column (--operator, --categories).
struct FieldsGiven {
  bool operator_name = false;
  bool categories = false;
};

// `header`: the header row's cells, already UTF-8. Throws CodedError "header_column_missing" (with the
// header's names, digits masked, in case line 1 is a data row), "header_column_duplicate", or
// "column_conflict" (--operator or --categories given although the file has that column).
RecordColumns resolve_record_columns(const std::vector<std::string>& header, const ColumnMapping& mapping,
                                     const FieldsGiven& given = {});

// A header name for a report: digits become 9 (line 1 may be a data row), control and bidi characters escaped
// (escape_report_text), at most 40 characters.
std::string report_header_name(std::string_view name);

}  // namespace breachcheck
