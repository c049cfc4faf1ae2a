#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Format version 2 through the CLI (docs/FORMAT.md, "Version 2"): versions 1 and 2 of a list (2 rows removed,
# 3 added) built with one long-lived --kdf-salt carry that salt in both headers, yet share no fingerprint and
# no encrypted payload; `check` finds a kept person and an added person in version 2 and no longer finds a
# removed one; the same --salt, --kdf-salt and --created give byte-identical files; --kdf-salt is refused
# with --shard and when malformed. The seed cache: version 2 built with the cache of version 1 runs Argon2id only
# for the added people and is byte-identical to version 2 built without a cache (same salts, --created and key);
# the cache is mode 0600 and drops removed people; a damaged, truncated, foreign-key or mismatched cache is refused
# with its code before anything is written. Then the directory of lists through the CLI (tests/cli/directory.sh:
# two lists sharing the KDF salt, build, verify, check --directory). Ends with "format-v2: N passed, M failed".
# Budget: a few seconds.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
KDF_SALT=6b64666b64666b64666b64666b646601
CREATED=$(date -u +%s)
SUITE=format-v2
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"
need_breachcheck
work_dir
cd "$work"

"$BC" synth --count 2000 --out records.csv --seed 78 >/dev/null
"$BC" synth --count 3 --out added.csv --seed 79 >/dev/null
# Version 2: two people removed (the first two rows whose NIR no other row carries: no beneficiary is left without
# their card holder), three others added.
python3 - <<'PY'
rows = open("records.csv", encoding="utf-8").read().splitlines()
nirs = [row.split(",")[0] for row in rows[1:]]
alone = [i for i, nir in enumerate(nirs, 1) if nirs.count(nir) == 1][:2]
open("removed.csv", "w", encoding="utf-8").write("\n".join(rows[i] for i in alone) + "\n")
kept = [row for i, row in enumerate(rows) if i not in alone]
added = open("added.csv", encoding="utf-8").read().splitlines()[1:]
open("records-v2.csv", "w", encoding="utf-8").write("\n".join(kept + added) + "\n")
PY
"$BC" keygen --out keys >/dev/null
common=(--catalog "$CATALOG" --ops 1 --mem-kib 8 --quiet --kdf-salt "$KDF_SALT" --created "$CREATED"
        --key keys/publisher.key)
"$BC" build "${common[@]}" --records records.csv --out v1.bcd --dataset-version 1 >/dev/null 2>&1 &&
  "$BC" build "${common[@]}" --records records-v2.csv --out v2.bcd --dataset-version 2 --salt 00112233445566778899aabbccddeeff \
    >/dev/null 2>&1 &&
  "$BC" build "${common[@]}" --records records-v2.csv --out v2-again.bcd --dataset-version 2 \
    --salt 00112233445566778899aabbccddeeff >/dev/null 2>&1 || fail_early "build failed"

# Format version (bytes 8..9), header salt (bytes 32..47), and the fingerprints and payloads of every bucket.
read -r version_a version_b salt_a salt_b shared_fingerprints shared_payloads < <(python3 - "$BC" v1.bcd v2.bcd <<'PY'
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
    return int.from_bytes(data[8:10], "little"), data[32:48].hex(), entries
va, sa, ea = load(a)
vb, sb, eb = load(b)
print(va, vb, sa, sb, len({e[:8] for e in ea} & {e[:8] for e in eb}), len({e[8:] for e in ea} & {e[8:] for e in eb}))
PY
)
check "both files are format version 2 ($version_a, $version_b)" test "$version_a$version_b" = 22
check "both headers carry the long-lived --kdf-salt" test "$salt_a$salt_b" = "$KDF_SALT$KDF_SALT"
check "no fingerprint in common between the two versions ($shared_fingerprints shared)" test "$shared_fingerprints" = 0
check "no encrypted payload in common between the two versions ($shared_payloads shared)" test "$shared_payloads" = 0
check "same --salt, --kdf-salt, version and --created: byte-identical" cmp -s v2.bcd v2-again.bcd

status_of() { "$BC" check --dataset "$1" --pubkey keys/publisher.pub --identity-stdin --allow-weak-kdf --beneficiary <<<"$2" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'; }
kept=$(sed -n 10p records.csv | cut -d, -f1-3)
removed=$(sed -n 1p removed.csv | cut -d, -f1-3)
added=$(sed -n 2p added.csv | cut -d, -f1-3)
check "version 1 finds a listed person" test "$(status_of v1.bcd "$kept")" = affected
check "version 2 finds a person kept from version 1" test "$(status_of v2.bcd "$kept")" = affected
check "version 2 finds a person added in version 2" test "$(status_of v2.bcd "$added")" = affected
check "version 2 no longer finds a removed person" test "$(status_of v2.bcd "$removed")" = not_found

if "$BC" build --records records.csv --catalog "$CATALOG" --ops 1 --mem-kib 8 --quiet --kdf-salt "$KDF_SALT" \
  --salt "$KDF_SALT" --shard 0/2 --out part.bcp >/dev/null 2>shard.err; then
  ko "--kdf-salt is refused with --shard"
else
  check "--kdf-salt is refused with --shard" grep -q -- "--kdf-salt" shard.err
fi
if "$BC" build "${common[@]/$KDF_SALT/abc}" --records records.csv --out bad.bcd >/dev/null 2>bad.err; then
  ko "a malformed --kdf-salt is refused"
else
  check "a malformed --kdf-salt is refused" grep -q -- "--kdf-salt must be 32 hexadecimal" bad.err
fi

# The seed cache.
cached=(--catalog "$CATALOG" --ops 1 --mem-kib 8 --quiet --created "$CREATED" --key keys/publisher.key
        --salt 00112233445566778899aabbccddeeff --seed-cache cache.bsc)
field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval("d" + sys.argv[1]))' "$1"; }
"$BC" build "${cached[@]}" --records records.csv --out c1.bcd --dataset-version 1 > c1.json 2>/dev/null ||
  fail_early "build with a new seed cache failed"
cp cache.bsc cache-v1.bsc
kdf_salt=$(python3 -c 'print(open("c1.bcd","rb").read()[32:48].hex())')
check "a first build with --seed-cache draws a KDF salt and caches every record ($(field '["seedCache"]["entries"]' < c1.json))" \
  test "$(field '["seedCache"]["entries"]' < c1.json)" = "$(field '["records"]' < c1.json)"
check "the seed cache is mode 0600" test "$(stat -c %a cache.bsc)" = 600
"$BC" build "${cached[@]}" --records records-v2.csv --out c2.bcd --dataset-version 2 > c2.json 2>/dev/null ||
  fail_early "build with the seed cache failed"
records_v2=$(field '["records"]' < c2.json)
reused=$(field '["seedCache"]["reusedRecords"]' < c2.json)
check "version 2 takes all but the 3 added people from the cache ($reused of $records_v2)" test "$reused" = $((records_v2 - 3))
check "the new cache holds exactly version 2's people" test "$(field '["seedCache"]["entries"]' < c2.json)" = "$records_v2"
"$BC" build "${common[@]/$KDF_SALT/$kdf_salt}" --records records-v2.csv --out c2-fresh.bcd --dataset-version 2 \
  --salt 00112233445566778899aabbccddeeff >/dev/null 2>&1 || fail_early "build without the cache failed"
check "version 2 built with the cache == version 2 built without it" cmp -s c2.bcd c2-fresh.bcd
check "check finds an added person in the cached version 2" test "$(status_of c2.bcd "$added")" = affected
check "check finds a kept person in the cached version 2" test "$(status_of c2.bcd "$kept")" = affected

refused_with() {  # refused_with CODE DESCRIPTION CACHE-FILE [build options...]
  local code=$1 what=$2 file=$3
  shift 3
  rm -f refused.bcd
  local options=("${cached[@]/cache.bsc/$file}")
  if "$BC" build "${options[@]}" --records records-v2.csv --out refused.bcd --dataset-version 2 "$@" \
    >/dev/null 2>refused.err; then
    ko "$what is refused ($code)"
  else
    check "$what is refused ($code), nothing written" bash -c "grep -q 'error $code' refused.err && test ! -e refused.bcd"
  fi
}
python3 - <<'PY'
data = bytearray(open("cache-v1.bsc", "rb").read())
flipped = bytearray(data); flipped[100] ^= 1
open("flipped.bsc", "wb").write(flipped)
open("truncated.bsc", "wb").write(data[:-1])
open("header-only.bsc", "wb").write(data[:48])
longer = bytearray(data); longer[40] += 1  # count one more than the bytes hold
open("count.bsc", "wb").write(longer)
open("not-a-cache.bsc", "wb").write(b"nir,birth_date\n" * 10)
PY
refused_with seed_cache_invalid "a cache with one flipped bit" flipped.bsc
refused_with seed_cache_invalid "a truncated cache" truncated.bsc
refused_with seed_cache_invalid "a cache cut after its header" header-only.bsc
refused_with seed_cache_invalid "a cache whose count exceeds its size" count.bsc
refused_with seed_cache_invalid "a file that is not a cache" not-a-cache.bsc
cp cache-v1.bsc foreign.bsc
"$BC" keygen --out other >/dev/null
rm -f refused.bcd
foreign=("${cached[@]/cache.bsc/foreign.bsc}")
if "$BC" build "${foreign[@]/keys\/publisher.key/other/publisher.key}" --records records-v2.csv --out refused.bcd \
  --dataset-version 2 >/dev/null 2>refused.err; then
  ko "a cache written under another signing key is refused"
else
  check "a cache written under another signing key is refused (seed_cache_invalid)" grep -q "error seed_cache_invalid" refused.err
fi
cp cache-v1.bsc params.bsc
cached[3]=2  # --ops 1 -> --ops 2
refused_with seed_cache_mismatch "a cache made at other Argon2id settings" params.bsc
cached[3]=1
cp cache-v1.bsc salt.bsc
refused_with seed_cache_mismatch "a cache made with another --kdf-salt" salt.bsc --kdf-salt "$KDF_SALT"

# Several lists sharing this KDF salt, and their signed directory (docs/DIRECTORY.md).
# shellcheck source=../cli/directory.sh
source "${ROOT}/tests/cli/directory.sh"
finish
