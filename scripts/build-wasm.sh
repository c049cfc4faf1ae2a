#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Configures (cmake --preset wasm) and builds the WebAssembly tree in build/wasm, printing timings.
#   scripts/build-wasm.sh [extra `cmake --build` args, e.g. --target breachcheck_tests]
# Environment: JOBS (default: nproc). Run scripts/setup.sh first on a fresh machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"   # emcc's JS tools need Debian's acorn & co.
JOBS="${JOBS:-$(nproc)}"

command -v emcc >/dev/null || { echo "build-wasm: emcc not found; run scripts/setup.sh" >&2; exit 1; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", b - a }'; }

t0="$(now)"
cmake --preset wasm >/dev/null
t1="$(now)"
echo "build-wasm: configure $(elapsed "${t0}" "${t1}")"

# libsodium first, so its (one-off, per build dir) cost shows separately.
if [[ ! -f build/wasm/libsodium.a ]]; then
  cmake --build --preset wasm -j "${JOBS}" --target sodium
  t2="$(now)"
  echo "build-wasm: libsodium $(elapsed "${t1}" "${t2}")"
  t1="${t2}"
fi

cmake --build --preset wasm -j "${JOBS}" "$@"
t3="$(now)"
echo "build-wasm: build $(elapsed "${t1}" "${t3}") (total $(elapsed "${t0}" "${t3}"))"
