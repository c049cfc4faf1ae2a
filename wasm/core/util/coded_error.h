// SPDX-License-Identifier: MPL-2.0
// A failure the publisher can act on: a stable code (docs/ERRORS.md, "Publisher commands") and a sentence
// that says what went wrong and what to do. Never carries an identifier: messages name lines, columns and
// options, not values.
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
