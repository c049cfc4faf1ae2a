#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Load test of the hardened mode's evaluation server (docs/OPRF.md, "The server"): `breachcheck serve`
# instances sharing one Redis on loopback, driven by the protocol client build/native/tests/oprf_server_driver (N
# keep-alive connections, spread evenly over the instances; blinded elements computed before the clock starts;
# a sample of the responses finalized afterwards, proof checked against pkS and output compared with the direct
# evaluation). Prints a Markdown table (docs/PERFORMANCE.md, "Evaluation server (hardened mode)"), two lines
# showing rate limits enforced across two instances, and two lines on fairness: how long another client waits
# while one address holds 200 idle or half-sent connections (tests/tools/hog-connections.py).
#
#   tests/bench/oprf-load.sh            # full run, about 1 minute
#   tests/bench/oprf-load.sh --quick    # a few seconds (tests/suites/oprf-server.sh runs it, so it cannot rot)
#   options: --bin PATH (breachcheck), --client PATH (oprf_server_driver), --seconds S (per row),
#            --configs "I:T:C ..." (instances:threads each:client connections), --work DIR (kept)
#
# Client, servers and Redis share the machine: on a 2-core box the figures are what 2 cores do for all three,
# and the table says how the CPU time was split. Exits non-zero if a request fails, a response does not verify,
# or a limit is not held.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BC="${ROOT}/build/native/wasm/breachcheck"
CLIENT="${ROOT}/build/native/tests/oprf_server_driver"
SECONDS_PER_ROW=8
LIMIT_SECONDS=8
HOG_RUNS=5
CONFIGS="1:4:4 2:2:4 2:4:8 2:8:16"
WORK=""
quick=0
while (($#)); do
  case "$1" in
    --quick) quick=1 SECONDS_PER_ROW=1.5 LIMIT_SECONDS=2 HOG_RUNS=1 CONFIGS="2:2:4" ;;
    --bin) BC="$2"; shift ;;
    --client) CLIENT="$2"; shift ;;
    --seconds) SECONDS_PER_ROW="$2"; LIMIT_SECONDS="$2"; shift ;;
    --configs) CONFIGS="$2"; shift ;;
    --work) WORK="$2"; shift ;;
    *) echo "oprf-load: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
for tool in "$BC" "$CLIENT"; do
  [[ -x "$tool" ]] || { echo "oprf-load: $tool missing (native build: cmake --build build/native)" >&2; exit 2; }
done
command -v redis-server >/dev/null || { echo "oprf-load: redis-server missing (scripts/setup.sh)" >&2; exit 2; }

keep_work=1
if [[ -z "$WORK" ]]; then WORK=$(mktemp -d); keep_work=0; fi
mkdir -p "$WORK"
redis_pid=""
serve_pids=()
stop_serves() {
  local pid
  for pid in "${serve_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${serve_pids[@]}"; do wait "$pid" 2>/dev/null; done
  serve_pids=()
}
cleanup() {
  stop_serves
  [[ -n "$redis_pid" ]] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
  ((keep_work)) || rm -rf "$WORK"
}
trap cleanup EXIT
status=0

"$BC" keygen --oprf --out "$WORK/keys" >/dev/null || exit 1
KEY="$WORK/keys/oprf.key"
PUB="$WORK/keys/oprf.pub"
redis_port=$("$CLIENT" free-port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  >"$WORK/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 50); do
  redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break
  sleep 0.1
done

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
field() { sed -n "s/.*\"$1\":\([-0-9.e+]*\).*/\1/p" <<<"$2"; }

# start_serves COUNT PREFIX ARGS...: COUNT instances on free ports; their URLs in $urls.
start_serves() {
  local count=$1 prefix=$2 i port
  shift 2
  urls=()
  for ((i = 0; i < count; i++)); do
    "$BC" serve --key "$KEY" --port 0 --redis "127.0.0.1:$redis_port" --redis-prefix "$prefix" "$@" \
      >/dev/null 2>"$WORK/serve-$prefix$i.log" &
    serve_pids+=($!)
    port=""
    for _ in $(seq 1 100); do
      port=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "$WORK/serve-$prefix$i.log" 2>/dev/null)
      [[ -n "$port" ]] && break
      sleep 0.05
    done
    [[ -n "$port" ]] || { echo "oprf-load: an instance did not start"; cat "$WORK/serve-$prefix$i.log"; exit 1; }
    urls+=(--url "http://127.0.0.1:$port/v1/evaluate")
  done
}

UNLIMITED=(--client-burst 100000000 --client-per-minute 100000000 --global-burst 100000000
           --global-per-second 100000000)
cores=$(nproc)
echo "oprf-load: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), client, servers and Redis on the same machine"
echo
echo "| instances | server threads (each) | client connections | requests | evaluations/s | evaluations/s per core ($cores cores, shared) | evaluations per server CPU-second | p50 ms | p99 ms | CPU used: servers / Redis / client |"
echo "|---|---|---|---|---|---|---|---|---|---|"
row=0
for config in $CONFIGS; do
  IFS=: read -r instances threads connections <<<"$config"
  row=$((row + 1))
  start_serves "$instances" "bench$row:" --threads "$threads" "${UNLIMITED[@]}"
  before=0
  for pid in "${serve_pids[@]}"; do before=$((before + $(cpu_ticks "$pid"))); done
  redis_before=$(cpu_ticks "$redis_pid")
  out=$("$CLIENT" load "${urls[@]}" --connections "$connections" --seconds "$SECONDS_PER_ROW" --pubkey "$PUB" \
    --key "$KEY" --verify 300)
  rc=$?
  after=0
  for pid in "${serve_pids[@]}"; do after=$((after + $(cpu_ticks "$pid"))); done
  redis_after=$(cpu_ticks "$redis_pid")
  stop_serves
  echo "$out" >"$WORK/row$row.json"
  ok=$(field ok "$out")
  if ((rc != 0)) || [[ -z "$ok" ]] || ((ok == 0)) || [[ "$(field rateLimited "$out")" != 0 ]]; then
    echo "oprf-load: row $config failed: $out" >&2
    status=1
    continue
  fi
  awk -v i="$instances" -v t="$threads" -v c="$connections" -v ok="$ok" -v s="$(field seconds "$out")" \
    -v p50="$(field p50Ms "$out")" -v p99="$(field p99Ms "$out")" -v cores="$cores" -v tk="$ticks" \
    -v srv="$((after - before))" -v rds="$((redis_after - redis_before))" -v cli="$(field clientCpuSeconds "$out")" \
    'BEGIN {
       eps = ok / s; server_cpu = srv / tk; redis_cpu = rds / tk;
       printf "| %d | %d | %d | %d | %.0f | %.0f | %.0f | %.2f | %.2f | %.0f%% / %.0f%% / %.0f%% |\n",
              i, t, c, ok, eps, eps / cores, ok / server_cpu, p50, p99,
              100 * server_cpu / s, 100 * redis_cpu / s, 100 * cli / s
     }'
  echo "$out" | sed -n 's/.*"verified":\([0-9]*\),"verifyFailures":\([0-9]*\),"mismatches":\([0-9]*\).*/  verified \1 sampled responses (proof against pkS, output == direct Evaluate): \2 failures, \3 mismatches/p' >>"$WORK/verify.txt"
done
echo "(CPU used: percent of one core over the run; 100% = one core busy. Requests are sequential per connection.)"
if [[ -s "$WORK/verify.txt" ]]; then
  awk '{ v += $2; f += $(NF - 3); m += $(NF - 1) }
       END { printf "Checked after each run: %d sampled responses finalized (proof against pkS) and compared with the direct Evaluate: %d failures, %d mismatches\n", v, f, m }' \
    "$WORK/verify.txt"
fi

echo
echo "Rate limits across 2 instances (one Redis, 8 connections split over both, ${LIMIT_SECONDS} s each):"
# limit_run NAME RATE BURST ARGS...: rate per second, burst; checks RATE*t*0.85 <= ok <= BURST + RATE*t*1.03 + 2.
limit_run() {
  local name=$1 rate=$2 burst=$3 out rc
  shift 3
  start_serves 2 "limit-$name:" --threads 4 "$@"
  out=$("$CLIENT" load "${urls[@]}" --connections 8 --seconds "$LIMIT_SECONDS" --pubkey "$PUB" --verify 50)
  rc=$?
  stop_serves
  echo "$out" >"$WORK/limit-$name.json"
  local ok limited secs retry
  ok=$(field ok "$out")
  limited=$(field rateLimited "$out")
  secs=$(field seconds "$out")
  retry=$(sed -n 's/.*"retryAfter":{\([^}]*\)}.*/\1/p' <<<"$out")
  if ! awk -v ok="$ok" -v r="$rate" -v b="$burst" -v s="$secs" -v rc="$rc" -v lim="$limited" \
      'BEGIN { exit !(rc == 0 && lim > 0 && ok >= 0.85 * r * s && ok <= b + 1.03 * r * s + 2) }'; then
    echo "oprf-load: $name limit not held: $out" >&2
    status=1
  fi
  awk -v n="$name" -v ok="$ok" -v r="$rate" -v b="$burst" -v s="$secs" -v lim="$limited" -v ra="$retry" \
    'BEGIN { printf "- %s limit %g/s (burst %d): %d evaluated in %.1f s = %.1f/s (ceiling %.1f/s with the burst), %d refused with 429 (Retry-After/retry_after seen: %s)\n",
             n, r, b, ok, s, ok / s, (b + r * s) / s, lim, ra }'
}
limit_run global 100 10 --global-per-second 100 --global-burst 10 --client-burst 100000000 --client-per-minute 100000000
limit_run per-client 20 10 --client-per-minute 1200 --client-burst 10 --global-burst 100000000 --global-per-second 100000000

echo
echo "One client holding connections (1 instance, --threads 4, default connection options; $HOG_RUNS runs per mode):"
start_serves 1 "hog:" --threads 4 "${UNLIMITED[@]}"
base="${urls[1]%/v1/evaluate}"
for mode in idle partial; do
  : >"$WORK/hog-$mode.txt"
  for ((run = 0; run < HOG_RUNS; run++)); do
    body=$("$CLIENT" blind "$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" | cut -d' ' -f2)
    # A fresh pair of source addresses per run: nothing left from the previous run counts against them.
    out=$(python3 "$ROOT/tests/tools/hog-connections.py" --url "$base" --mode "$mode" --connections 200 \
      --hog-address "127.0.0.$((10 + run))" --victim-address "127.0.0.$((100 + run))" --victim-body "$body" \
      --victim-timeout 10)
    echo "$out" >>"$WORK/hog-$mode.txt"
    [[ "$(field victimStatus "$out")" == 200 ]] || { echo "oprf-load: $mode hog: the other client got no 200: $out" >&2; status=1; }
  done
  # One line per mode: the median wait over the runs, and how many were answered at all (10 s limit per run).
  sed -n 's/.*"victimStatus":\([0-9]*\),"victimMs":\([0-9.]*\).*/\2 \1/p' "$WORK/hog-$mode.txt" | sort -n |
    awk -v m="$mode" '{ v[NR] = $1; if ($2 == 200) ok++ } END {
      what = (m == "idle") ? "200 idle keep-alive connections" : "200 half-sent requests";
      printf "- %s from one address: another client waited %.1f ms for its evaluation (median of %d runs; min %.1f, max %.1f); answered (200) in %d of %d runs (10 s limit)\n",
             what, v[int((NR + 1) / 2)], NR, v[1], v[NR], ok, NR }'
done
stop_serves
exit $status
