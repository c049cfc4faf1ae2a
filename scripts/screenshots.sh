#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Regenerates docs/screenshots/: every state of the widget (initial, pre-check, errors, affected, affected with
# "En savoir plus" open, not found, unavailable, list unavailable at load, integrity failure, family), in French and English, at
# desktop (1280x900) and phone (390x844) sizes, taken by the browser suite tests/e2e/verdict.mjs from its own
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
echo "screenshots: $(ls "${OUT}"/*.png | wc -l) files in ${OUT}"
