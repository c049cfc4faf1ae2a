#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The widget's Node unit tests (readers, NIR formatting, strings) with Node's built-in test runner.
# tests/js/error-codes.test.mjs reads the error-code registry through build/native/tests/print_error_codes:
# brought up to date here when the native build exists (the test says what to do when it does not).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${PRINT_ERROR_CODES:-}" && -d build/native ]]; then
  cmake --build build/native --target print_error_codes >/dev/null
fi
node --test tests/js/
