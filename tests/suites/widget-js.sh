#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The widget's Node unit tests (readers, NIR formatting, strings) and the repository's own checks (SPDX lines,
# references in docs and comments: tests/js/references.test.mjs) with Node's built-in test runner.
# Ends with "widget-js: N passed, M failed (T s)".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
SUITE=widget-js
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"
step "node --test tests/js/" node --test tests/js/
finish
