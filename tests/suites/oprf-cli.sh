#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Hardened mode through the publisher's CLI (docs/OPRF.md): `keygen --oprf`, a build
# with --oprf-key, the same data set from shards + merge (byte-identical), the guards (no endpoint, plain http,
# mixed keys, checkpoints of another key), and `check` against a real `breachcheck serve` on loopback: affected,
# not found, server down, no offline answer. The evaluation server itself (Redis limits, CORS, refusals, load)
# is tests/suites/oprf-server.sh. Ends with "oprf-cli: N passed, M failed". Budget: well under a minute.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
SALT=0bad5eed0bad5eed0bad5eed0bad5eed
CREATED=$(date -u +%s)
LIGHT=(--ops 1 --mem-kib 8 --quiet --salt "$SALT" --created "$CREATED")

SUITE=oprf-cli
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"

need_breachcheck
work_dir
serve_pid=""
at_exit 'stop_processes "$serve_pid"'
cd "$work"

PORT=$(free_port)
ENDPOINT="http://127.0.0.1:${PORT}/v1/evaluate"
"$BC" synth --count 3000 --out records.csv --seed 6 >/dev/null
"$BC" keygen --out keys >/dev/null
"$BC" keygen --oprf --out keys >oprf-keygen.json
"$BC" keygen --oprf --out other >/dev/null

echo "--- keys"
check "keygen --oprf writes oprf.key with mode 600 and oprf.pub" \
  [ "$(stat -c %a keys/oprf.key)" = 600 -a -s keys/oprf.pub ]
check "keygen --oprf reports the public key and its fingerprint" \
  [ "$(json oprf-keygen.json "d['kind'] == 'oprf' and len(d['fingerprint']) == 19 and d['publicKey'] == open('keys/oprf.pub').read().strip()")" = True ]
"$BC" keygen --oprf --out keys >/dev/null 2>&1
check "keygen --oprf refuses to overwrite a key (exit 2)" [ $? = 2 ]

echo "--- build guards"
build() { "$BC" build --records records.csv --catalog "$CATALOG" --key keys/publisher.key "${LIGHT[@]}" "$@"; }
build --out x.bcd --oprf-key keys/oprf.key >/dev/null 2>guard1.err
check "--oprf-key without --oprf-endpoint: usage error" [ $? = 2 ]
build --out x.bcd --oprf-key keys/oprf.key --oprf-endpoint http://oprf.example.fr/e >/dev/null 2>guard2.err
check "plain http endpoint refused" [ $? = 2 ]
build --out x.bcd --oprf-key keys/oprf.key --oprf-endpoint "$ENDPOINT" >/dev/null 2>guard3.err
check "loopback http refused without --oprf-allow-loopback" [ $? = 2 ]
build --out x.bcd --oprf-endpoint "$ENDPOINT" >/dev/null 2>guard4.err
check "--oprf-endpoint without --oprf-key: usage error" [ $? = 2 ]
build --out x.bcd --oprf-key keys/publisher.key --oprf-endpoint https://oprf.example.fr/e >/dev/null 2>guard5.err
check "a publisher key file is not an OPRF key" [ $? = 1 ]

echo "--- single build, shards + merge"
build --out single.bcd --oprf-key keys/oprf.key --oprf-endpoint "$ENDPOINT" \
  --oprf-endpoint https://oprf-2.example.fr/v1/evaluate --oprf-allow-loopback >single.json
check "build reports hardened mode and the OPRF key fingerprint" \
  [ "$(json single.json "d['mode'] == 'oprf' and d['oprfKeyFingerprint'] == '$(json oprf-keygen.json "d['fingerprint']")'")" = True ]
"$BC" verify --dataset single.bcd --pubkey keys/publisher.pub --oprf-allow-loopback >verify.json
check "verify: intact, mode oprf, both endpoints" \
  [ "$(json verify.json "d['status'] == 'intact' and d['mode'] == 'oprf' and len(d['oprfEndpoints']) == 2")" = True ]
"$BC" verify --dataset single.bcd --pubkey keys/publisher.pub >verify-strict.json
check "verify without --oprf-allow-loopback flags the loopback endpoint" \
  [ "$(json verify-strict.json "d['status'] == 'integrity_error' and d['error'] == 'oprf_endpoint'")" = True ]
"$BC" inspect --dataset single.bcd >inspect.json
check "inspect shows the committed OPRF public key" \
  [ "$(json inspect.json "d['derivationMode'] == 'oprf' and d['oprf']['publicKey'] == open('keys/oprf.pub').read().strip()")" = True ]

for i in 0 1; do
  "$BC" build --records records.csv --catalog "$CATALOG" "${LIGHT[@]}" --oprf-key keys/oprf.key \
    --shard "$i/2" --out "part-$i.bcp" >/dev/null
done
"$BC" build --records records.csv --catalog "$CATALOG" "${LIGHT[@]}" --oprf-key other/oprf.key \
  --shard 1/2 --out part-1-other.bcp >/dev/null
"$BC" build --records records.csv --catalog "$CATALOG" "${LIGHT[@]}" --shard 1/2 --out part-1-static.bcp >/dev/null
merge() { "$BC" merge --catalog "$CATALOG" --key keys/publisher.key --quiet "$@"; }
merge --parts part-0.bcp part-1.bcp --out merged.bcd --oprf-endpoint "$ENDPOINT" \
  --oprf-endpoint https://oprf-2.example.fr/v1/evaluate --oprf-allow-loopback >merge.json
check "shards + merge give the single build's bytes" cmp -s single.bcd merged.bcd
merge --parts part-0.bcp part-1-other.bcp --out bad.bcd --oprf-endpoint "$ENDPOINT" --oprf-allow-loopback \
  >/dev/null 2>mixed.err
check "merge refuses shards hashed under different OPRF keys" \
  [ $? = 1 -a "$(grep -c 'different OPRF key' mixed.err)" = 1 ]
merge --parts part-0.bcp part-1-static.bcp --out bad.bcd --oprf-endpoint "$ENDPOINT" --oprf-allow-loopback \
  >/dev/null 2>mixed2.err
check "merge refuses a static shard among OPRF shards" [ $? = 1 ]
merge --parts part-0.bcp part-1.bcp --out bad.bcd >/dev/null 2>noep.err
check "merge of OPRF shards needs --oprf-endpoint" [ $? = 2 ]

echo "--- checkpoints are bound to the OPRF key"
build --out a.bcd --oprf-key keys/oprf.key --oprf-endpoint "$ENDPOINT" --oprf-allow-loopback \
  --work-dir ckpt --keep-work >a.json
build --out b.bcd --oprf-key other/oprf.key --oprf-endpoint "$ENDPOINT" --oprf-allow-loopback \
  --work-dir ckpt --keep-work >b.json
check "a build under another OPRF key reuses no checkpoint" [ "$(json b.json "d['reusedRecords']")" = 0 ]
build --out c.bcd --work-dir ckpt --keep-work >c.json
check "a static build reuses no OPRF checkpoint" [ "$(json c.json "d['reusedRecords']")" = 0 ]
build --out a2.bcd --oprf-key keys/oprf.key --oprf-endpoint "$ENDPOINT" --oprf-allow-loopback \
  --work-dir ckpt --keep-work >a2.json
check "the same key reuses every checkpoint, same bytes" \
  [ "$(json a2.json "d['reusedRecords'] == d['records']")" = True -a "$(cmp -s a.bcd a2.bcd && echo same)" = same ]

echo "--- check through breachcheck serve"
"$BC" serve --key keys/oprf.key --listen 127.0.0.1 --port "$PORT" --no-redis --client-burst 1000 \
  >serve.log 2>&1 &
serve_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:${PORT}/healthz" && break; sleep 0.1; done
# The N-th row whose date of birth matches its NIR (synth also writes beneficiaries, checked with --beneficiary).
person() { python3 -c "
import csv, sys
rows = [r for r in list(csv.reader(open('records.csv')))[1:] if r[0][1:5] == r[1][2:4] + r[1][5:7]]
r = rows[int(sys.argv[1])]
print(r[0] + ',' + r[1] + ',' + r[2])" "$1"; }
check_person() { echo "$1" | "$BC" check --dataset single.bcd --pubkey keys/publisher.pub --identity-stdin \
  --allow-weak-kdf "${@:2}"; }
affected=0
for row in 0 400 800 1200 1600; do
  check_person "$(person "$row")" --oprf-allow-loopback >"check-$row.json"
  [ "$(json "check-$row.json" "d['status']")" = affected ] && affected=$((affected + 1))
done
check "5 listed people: affected through the server" [ "$affected" = 5 ]
IFS=, read -r nir date _ <<<"$(person 1)"
other_date=$(python3 -c "import datetime,sys; print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=1))" "$date")
check_person "$nir,$other_date" --oprf-allow-loopback >notfound.json
check "an unlisted identity: not_found" [ "$(json notfound.json "d['status']")" = not_found ]
check_person "$(person 1)" >strict.json
check "a client without the test policy refuses the loopback endpoint (integrity_error)" \
  [ "$(json strict.json "d['status'] + ':' + d['errors'][0]")" = integrity_error:oprf_endpoint ]
# Request lines are {"method","route","status"} only; the one address in the log is the listening one.
check "the server logged 6 evaluations, no body, no client address" \
  [ "$(grep -c '"route":"/v1/evaluate","status":200' serve.log)" = 6 -a "$(grep -v '"event":"listening"' serve.log | grep -c -e '127\.0\.0\.1' -e 'body')" = 0 ]
kill "$serve_pid" && wait "$serve_pid" 2>/dev/null
serve_pid=""
check_person "$(person 1)" --oprf-allow-loopback >down.json
check "server down: unavailable (oprf_unreachable), never not_found" \
  [ "$(json down.json "d['status'] + ':' + d['errors'][0]")" = unavailable:oprf_unreachable ]

echo "--- no identifier in outputs and logs"
leaks=$(grep -l -a -F -e "${nir:0:13}" ./*.json ./*.err serve.log part-*.bcp 2>/dev/null | wc -l)
check "no NIR in any report, log or partial file" [ "$leaks" = 0 ]

finish
