#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The npm package as a consumer gets it: tests/consumers/run.mjs packs web/, installs the tarball into
# a minimal Vite 6 app and a minimal webpack 5 app (their pinned dependencies come from the npm registry, or
# npm's cache), builds and serves them, and checks in Chromium; plus tsc --noEmit (strict) and a Node import.
# Needs build/native (the CLI makes the test data set) and build/wasm (the engine).
set -euo pipefail
cd "$(dirname "$0")/../.."
(cd tests && npm ci --no-audit --no-fund --loglevel=error) \
  || { echo "consumers: npm ci in tests/ failed (is the npm registry reachable?)"; echo "consumers: 0 passed, 1 failed"; exit 1; }
export BREACHCHECK_CLI=build/native/wasm/breachcheck BREACHCHECK_WASM_DIR=build/wasm
node tests/consumers/run.mjs
