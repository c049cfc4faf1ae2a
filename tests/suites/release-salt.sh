#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# A salt typed again for another version (sharded and resumed builds take --salt by hand) must not give two
# releases the same keystream (docs/SECURITY.md, finding 12; docs/FORMAT.md "Salt"). Builds version 1 and version 2
# of one records file with the same --salt and --created, and checks: different header salts, not one fingerprint
# or payload in common, both still answer; shards + merge of version 2 give the single build's bytes; merge
# refuses a version the shards were not built for; same version and salt stay byte-identical (determinism).
# Ends with "release-salt: N passed, M failed". Budget: a few seconds.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
SALT=5a175a175a175a175a175a175a175a17
CREATED=$(date -u +%s)
SUITE=release-salt
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"
need_breachcheck
work_dir
cd "$work"

"$BC" synth --count 2000 --out records.csv --seed 77 >/dev/null
"$BC" keygen --out keys >/dev/null
common=(--records records.csv --catalog "$CATALOG" --ops 1 --mem-kib 8 --quiet --salt "$SALT" --created "$CREATED")
build() { "$BC" build "${common[@]}" --key keys/publisher.key --out "$1" --dataset-version "$2" >/dev/null 2>&1; }
build v1.bcd 1 && build v2.bcd 2 && build v2-again.bcd 2 || fail_early "build failed"

# Header salt (bytes 32..47), and the set of 8-byte fingerprints and of 16-byte entries of every bucket.
compare() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, subprocess, sys
bc, a, b = sys.argv[1:4]
def load(path):
    info = json.loads(subprocess.check_output([bc, "inspect", "--dataset", path]))
    data = open(path, "rb").read()
    body = data[info["headerBytes"]:]
    entries = set()
    for i in range(info["buckets"]):
        bucket = body[i * info["bucketBytes"]:(i + 1) * info["bucketBytes"] - 64]
        entries.update(bucket[j:j + 16] for j in range(0, len(bucket), 16))
    return data[32:48], entries
salt_a, ea = load(a)
salt_b, eb = load(b)
print(int(salt_a == salt_b), len({e[:8] for e in ea} & {e[:8] for e in eb}), len({e[8:] for e in ea} & {e[8:] for e in eb}))
PY
}
read -r same_salt shared_fingerprints shared_payloads < <(compare "$BC" v1.bcd v2.bcd)
check "versions 1 and 2 built with the same --salt carry different header salts" test "$same_salt" = 0
check "no fingerprint in common between the two versions ($shared_fingerprints shared)" test "$shared_fingerprints" = 0
check "no encrypted payload in common between the two versions ($shared_payloads shared)" test "$shared_payloads" = 0
check "same version, salt and --created: byte-identical (deterministic)" cmp -s v2.bcd v2-again.bcd

person=$(sed -n 2p records.csv | cut -d, -f1-3)
status_of() { "$BC" check --dataset "$1" --pubkey keys/publisher.pub --identity-stdin --allow-weak-kdf --beneficiary <<<"$person" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'; }
check "version 1 still finds a listed person" test "$(status_of v1.bcd)" = affected
check "version 2 still finds the same person" test "$(status_of v2.bcd)" = affected

for i in 0 1; do
  "$BC" build "${common[@]}" --shard "$i/2" --out "part-$i.bcp" --dataset-version 2 >/dev/null 2>&1
done
"$BC" merge --parts part-0.bcp part-1.bcp --catalog "$CATALOG" --key keys/publisher.key --out merged.bcd --quiet >/dev/null 2>&1
check "shards + merge of version 2 (version taken from the shards) == the single build" cmp -s merged.bcd v2.bcd
if "$BC" merge --parts part-0.bcp part-1.bcp --catalog "$CATALOG" --key keys/publisher.key --out wrong.bcd --quiet \
  --dataset-version 3 >/dev/null 2>merge-error.txt; then
  ko "merge refuses a --dataset-version the shards were not built for"
else
  check "merge refuses a --dataset-version the shards were not built for" grep -q "differs from the shards' version 2" merge-error.txt
fi
finish
