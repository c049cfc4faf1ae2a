// SPDX-License-Identifier: MPL-2.0
#include "util/error_codes.h"

namespace breachcheck {

namespace {

using C = ErrorCategory;
using O = ErrorOrigin;
using T = ErrorText;
constexpr ErrorSeverity E = ErrorSeverity::error;
constexpr ErrorSeverity W = ErrorSeverity::warning;
constexpr std::string_view kInvalid = "invalid_input";
constexpr std::string_view kIntegrity = "integrity_error";
constexpr std::string_view kUnavailable = "unavailable";

const std::vector<ErrorCodeInfo> kCodes = {
    // What a person typed (wasm/core/identity/identity.cpp). dob_after_incident: the widget compares the date with the
    // catalog's incident date before the engine runs.
    {"nir_missing", C::identity, E, kInvalid, "nir", O::core, T::own},
    {"nir_length", C::identity, E, kInvalid, "nir", O::core, T::own},
    {"nir_format", C::identity, E, kInvalid, "nir", O::core, T::own},
    {"nir_key", C::identity, E, kInvalid, "nir", O::core, T::own},
    {"dob_missing", C::identity, E, kInvalid, "birth_date", O::core, T::own},
    {"dob_format", C::identity, E, kInvalid, "birth_date", O::core, T::own},
    {"dob_invalid", C::identity, E, kInvalid, "birth_date", O::core, T::own},
    {"dob_too_early", C::identity, E, kInvalid, "birth_date", O::core, T::own},
    {"dob_future", C::identity, E, kInvalid, "birth_date", O::core, T::own},
    {"dob_nir_mismatch", C::identity, E, kInvalid, "birth_date", O::core, T::own},
    {"dob_after_incident", C::identity, E, kInvalid, "birth_date", O::widget, T::own},
    {"rank_invalid", C::identity, E, kInvalid, "birth_rank", O::core, T::own},
    {"nir_provisional", C::identity, W, "", "nir", O::core, T::own},
    {"nir_unusual_sex", C::identity, W, "", "nir", O::core, T::own},

    // A row of the records file (csv_reader.cpp, record_collector.cpp).
    {"unterminated_quote", C::csv, E, "", "row", O::core, T::console},
    {"text_after_quote", C::csv, E, "", "row", O::core, T::console},
    {"quote_in_field", C::csv, E, "", "row", O::core, T::console},
    {"field_too_long", C::csv, E, "", "row", O::core, T::console},
    {"row_too_long", C::csv, E, "", "row", O::core, T::console},
    {"too_many_fields", C::csv, E, "", "row", O::core, T::console},
    {"nul_byte", C::csv, E, "", "row", O::core, T::console},
    {"column_count", C::csv, E, "", "row", O::core, T::console},
    {"trailing_separator", C::csv, E, "", "row", O::core, T::console},
    {"nir_scientific", C::csv, E, "", "nir", O::core, T::console},
    {"key_format", C::csv, E, "", "key", O::core, T::console},
    {"beneficiary_invalid", C::csv, E, "", "beneficiary", O::core, T::console},
    {"operator_missing", C::csv, E, "", "operator", O::core, T::console},
    {"operator_unknown", C::csv, E, "", "operator", O::core, T::console},
    {"category_unknown", C::csv, E, "", "categories", O::core, T::console},
    {"categories_missing", C::csv, E, "", "categories", O::core, T::console},
    {"insurer_too_long", C::csv, E, "", "insurer", O::core, T::console},
    {"insurer_invalid", C::csv, E, "", "insurer", O::core, T::console},
    {"encoding_invalid", C::csv, E, "", "any", O::core, T::console},

    // A publisher command's failure (CodedError, wasm/cli/).
    {"usage", C::command, E, "", "", O::cli, T::advice},
    {"records_unreadable", C::command, E, "", "", O::core, T::advice},
    {"records_empty", C::command, E, "", "", O::core, T::advice},
    {"records_utf16", C::command, E, "", "", O::core, T::advice},
    {"records_spreadsheet", C::command, E, "", "", O::core, T::advice},
    {"encoding_conflict", C::command, E, "", "", O::core, T::advice},
    {"delimiter_unknown", C::command, E, "", "", O::core, T::advice},
    {"delimiter_mismatch", C::command, E, "", "", O::core, T::advice},
    {"header_invalid", C::command, E, "", "", O::core, T::advice},
    {"header_column_missing", C::command, E, "", "", O::core, T::advice},
    {"header_column_duplicate", C::command, E, "", "", O::core, T::advice},
    {"columns_invalid", C::command, E, "", "", O::core, T::advice},
    {"column_conflict", C::command, E, "", "", O::core, T::advice},
    {"option_not_in_catalog", C::command, E, "", "", O::core, T::advice},
    {"rows_refused", C::command, E, "", "", O::cli, T::advice},
    {"seed_cache_invalid", C::command, E, "", "", O::core, T::advice},
    {"seed_cache_mismatch", C::command, E, "", "", O::core, T::advice},
    {"no_records", C::command, E, "", "", O::cli, T::advice},
    {"too_few_records", C::command, E, "", "", O::cli, T::advice},
    {"too_many_insurers", C::command, E, "", "", O::cli, T::advice},
    {"catalog_invalid", C::command, E, "", "", O::cli, T::advice},
    {"key_invalid", C::command, E, "", "", O::cli, T::advice},
    {"work_dir_failed", C::command, E, "", "", O::cli, T::advice},
    {"build_failed", C::command, E, "", "", O::cli, T::advice},
    {"write_failed", C::command, E, "", "", O::cli, T::advice},
    {"partials_invalid", C::command, E, "", "", O::cli, T::advice},
    {"errors_out_unwritable", C::command, E, "", "", O::cli, T::advice},
    {"dataset_unreadable", C::command, E, "", "", O::cli, T::advice},
    {"check_failed", C::command, E, "", "", O::cli, T::advice},
    {"directory_lists_invalid", C::command, E, "", "", O::cli, T::advice},
    {"directory_unreadable", C::command, E, "", "", O::cli, T::advice},
    {"out_of_memory", C::command, E, "", "", O::cli, T::advice},
    {"failed", C::command, E, "", "", O::cli, T::advice},
    {"internal_error", C::command, E, "", "", O::cli, T::advice},

    // The published file (format.cpp, header_verifier.cpp, bucket_lookup.cpp, checker.cpp).
    {"header_truncated", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"header_magic", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"header_version", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"header_mode", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"header_layout", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"header_buckets", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"header_metadata_length", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"header_record_count", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"file_size", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"publisher_key", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"header_signature", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"kdf_limits", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"dataset_version", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"dataset_created", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"dataset_expired", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"metadata_oprf", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"oprf_endpoint", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"metadata_json", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"metadata_publisher", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"metadata_catalog", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"metadata_insurers", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"metadata_version_salt", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"bucket_index", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"bucket_length", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"bucket_truncated", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"bucket_signature", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"bucket_order", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"read_failed", C::dataset, E, kUnavailable, "", O::core, T::status},

    // A directory of lists (format/directory.cpp, check/directory_check.cpp, docs/DIRECTORY.md): the directory's
    // own codes end the whole check; directory_kdf_mismatch and directory_oprf_list end one list only.
    {"directory_truncated", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"directory_magic", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"directory_format", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"directory_key", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"directory_signature", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"directory_rollback", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"directory_created", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"directory_expired", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"directory_body", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"directory_kdf_mismatch", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"directory_oprf_list", C::dataset, E, kIntegrity, "", O::core, T::status},
    {"kdf_failed", C::dataset, E, kUnavailable, "", O::core, T::status},

    // Hardened mode: the evaluation server (checker.cpp, bucket_lookup.cpp, web/src/engine/oprf-request.js).
    {"oprf_rate_limited", C::oprf, E, kUnavailable, "", O::core, T::own},
    {"oprf_unreachable", C::oprf, E, kUnavailable, "", O::core, T::own},
    {"oprf_refused", C::oprf, E, kUnavailable, "", O::core, T::own},
    {"oprf_response", C::oprf, E, kUnavailable, "", O::core, T::own},
    {"oprf_unavailable", C::oprf, E, kUnavailable, "", O::core, T::status},
    {"oprf_proof", C::oprf, E, kUnavailable, "", O::core, T::own},
    {"oprf_not_expected", C::oprf, E, kUnavailable, "", O::core, T::status},

    // Reading the bytes: the browser readers and engine worker (web/src/engine/readers.js, engine-client.js, engine-worker.js), and
    // the CLI's HTTP source (wasm/cli/net/http_source.cpp), which also reports two families not listed one by one:
    // http_status_N and http_<transport error> (docs/ERRORS.md).
    {"read_timeout", C::reader, E, kUnavailable, "", O::widget, T::status},
    {"read_range", C::reader, E, kIntegrity, "", O::widget, T::status},
    {"http_error", C::reader, E, kUnavailable, "", O::widget, T::status},
    {"http_not_found", C::reader, E, kUnavailable, "", O::widget, T::status},
    {"range_ignored", C::reader, E, kUnavailable, "", O::widget, T::status},
    {"range_mismatch", C::reader, E, kUnavailable, "", O::widget, T::status},
    {"range_not_satisfiable", C::reader, E, kIntegrity, "", O::widget, T::status},
    {"engine_init", C::reader, E, kUnavailable, "", O::widget, T::status},
    {"engine_failure", C::reader, E, kUnavailable, "", O::widget, T::status},
    {"engine_stopped", C::reader, E, kUnavailable, "", O::widget, T::status},
    {"widget_integrity", C::reader, E, kUnavailable, "", O::widget, T::status},
    {"unexpected", C::reader, E, kUnavailable, "", O::widget, T::status},
    {"content_range", C::reader, E, kUnavailable, "", O::cli, T::status},
    {"size_changed", C::reader, E, kUnavailable, "", O::cli, T::status},
    {"body_length", C::reader, E, kUnavailable, "", O::cli, T::status},
    {"range_beyond_end", C::reader, E, kUnavailable, "", O::cli, T::status},
    {"range_length", C::reader, E, kUnavailable, "", O::cli, T::status},
    {"url_invalid", C::reader, E, kUnavailable, "", O::cli, T::status},
    {"http_unsupported_in_this_build", C::reader, E, kUnavailable, "", O::cli, T::status},
    {"https_unsupported_in_this_build", C::reader, E, kUnavailable, "", O::cli, T::status},

    // The embedding page's settings (web/src/api/checker.js).
    {"min_version_invalid", C::page_config, E, "", "", O::widget, T::own},
};

}  // namespace

const std::vector<ErrorCodeInfo>& error_codes() { return kCodes; }

const ErrorCodeInfo* find_error_code(std::string_view code) {
  for (const auto& entry : kCodes) {
    if (entry.code == code) return &entry;
  }
  return nullptr;
}

std::string_view to_string(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::identity: return "identity";
    case ErrorCategory::csv: return "csv";
    case ErrorCategory::command: return "command";
    case ErrorCategory::dataset: return "dataset";
    case ErrorCategory::oprf: return "oprf";
    case ErrorCategory::reader: return "reader";
    case ErrorCategory::page_config: return "page_config";
  }
  return "";
}

std::string_view to_string(ErrorSeverity severity) { return severity == ErrorSeverity::warning ? "warning" : "error"; }

std::string_view to_string(ErrorOrigin origin) {
  switch (origin) {
    case ErrorOrigin::core: return "core";
    case ErrorOrigin::cli: return "cli";
    case ErrorOrigin::widget: return "widget";
  }
  return "";
}

std::string_view to_string(ErrorText text) {
  switch (text) {
    case ErrorText::own: return "own";
    case ErrorText::status: return "status";
    case ErrorText::console: return "console";
    case ErrorText::advice: return "advice";
  }
  return "";
}

}  // namespace breachcheck
