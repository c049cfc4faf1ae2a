#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Long fuzzing run: every libFuzzer target for SECONDS each (default 600), one after the other on one core
# (the machine is shared), from a persistent corpus under build/fuzz/long/<target>/ seeded with the
# committed corpus. Prints one summary line per target and writes them to build/fuzz/long/summary-*.txt;
# record the figures in docs/SECURITY.md. Findings (crash-*, leak-*, timeout-*, oom-*) land in
# build/fuzz/long/artifacts/: reduce one with `build/fuzz/fuzz_<target> -minimize_crash=1 FILE`, fix the
# engine, and commit the input as tests/fuzz/corpus/<target>/regress-<what>.
# Usage: tests/fuzz/run-long.sh [SECONDS]     (TARGETS="csv catalog" to run only some)
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
SECONDS_EACH="${1:-600}"
BUILD="${FUZZ_BUILD_DIR:-${ROOT}/build/fuzz}"
LONG="${BUILD}/long"
# Every target by default: one per tests/fuzz/fuzz_<target>.cpp.
default_targets=$(cd tests/fuzz && ls fuzz_*.cpp | sed 's/^fuzz_//; s/\.cpp$//' | tr '\n' ' ')
TARGETS=(${TARGETS:-${default_targets}})

JOBS="${JOBS:-1}" FUZZ_BUILD_DIR="${BUILD}" tests/fuzz/build.sh >/dev/null || { echo "run-long: build failed"; exit 1; }
mkdir -p "${LONG}/artifacts"
summary="${LONG}/summary-$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "# fuzz long run, ${SECONDS_EACH} s per target, $(date -u +%FT%TZ), $(clang++-14 --version | head -1)" | tee "${summary}"
findings_total=0
for target in "${TARGETS[@]}"; do
  corpus="${LONG}/${target}"
  mkdir -p "${corpus}"
  before=$(ls "${LONG}/artifacts" | grep -c "^${target}-" || true)
  log="${LONG}/${target}.log"
  nice "${BUILD}/fuzz_${target}" "${corpus}" "tests/fuzz/corpus/${target}" -max_total_time="${SECONDS_EACH}" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="${LONG}/artifacts/${target}-" \
    >"${log}" 2>&1
  rc=$?
  after=$(ls "${LONG}/artifacts" | grep -c "^${target}-" || true)
  findings=$((after - before))
  findings_total=$((findings_total + findings))
  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "${log}" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "${log}" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "${log}" | tail -1)
  files=$(ls "${corpus}" | wc -l)
  line="${target}: ${executed:-?} executions (${rate:-?}/s), ${cov:-cov: ?}, corpus ${files} inputs, findings ${findings}, exit ${rc}"
  echo "${line}" | tee -a "${summary}"
done
echo "run-long: findings ${findings_total}; summary in ${summary}"
((findings_total == 0))
