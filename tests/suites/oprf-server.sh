#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The hardened mode's evaluation server, `breachcheck serve` (docs/OPRF.md section 4), run by scripts/test.sh
# after the native build. Its own redis-server on a free loopback port, several instances sharing it, and the
# protocol client build/native/tests/oprf_client (real VOPRF math: blind, finalize against oprf.pub, direct
# evaluation with the key):
#   - an evaluation verifies against pkS and equals the direct Evaluate; blinds differ, outputs agree;
#   - refusals: identity, non-canonical encodings, bad base64 and lengths (400), bodies over 64 bytes (413),
#     unbounded framing (chunked, no length: 411, connection closed), content type (415), origins (403), CORS
#     headers and preflight for configured origins only;
#   - per-client and global token buckets hold across two instances (429, Retry-After == JSON retry_after);
#   - Redis stopped or frozen: 503 and /healthz 503 (fail closed); Redis back: 200 again;
#   - /healthz, /metrics (Prometheus text, counters that moved);
#   - logs: one fixed-shape JSON line per request; never a body, a header value or a client address;
#   - SIGTERM: /healthz 503 during the grace, new evaluations 503, an in-flight one completes, exit 0;
#   - docs/deploy/nginx-oprf.conf run as shipped (minus TLS) in front of two --trust-proxy instances: evaluation,
#     X-Forwarded-For replaced (separate buckets per real client, spoofing useless), /metrics allow/deny, no
#     access log, a draining instance skipped; docs/deploy/breachcheck-serve@.service through systemd-analyze;
#   - the load test (tests/bench/oprf-load.sh --quick), so the bench cannot rot.
# Ends with "oprf-server: N passed, M failed". Budget: under a minute on 2 shared cores.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
BC="$(realpath "${BREACHCHECK:-build/native/wasm/breachcheck}")"
CLIENT="${OPRF_CLIENT:-build/native/tests/oprf_client}"

SUITE=oprf-server
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"

[[ -x "$BC" ]] || fail_early "no breachcheck binary at $BC (build first)"
if [[ ! -x "$CLIENT" && -d build/native ]]; then
  cmake --build build/native --target oprf_client >/dev/null 2>&1  # only that target, when the build predates it
fi
[[ -x "$CLIENT" ]] || fail_early "no protocol client at $CLIENT (cmake --build build/native --target oprf_client)"
CLIENT="$(realpath "$CLIENT")"
for tool in redis-server redis-cli nginx; do
  command -v "$tool" >/dev/null || fail_early "$tool missing (scripts/setup.sh installs redis-server, redis-tools, nginx)"
done

work=$(mktemp -d)
pids=()  # every process started here, killed by pid on exit
redis_pid=""
nginx_pid=""
cleanup() {
  local pid
  for pid in "${pids[@]}" $redis_pid $nginx_pid; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}" $redis_pid $nginx_pid; do kill -CONT "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
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
# NAME_pid.
serve() {
  local name=$1 port=""
  shift
  "$BC" serve --key "$KEY" --port 0 --redis "127.0.0.1:$redis_port" "$@" >"logs/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "logs/$name.log" 2>/dev/null)
    [[ -n "$port" ]] && break
    sleep 0.05
  done
  printf -v "${name}_port" '%s' "$port"
  printf -v "${name}_pid" '%s' "$pid"
  [[ -n "$port" ]]
}
# A and B: the main pair (per-client burst 5, refill 6/min); G1 and G2: a small global bucket; N1 and N2: behind
# nginx with --trust-proxy; S: the shutdown test (long Redis timeout, 1 s grace).
pair() { serve "$1" "${@:3}" && serve "$2" "${@:3}"; }
check "instances A, B start (per-client burst 5, 6/min)" \
  pair A B --allow-origin "$ORIGIN" --client-burst 5 --client-per-minute 6 --redis-prefix t1:
check "instances G1, G2 start (global burst 4, 0.1/s)" \
  pair G1 G2 --global-burst 4 --global-per-second 0.1 --client-burst 100 --redis-prefix t2:
check "instances N1, N2 start (--trust-proxy, per-client burst 2)" \
  pair N1 N2 --trust-proxy --client-burst 2 --client-per-minute 6 --redis-prefix t3:
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
# cpp-httplib 0.11 would buffer these whole; serve refuses them on their headers (wasm/cli/serve.cpp).
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
ra_header=$(sed -n 's/^Retry-After: \([0-9]*\)$/\1/Ip' r/gl5.h)
ra_json=$(sed -n 's/.*"retry_after":\([0-9]*\).*/\1/p' r/gl5.b)
check "global 429: Retry-After (${ra_header:-none} s) == retry_after, 10 s at 0.1/s" \
  eval '[ -n "$ra_header" ] && [ "$ra_header" = "$ra_json" ] && [ "$ra_header" -ge 8 ] && [ "$ra_header" -le 10 ]'
SRC=127.0.0.1
get gm1 "http://127.0.0.1:$G1_port/metrics"
get gm2 "http://127.0.0.1:$G2_port/metrics"
check "counted as rate_limited_global (not client) on the instances" \
  [ "$(( $(metric gm1 rate_limited_global) + $(metric gm2 rate_limited_global) ))" = 2 -a "$(( $(metric gm1 rate_limited_client) + $(metric gm2 rate_limited_client) ))" = 0 ]

echo "--- /healthz and /metrics"
get hz "http://127.0.0.1:$A_port/healthz"
check "/healthz 200 ok" eval 'status_is hz 200 && body_is hz ok'
get m "http://127.0.0.1:$A_port/metrics"
check "/metrics: Prometheus text 0.0.4" hdr m Content-Type "text/plain; version=0.0.4"
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
get m_down "http://127.0.0.1:$A_port/metrics"
check "Redis stopped: /metrics up 0, store_unavailable counted" \
  eval 'grep -qx "breachcheck_oprf_up 0" r/m_down.b && [ "$(metric m_down store_unavailable)" -ge 2 ]'
check "Redis restarted on the same port" start_redis
evaluate back_a "$A"
evaluate back_b "$B"
check "Redis back: both instances evaluate again (reconnect)" eval 'status_is back_a 200 && status_is back_b 200'
check "Redis back: the evaluation verifies" eval 'finalize back_b >/dev/null'
get hz_back "http://127.0.0.1:$A_port/healthz"
check "Redis back: /healthz 200" status_is hz_back 200

echo "--- nginx in front (docs/deploy/nginx-oprf.conf as shipped, minus TLS)"
SRC=127.0.0.1
ngx_port=$("$CLIENT" free-port)
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
events { worker_connections 64; }
http {
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  include $work/nginx/oprf.conf;
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
check "/metrics through nginx from the monitoring address (127.0.0.1): 200" status_is ng_metrics 200
SRC=127.0.0.8
get ng_metrics_denied "http://127.0.0.1:$ngx_port/metrics"
check "/metrics through nginx from another address: 403" status_is ng_metrics_denied 403
get ng_other_path "http://127.0.0.1:$ngx_port/"
check "other paths through nginx: 404" status_is ng_other_path 404
"$CLIENT" http -X GET --bind "$SRC" -o r/ng_get "$NG" >/dev/null
check "GET on the endpoint through nginx: 403 (limit_except)" status_is ng_get 403
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
check "it printed the table row and both limit lines" \
  eval 'grep -Eq "^\| 2 \| 2 \| 4 \| [0-9]+ \|" load.out && grep -q "^- global limit" load.out && grep -q "^- per-client limit" load.out'

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
  grep -vE '^\{"event":"(listening|stopped)"' all.log |
    grep -vE '^\{"method":"(GET|POST|OPTIONS|HEAD|OTHER)","route":"(/v1/evaluate|/healthz|/metrics|other)","status":[0-9]{3}\}$'
}
check "every other line is exactly {method, route, status} ($(grep -c '"method"' all.log) request lines)" eval '! odd_lines | grep -q .'
check "an attacker-chosen path is logged as route \"other\"" grep -q '"route":"other","status":404' logs/A.log
check "every instance logged its stop" [ "$(grep -c '^{"event":"stopped"}$' all.log)" = "$(ls logs/[A-Z]*.log | wc -l)" ]

finish
