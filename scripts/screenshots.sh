#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Regenerates docs/screenshots/: every state of the widget (initial, pre-check, errors, affected, affected with
# "En savoir plus" open, not found, unavailable, list unavailable at load, integrity failure, family; then the
# verdict flow's: the quick fix, the retries after "not found", the error summary, the verdict in each embed
# under a sticky header, the insurer page offline), in French and English, at desktop (1280x900) and phone
# (390x844) sizes, taken by the browser suites tests/e2e/verdict.mjs and verdict-flow.mjs from their own
# synthetic data set (never real data). Needs the native CLI and the wasm build (see tests/suites/widget-e2e.sh).
#   scripts/screenshots.sh [OUT_DIR (default docs/screenshots)]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-${ROOT}/docs/screenshots}"
cd "${ROOT}"
(cd tests && npm ci --no-audit --no-fund --loglevel=error)
export BREACHCHECK_CLI="${BREACHCHECK_CLI:-build/native/wasm/breachcheck}" BREACHCHECK_WASM_DIR="${BREACHCHECK_WASM_DIR:-build/wasm}"
rm -f "${OUT}"/*.png
SCREENSHOTS="${OUT}" node tests/e2e/verdict.mjs
SCREENSHOTS="${OUT}" node tests/e2e/verdict-flow.mjs
echo "screenshots: $(ls "${OUT}"/*.png | wc -l) files in ${OUT}"
