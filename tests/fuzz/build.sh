#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Builds the libFuzzer targets into build/fuzz (clang 14, ASan + UBSan + libFuzzer). Incremental.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${FUZZ_BUILD_DIR:-${ROOT}/build/fuzz}"
JOBS="${JOBS:-2}"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [[ ! -f "${BUILD}/CMakeCache.txt" ]]; then
  CC=clang-14 CXX=clang++-14 cmake -S "${ROOT}/tests/fuzz" -B "${BUILD}" "${generator[@]}" >/dev/null
fi
cmake --build "${BUILD}" -j "${JOBS}"
