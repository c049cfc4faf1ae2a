#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Sanitizer suite (run by scripts/test.sh): the native Catch2 suite built with AddressSanitizer +
# UndefinedBehaviorSanitizer (CMake preset native-asan, option BREACHCHECK_SANITIZE; UB aborts), then the
# publisher CLI round trip on a small synthetic list with the sanitized binary. Leaks are errors.
# Ends with "sanitizers: N passed, M failed (T s)".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
RECORDS="${SANITIZER_CLI_RECORDS:-100000}"  # the CLI checks are tuned for 100,000 (bytes per record)

SUITE=sanitizers
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"

build() {
  cmake --preset native-asan >/dev/null && cmake --build --preset native-asan -j "${JOBS:-2}" >build/asan.build.log 2>&1 ||
    { tail -40 build/asan.build.log; return 1; }
}
unit() { ctest --preset native-asan --output-on-failure; }
cli() { tests/cli/roundtrip.sh build/asan/wasm/breachcheck "${RECORDS}"; }

mkdir -p build
step "ASan+UBSan build (preset native-asan)" build
if ((failed == 0)); then
  step "Catch2 suite under ASan+UBSan" unit
  step "CLI round trip (${RECORDS} records) under ASan+UBSan" cli
fi
finish
