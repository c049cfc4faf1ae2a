#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Corrections in minutes (docs/PERFORMANCE.md, "Corrections"): in one run, builds version 1 of a synthetic list
# with a new seed cache (every record through Argon2id, what any first build costs), then version 2 with 0.1% of
# the people replaced (removed, and as many new ones added) using that cache, and prints a Markdown table with
# both wall times and their ratio. The second build must be byte-identical to a build without the cache given the
# same salts (tests/suites/format-v2.sh checks that); this bench only times.
#
#   tests/bench/correction-bench.sh                 # 1,000 rows at Argon2id 64 MiB, t=3: ~4-6 minutes on 2 cores
#   options: --rows N, --mem-mib M, --ops T, --threads N, --bin PATH (breachcheck), --work DIR (kept)
#
# Exits non-zero if a build fails or if version 2 took more than 5% of version 1's time.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BC="${ROOT}/build/native/wasm/breachcheck"
CATALOG="${ROOT}/wasm/catalog/viamedis-almerys-2024.json"
rows=1000 mem_mib=64 ops=3 threads=2 work=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) rows=$2; shift 2 ;;
    --mem-mib) mem_mib=$2; shift 2 ;;
    --ops) ops=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --bin) BC=$(realpath "$2"); shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -x "$BC" ]] || { echo "no breachcheck binary at $BC (build first)" >&2; exit 2; }
if [[ -z "$work" ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
else
  mkdir -p "$work"
fi
cd "$work" || exit 2
changed=$(( (rows + 999) / 1000 ))  # 0.1%, at least one person

"$BC" synth --count "$rows" --out records.csv --seed 2026 >/dev/null || exit 1
"$BC" synth --count "$changed" --out added.csv --seed 2027 >/dev/null || exit 1
# Version 2: `changed` people removed (rows whose NIR no other row carries, so no beneficiary loses their card
# holder) and `changed` others added.
python3 - "$changed" <<'PY' || exit 1
import sys
changed = int(sys.argv[1])
rows = open("records.csv", encoding="utf-8").read().splitlines()
nirs = [row.split(",")[0] for row in rows[1:]]
alone = set([i for i, nir in enumerate(nirs, 1) if nirs.count(nir) == 1][:changed])
added = open("added.csv", encoding="utf-8").read().splitlines()[1:]
kept = [row for i, row in enumerate(rows) if i not in alone]
open("records-v2.csv", "w", encoding="utf-8").write("\n".join(kept + added) + "\n")
PY
"$BC" keygen --out keys >/dev/null || exit 1
common=(--catalog "$CATALOG" --ops "$ops" --mem "$mem_mib" --threads "$threads" --quiet --key keys/publisher.key
        --seed-cache cache.bsc)
"$BC" build "${common[@]}" --records records.csv --out v1.bcd --dataset-version 1 > v1.json || exit 1
"$BC" build "${common[@]}" --records records-v2.csv --out v2.bcd --dataset-version 2 > v2.json || exit 1

python3 - "$rows" "$changed" "$mem_mib" "$ops" "$threads" <<'PY'
import json, sys
rows, changed, mem, ops, threads = sys.argv[1:6]
v1, v2 = json.load(open("v1.json")), json.load(open("v2.json"))
ratio = v2["totalSeconds"] / v1["totalSeconds"]
print(f"Argon2id {mem} MiB, t={ops}, {threads} threads; {rows} rows, {changed} removed and {changed} added in version 2")
print()
print("| build | records | Argon2id runs | from the seed cache | wall time (s) |")
print("|---|---:|---:|---:|---:|")
print(f"| version 1, new seed cache | {v1['records']} | {v1['hashedRecords'] - v1['seedCache']['reusedRecords']} | "
      f"{v1['seedCache']['reusedRecords']} | {v1['totalSeconds']:.1f} |")
print(f"| version 2, 0.1% changed, with the cache | {v2['records']} | "
      f"{v2['hashedRecords'] - v2['seedCache']['reusedRecords']} | {v2['seedCache']['reusedRecords']} | "
      f"{v2['totalSeconds']:.2f} |")
print()
print(f"ratio version 2 / version 1: {100 * ratio:.2f}% (target <= 5%)")
sys.exit(0 if ratio <= 0.05 else 1)
PY
