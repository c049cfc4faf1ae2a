#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Fuzz suite (short budget, run by scripts/test.sh): builds the libFuzzer targets (tests/fuzz/, clang 14,
# ASan + UBSan) and runs each for a fixed number of executions from the committed seed corpus, with a fixed
# seed, so the run is reproducible. New inputs go to a scratch directory, never into the repository.
# A crash, leak, UB report, timeout or broken property fails the target; the input is kept under
# build/fuzz/artifacts/. Longer runs: tests/fuzz/run-long.sh [SECONDS].
# Ends with "fuzz: N passed, M failed (T s)".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
BUILD="${FUZZ_BUILD_DIR:-${ROOT}/build/fuzz}"
SCALE="${FUZZ_SCALE:-1}"   # multiply the executions (e.g. FUZZ_SCALE=10 for a deeper local run)

# target:executions (about 5-10 s each on one shared core; csv ~30 s: it builds and verifies data sets)
TARGETS=(header:60000 signed_header:15000 bucket:60000 csv:6000 catalog:50000 identity:400000 keys:400000 oprf_wire:200000 json:200000 resp:150000 directory:100000)

SUITE=fuzz
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"

mkdir -p "$(dirname "${BUILD}")"
if ! JOBS="${JOBS:-2}" FUZZ_BUILD_DIR="${BUILD}" tests/fuzz/build.sh >"${BUILD}.build.log" 2>&1; then
  tail -30 "${BUILD}.build.log"
  fail_early "build failed"
fi

# The committed corpus stays small (< 200 KB: it is part of every clone).
corpus_bytes=$(find tests/fuzz/corpus -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
check "corpus: tests/fuzz/corpus is ${corpus_bytes} bytes (limit 204800)" [ "${corpus_bytes}" -le $((200 * 1024)) ]

work_dir
scratch="${work}"
mkdir -p "${BUILD}/artifacts"
for spec in "${TARGETS[@]}"; do
  target=${spec%%:*}
  runs=$((${spec##*:} * SCALE))
  mkdir -p "${scratch}/${target}"
  log="${scratch}/${target}.log"
  t0=$SECONDS
  "${BUILD}/fuzz_${target}" "${scratch}/${target}" "tests/fuzz/corpus/${target}" \
    -runs="${runs}" -seed=1 -timeout=10 -rss_limit_mb=2048 -max_total_time=$((60 * SCALE)) \
    -print_final_stats=1 -artifact_prefix="${BUILD}/artifacts/${target}-" >"${log}" 2>&1
  rc=$?
  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "${log}" | tail -1)
  if ((rc == 0)); then
    ok "${target}: ${executed:-?} executions in $((SECONDS - t0)) s"
  else
    ko "${target} (exit ${rc}) after ${executed:-?} executions:"
    grep -E "PROPERTY FAILED|ERROR|SUMMARY|runtime error|Test unit written" "${log}" | head -10
  fi
done
finish
