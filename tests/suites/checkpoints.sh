#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Long builds (docs/DEPLOY.md "One machine", its "Resumable" point): SIGTERM and SIGINT in the middle of hashing write
# a checkpoint and print how to resume; the resumed build is byte-identical to an uninterrupted one; a build
# that drew its own salt prints the --salt and --created that make the rerun resume; the time checkpoint cuts a
# chunk (interval lowered with the hidden --checkpoint-seconds); progress counts records; `plan --human` and
# `validate` say how long the build takes here, how many cores finish it in a day, and warn below the
# browsers' KDF floor. Ends with "checkpoints: N passed, M failed". Budget: 1-2 minutes (a few builds of
# 1,500 records at 4 MiB on two threads).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
SUITE=checkpoints
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"
need_breachcheck
work_dir
cd "$work"

"$BC" synth --count 1500 --out records.csv --seed 5 >/dev/null
"$BC" keygen --out keys >/dev/null
SALT=c0ffee00c0ffee00c0ffee00c0ffee00
CREATED=$(date -u +%s)
# 16 MiB: about ten seconds of hashing on two threads (4 MiB took 2.5 s on an idle machine, and a signal sent
# 0.3 s after the first progress line then sometimes landed after the hashing), one chunk (mean 4096 records),
# so a signal lands inside it.
common=(--records records.csv --catalog "$CATALOG" --key keys/publisher.key --ops 1 --mem-kib 16384 --threads 2
  --chunk-records 4096)

"$BC" build "${common[@]}" --salt "$SALT" --created "$CREATED" --out plain.bcd >plain.json 2>plain.err ||
  fail_early "uninterrupted build failed: $(tail -3 plain.err)"
check "progress counts records, not rows" grep -q '^hashing: .* records' plain.err
check "no partial checkpoint at the default interval (5 min)" test "$(json plain.json 'd["partialCheckpoints"]')" = 0

# Starts a build in the background, sends SIGNAL once hashing has begun, waits; sets $rc.
interrupt_build() {
  local signal=$1 out=$2
  shift 2
  "$BC" build "${common[@]}" "$@" --out "$out" >"$out.json" 2>"$out.err" &
  local pid=$! waited=0
  until grep -q '^hashing:' "$out.err" 2>/dev/null || ((waited > 600)); do sleep 0.05; waited=$((waited + 1)); done
  sleep 0.3
  kill "-$signal" "$pid"
  wait "$pid"
  rc=$?
}

interrupt_build TERM term.bcd --salt "$SALT" --created "$CREATED" --checkpoint-seconds 600
check "SIGTERM: exit status 143" test "$rc" = 143
check "SIGTERM: says a checkpoint was written" grep -q 'interrupted by SIGTERM: checkpoint written' term.bcd.err
check "SIGTERM: says how to resume" grep -q 'To resume, run the same command again' term.bcd.err
check "SIGTERM: no data set written" test ! -e term.bcd
check "SIGTERM: a partial checkpoint in the work directory" compgen -G 'term.bcd.work/chunks/*.part' >/dev/null
"$BC" build "${common[@]}" --salt "$SALT" --created "$CREATED" --out term.bcd >resumed.json 2>resumed.err
check "the resumed build is byte-identical to the uninterrupted one" cmp -s term.bcd plain.bcd
check "the resumed build took records from the partial checkpoint" \
  test "$(json resumed.json 'd["resumedRecords"] > 0 and d["hashedRecords"] < d["records"]')" = True

# A build that drew its own salt: the message carries what the rerun needs.
interrupt_build INT own.bcd
check "SIGINT: exit status 130" test "$rc" = 130
hint=$(grep -o -- '--salt [0-9a-f]\{32\} --created [0-9]*' own.bcd.err)
check "SIGINT without --salt: prints the --salt and --created to resume with" test -n "$hint"
# shellcheck disable=SC2086
"$BC" build "${common[@]}" $hint --out own.bcd >own.json 2>own.err
check "rerun with the printed flags resumes (hashes fewer records than it publishes)" \
  test "$(json own.json 'd["resumedRecords"] > 0 and d["hashedRecords"] < d["records"]')" = True
# shellcheck disable=SC2086
"$BC" build "${common[@]}" $hint --out own-plain.bcd >/dev/null 2>&1
check "and gives the bytes of an uninterrupted build with those flags" cmp -s own.bcd own-plain.bcd

"$BC" build "${common[@]}" --salt "$SALT" --created "$CREATED" --checkpoint-seconds 0.3 --out timed.bcd >timed.json 2>timed.err
check "a 0.3 s interval writes partial checkpoints ($(json timed.json 'd["partialCheckpoints"]'))" \
  test "$(json timed.json 'd["partialCheckpoints"] >= 2')" = True
check "the time-checkpointed build equals the plain one" cmp -s timed.bcd plain.bcd

"$BC" plan --records 2000000 --threads 2 --human >/dev/null 2>plan.err
check "plan --human: build time on this machine" grep -q 'build on this machine .* on 2 threads' plan.err
check "plan --human: cores that finish it in a day" grep -Eq 'cores to finish the build in a day +[0-9]+' plan.err
check "plan --human: no warning at the default setting (64 MiB, t=3)" bash -c '! grep -q warning plan.err'
"$BC" plan --records 2000 --ops 1 --mem-kib 4096 --human >/dev/null 2>weak.err
check "plan --human: warns below what browsers accept" grep -q "warning: .*outside what browsers accept" weak.err
"$BC" validate --records records.csv --catalog "$CATALOG" --ops 1 --mem-kib 4096 --k 5 >validate.txt 2>/dev/null
check "validate: build time here and cores for a day" grep -Eq 'build on this machine .*; [0-9]+ such cores finish it in a day' validate.txt
check "validate: warns below what browsers accept" grep -q "warning: .*outside what browsers accept" validate.txt
finish
