#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Publisher at scale, end to end through the CLI, run by scripts/test.sh after the native build:
#   - a build within a small --max-memory (spill runs and range files) == the unbounded build, byte for byte;
#   - sharded builds (n = 1, 3, 8 local processes) merged == the single-machine build, byte for byte; every
#     shard reports the same bad rows (line numbers and codes only); shards refuse the key;
#   - validate past --max-memory spills under --work-dir only (TMPDIR unusable), and without it stops with
#     out_of_memory;
#   - a build killed with SIGKILL resumes from its checkpoints and writes the same bytes;
#   - the Kubernetes Indexed Job manifest (docs/deploy/) parsed (no shell, hardened pods), and its shard and merge
#     containers' command lines run locally with Kubernetes' $(NAME) substitution, one process per
#     JOB_COMPLETION_INDEX (read by `build --shard-count`); the GNU parallel recipe run as shipped;
#   - a data set served by Debian's nginx (loopback, generated config, access_log off) and checked through
#     the CLI's HTTP Range reader: 206 with the exact Content-Range, CORS and caching headers, integrity;
#   - `plan` and `inspect` figures; no identifier in any output or log.
# Ends with "scale: N passed, M failed". Budget: under 4 minutes on 2 shared cores.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
SALT=5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e
CREATED=$(date -u +%s)
LIGHT=(--ops 1 --mem-kib 8)

SUITE=scale
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"

need_breachcheck
work_dir
nginx_pid=""
at_exit 'stop_processes "$nginx_pid"'
cd "$work"
"$BC" keygen --out keys >/dev/null
KEY="$work/keys/publisher.key"
PUB="$work/keys/publisher.pub"

echo "--- inputs"
"$BC" synth --count 260000 --out big.csv --seed 41
"$BC" synth --count 40000 --out records.csv --seed 42
# Three bad rows (a month 13, a NIR with a wrong key, an unknown operator): skipped and reported by line.
{
  echo "185057800608491,1985-13-12,1,viamedis,nir,Mutuelle Test"
  echo "185057800608492,1985-05-12,1,viamedis,nir,Mutuelle Test"
  echo "185057800608491,1985-05-12,1,unknown-op,nir,Mutuelle Test"
} >>records.csv
rows=$(($(wc -l <records.csv) - 1))
bad_lines="$((rows - 1)) $rows $((rows + 1))"
sample_nir=$(sed -n 2p records.csv | cut -d, -f1)
build() { "$BC" build --catalog "$CATALOG" --salt "$SALT" --created "$CREATED" "${LIGHT[@]}" --on-error skip "$@"; }

echo "--- memory-bounded build (spill runs and range files) == unbounded build"
build --records big.csv --key "$KEY" --out big-ref.bcd --quiet >big-ref.json
build --records big.csv --key "$KEY" --out big-spill.bcd --max-memory 18M --chunk-records 1024 >big-spill.json 2>big-spill.err
check "bounded build is byte-identical" cmp -s big-ref.bcd big-spill.bcd
check "rows spilled in sorted runs" [ "$(json big-spill.json "d['memory']['spillRuns']")" -ge 2 ]
check "entries sorted through range files" [ "$(json big-spill.json "d['memory']['sortRangeFiles']")" -ge 2 ]
check "progress lines with rate and time left" grep -Eq '^hashing: [0-9]+/[0-9]+ records, [0-9]+ records/s, [0-9.]+ (s|min|h) left' big-spill.err
build --records big.csv --key "$KEY" --out x.bcd --max-memory 4M --quiet >/dev/null 2>floor.err
check "--max-memory below the floor is a usage error (exit 2)" [ $? = 2 ]

echo "--- validate writes only where it is told (a read-only root file system has no temporary directory)"
printf 'not a directory\n' >not-a-dir
mkdir -p vwork
TMPDIR="$work/not-a-dir" "$BC" validate --records big.csv --catalog "$CATALOG" --max-memory 1M --work-dir vwork \
  --json --quiet >v-spill.json 2>v-spill.err
check "validate past --max-memory spills under --work-dir (TMPDIR unusable): $(json v-spill.json "d['rowsRead']") rows, vwork emptied" \
  eval '! grep -q "error" v-spill.err && [ "$(json v-spill.json "d[\"rowsRead\"]")" = 260000 ] && [ -z "$(ls -A vwork)" ]'
TMPDIR="$work/not-a-dir" "$BC" validate --records big.csv --catalog "$CATALOG" --max-memory 1M --quiet \
  >/dev/null 2>v-nowork.err
check "without --work-dir it stops with out_of_memory instead of writing elsewhere" grep -q "error out_of_memory" v-nowork.err

echo "--- single-machine build vs sharded builds (n = 1, 3, 8 local processes)"
build --records records.csv --key "$KEY" --out single.bcd --errors-out single.errors >single.json 2>single.err
tail -n +2 single.errors >single.problems  # line,column,code
check "single build reports the 3 bad rows by line" [ "$(cut -d, -f1 single.problems | tr '\n' ' ' | xargs)" = "$bad_lines" ]
check "a shard never takes the key" bash -c "! '$BC' build --shard 0/2 --salt $SALT --records records.csv --catalog '$CATALOG' --key '$KEY' --out p.bcp 2>/dev/null"
check "a shard needs --salt" bash -c "! '$BC' build --shard 0/2 --records records.csv --catalog '$CATALOG' --out p.bcp 2>/dev/null"
for n in 1 3 8; do
  mkdir -p "parts$n"
  pids=()
  for ((i = 0; i < n; i++)); do
    build --records records.csv --shard "$i/$n" --threads 1 --quiet --out "parts$n/part-$i.bcp" \
      --errors-out "parts$n/part-$i.errors" \
      >"parts$n/part-$i.json" 2>"parts$n/part-$i.err" &
    pids+=($!)
  done
  status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  check "n=$n: every shard succeeded" [ "$status" = 0 ]
  "$BC" merge --parts "parts$n"/part-*.bcp --catalog "$CATALOG" --key "$KEY" --out "merged$n.bcd" >"merged$n.json" 2>"merged$n.err"
  check "n=$n: merged == single build, byte for byte" cmp -s single.bcd "merged$n.bcd"
  same=1
  for ((i = 0; i < n; i++)); do
    tail -n +2 "parts$n/part-$i.errors" | cmp -s - single.problems || same=0
  done
  check "n=$n: every shard reports exactly the single build's bad rows" [ "$same" = 1 ]
  check "n=$n: merge reports the same rows, merges and records" \
    [ "$(json "merged$n.json" "(d['rowsRead'], d['rowsSkipped'], d['rowsMerged'], d['records'])")" = \
      "$(json single.json "(d['rowsRead'], d['rowsSkipped'], d['rowsMerged'], d['records'])")" ]
done
cp parts3/part-1.bcp tampered.bcp
printf '\x01' | dd of=tampered.bcp bs=1 seek=$(($(stat -c %s tampered.bcp) - 100)) conv=notrunc 2>/dev/null
check "merge refuses an altered partial" bash -c "! '$BC' merge --parts parts3/part-0.bcp tampered.bcp parts3/part-2.bcp --catalog '$CATALOG' --key '$KEY' --out t.bcd 2>/dev/null && [ ! -e t.bcd ]"
check "merge refuses a missing shard" bash -c "! '$BC' merge --parts parts3/part-0.bcp parts3/part-2.bcp --catalog '$CATALOG' --key '$KEY' --out t.bcd 2>/dev/null"
check "merge refuses partials of different builds" bash -c "! '$BC' merge --parts parts3/part-0.bcp parts8/part-1.bcp parts3/part-2.bcp --catalog '$CATALOG' --key '$KEY' --out t.bcd 2>/dev/null"

echo "--- a build killed with SIGKILL resumes from its checkpoints"
head -n 8001 big.csv >resume.csv
heavy=(build --records resume.csv --catalog "$CATALOG" --key "$KEY" --salt "$SALT" --created "$CREATED"
       --ops 1 --mem-kib 1024 --chunk-records 256)
"$BC" "${heavy[@]}" --out resume-ref.bcd --quiet >resume-ref.json &
ref_pid=$!
"$BC" "${heavy[@]}" --out resume.bcd --quiet >/dev/null 2>&1 &
victim=$!
for _ in $(seq 1 600); do
  [[ "$(ls resume.bcd.work/chunks 2>/dev/null | grep -c '\.bch$')" -ge 6 ]] && break
  sleep 0.1
done
kill -9 "$victim" 2>/dev/null
wait "$victim" 2>/dev/null
killed_chunks=$(ls resume.bcd.work/chunks 2>/dev/null | grep -c '\.bch$')
check "the killed build left checkpoints ($killed_chunks) and no output" [ "$killed_chunks" -ge 6 -a ! -e resume.bcd ]
"$BC" "${heavy[@]}" --out resume.bcd >resume.json 2>resume.err
wait "$ref_pid"
check "the resumed build reused the checkpoints" [ "$(json resume.json "d['chunksReused']")" -ge "$killed_chunks" ]
check "the resumed build hashed only the rest" [ "$(json resume.json "d['hashedRecords'] < d['records']")" = True ]
check "resumed output == uninterrupted build" cmp -s resume-ref.bcd resume.bcd
check "the work directory is removed after success" [ ! -e resume.bcd.work ]

echo "--- Kubernetes Indexed Job manifest, run locally (one process per JOB_COMPLETION_INDEX)"
MANIFEST="$ROOT/docs/deploy/k8s-indexed-job.yaml"
mkdir -p k8s/data k8s/config k8s/secret k8s/bin
cp records.csv k8s/data/records.csv
cp "$CATALOG" k8s/config/catalog.json
cp "$KEY" k8s/secret/publisher.key
ln -s "$BC" k8s/bin/breachcheck
# The manifest's shape: Indexed shard Job without the key, merge Job with it, no shell, hardened pods.
if python3 - "$MANIFEST" >k8s/plan.sh 2>k8s/plan.err <<'PY'
import sys
import yaml  # python3-yaml (Debian) or PyYAML; the suite says so when it is missing
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
shards, merge = docs
assert shards["kind"] == "Job" and shards["spec"]["completionMode"] == "Indexed", "shard Job must be Indexed"
n = shards["spec"]["completions"]
assert shards["spec"]["parallelism"] <= n
pod = shards["spec"]["template"]["spec"]
assert all("secret" not in v for v in pod["volumes"]), "the shard Job must not mount the signing key"
assert any("secret" in v for v in merge["spec"]["template"]["spec"]["volumes"]), "the merge Job mounts the key"
for job in docs:
    c = job["spec"]["template"]["spec"]["containers"][0]
    assert c["command"] == ["breachcheck"], "the image has no shell: the container runs breachcheck itself"
    assert not any("/bin/" in a or a in ("sh", "bash", "-c") for a in c["args"]), "no shell in the args"
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    assert job["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
env = {e["name"]: e["value"] for e in pod["containers"][0]["env"]}
assert int(env["SHARDS"]) == n, "SHARDS must equal completions"
print(f"COMPLETIONS={n}")
PY
then
  ok "manifest: Indexed shard Job without the key, merge Job with it; both run breachcheck without a shell"
  # shellcheck disable=SC1091
  source k8s/plan.sh
  # k8s_run JOB NAME=VALUE...: container 0 of the manifest's JOB (0: shards, 1: merge) as a local process: its env,
  # then the overrides, then Kubernetes' own $(NAME) substitution in command and args; mount points -> k8s/.
  k8s_run() {
    python3 - "$MANIFEST" "$work/k8s" "$@" <<'PY'
import os, re, sys
import yaml
manifest, root, job, *overrides = sys.argv[1:]
c = [d for d in yaml.safe_load_all(open(manifest)) if d][int(job)]["spec"]["template"]["spec"]["containers"][0]
env = {e["name"]: e["value"] for e in c.get("env", [])}
env.update(o.split("=", 1) for o in overrides)
def expand(arg):
    arg = re.sub(r"\$\((\w+)\)", lambda m: env.get(m.group(1), m.group(0)), arg)
    for mount in ("/data", "/config", "/secret"):
        if arg == mount or arg.startswith(mount + "/"):
            return root + arg
    return arg
argv = [expand(a) for a in c["command"] + c["args"]]
os.execvpe(argv[0], argv, {**os.environ, **env})
PY
  }
  overrides=(SALT=$SALT CREATED=$CREATED KDF_OPS=1 KDF_MEM_KIB=8 THREADS=1 MAX_MEMORY=256M ON_ERROR=skip)
  pids=()
  for ((i = 0; i < COMPLETIONS; i++)); do
    PATH="$work/k8s/bin:$PATH" JOB_COMPLETION_INDEX=$i k8s_run 0 "${overrides[@]}" \
      >"k8s/shard-$i.json" 2>"k8s/shard-$i.err" &
    pids+=($!)
  done
  status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  check "all $COMPLETIONS indexed pods (local processes) succeeded" [ "$status" = 0 ]
  check "each wrote its partial where {shard} said (k8s/data/parts/part-0..$((COMPLETIONS - 1)).bcp)" \
    eval '[ "$(ls k8s/data/parts | grep -c "^part-[0-9]*\.bcp$")" = "$COMPLETIONS" ]'
  PATH="$work/k8s/bin:$PATH" k8s_run 1 PUBLISHER="breachcheck publisher" >k8s/merge.json 2>k8s/merge.err
  check "the manifest's merge output == single build" cmp -s single.bcd k8s/data/out/dataset-v1.bcd
  JOB_COMPLETION_INDEX=8 "$BC" build --shard-count 8 --salt "$SALT" --records records.csv --catalog "$CATALOG" \
    --out k8s/bad.bcp >/dev/null 2>k8s/bad-index.err
  rc=$?
  check "--shard-count refuses an index from the environment outside 0..n-1" \
    eval '[ $rc = 2 ] && grep -q "shard" k8s/bad-index.err && [ ! -e k8s/bad.bcp ]'
  env -u JOB_COMPLETION_INDEX "$BC" build --shard-count 8 --salt "$SALT" --records records.csv --catalog "$CATALOG" \
    --out k8s/bad.bcp >/dev/null 2>k8s/no-index.err
  rc=$?
  check "--shard-count without JOB_COMPLETION_INDEX is a usage error" \
    eval '[ $rc = 2 ] && grep -q "JOB_COMPLETION_INDEX" k8s/no-index.err'
elif grep -q "No module named 'yaml'" k8s/plan.err; then
  echo "  skip manifest checks: no YAML parser for python3 (Debian: apt-get install python3-yaml)"
else
  cat k8s/plan.err
  ko "manifest parses and has the expected shape"
fi

echo "--- GNU parallel recipe (docs/deploy/parallel-shards.sh)"
mkdir -p pbin
ln -s "$BC" pbin/breachcheck
if PATH="$work/pbin:$PATH" SALT=$SALT CREATED=$CREATED SHARDS=4 JOBS=4 THREADS=1 \
  "$ROOT/docs/deploy/parallel-shards.sh" records.csv "$CATALOG" prl "${LIGHT[@]}" --on-error skip 2>prl.err; then
  runner=$(command -v parallel >/dev/null && echo "GNU parallel" || echo "xargs fallback")
  "$BC" merge --parts prl/part-*.bcp --catalog "$CATALOG" --key "$KEY" --out prl.bcd --quiet >/dev/null 2>prl-merge.err
  check "recipe ($runner): merged == single build" cmp -s single.bcd prl.bcd
else
  cat prl.err
  ko "parallel-shards.sh ran"
fi

echo "--- served by nginx (Range, CORS, caching), checked through the CLI's HTTP reader"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
www="$work/www"
mkdir -p "$www/data" "$www/norange" nginx/tmp
cp single.bcd "$www/data/set-v1.bcd"
cp single.bcd "$www/norange/set-v1.bcd"
cp single.bcd "$www/data/tampered-v1.bcd"
printf '\xff' | dd of="$www/data/tampered-v1.bcd" bs=1 seek=40 conv=notrunc 2>/dev/null  # inside the signed salt
chmod -R a+rX "$work"
ORIGIN=https://checker.example-insurer.fr
cat >nginx/nginx.conf <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  default_type application/octet-stream;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $www;
    location /data/ {
      gzip off;
      add_header Access-Control-Allow-Origin "$ORIGIN" always;
      add_header Access-Control-Expose-Headers "Content-Range, Content-Length, ETag" always;
      add_header Cache-Control "public, max-age=31536000, immutable" always;
      add_header X-Content-Type-Options nosniff always;
    }
    location /norange/ { max_ranges 0; }
  }
}
EOF
nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
# A Range GET with python3's http.client (no curl on a minimal Debian): status line and headers to $4 (CRLF,
# as on the wire), body to $5.
range_get() {
  python3 - "$@" <<'PY'
import http.client, sys
port, path, origin, headers_out, body_out, first, last = sys.argv[1:8]
c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=10)
c.request("GET", path, headers={"Range": f"bytes={first}-{last}", "Origin": origin})
r = c.getresponse()
with open(headers_out, "w", newline="") as f:
    f.write(f"HTTP/1.1 {r.status} {r.reason}\r\n")
    for k, v in r.getheaders():
        f.write(f"{k}: {v}\r\n")
open(body_out, "wb").write(r.read())
PY
}
for _ in $(seq 1 50); do range_get "$port" /data/set-v1.bcd x probe.h probe.b 0 0 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/data/set-v1.bcd"
size=$(stat -c %s single.bcd)
range_get "$port" /data/set-v1.bcd "$ORIGIN" headers.txt range.bin 0 111
check "nginx answers a Range request with 206" grep -q '^HTTP/1.1 206' headers.txt
check "Content-Range is exactly bytes 0-111/$size" grep -qi "^Content-Range: bytes 0-111/$size"$'\r'"\$" headers.txt
check "CORS allows exactly the checker's origin" grep -qi "^Access-Control-Allow-Origin: $ORIGIN"$'\r'"\$" headers.txt
check "immutable caching and an ETag" bash -c "grep -qi '^Cache-Control: public, max-age=31536000, immutable' headers.txt && grep -qi '^ETag: ' headers.txt"
check "the 112 bytes are the file's first 112" cmp -s range.bin <(head -c 112 single.bcd)
person=$(sed -n 2p records.csv)
IFS=, read -r nir dob rank _ <<<"$person"
checkp() { "$BC" check --dataset "$1" --pubkey "$PUB" --identity-stdin --allow-weak-kdf --beneficiary <<<"$2,$3,${4:-1}"; }
checkp "$url" "$nir" "$dob" "$rank" >http-affected.json
check "check over HTTP: a listed person is affected" [ "$(json http-affected.json "d['status']")" = affected ]
checkp single.bcd "$nir" "$dob" "$rank" >file-affected.json
check "check over HTTP == check on the file" cmp -s http-affected.json file-affected.json
other_dob="${dob:0:8}$(printf %02d $(( (10#${dob:8:2} % 27) + 1 )))"
checkp "$url" "$nir" "$other_dob" "$rank" >http-other.json
if grep -q "^$nir,$other_dob," records.csv; then ok "(altered date happens to be listed: skipped)"; else
  check "check over HTTP: an altered birth date is not found" [ "$(json http-other.json "d['status']")" = not_found ]
fi
checkp "http://127.0.0.1:$port/norange/set-v1.bcd" "$nir" "$dob" "$rank" >norange.json
check "a server that ignores Range (200) is refused, never read as a file" [ "$(json norange.json "d['status']+':'+','.join(d.get('errors',[]))")" = "unavailable:http_status_200" ]
checkp "http://127.0.0.1:$port/data/tampered-v1.bcd" "$nir" "$dob" "$rank" >tampered.json
check "a tampered byte served over HTTP is an integrity error, never not_found" [ "$(json tampered.json "d['status']")" = integrity_error ]
"$BC" verify --dataset "$www/data/tampered-v1.bcd" --pubkey "$PUB" >/dev/null 2>&1
check "verify finds the tampered byte" [ $? -ne 0 ]
check "nginx wrote no access log" bash -c "! ls '$work/nginx' | grep -q access"
kill "$nginx_pid" 2>/dev/null
wait "$nginx_pid" 2>/dev/null
nginx_pid=""

echo "--- plan and inspect"
"$BC" plan --records 33000000 --ops 3 --mem 64 --threads 64 >plan.json
check "plan: 33M records -> P = 15, ~1,000 real per bucket" [ "$(json plan.json "d['layout']['prefixBits'] == 15 and 1000 < d['layout']['meanRealPerBucket'] < 1010")" = True ]
check "plan: GPU rate scaled from the reference figure (16 MiB t=3 -> 64 MiB t=3: 2,500/s)" [ "$(json plan.json "round(d['attacker']['gpu']['guessesPerSecond'])")" = 2500 ]
check "plan: core-hours, browser time, targeted and exhaustive costs present" \
  [ "$(json plan.json "all(x > 0 for x in (d['build']['coreHours'], d['browserCheck']['seconds'], d['attacker']['cpu']['coreSecondsPerTargetedGuess'], d['attacker']['gpu']['gpuDaysExhaustive']))")" = True ]
"$BC" inspect --dataset single.bcd >inspect.json
check "inspect carries the same plan figures" [ "$(json inspect.json "'attacker' in d['plan'] and d['plan']['records'] == d['records']")" = True ]

echo "--- no identifier in outputs and logs"
leaks=$(grep -l -a -F -e "${sample_nir:0:13}" ./*.json ./*.err parts*/* prl/*.bcp prl/shards.jsonl k8s/*.json k8s/*.err 2>/dev/null | wc -l)
check "no NIR in any report, log or partial file" [ "$leaks" = 0 ]

finish
