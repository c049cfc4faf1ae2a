#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The widget's Node unit tests (readers, NIR formatting, strings, error codes) and the repository's own checks
# (SPDX lines, references in docs and comments: tests/js/references.test.mjs) with Node's built-in test runner.
# tests/js/error-codes.test.mjs reads the error-code registry through build/native/tests/print_error_codes:
# brought up to date here when the native build exists (the test says what to do when it does not).
# Ends with "widget-js: N passed, M failed (T s)".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
SUITE=widget-js
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"
if [[ -z "${PRINT_ERROR_CODES:-}" && -d build/native ]]; then
  step "build print_error_codes" cmake --build build/native --target print_error_codes
fi
step "node --test tests/js/" node --test tests/js/
finish
