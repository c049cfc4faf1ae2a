#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The npm package as a consumer gets it: tests/consumers/run.mjs packs web/, installs the tarball into
# a minimal Vite 6 app and a minimal webpack 5 app (their pinned dependencies come from the npm registry, or
# npm's cache), builds and serves them, and checks in Chromium; plus tsc --noEmit (strict) and a Node import.
# Needs build/native (the CLI makes the test data set) and build/wasm (the engine). run.mjs counts its own
# checks and prints the suite's last line, "consumers: N passed, M failed (T s)".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
SUITE=consumers
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"
need_test_packages
export BREACHCHECK_CLI=build/native/wasm/breachcheck BREACHCHECK_WASM_DIR=build/wasm
node tests/consumers/run.mjs
