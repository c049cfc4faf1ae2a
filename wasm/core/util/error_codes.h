// SPDX-License-Identifier: MPL-2.0
// The one list of problem codes (docs/ERRORS.md): every code the engine, the publisher CLI and the widget can
// report, with the status it comes with and the field it belongs to. The tests take their code lists from it,
// and tests/js/error-codes.test.mjs checks docs/ERRORS.md, web/breachcheck.d.ts and the FR and EN texts of
// web/src/i18n/ against it (through tests/tools/print_error_codes.cpp), so a code added here without its
// texts, its documentation or its type fails the tests, and so does a text or type for a code not listed here.
#pragma once

#include <string_view>
#include <vector>

namespace breachcheck {

enum class ErrorCategory {
  identity,     // what a person typed (validate_identity), shown next to its field
  csv,          // a row of the publisher's records file (build, validate), shown in the publisher's console
  command,      // a publisher command's failure (the CLI's `error CODE:` line)
  dataset,      // the published file does not verify, or the lookup could not run
  oprf,         // hardened mode: the evaluation server's step
  reader,       // reading the data set's bytes (browser readers, the CLI's HTTP source) or the widget's engine
  page_config,  // the embedding page's own settings (the widget's ConfigError)
};

enum class ErrorSeverity { error, warning };

// Where the code is raised: the C++ core, the native CLI only (wasm/cli), or the widget's JavaScript only.
enum class ErrorOrigin { core, cli, widget };

// What a person reads for the code, so the tests know where its texts must be.
enum class ErrorText {
  own,      // its own French and English text: in web/src/i18n/ (BreachCheck.message) and in docs/ERRORS.md
  status,   // the text of its status (integrity_error, unavailable): the person cannot act on the code itself
  console,  // the publisher's console: French and English suggestions in docs/ERRORS.md, none in the widget
  advice,   // a publisher command's failure: the CLI's English sentence, and "what to do" in docs/ERRORS.md
};

struct ErrorCodeInfo {
  std::string_view code;
  ErrorCategory category;
  ErrorSeverity severity;
  // The check status the code comes with: "invalid_input", "integrity_error" or "unavailable"; empty when
  // the code is not part of a check result (records file, commands, page configuration, warnings).
  std::string_view status;
  // Identity codes: "nir", "birth_date" or "birth_rank" (the records file's column names). Records file codes:
  // the column ("row" for the row as a whole, "any" for any of the six). Empty otherwise.
  std::string_view field;
  ErrorOrigin origin;
  ErrorText text;
};

// Every code, each once, grouped by category in docs/ERRORS.md's order.
const std::vector<ErrorCodeInfo>& error_codes();

// The entry for `code`, or nullptr for a code that is not in the registry.
const ErrorCodeInfo* find_error_code(std::string_view code);

std::string_view to_string(ErrorCategory category);
std::string_view to_string(ErrorSeverity severity);
std::string_view to_string(ErrorOrigin origin);
std::string_view to_string(ErrorText text);

}  // namespace breachcheck
