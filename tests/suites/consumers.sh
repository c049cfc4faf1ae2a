#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The npm package as a consumer gets it: tests/consumers/run.mjs packs web/, checks the tarball (files, prebuilt
# dist/ and its SRI list, package.json fields), installs it into minimal apps (Vite 6, webpack 5, React 19,
# Preact, Next.js 16, esbuild, Rollup, and a type-only Preact/Vue/Svelte app; their pinned dependencies come from the npm
# registry, or npm's cache), builds and serves them, and checks in Chromium to the verdict; plus tsc --noEmit
# (strict), a Node import, and the tarball's dist/ served from another origin as a CDN would.
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
