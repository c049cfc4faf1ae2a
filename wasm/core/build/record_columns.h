// SPDX-License-Identifier: MPL-2.0
// Which column of the publisher's export holds each field the engine reads. By default the header's own
// names (nir, birth_date, birth_rank, operator, categories, insurer: any order, ASCII case and surrounding
// spaces ignored); `--columns nir=NUM_SECU,birth_date=DATE_NAISS` maps fields to an export's names, so nobody
// renames headers by hand. Columns the engine does not read (names, addresses...) are ignored, never stored.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace breachcheck {

enum class RecordField : std::size_t { nir, birth_date, birth_rank, operator_name, categories, insurer };
inline constexpr std::size_t kRecordFieldCount = 6;
inline constexpr std::array<const char*, kRecordFieldCount> kRecordFieldNames = {
    "nir", "birth_date", "birth_rank", "operator", "categories", "insurer"};

using ColumnMapping = std::map<std::string, std::string>;  // field name -> header name in the export

// "field=HEADER,field=HEADER": each field at most once, names from kRecordFieldNames, headers non-empty.
// Throws CodedError "columns_invalid".
ColumnMapping parse_column_mapping(std::string_view spec);

struct RecordColumns {
  std::array<std::size_t, kRecordFieldCount> index{};  // header position of each field
  std::size_t header_columns = 0;                      // every row must have this many fields
  std::size_t ignored_columns = 0;
};

// `header`: the header row's cells, already UTF-8. Throws CodedError "header_column_missing" (with the
// header's names, digits masked, in case line 1 is a data row) or "header_column_duplicate".
RecordColumns resolve_record_columns(const std::vector<std::string>& header, const ColumnMapping& mapping);

}  // namespace breachcheck
