#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Browser end-to-end tests in Debian's headless Chromium (playwright-core, axe-core pinned in tests/):
# tests/e2e/run.mjs (static mode), then tests/e2e/oprf.mjs (hardened mode: two `breachcheck serve` instances
# and a redis-server on loopback, started and stopped by the suite), then tests/e2e/verdict.mjs (docs/WIDGET.md,
# "What a person sees": the verdict-first design, FR/EN, desktop and phone, axe in every state). All run even if
# one fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd tests && npm ci --no-audit --no-fund --loglevel=error)
export BREACHCHECK_CLI=build/native/wasm/breachcheck BREACHCHECK_WASM_DIR=build/wasm
status=0
node tests/e2e/run.mjs || status=1
node tests/e2e/oprf.mjs || status=1
node tests/e2e/verdict.mjs || status=1
exit "${status}"
