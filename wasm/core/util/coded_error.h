// SPDX-License-Identifier: MPL-2.0
// A failure the publisher can act on: a stable code (docs/ERRORS.md, "Publisher commands") and a sentence
// that says what went wrong and what to do. Never carries an identifier: messages name lines, columns and
// options, not values.
//
// The core's one error convention: a failure is named by a code of the registry (error_codes.h).
// - Checking untrusted input (what a person typed, the published file, an evaluation, a records row) is
//   expected to fail and runs in the browser: the code is returned as a value (a result's `errors`, a row
//   problem, or a std::string that is empty when all is well), never thrown.
// - A publisher step that cannot go on throws CodedError(code, sentence) when the core knows the code.
// - Left as they are: I/O failures of helpers shared by several steps (std::runtime_error, std::system_error;
//   the CLI's coded_step gives them the step's code), std::bad_alloc (out_of_memory), and std::logic_error
//   for a broken invariant (a bug: internal_error).
#pragma once

#include <stdexcept>
#include <string>

namespace breachcheck {

class CodedError : public std::runtime_error {
 public:
  CodedError(std::string code, const std::string& sentence) : std::runtime_error(sentence), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

}  // namespace breachcheck
