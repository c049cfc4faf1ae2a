#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# npm side of scripts/setup.sh (which runs this hook when it is executable): installs the pinned JS
# dependencies from their lockfiles, npm registry only, no install scripts needed.
#   web/    build-time devDependencies: esbuild (bundles the widget) and terser (minifies it), both in
#           web/tools/build.mjs, and
#           google-closure-compiler 20220104 (Emscripten 3.1.6's closure pass over the engine glue, used by
#           wasm/bindings/CMakeLists.txt; runs its native Linux binary, or Java where that is missing), and
#           @custom-elements-manifest/analyzer (web/tools/manifest.mjs: custom-elements.json)
#   tests/  playwright-core, axe-core (browser suites and tests/bench/browser-bench.mjs)
# Idempotent: a directory whose node_modules is newer than its package.json and package-lock.json is skipped.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v npm >/dev/null || { echo "setup-npm: npm not found (it comes with Node.js)" >&2; exit 1; }
for dir in web tests; do
  stamp="${ROOT}/${dir}/node_modules/.package-lock.json"
  if [[ -f "${stamp}" && "${stamp}" -nt "${ROOT}/${dir}/package-lock.json" && "${stamp}" -nt "${ROOT}/${dir}/package.json" ]]; then
    continue
  fi
  echo "setup-npm: npm ci in ${dir}/"
  (cd "${ROOT}/${dir}" && npm ci --no-audit --no-fund --loglevel=error)
done
