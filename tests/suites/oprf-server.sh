#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The hardened mode's evaluation server, `breachcheck serve` (docs/OPRF.md section 4), run by scripts/test.sh
# after the native build. Its own redis-server on a free loopback port, several instances sharing it, and the
# protocol client build/native/tests/oprf_server_driver (real VOPRF math: blind, finalize against oprf.pub, direct
# evaluation with the key):
#   - an evaluation verifies against pkS and equals the direct Evaluate; blinds differ, outputs agree;
#   - refusals: identity, non-canonical encodings, bad base64 and lengths (400), bodies over 64 bytes (413),
#     unbounded framing (chunked, no length: 411, connection closed), content type (415), origins (403), CORS
#     headers and preflight for configured origins only;
#   - a wrong method on a known route: 405 with Allow; other paths 404; an oversized head: 431/414;
#   - one client cannot starve another: 200 idle keep-alive connections, or 200 half-sent requests, from one
#     address, and another client's evaluation is still answered within 100 ms (tests/tools/hog-connections.py);
#     the per-address connection cap and the idle timeout;
#   - per-client and global token buckets hold across two instances (429, Retry-After == JSON retry_after); a
#     request the global limit refuses writes no key for its client;
#   - Redis stopped or frozen: 503 and /healthz 503 (fail closed); Redis back: 200 again; Redis down when serve
#     starts: serve runs, 503 with Retry-After, 200 once Redis is up;
#   - hostile Redis replies (integers past int64, a wrapped array length): 503, never an evaluation
#     (tests/tools/fake-redis.py); Redis AUTH (requirepass, ACL user) from a file (mode 0440 for serve's own group
#     accepted, another group's refused); TLS to Redis (CA, name, client certificate); /livez 200 with Redis down;
#   - a trickle: one header byte every 0.5 s is closed at the request deadline (--request-timeout-s); 66
#     addresses x 16 trickling connections (more than --max-connections) and a fresh client's /healthz and
#     evaluation are still answered within 1 s (tests/tools/trickle-connections.py);
#   - /healthz; /metrics only on the metrics listener (--metrics-port), never on the evaluation listener, and
#     nowhere by default (Prometheus text, counters that moved);
#   - logs: one fixed-shape JSON line per request; never a body, a header value or a client address;
#   - SIGTERM: /healthz 503 during the grace, new evaluations 503, an in-flight one completes, exit 0;
#   - docs/deploy/nginx-oprf.conf run as shipped (minus TLS) in front of two --trust-proxy instances: evaluation,
#     X-Forwarded-For replaced (separate buckets per real client, spoofing useless), /healthz allow/deny,
#     /metrics not proxied, IPv6 clients keyed by their /64 for limit_conn (as serve counts them), no
#     access log, a draining instance skipped; docs/deploy/breachcheck-serve@.service through systemd-analyze;
#   - the load test (tests/bench/oprf-load.sh --quick), so the bench cannot rot.
# Ends with "oprf-server: N passed, M failed". Budget: about a minute on 2 shared cores.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
CLIENT="${OPRF_SERVER_DRIVER:-build/native/tests/oprf_server_driver}"

SUITE=oprf-server
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"

need_breachcheck
if [[ ! -x "$CLIENT" && -d build/native ]]; then
  cmake --build build/native --target oprf_server_driver >/dev/null 2>&1  # only that target, when the build predates it
fi
[[ -x "$CLIENT" ]] || fail_early "no protocol client at $CLIENT (cmake --build build/native --target oprf_server_driver)"
CLIENT="$(realpath "$CLIENT")"
for tool in redis-server redis-cli nginx; do
  command -v "$tool" >/dev/null || fail_early "$tool missing (scripts/setup.sh installs redis-server, redis-tools, nginx)"
done

work_dir
pids=()  # every process started here, stopped by pid on exit
redis_pid=""
nginx_pid=""
at_exit 'stop_processes "${pids[@]}" "$redis_pid" "$nginx_pid"'
cd "$work"
mkdir -p r logs
"$BC" keygen --oprf --out keys >/dev/null
KEY="$work/keys/oprf.key"
PUB="$work/keys/oprf.pub"
ORIGIN=https://www.example.fr

echo "--- redis-server and instances"
redis_port=$("$CLIENT" free-port)
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    >>logs/redis.log 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 50); do
    [[ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" == PONG ]] && return 0
    sleep 0.1
  done
  return 1
}
check "redis-server answers on 127.0.0.1:$redis_port" start_redis

# serve NAME ARGS...: an instance on a free port, logs (stdout and stderr) in logs/NAME.log; sets NAME_port and
# NAME_pid, and NAME_mport when the instance has a metrics listener (--metrics-port 0). REDIS_AT (HOST:PORT)
# replaces the suite's Redis.
serve() {
  local name=$1 port=""
  shift
  "$BC" serve --key "$KEY" --port 0 --redis "${REDIS_AT:-127.0.0.1:$redis_port}" "$@" >"logs/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "logs/$name.log" 2>/dev/null)
    [[ -n "$port" ]] && break
    sleep 0.05
  done
  printf -v "${name}_port" '%s' "$port"
  printf -v "${name}_pid" '%s' "$pid"
  printf -v "${name}_mport" '%s' "$(sed -n 's/.*"event":"listening".*"metricsPort":\([0-9]*\).*/\1/p' "logs/$name.log")"
  [[ -n "$port" ]]
}
# A and B: the main pair (per-client burst 5, refill 6/min); G1 and G2: a small global bucket; N1 and N2: behind
# nginx with --trust-proxy; S: the shutdown test (long Redis timeout, 1 s grace).
pair() { serve "$1" "${@:3}" && serve "$2" "${@:3}"; }
check "instances A, B start (per-client burst 5, 6/min)" \
  pair A B --metrics-port 0 --allow-origin "$ORIGIN" --client-burst 5 --client-per-minute 6 --redis-prefix t1:
check "instances G1, G2 start (global burst 4, 0.1/s)" \
  pair G1 G2 --metrics-port 0 --global-burst 4 --global-per-second 0.1 --client-burst 100 --redis-prefix t2:
check "instances N1, N2 start (--trust-proxy, per-client burst 2)" \
  pair N1 N2 --trust-proxy --client-burst 2 --client-per-minute 6 --redis-prefix t3:
# FI and FP: default options, fresh (the connection tests below); F0: no per-address cap; FT: idle timeout 2 s.
check "instances FI, FP start (default options)" pair FI FP --metrics-port 0 --redis-prefix t6:
check "instance F0 starts (no per-address connection cap)" serve F0 --max-connections-per-address 0 --redis-prefix t6:
check "instance FT starts (idle timeout 2 s)" serve FT --idle-timeout-s 2 --redis-prefix t6:
# FS: default options, fresh (the trickle from 66 addresses); FD: request deadline 2 s.
check "instance FS starts (default options, metrics listener)" serve FS --metrics-port 0 --redis-prefix t7:
check "instance FD starts (request deadline 2 s)" serve FD --request-timeout-s 2 --redis-prefix t7:
A="http://127.0.0.1:$A_port/v1/evaluate"
B="http://127.0.0.1:$B_port/v1/evaluate"
check "the startup line gives pkS (== oprf.pub), its fingerprint and the limits" \
  grep -q "\"publicKey\":\"$(cat "$PUB")\".*\"fingerprint\":\"[0-9a-f ]*\".*\"clientBurst\":5" logs/A.log

# --- helpers
sent="$work/sent-bodies.txt"  # every request body sent: must never appear in a log
: >"$sent"
new_input() { od -An -tx1 -N32 /dev/urandom | tr -d ' \n'; }
# post NAME URL BODY [http args...]: POST text/plain from a source address in $SRC (default 127.0.0.1); status
# on stdout, r/NAME.h and r/NAME.b written.
SRC=127.0.0.1
post() {
  local name=$1 url=$2 body=$3
  shift 3
  echo "$body" >>"$sent"
  "$CLIENT" http --bind "$SRC" -H "Content-Type: text/plain;charset=UTF-8" --body "$body" -o "r/$name" "$@" "$url"
}
get() { "$CLIENT" http -X GET --bind "$SRC" -o "r/$1" "${@:3}" "$2" >/dev/null; }
hdr() { grep -qixF "$2: $3" "r/$1.h"; }  # hdr NAME Header-Name exact-value
status_is() { [[ "$(head -1 "r/$1.h" | cut -d' ' -f2)" == "$2" ]]; }
body_is() { [[ "$(cat "r/$1.b")" == "$2" ]]; }
# evaluate NAME URL: blind a fresh input, POST it; IN, BL, BD hold input, blind, blinded element.
evaluate() {
  IN=$(new_input)
  read -r BL BD < <("$CLIENT" blind "$IN")
  post "$1" "$2" "$BD" "${@:3}" >/dev/null
}
finalize() { "$CLIENT" finalize "$IN" "$BL" "$BD" "$PUB" "r/$1.b"; }
metric() { sed -n "s/^breachcheck_oprf_requests_total{outcome=\"$2\"} \([0-9]*\)$/\1/p" "r/$1.b"; }

echo "--- a valid evaluation"
evaluate ok1 "$A"
check "200 application/json" eval 'status_is ok1 200 && hdr ok1 Content-Type application/json'
check "Cache-Control: no-store" hdr ok1 Cache-Control no-store
check "body: evaluated_element (32 bytes) and proof (64 bytes), nothing else" \
  grep -Eq '^\{"evaluated_element":"[A-Za-z0-9+/]{43}=","proof":"[A-Za-z0-9+/]{86}=="\}$' r/ok1.b
out1=$(finalize ok1)
check "the proof verifies against oprf.pub (voprf_finalize)" [ -n "$out1" ]
check "the output equals the direct Evaluate with skS" [ "$out1" = "$("$CLIENT" evaluate "$KEY" "$IN")" ]
"$BC" keygen --oprf --out other >/dev/null
check "the response does not verify against another key" eval '! "$CLIENT" finalize $IN $BL $BD other/oprf.pub r/ok1.b 2>/dev/null'
first_in=$IN first_bd=$BD
read -r BL2 BD2 < <("$CLIENT" blind "$first_in")
post ok2 "$B" "$BD2" >/dev/null
check "two blinds of the same input differ" [ "$BD2" != "$first_bd" ]
check "instance B's output for the second blind equals A's for the first" \
  [ "$("$CLIENT" finalize "$first_in" "$BL2" "$BD2" "$PUB" r/ok2.b)" = "$out1" ]

echo "--- refusals (each from its own source address, so no bucket is shared)"
SRC=127.0.0.2
zero=$(head -c 32 /dev/zero | base64)
post identity "$A" "$zero" >/dev/null
check "identity element (32 zero bytes) -> 400 invalid_element" \
  eval 'status_is identity 400 && body_is identity "{\"error\":\"invalid_element\"}"'
# Bit 255 set on a valid element: the same point to libsodium's decoder, non-canonical to RFC 9496.
last=$(echo "$BD" | base64 -d | tail -c 1 | od -An -tu1 | tr -d ' ')
high=$({ echo "$BD" | base64 -d | head -c 31; printf "\\$(printf %03o $((last | 128)))"; } | base64)
post bit255 "$A" "$high" >/dev/null
check "valid element with bit 255 set -> 400" status_is bit255 400
# p = 2^255 - 19 (little-endian): the smallest encoding >= p.
post ge_p "$A" "$({ printf '\xed'; head -c 30 /dev/zero | tr '\0' '\377'; printf '\x7f'; } | base64)" >/dev/null
check "an encoding >= p -> 400" status_is ge_p 400
post short "$A" "${BD:0:43}" >/dev/null
check "43 characters -> 400" status_is short 400
post nopad "$A" "${BD:0:43}A" >/dev/null
check "44 characters, bad trailing bits or not an element -> 400" status_is nopad 400
post badb64 "$A" "${BD:0:40}!!!=" >/dev/null
check "not base64 -> 400" status_is badb64 400
for _ in $(seq 1 50); do [[ "$BD" == *[+/]* ]] && break; read -r _ BD < <("$CLIENT" blind "$(new_input)"); done
post control "$A" "$BD" >/dev/null
post urlsafe "$A" "$(echo "$BD" | tr '+/' '-_')" >/dev/null
check "the same element in the URL-safe alphabet -> 400 (standard base64 only)" \
  eval 'status_is control 200 && status_is urlsafe 400'
post newline "$A" "$BD"$'\n' >/dev/null
check "trailing newline (45 bytes) -> 400" status_is newline 400
post big "$A" "$(head -c 65 /dev/zero | tr '\0' A)" >/dev/null
check "65-byte body -> 413" status_is big 413
post huge "$A" "" --content-length 100000000000 >/dev/null
check "Content-Length 100 GB -> 413 at once (nothing read), connection closed" \
  eval 'status_is huge 413 && hdr huge Connection close'
# cpp-httplib 0.11 would buffer these whole; serve refuses them on their headers (wasm/cli/net/http_server.cpp).
post chunked "$A" $'2C\r\n'"$BD"$'\r\n0\r\n\r\n' -H "Transfer-Encoding: chunked" --no-content-length >/dev/null
check "Transfer-Encoding: chunked -> 411 length_required, connection closed" \
  eval 'status_is chunked 411 && body_is chunked "{\"error\":\"length_required\"}" && hdr chunked Connection close'
for i in 1 2 3; do
  "$CLIENT" http --bind "$SRC" -H "Content-Type: text/plain" --body-bytes 50000000 --no-content-length -o r/nolength$i "$A" >/dev/null
done
peak_kib=$(sed -n 's/^VmHWM:\s*\([0-9]*\) kB/\1/p' "/proc/$A_pid/status")
check "POST without Content-Length, 3 x 50 MB streamed -> 411, server peak RSS ${peak_kib} KiB" \
  eval 'status_is nolength1 411 && status_is nolength3 411 && [ "$peak_kib" -lt 40000 ]'
"$CLIENT" http --bind "$SRC" -H "Content-Type: application/json" --body "$BD" -o r/ctype "$A" >/dev/null
check "Content-Type application/json -> 415" status_is ctype 415
"$CLIENT" http --bind "$SRC" -H "Content-Type: text/plainx" --body "$BD" -o r/ctype2 "$A" >/dev/null
check "Content-Type text/plainx -> 415" status_is ctype2 415
"$CLIENT" http --bind "$SRC" --body "$BD" -o r/ctype3 "$A" >/dev/null
check "no Content-Type -> 415" status_is ctype3 415
evaluate origin_bad "$A" -H "Origin: https://evil.example"
check "Origin not configured -> 403 origin_not_allowed, no CORS header" \
  eval 'status_is origin_bad 403 && body_is origin_bad "{\"error\":\"origin_not_allowed\"}" && ! grep -qi "^Access-Control" r/origin_bad.h'
evaluate origin_ok "$A" -H "Origin: $ORIGIN"
check "configured Origin -> 200 with Access-Control-Allow-Origin: exactly that origin, Vary: Origin" \
  eval 'status_is origin_ok 200 && hdr origin_ok Access-Control-Allow-Origin "$ORIGIN" && [ "$(grep -ci "^Access-Control-Allow-Origin" r/origin_ok.h)" = 1 ] && hdr origin_ok Vary Origin'
"$CLIENT" http -X OPTIONS --bind "$SRC" -H "Origin: $ORIGIN" -H "Access-Control-Request-Method: POST" -o r/pre_ok "$A" >/dev/null
check "OPTIONS preflight, configured origin -> 204 with Allow-Origin and Allow-Methods POST" \
  eval 'status_is pre_ok 204 && hdr pre_ok Access-Control-Allow-Origin "$ORIGIN" && hdr pre_ok Access-Control-Allow-Methods POST'
"$CLIENT" http -X OPTIONS --bind "$SRC" -H "Origin: https://evil.example" -o r/pre_bad "$A" >/dev/null
check "OPTIONS preflight, other origin -> 403 without CORS headers" \
  eval 'status_is pre_bad 403 && ! grep -qi "^Access-Control" r/pre_bad.h'
"$CLIENT" http -X OPTIONS --bind "$SRC" -o r/pre_none "$A" >/dev/null
check "OPTIONS without Origin -> 403" status_is pre_none 403
get wrongpath "http://127.0.0.1:$A_port/v1/evaluate/../../etc/passwd?x=1"
check "other paths -> 404" status_is wrongpath 404
# The request head is bounded by libmicrohttpd itself (16 KiB per connection), before any handler runs.
long=$(head -c 20000 /dev/zero | tr '\0' a)
"$CLIENT" http -X GET --bind "$SRC" -H "X-Long: $long" -o r/longheader "http://127.0.0.1:$A_port/healthz" >/dev/null
"$CLIENT" http -X GET --bind "$SRC" -o r/longuri "http://127.0.0.1:$A_port/$long" >/dev/null
garbage=$(python3 -c 'import socket,sys; s=socket.create_connection(("127.0.0.1",int(sys.argv[1]))); s.sendall(b"GARBAGE\r\n\r\n"); s.settimeout(5); print(len(s.recv(100)))' "$A_port")
get after_long "http://127.0.0.1:$A_port/healthz"
check "a 20 KB header -> 431, a 20 KB path -> 414, a malformed request line -> closed; the server answers on" \
  eval 'status_is longheader 431 && status_is longuri 414 && [ "$garbage" = 0 ] && status_is after_long 200'
get get_eval "$A"
check "GET on the endpoint -> 405 method_not_allowed, Allow: POST, OPTIONS" \
  eval 'status_is get_eval 405 && hdr get_eval Allow "POST, OPTIONS" && body_is get_eval "{\"error\":\"method_not_allowed\"}"'
"$CLIENT" http -X POST --bind "$SRC" -H "Content-Type: text/plain" --body "x" -o r/post_health "http://127.0.0.1:$A_port/healthz" >/dev/null
check "POST on /healthz -> 405, Allow: GET, HEAD" eval 'status_is post_health 405 && hdr post_health Allow "GET, HEAD"'

echo "--- connections: one client cannot starve another (tests/tools/hog-connections.py)"
HOG="$ROOT/tests/tools/hog-connections.py"
read -r _ BD < <("$CLIENT" blind "$(new_input)"); echo "$BD" >>"$sent"
# hog NAME PORT MODE HOG_ADDRESS VICTIM_ADDRESS: 200 connections from HOG_ADDRESS, then one evaluation from
# VICTIM_ADDRESS, which must be answered (200) within 100 ms; the JSON line goes to r/NAME.json.
hog() {
  python3 "$HOG" --url "http://127.0.0.1:$2" --mode "$3" --connections 200 --hog-address "$4" \
    --victim-address "$5" --victim-body "$BD" --limit-ms 100 --victim-timeout 5 >"r/$1.json"
  local rc=$?
  echo "  | $(cat "r/$1.json")"
  return $rc
}
check "200 idle keep-alive connections from one client: another client's evaluation answered within 100 ms" \
  hog idle "$FI_port" idle 127.0.0.21 127.0.0.22
check "... the per-address cap (16) answered 16 of them and closed the other 184 at once" \
  eval '[ "$(json r/idle.json "d[\"hogAnswered\"]")" = 16 ] && [ "$(json r/idle.json "d[\"hogClosedByServer\"]")" = 184 ]'
check "200 half-sent requests from one client: another client's evaluation answered within 100 ms" \
  hog partial "$FP_port" partial 127.0.0.23 127.0.0.24
check "without the per-address cap (F0), 200 idle keep-alive connections: still answered within 100 ms" \
  hog idle0 "$F0_port" idle 127.0.0.25 127.0.0.26
check "without the per-address cap (F0), 200 half-sent requests: still answered within 100 ms" \
  hog partial0 "$F0_port" partial 127.0.0.27 127.0.0.28
get fm "http://127.0.0.1:$FI_mport/metrics"
refused=$(sed -n 's/^breachcheck_oprf_connections_refused_total{reason="per_address"} //p' r/fm.b)
check "/metrics counts the connections refused by the cap (${refused:-none}, at least 184)" [ "${refused:-0}" -ge 184 ]
# A request stalled half-way is closed after --idle-timeout-s (2 s on FT) without a byte.
stalled=$(python3 - "$FT_port" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Le")
start = time.monotonic()
s.settimeout(10)
try:
    while s.recv(4096):
        pass
except OSError:
    pass
print(round(time.monotonic() - start, 1))
PY
)
check "a stalled request is closed by the server after the idle timeout (2 s): ${stalled} s" \
  awk -v t="$stalled" 'BEGIN { exit !(t >= 1.5 && t <= 4) }'

echo "--- connections: a trickle from many addresses cannot starve serve (tests/tools/trickle-connections.py)"
TRICKLE="$ROOT/tests/tools/trickle-connections.py"
# One header byte every 0.5 s never trips the 5 s idle timeout; the 2 s request deadline (FD) closes it anyway.
check "a request trickled one byte every 0.5 s is closed at the request deadline (2 s on FD)" \
  sh -c "python3 '$TRICKLE' deadline --url http://127.0.0.1:$FD_port --interval 0.5 --expect-cut 2 --slack 1.5 \
    >r/deadline.json; rc=\$?; echo \"  | \$(cat r/deadline.json)\"; exit \$rc"
# 66 addresses x 16 connections (the per-address cap) = 1,056 > the 1,024 total: every connection trickles a
# header byte a second and comes back 0.2 s after the server closes it. After 4 s of that, a fresh client's
# /healthz and evaluation must each be answered within 1 s (before the fix: not answered within 4 s, the
# connections held until they chose to stop).
read -r _ BD < <("$CLIENT" blind "$(new_input)"); echo "$BD" >>"$sent"
check "1,056 trickling connections from 66 addresses: a fresh client's /healthz and evaluation answered within 1 s" \
  sh -c "python3 '$TRICKLE' starve --url http://127.0.0.1:$FS_port --addresses 66 --per-address 16 \
    --first-address 127.0.2.1 --interval 1 --hold 4 --victim-address 127.0.0.29 --victim-body '$BD' \
    --limit-ms 1000 >r/starve.json; rc=\$?; echo \"  | \$(cat r/starve.json)\"; exit \$rc"
get fs_metrics "http://127.0.0.1:$FS_mport/metrics"
room=$(sed -n 's/^breachcheck_oprf_connections_cut_total{reason="room"} //p' r/fs_metrics.b)
check "... room was made by cutting the longest-waiting connections (cut for room: ${room:-none})" [ "${room:-0}" -ge 2 ]

echo "--- per-client limit across instances A and B (burst 5, one client alternating)"
SRC=127.0.0.3
codes=""
for i in 1 2 3 4 5 6 7; do
  if ((i % 2)); then url=$A; else url=$B; fi
  evaluate "rl$i" "$url"
  codes+="$(head -1 "r/rl$i.h" | cut -d' ' -f2) "
done
check "requests 1-5 -> 200, 6 (instance B) and 7 (instance A) -> 429 [$codes]" [ "$codes" = "200 200 200 200 200 429 429 " ]
ra_header=$(sed -n 's/^Retry-After: \([0-9]*\)$/\1/Ip' r/rl6.h)
ra_json=$(sed -n 's/.*"retry_after":\([0-9]*\).*/\1/p' r/rl6.b)
check "429 carries Retry-After (${ra_header:-none} s) == JSON retry_after, about 10 s at 6/min" \
  eval '[ -n "$ra_header" ] && [ "$ra_header" = "$ra_json" ] && [ "$ra_header" -ge 8 ] && [ "$ra_header" -le 10 ]'
check "429 body is {\"error\":\"rate_limited\",\"retry_after\":N}" grep -Eq '^\{"error":"rate_limited","retry_after":[0-9]+\}$' r/rl7.b
SRC=127.0.0.4
evaluate rl_other "$B"
check "another client is not limited" status_is rl_other 200
SRC=127.0.0.3
evaluate rl_xff "$A" -H "X-Forwarded-For: 198.51.100.1"
check "without --trust-proxy, X-Forwarded-For does not change the bucket" status_is rl_xff 429

echo "--- global limit across instances G1 and G2 (burst 4, distinct clients)"
codes=""
for i in 1 2 3 4 5 6; do
  SRC=127.0.1.$i
  if ((i % 2)); then url="http://127.0.0.1:$G1_port/v1/evaluate"; else url="http://127.0.0.1:$G2_port/v1/evaluate"; fi
  evaluate "gl$i" "$url"
  codes+="$(head -1 "r/gl$i.h" | cut -d' ' -f2) "
done
check "4 distinct clients -> 200, the 5th and 6th -> 429 [$codes]" [ "$codes" = "200 200 200 200 429 429 " ]
client_keys=$(redis-cli -p "$redis_port" --scan --pattern 't2:c:*' | wc -l)
check "the 2 clients refused by the global limit left no key in Redis (client keys: $client_keys, 4 allowed)" [ "$client_keys" = 4 ]
ra_header=$(sed -n 's/^Retry-After: \([0-9]*\)$/\1/Ip' r/gl5.h)
ra_json=$(sed -n 's/.*"retry_after":\([0-9]*\).*/\1/p' r/gl5.b)
check "global 429: Retry-After (${ra_header:-none} s) == retry_after, 10 s at 0.1/s" \
  eval '[ -n "$ra_header" ] && [ "$ra_header" = "$ra_json" ] && [ "$ra_header" -ge 8 ] && [ "$ra_header" -le 10 ]'
SRC=127.0.0.1
get gm1 "http://127.0.0.1:$G1_mport/metrics"
get gm2 "http://127.0.0.1:$G2_mport/metrics"
check "counted as rate_limited_global (not client) on the instances" \
  [ "$(( $(metric gm1 rate_limited_global) + $(metric gm2 rate_limited_global) ))" = 2 -a "$(( $(metric gm1 rate_limited_client) + $(metric gm2 rate_limited_client) ))" = 0 ]

echo "--- /healthz and /metrics"
get hz "http://127.0.0.1:$A_port/healthz"
check "/healthz 200 ok" eval 'status_is hz 200 && body_is hz ok'
get m "http://127.0.0.1:$A_mport/metrics"
check "/metrics on the metrics listener (--metrics-port): Prometheus text 0.0.4" \
  hdr m Content-Type "text/plain; version=0.0.4"
get m_main "http://127.0.0.1:$A_port/metrics"
check "/metrics on the evaluation listener: 404, even with a metrics listener" status_is m_main 404
get m_default "http://127.0.0.1:$FP_port/metrics"
get hz_default "http://127.0.0.1:$FP_port/healthz"
check "by default (no --metrics-port) /metrics is answered nowhere: 404 on the listener ($FP_port), /healthz 200" \
  eval 'status_is m_default 404 && status_is hz_default 200'
get m_other "http://127.0.0.1:$A_mport/healthz"
check "the metrics listener answers /metrics only (/healthz there: 404)" status_is m_other 404
moved() {
  local name=$1 outcome value
  shift
  for outcome in "$@"; do
    value=$(metric "$name" "$outcome")
    [[ "${value:-0}" -gt 0 ]] || { echo "  ($outcome: ${value:-absent})"; return 1; }
  done
}
check "/metrics: counters moved (evaluated, invalid_element, rate_limited_client, unsupported_media_type, origin_refused, body_refused)" \
  moved m evaluated invalid_element rate_limited_client unsupported_media_type origin_refused body_refused
histogram_count=$(sed -n 's/^breachcheck_oprf_evaluation_seconds_count \([0-9]*\)$/\1/p' r/m.b)
check "/metrics: latency histogram counted every evaluation ($histogram_count), up 1, draining 0" \
  eval '[ "$histogram_count" = "$(metric m evaluated)" ] && grep -qx "breachcheck_oprf_up 1" r/m.b && grep -qx "breachcheck_oprf_draining 0" r/m.b'

echo "--- Redis down: fail closed; back: served again"
SRC=127.0.0.5
kill -STOP "$redis_pid"
evaluate frozen "$A"
check "Redis frozen (SIGSTOP): 503 unavailable (250 ms timeout)" eval 'status_is frozen 503 && body_is frozen "{\"error\":\"unavailable\"}"'
kill -CONT "$redis_pid"
kill "$redis_pid"
wait "$redis_pid" 2>/dev/null
redis_pid=""
evaluate down_a "$A"
evaluate down_b "$B"
check "Redis stopped: evaluations -> 503 unavailable on both instances" eval 'status_is down_a 503 && status_is down_b 503'
check "Redis stopped: 503 carries Retry-After" hdr down_a Retry-After 5
get hz_down "http://127.0.0.1:$A_port/healthz"
check "Redis stopped: /healthz 503" status_is hz_down 503
get lz_down "http://127.0.0.1:$A_port/livez"
check "Redis stopped: /livez 200 (liveness: the process answers; a restart would not bring Redis back)" \
  eval 'status_is lz_down 200 && body_is lz_down ok'
get m_down "http://127.0.0.1:$A_mport/metrics"
check "Redis stopped: /metrics up 0, store_unavailable counted" \
  eval 'grep -qx "breachcheck_oprf_up 0" r/m_down.b && [ "$(metric m_down store_unavailable)" -ge 2 ]'
check "Redis restarted on the same port" start_redis
evaluate back_a "$A"
evaluate back_b "$B"
check "Redis back: both instances evaluate again (reconnect)" eval 'status_is back_a 200 && status_is back_b 200'
check "Redis back: the evaluation verifies" eval 'finalize back_b >/dev/null'
get hz_back "http://127.0.0.1:$A_port/healthz"
check "Redis back: /healthz 200" status_is hz_back 200
check "instance A logged the store going down, then up again (one line each way)" \
  eval '[ "$(grep -c "^{\"event\":\"rate_limit_store\",\"up\":false}$" logs/A.log)" = 1 ] && [ "$(grep -c "^{\"event\":\"rate_limit_store\",\"up\":true}$" logs/A.log)" = 1 ] && [ "$(grep -n "rate_limit_store" logs/A.log | head -1 | grep -c false)" = 1 ]'

echo "--- Redis down when serve starts: serve runs, 503 until Redis is up"
SRC=127.0.0.31
late_port=$("$CLIENT" free-port)
REDIS_AT="127.0.0.1:$late_port" serve L --redis-prefix t8:
check "serve starts although nothing answers at its --redis address (startup line: rateLimitStoreUp false)" \
  eval '[ -n "$L_port" ] && grep -q "\"rateLimitStoreUp\":false" logs/L.log && kill -0 "$L_pid"'
L="http://127.0.0.1:$L_port/v1/evaluate"
evaluate late1 "$L"
check "no Redis yet: evaluation -> 503 unavailable with Retry-After" \
  eval 'status_is late1 503 && body_is late1 "{\"error\":\"unavailable\"}" && hdr late1 Retry-After 5'
get late_hz "http://127.0.0.1:$L_port/healthz"
check "no Redis yet: /healthz 503" status_is late_hz 503
redis-server --port "$late_port" --bind 127.0.0.1 --save '' --appendonly no >logs/redis-late.log 2>&1 &
pids+=("$!")
for _ in $(seq 1 50); do [[ "$(redis-cli -p "$late_port" ping 2>/dev/null)" == PONG ]] && break; sleep 0.1; done
evaluate late2 "$L"
check "Redis started: the same process evaluates (200, verifies) without a restart" \
  eval 'status_is late2 200 && finalize late2 >/dev/null && kill -0 "$L_pid"'

echo "--- hostile Redis replies (tests/tools/fake-redis.py): never an evaluation"
fake_port=$("$CLIENT" free-port)
# In order: 2^64+1 (wraps to 1 = "allowed" in a naive parser), 20 nines, one below int64's minimum, an array
# length of 2^64+3 (wraps to 3); then replies outside the parser's other bounds (the first four are the
# regression tests, these five were refused before too); then an honest "allowed" reply (the control).
python3 "$ROOT/tests/tools/fake-redis.py" --port "$fake_port" \
  --reply '*3\r\n:18446744073709551617\r\n:0\r\n:0\r\n' \
  --reply '*3\r\n:1\r\n:99999999999999999999\r\n:0\r\n' \
  --reply '*3\r\n:-9223372036854775809\r\n:0\r\n:0\r\n' \
  --reply '*18446744073709551619\r\n:1\r\n:0\r\n:0\r\n' \
  --reply '*3\r\n:+1\r\n:0\r\n:0\r\n' \
  --reply '*3\r\n:1\r\n:0\r\n:\r\n' \
  --reply '*1\r\n*1\r\n*1\r\n*1\r\n*3\r\n:1\r\n:0\r\n:0\r\n' \
  --reply '*1025\r\n:1\r\n' \
  --reply '*3\r\n$1\r\n1\r\n:0\r\n:0\r\n' \
  --reply '*3\r\n:1\r\n:0\r\n:0\r\n' >logs/fake-redis.out 2>&1 &
pids+=("$!")
for _ in $(seq 1 50); do grep -q ready logs/fake-redis.out && break; sleep 0.1; done
REDIS_AT="127.0.0.1:$fake_port" serve H --threads 1 --redis-prefix t9:
H="http://127.0.0.1:$H_port/v1/evaluate"
codes=""
for i in 1 2 3 4; do evaluate "hostile$i" "$H"; codes+="$(head -1 "r/hostile$i.h" | cut -d' ' -f2) "; done
check "integer 2^64+1, 20 nines, -2^63-1, array length 2^64+3 -> 503 each [$codes]" [ "$codes" = "503 503 503 503 " ]
codes=""
for i in 5 6 7 8 9; do evaluate "hostile$i" "$H"; codes+="$(head -1 "r/hostile$i.h" | cut -d' ' -f2) "; done
check "a plus sign, an empty integer, nesting 5 deep, 1,025 elements, a string for a number -> 503 each [$codes]" \
  [ "$codes" = "503 503 503 503 503 " ]
evaluate hostile_control "$H"
check "the same server, an honest reply next: 200 (it kept running)" eval 'status_is hostile_control 200 && kill -0 "$H_pid"'

echo "--- Redis AUTH (requirepass and an ACL user, from a file)"
SRC=127.0.0.32
auth_port=$("$CLIENT" free-port)
default_password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
acl_password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
mkdir -p auth && chmod 700 auth
# The configuration file (not the command line) holds the passwords. The ACL user may run the script and the
# commands it calls, on its own key prefix only.
printf '%s\n' "port $auth_port" "bind 127.0.0.1" 'save ""' "appendonly no" "requirepass $default_password" \
  "user bcserve on >$acl_password ~t10:* +eval +ping +time +hmget +hset +pexpire" >auth/redis.conf
chmod 600 auth/redis.conf
redis-server auth/redis.conf >logs/redis-auth.log 2>&1 &
pids+=("$!")
for _ in $(seq 1 50); do redis-cli -p "$auth_port" ping 2>/dev/null | grep -q NOAUTH && break; sleep 0.1; done
printf '%s\n' "$default_password" >auth/default.pass
printf 'bcserve\n%s\n' "$acl_password" >auth/acl.pass
printf 'bcserve\nwrong-%s\n' "$acl_password" >auth/wrong.pass
chmod 600 auth/default.pass auth/acl.pass auth/wrong.pass
export REDIS_AT="127.0.0.1:$auth_port"
serve AU1 --redis-auth-file auth/default.pass --redis-prefix t10:
serve AU2 --redis-auth-file auth/acl.pass --redis-prefix t10:
serve AU3 --redis-prefix t10:
serve AU4 --redis-auth-file auth/wrong.pass --redis-prefix t10:
unset REDIS_AT
evaluate au1 "http://127.0.0.1:$AU1_port/v1/evaluate"
check "password (requirepass) from --redis-auth-file: 200, verifies" eval 'status_is au1 200 && finalize au1 >/dev/null'
evaluate au2 "http://127.0.0.1:$AU2_port/v1/evaluate"
check "ACL user and password from --redis-auth-file: 200, verifies" eval 'status_is au2 200 && finalize au2 >/dev/null'
check "... the buckets are in Redis under the ACL user's prefix" \
  eval '[ "$(REDISCLI_AUTH=$default_password redis-cli -p "$auth_port" --no-auth-warning --scan --pattern "t10:c:*" | wc -l)" -ge 1 ]'
evaluate au3 "http://127.0.0.1:$AU3_port/v1/evaluate"
check "no credentials (NOAUTH): 503 unavailable, fail closed" status_is au3 503
evaluate au4 "http://127.0.0.1:$AU4_port/v1/evaluate"
check "a wrong password (WRONGPASS): 503 unavailable, fail closed" status_is au4 503
check "... and each of them says so at start (rateLimitStoreUp false), while AU1 and AU2 say true" \
  eval 'grep -q "\"rateLimitStoreUp\":false" logs/AU3.log && grep -q "\"rateLimitStoreUp\":false" logs/AU4.log && grep -q "\"rateLimitStoreUp\":true" logs/AU1.log && grep -q "\"rateLimitStoreUp\":true" logs/AU2.log'

check "the passwords appear in no log and on no command line" \
  eval '! cat logs/AU*.log | grep -qF -e "$default_password" -e "$acl_password" && ! cat /proc/$AU1_pid/cmdline /proc/$AU2_pid/cmdline | tr "\0" " " | grep -qF -e "$default_password" -e "$acl_password"'
cp auth/acl.pass auth/loose.pass && chmod 644 auth/loose.pass
"$BC" serve --key "$KEY" --port 0 --redis "127.0.0.1:$auth_port" --redis-auth-file auth/loose.pass >auth/loose.out 2>&1
rc=$?
check "an auth file readable by others is refused at start (exit $rc), without echoing it" \
  eval '[ $rc != 0 ] && grep -q "readable by group or others" auth/loose.out && ! grep -qF "$acl_password" auth/loose.out'
cp auth/acl.pass auth/group.pass && chmod 640 auth/group.pass && chgrp nogroup auth/group.pass
"$BC" serve --key "$KEY" --port 0 --redis "127.0.0.1:$auth_port" --redis-auth-file auth/group.pass >auth/group.out 2>&1
rc=$?
check "an auth file readable by another group is refused at start (exit $rc)" \
  eval '[ $rc != 0 ] && grep -q "readable by group or others" auth/group.out'
# A Kubernetes Secret mounted with fsGroup: mode 0440, group = the pod's own group (docs/deploy/k8s-serve.yaml).
cp auth/acl.pass auth/own-group.pass && chmod 440 auth/own-group.pass && chgrp "$(id -g)" auth/own-group.pass
REDIS_AT="127.0.0.1:$auth_port" serve AU5 --redis-auth-file auth/own-group.pass --redis-prefix t10:
evaluate au5 "http://127.0.0.1:$AU5_port/v1/evaluate"
check "an auth file readable by serve's own group (0440, a Secret with fsGroup) is accepted: 200" status_is au5 200

echo "--- Redis over TLS (redis-server's tls-port; CA, name and client certificate checked)"
SRC=127.0.0.33
mkdir -p tls
# tls_cert NAME CN SAN ISSUER: an EC key and a certificate for it signed by ISSUER (in tls/).
tls_cert() {
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "tls/$1.key" -subj "/CN=$2" \
    -out "tls/$1.csr" 2>/dev/null &&
    openssl x509 -req -in "tls/$1.csr" -CA "tls/$4.crt" -CAkey "tls/$4.key" -CAcreateserial -days 2 \
      -extfile <(printf 'subjectAltName=%s\n' "$3") -out "tls/$1.crt" 2>/dev/null
}
for ca in ca other-ca; do
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "tls/$ca.key" -subj "/CN=$ca" \
    -days 2 -out "tls/$ca.crt" 2>/dev/null
done
tls_cert redis redis.test "DNS:redis.test,IP:127.0.0.1" ca
tls_cert client breachcheck-serve "DNS:breachcheck-serve" ca
chmod 600 tls/*.key
tls_port=$("$CLIENT" free-port)
redis-server --port 0 --tls-port "$tls_port" --bind 127.0.0.1 --save '' --appendonly no \
  --tls-cert-file tls/redis.crt --tls-key-file tls/redis.key --tls-ca-cert-file tls/ca.crt --tls-auth-clients yes \
  >logs/redis-tls.log 2>&1 &
pids+=("$!")
for _ in $(seq 1 50); do grep -q "Ready to accept connections" logs/redis-tls.log && break; sleep 0.1; done
export REDIS_AT="127.0.0.1:$tls_port"
TLS_CLIENT=(--redis-tls-cert tls/client.crt --redis-tls-key tls/client.key)
serve T1 --redis-tls --redis-tls-ca tls/ca.crt "${TLS_CLIENT[@]}" --redis-prefix t11:
serve T2 --redis-tls --redis-tls-ca tls/ca.crt --redis-tls-name redis.test "${TLS_CLIENT[@]}" --redis-prefix t11:
serve T3 --redis-tls --redis-tls-ca tls/other-ca.crt "${TLS_CLIENT[@]}" --redis-prefix t11:
serve T4 --redis-tls --redis-tls-ca tls/ca.crt --redis-tls-name other.test "${TLS_CLIENT[@]}" --redis-prefix t11:
serve T5 --redis-tls --redis-tls-ca tls/ca.crt --redis-prefix t11:
serve T6 --redis-prefix t11:
unset REDIS_AT
evaluate tls1 "http://127.0.0.1:$T1_port/v1/evaluate"
check "TLS, CA and IP address verified, client certificate: 200, verifies (startup line: redis+tls)" \
  eval 'status_is tls1 200 && finalize tls1 >/dev/null && grep -q "\"rateLimitStore\":\"redis+tls\"" logs/T1.log'
for i in 2 3 4 5 6; do port_var="T${i}_port"; evaluate "tls$i" "http://127.0.0.1:${!port_var}/v1/evaluate"; done
check "TLS with --redis-tls-name matching the certificate's DNS name: 200" status_is tls2 200
check "a certificate from another CA: 503 (not trusted)" status_is tls3 503
check "a name the certificate does not carry: 503" status_is tls4 503
check "no client certificate where Redis requires one: 503" status_is tls5 503
check "plain RESP to the TLS port: 503" status_is tls6 503
"$BC" serve --key "$KEY" --port 0 --redis "127.0.0.1:$tls_port" --redis-tls >tls/noca.out 2>&1
rc=$?
check "--redis-tls without --redis-tls-ca is a usage error" eval '[ $rc != 0 ] && grep -q "redis-tls-ca" tls/noca.out'

echo "--- nginx in front (docs/deploy/nginx-oprf.conf as shipped, minus TLS)"
SRC=127.0.0.1
ngx_port=$("$CLIENT" free-port)
ngx_probe_port=$("$CLIENT" free-port)
mkdir -p nginx/tmp nginx/logs
CONF="$ROOT/docs/deploy/nginx-oprf.conf"
shipped_ok=1
for pattern in '# tls$' 'server 127\.0\.0\.1:8787 ' 'server 127\.0\.0\.1:8788 ' 'allow 192\.0\.2\.10;' \
               '/var/log/nginx/' 'server_name ' 'proxy_set_header X-Forwarded-For \$remote_addr;' 'access_log off;'; do
  grep -q "$pattern" "$CONF" || { echo "  nginx-oprf.conf: no line matches '$pattern'"; shipped_ok=0; }
done
check "nginx-oprf.conf has the lines the test adapts (TLS markers, ports, monitoring host, log path)" [ "$shipped_ok" = 1 ]
sed -e '/# tls$/d' \
    -e "s/server 127\.0\.0\.1:8787 /server 127.0.0.1:$N1_port /" \
    -e "s/server 127\.0\.0\.1:8788 /server 127.0.0.1:$N2_port /" \
    -e 's/allow 192\.0\.2\.10;/allow 127.0.0.1;/' \
    -e "s|/var/log/nginx/|$work/nginx/logs/|" \
    -e "s/^\(\s*\)server_name /\1listen 127.0.0.1:$ngx_port;\n\1server_name /" \
    "$CONF" >nginx/oprf.conf
cat >nginx/nginx.conf <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  include $work/nginx/oprf.conf;
  # Test only: shows the key the shipped map gives limit_conn for a client address named in a header.
  server {
    listen 127.0.0.1:$ngx_probe_port;
    set_real_ip_from 127.0.0.1;
    real_ip_header X-Client-Address;
    location = /client-key { return 200 "\$breachcheck_oprf_client"; }
  }
}
EOF
check "nginx -t accepts the configuration" nginx -t -q -p "$work/nginx" -e "$work/nginx/logs/error.log" -c "$work/nginx/nginx.conf"
nginx -p "$work/nginx" -e "$work/nginx/logs/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
NG="http://127.0.0.1:$ngx_port/v1/evaluate"
for _ in $(seq 1 50); do
  [[ "$("$CLIENT" http -X GET "http://127.0.0.1:$ngx_port/healthz" 2>/dev/null)" == 200 ]] && break
  sleep 0.1
done
# client_key ADDRESS: the limit_conn key (hex) nginx derives for a client at ADDRESS.
client_key() {
  "$CLIENT" http -X GET -H "X-Client-Address: $1" -o r/client_key "http://127.0.0.1:$ngx_probe_port/client-key" >/dev/null
  od -An -tx1 r/client_key.b | tr -d ' \n'
}
check "limit_conn is keyed by the map" grep -q '^limit_conn_zone \$breachcheck_oprf_client ' "$CONF"
k1=$(client_key 2001:db8:1:2::a); k2=$(client_key 2001:db8:1:2:ffff:ffff:ffff:ffff); k3=$(client_key 2001:db8:1:3::a)
check "IPv6 clients keyed by their /64, as serve counts them: 2001:db8:1:2::a and 2001:db8:1:2:ffff:... -> $k1" \
  eval '[ "$k1" = 20010db800010002 ] && [ "$k2" = "$k1" ]'
check "another /64 (2001:db8:1:3::a) is another client: $k3" [ "$k3" = 20010db800010003 ]
k4=$(client_key 192.0.2.7); k5=$(client_key 2001:db8:a0a:ff80::1)
k6=$(client_key ::ffff:192.0.2.7)
check "IPv4 keyed by the whole address ($k4), IPv4-mapped IPv6 as IPv4 ($k6); bytes 0x0a and 0xff in a /64 ($k5)" \
  eval '[ "$k4" = c0000207 ] && [ "$k6" = "$k4" ] && [ "$k5" = 20010db80a0aff80 ]'
evaluate ng1 "$NG"
check "an evaluation through nginx: 200, verifies, == direct Evaluate" \
  eval 'status_is ng1 200 && [ "$(finalize ng1)" = "$("$CLIENT" evaluate "$KEY" "$IN")" ]'
SRC=127.0.0.6
codes=""
for i in 1 2 3; do evaluate "ngc$i" "$NG"; codes+="$(head -1 "r/ngc$i.h" | cut -d' ' -f2) "; done
check "client 127.0.0.6 via nginx: burst 2 then 429, across both upstreams [$codes]" [ "$codes" = "200 200 429 " ]
evaluate ng_spoof "$NG" -H "X-Forwarded-For: 198.51.100.23"
check "client 127.0.0.6 sending its own X-Forwarded-For: still 429 (nginx replaces the header)" status_is ng_spoof 429
SRC=127.0.0.7
evaluate ng_other "$NG"
check "client 127.0.0.7 via nginx: its own bucket (200)" status_is ng_other 200
SRC=127.0.0.6
evaluate direct_xff "http://127.0.0.1:$N1_port/v1/evaluate" -H "X-Forwarded-For: 198.51.100.24"
check "(why --trust-proxy instances listen on loopback only: direct, a forged X-Forwarded-For picks the bucket)" status_is direct_xff 200
SRC=127.0.0.1
post ng_big "$NG" "$(head -c 65 /dev/zero | tr '\0' A)" >/dev/null
check "nginx refuses a 65-byte body (413)" status_is ng_big 413
IN=$(new_input); read -r BL BD < <("$CLIENT" blind "$IN"); echo "$BD" >>"$sent"
"$CLIENT" http -H "Content-Type: text/plain" -H "Transfer-Encoding: chunked" --no-content-length \
  --body $'2C\r\n'"$BD"$'\r\n0\r\n\r\n' -o r/ng_chunked "$NG" >/dev/null
check "a chunked body through nginx reaches serve with a Content-Length: 200, verifies" \
  eval 'status_is ng_chunked 200 && finalize ng_chunked >/dev/null'
get ng_metrics "http://127.0.0.1:$ngx_port/metrics"
check "/metrics through nginx, even from the monitoring address: 404 (scraped on each instance's metrics listener)" \
  status_is ng_metrics 404
get ng_health "http://127.0.0.1:$ngx_port/healthz"
check "/healthz through nginx from the monitoring address (127.0.0.1): 200" status_is ng_health 200
SRC=127.0.0.8
get ng_health_denied "http://127.0.0.1:$ngx_port/healthz"
check "/healthz through nginx from another address: 403" status_is ng_health_denied 403
get ng_other_path "http://127.0.0.1:$ngx_port/"
check "other paths through nginx: 404" status_is ng_other_path 404
"$CLIENT" http -X GET --bind "$SRC" -o r/ng_get "$NG" >/dev/null
check "GET on the endpoint through nginx: 403 (limit_except)" status_is ng_get 403
read -r _ BD < <("$CLIENT" blind "$(new_input)"); echo "$BD" >>"$sent"
check "through nginx, 200 idle keep-alive connections from one client: another client answered within 100 ms" \
  hog ng_idle "$ngx_port" idle 127.0.0.41 127.0.0.42
read -r _ BD < <("$CLIENT" blind "$(new_input)"); echo "$BD" >>"$sent"
check "through nginx, 200 half-sent requests from one client: another client answered within 100 ms" \
  hog ng_partial "$ngx_port" partial 127.0.0.43 127.0.0.44
SRC=127.0.0.9
kill -TERM "$N1_pid"  # N1 drains for 1 s: nginx must send its requests to N2 (proxy_next_upstream http_503)
codes=""
for i in 1 2; do evaluate "ngd$i" "$NG"; codes+="$(head -1 "r/ngd$i.h" | cut -d' ' -f2) "; done
check "one instance draining (SIGTERM): requests through nginx still 200 [$codes]" [ "$codes" = "200 200 " ]
check "... because nginx retried the draining instance's 503 on the other one" grep -q '"status":503' logs/N1.log
wait "$N1_pid"
check "the drained instance exited 0" [ $? = 0 ]
check "nginx wrote no access log" eval '[ ! -s nginx/logs/access.log ] && ! ls nginx/logs | grep -v "^error\|^breachcheck-oprf-error\|^access.log$" | grep -q .'
kill "$nginx_pid"
wait "$nginx_pid" 2>/dev/null
nginx_pid=""

echo "--- graceful shutdown (SIGTERM: grace 1 s, in-flight request completes, exit 0)"
SRC=127.0.0.1
serve S --redis-timeout-ms 4000 --shutdown-grace-ms 1000 --threads 4 --redis-prefix t4:
S="http://127.0.0.1:$S_port/v1/evaluate"
IN=$(new_input); read -r BL BD < <("$CLIENT" blind "$IN"); echo "$BD" >>"$sent"
kill -STOP "$redis_pid"  # the next evaluation waits on Redis: in flight when SIGTERM arrives
"$CLIENT" http -H "Content-Type: text/plain" --body "$BD" -o r/inflight "$S" >/dev/null &
inflight=$!
sleep 0.3
term_at=$(date +%s%N)
kill -TERM "$S_pid"
sleep 0.2
get sd_hz "http://127.0.0.1:$S_port/healthz"
check "during the grace: /healthz 503 draining" eval 'status_is sd_hz 503 && body_is sd_hz draining'
read -r BL2 BD2 < <("$CLIENT" blind "$IN")
post sd_new "$S" "$BD2" >/dev/null
check "during the grace: a new evaluation -> 503 shutting_down with Retry-After" \
  eval 'status_is sd_new 503 && body_is sd_new "{\"error\":\"shutting_down\"}" && hdr sd_new Retry-After 1'
sleep 1.2
check "after the grace: the listener is closed" eval '[ "$("$CLIENT" http -X GET "http://127.0.0.1:$S_port/healthz" 2>/dev/null)" = 000 ]'
check "the in-flight request is still running (Redis frozen)" kill -0 "$inflight"
kill -CONT "$redis_pid"
wait "$inflight"
check "the in-flight request completes: 200, and it verifies" eval 'status_is inflight 200 && finalize inflight >/dev/null'
wait "$S_pid"
rc=$?
elapsed_ms=$((($(date +%s%N) - term_at) / 1000000))
check "the process exits 0 ($rc), ${elapsed_ms} ms after SIGTERM (grace 1000 ms + in-flight)" [ "$rc" = 0 -a "$elapsed_ms" -lt 5000 ]
check "its log ends with {\"event\":\"stopped\"}" eval '[ "$(tail -1 logs/S.log)" = "{\"event\":\"stopped\"}" ]'

echo "--- systemd unit (docs/deploy/breachcheck-serve@.service)"
if command -v systemd-analyze >/dev/null; then
  mkdir -p units
  # Verified as an instance, with ExecStart pointing at the binary just built (verify checks it exists).
  sed "s|/usr/local/bin/breachcheck|$BC|" "$ROOT/docs/deploy/breachcheck-serve@.service" >"units/breachcheck-serve@8787.service"
  systemd-analyze verify "units/breachcheck-serve@8787.service" >units/verify.out 2>&1
  rc=$?
  check "systemd-analyze verify: no error, no warning" eval '[ $rc = 0 ] && [ ! -s units/verify.out ] || { sed "s/^/  | /" units/verify.out; false; }'
  exposure=$(systemd-analyze security --offline=true "units/breachcheck-serve@8787.service" 2>/dev/null |
    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
  check "systemd-analyze security: exposure ${exposure:-?} (at most 2.0)" awk -v e="${exposure:-99}" 'BEGIN { exit !(e <= 2.0) }'
  UNIT="$ROOT/docs/deploy/breachcheck-serve@.service"
  check "the unit loads the key as a credential, restarts on failure, stops with SIGTERM well after the grace" \
    eval 'grep -q "^LoadCredential=oprf.key:" "$UNIT" && grep -q -- "--key %d/oprf.key" "$UNIT" && grep -q "^Restart=on-failure" "$UNIT" && grep -q "^KillSignal=SIGTERM" "$UNIT" && [ "$(sed -n "s/^TimeoutStopSec=//p" "$UNIT")" -gt 2 ]'
else
  echo "  skip systemd unit checks: systemd-analyze not installed"
fi

echo "--- load test, cheap variant (tests/bench/oprf-load.sh --quick)"
"$ROOT/tests/bench/oprf-load.sh" --quick --bin "$BC" --client "$CLIENT" >load.out 2>&1
rc=$?
sed 's/^/  | /' load.out
check "the load bench ran: every sampled response verified, limits held (exit $rc)" [ "$rc" = 0 ]
check "it printed the table row, both limit lines and both fairness lines (the other client answered)" \
  eval 'grep -Eq "^\| 2 \| 2 \| 4 \| [0-9]+ \|" load.out && grep -q "^- global limit" load.out && grep -q "^- per-client limit" load.out && [ "$(grep -c "^- 200 .*answered (200) in 1 of 1 runs" load.out)" = 2 ]'

echo "--- logs (every instance, stdout and stderr)"
for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
pids=()
cat logs/[A-Z]*.log >all.log
grep -v '^$' "$sent" | sort -u >sent-unique.txt
check "no request body in any log ($(wc -l <sent-unique.txt) distinct bodies sent)" eval '! grep -qF -f sent-unique.txt all.log'
check "no header value in any log (Origin, X-Forwarded-For, Content-Type, Transfer-Encoding sent)" \
  eval '! grep -qE "evil\.example|198\.51\.100|plain;charset|chunked" all.log'
check "no client address: 127.0.0.x only on the startup lines (their listen address)" \
  eval '! grep -v "^{\"event\":\"listening\",\"listen\":\"127.0.0.1\"," all.log | grep -q "127\.0\."'
odd_lines() {
  grep -vE '^\{"event":"(listening|stopped)"|^\{"event":"rate_limit_store","up":(true|false)\}$' all.log |
    grep -vE '^\{"method":"(GET|POST|OPTIONS|HEAD|OTHER)","route":"(/v1/evaluate|/healthz|/livez|/metrics|other)","status":[0-9]{3}\}$'
}
check "every other line is exactly {method, route, status} ($(grep -c '"method"' all.log) request lines)" eval '! odd_lines | grep -q .'
check "an attacker-chosen path is logged as route \"other\"" grep -q '"route":"other","status":404' logs/A.log
check "every instance logged its stop" [ "$(grep -c '^{"event":"stopped"}$' all.log)" = "$(ls logs/[A-Z]*.log | wc -l)" ]

finish
