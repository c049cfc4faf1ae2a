#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Sets up a fresh Debian 12 (packages, npm), builds every target and runs every test suite:
#   native Catch2 suite, publisher CLI round trip (100,000 synthetic records), the same Catch2 suite as
#   wasm under Node, and (when present) sanitizer, fuzz and browser suites.
# Ends with one line "test.sh: N passed, M failed" counting suites; exits non-zero if any failed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
JOBS="${JOBS:-$(nproc)}"

passed=0
failed=0
failures=()
suite() {
  local name=$1
  shift
  local start=$SECONDS
  echo "=== ${name}"
  if "$@"; then
    passed=$((passed + 1))
    echo "=== ${name}: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    failures+=("${name}")
    echo "=== ${name}: FAILED ($((SECONDS - start)) s)"
  fi
}

scripts/setup.sh || { echo "test.sh: setup failed"; echo "test.sh: 0 passed, 1 failed"; exit 1; }

native_build() { cmake --preset native -DBREACHCHECK_WERROR=ON >/dev/null && cmake --build --preset native -j "${JOBS}"; }
native_unit() { ctest --preset native --output-on-failure; }
cli_roundtrip() { tests/cli/roundtrip.sh build/native/wasm/breachcheck 100000; }
wasm_build() { cmake --preset wasm -DBREACHCHECK_WERROR=ON >/dev/null && scripts/build-wasm.sh; }
wasm_unit() { ctest --preset wasm --output-on-failure; }

suite "native build" native_build
suite "native Catch2 suite" native_unit
suite "CLI round trip (100,000 records)" cli_roundtrip
suite "wasm build" wasm_build
suite "wasm Catch2 suite under Node" wasm_unit
for extra in tests/suites/*.sh; do
  [[ -x "${extra}" ]] && suite "$(basename "${extra}" .sh)" "${extra}"
done

if ((failed > 0)); then
  echo "failed suites: ${failures[*]}"
fi
echo "test.sh: ${passed} passed, ${failed} failed"
((failed == 0))
