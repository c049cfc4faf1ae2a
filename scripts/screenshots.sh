#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Regenerates docs/screenshots/: every state of the widget (initial, pre-check, errors, affected, affected with
# "En savoir plus" open, not found, unavailable, list unavailable at load, integrity failure, family; then the
# verdict flow's: the quick fix, the retries after "not found", the error summary, the verdict in each embed
# under a sticky header, the insurer page offline; then a directory of two lists on the article page: found in A,
# in B, in both, in neither), in French and English, at desktop (1280x900; the article at 1000 px) and phone
# (390x844; the article at 360 px) sizes, taken by the browser suites tests/e2e/verdict.mjs, verdict-flow.mjs and
# directory.mjs from their own synthetic data sets (never real data). Needs the native CLI and the wasm build (see tests/suites/widget-e2e.sh).
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
SCREENSHOTS="${OUT}" node tests/e2e/directory.mjs
echo "screenshots: $(ls "${OUT}"/*.png | wc -l) files in ${OUT}"
