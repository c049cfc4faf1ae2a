#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Builds the widget into public/dist/ (gitignored) from web/src and the wasm build, prints the embed snippets
# with their SRI hashes, and the brotli size of what a check downloads: the static data set's total against the
# 90 KB target, and the hardened one's (web/tools/download-size.mjs).
#   scripts/build-web.sh [WASM_BUILD_DIR (default build/wasm)] [--out DIR] [--demo-dataset F.bcd --demo-pubkey F.pub]
#                        [--public-origin ORIGIN]
# Bundled with esbuild, minified with terser (pinned in web/package-lock.json): see web/tools/build.mjs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WASM_DIR="build/wasm"
if [[ $# -gt 0 && "$1" != --* ]]; then WASM_DIR="$1"; shift; fi
[[ "${WASM_DIR}" = /* ]] || WASM_DIR="${ROOT}/${WASM_DIR}"
node "${ROOT}/web/tools/build.mjs" "${WASM_DIR}" "$@"
