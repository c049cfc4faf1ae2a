#!/usr/bin/env bash
# Browser end-to-end tests in Debian's headless Chromium (playwright-core, axe-core pinned in tests/).
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd tests && npm ci --no-audit --no-fund --loglevel=error)
BREACHCHECK_CLI=build/native/wasm/breachcheck BREACHCHECK_WASM_DIR=build/wasm node tests/e2e/run.mjs
