#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Sharded breachcheck build with GNU parallel (docs/DEPLOY.md), on this machine or on several over SSH.
#
#   SALT=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n') CREATED=$(date +%s) SHARDS=8 \
#     docs/deploy/parallel-shards.sh records.csv catalog.json parts/ [extra `breachcheck build` options]
#   breachcheck merge --parts parts/part-*.bcp --catalog catalog.json --key publisher.key --out dataset.bcd
#
# Environment: SHARDS (default 8), SALT and CREATED (required: one value for every shard and the merge),
# JOBS (shards at once, default SHARDS), THREADS (per shard, default: cores / JOBS, at least 1),
# SSHLOGINFILE (optional: run the shards on the hosts listed there; every host needs `breachcheck`, the
# records file and the catalog at the same paths, and the partial files are returned with --return).
# Without GNU parallel installed (Debian: apt-get install parallel) the same command lines run through
# `xargs -P` on this machine. A failed shard stops the others (--halt now,fail=1); rerunning the script
# resumes every shard from its checkpoints in OUT/work-i.
set -euo pipefail
records=${1:?usage: parallel-shards.sh RECORDS.csv CATALOG.json OUTDIR [build options]}
catalog=${2:?catalog}
out=${3:?output directory}
shift 3
: "${SALT:?SALT must be 32 hex chars, the same for every shard and the merge}"
: "${CREATED:?CREATED must be Unix seconds, the same for every shard}"
SHARDS=${SHARDS:-8}
JOBS=${JOBS:-$SHARDS}
cores=$(nproc)
THREADS=${THREADS:-$(( cores / JOBS > 0 ? cores / JOBS : 1 ))}
mkdir -p "$out"

# One shard: the exact command line GNU parallel runs for index {} (and xargs for index $1).
shard_cmd=(breachcheck build --shard "{}/$SHARDS" --salt "$SALT" --created "$CREATED"
           --records "$records" --catalog "$catalog" --threads "$THREADS" --quiet
           --work-dir "$out/work-{}" --out "$out/part-{}.bcp" "$@")

if command -v parallel >/dev/null 2>&1; then
  remote=()
  if [[ -n "${SSHLOGINFILE:-}" ]]; then
    remote=(--sshloginfile "$SSHLOGINFILE" --workdir . --return "$out/part-{}.bcp" --cleanup)
  fi
  seq 0 $((SHARDS - 1)) | parallel --will-cite --halt now,fail=1 -j "$JOBS" "${remote[@]}" "${shard_cmd[@]}" >"$out/shards.jsonl"
else
  echo "parallel-shards.sh: GNU parallel not found, running the same commands with xargs -P $JOBS" >&2
  # The same command line as shard_cmd above, with {} replaced by the index.
  run_shard() {
    local i=$1
    shift
    breachcheck build --shard "$i/$SHARDS" --salt "$SALT" --created "$CREATED" \
      --records "$records" --catalog "$catalog" --threads "$THREADS" --quiet \
      --work-dir "$out/work-$i" --out "$out/part-$i.bcp" "$@"
  }
  export -f run_shard
  export SHARDS SALT CREATED THREADS records catalog out
  seq 0 $((SHARDS - 1)) | xargs -P "$JOBS" -I{} bash -c 'run_shard "$@"' _ {} "$@" >"$out/shards.jsonl"
fi
echo "parallel-shards.sh: $SHARDS partial files in $out (reports: $out/shards.jsonl)" >&2
