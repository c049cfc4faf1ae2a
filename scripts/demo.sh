#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Sets up, builds, makes a demo data set (200,000 synthetic records) and a directory of two demo lists over the
# same records ("Viamedis (démo)" and "Almérys (démo)"), and serves the self-check on http://127.0.0.1:8080/
# (Ctrl-C to stop): the self-check page, embed/insurer.html and embed/article.html (whose frame checks every list
# of the directory at once). Prints sample identities: for the data set, and one in each list, in both, in neither.
# Options via environment: DEMO_RECORDS, PORT, NO_SERVE=1.
# DEMO_OPRF=1: the hardened mode (docs/OPRF.md): the data set is built with an OPRF key, and `breachcheck serve`
# (in-memory rate limits, one instance) answers on http://127.0.0.1:${OPRF_PORT:-8787}/v1/evaluate while the demo runs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
RECORDS="${DEMO_RECORDS:-200000}"
PORT="${PORT:-8080}"
OPRF="${DEMO_OPRF:-0}"
OPRF_PORT="${OPRF_PORT:-8787}"
DEMO=build/demo
BC=build/native/wasm/breachcheck

scripts/setup.sh
cmake --preset native >/dev/null
cmake --build --preset native -j "$(nproc)" >/dev/null
echo "demo: native engine and CLI built"
scripts/build-wasm.sh >/dev/null
echo "demo: wasm engine built"

mkdir -p "${DEMO}"
[[ -f "${DEMO}/keys/publisher.key" ]] || "${BC}" keygen --out "${DEMO}/keys" >/dev/null
OPRF_BUILD=()
if [[ "${OPRF}" == 1 ]]; then
  [[ -f "${DEMO}/keys/oprf.key" ]] || "${BC}" keygen --oprf --out "${DEMO}/keys" >/dev/null
  OPRF_BUILD=(--oprf-key "${DEMO}/keys/oprf.key" --oprf-endpoint "http://127.0.0.1:${OPRF_PORT}/v1/evaluate"
    --oprf-allow-loopback)
  # Generous limits for people trying the demo; a real deployment uses Redis and tighter ones (docs/DEPLOY.md).
  "${BC}" serve --key "${DEMO}/keys/oprf.key" --listen 127.0.0.1 --port "${OPRF_PORT}" --no-redis \
    --allow-origin "http://127.0.0.1:${PORT}" --client-burst 30 --client-per-minute 30 >"${DEMO}/serve.log" 2>&1 &
  serve_pid=$!
  trap 'kill ${serve_pid} 2>/dev/null' EXIT
  echo "demo: hardened mode: evaluation server on http://127.0.0.1:${OPRF_PORT}/v1/evaluate (log: ${DEMO}/serve.log)"
fi
"${BC}" synth --count "${RECORDS}" --out "${DEMO}/records.csv" --seed 2024
# Light Argon2id (one pass, 8 KiB) so the demo builds in seconds: browsers accept it only because the demo
# page opts in with allow-weak-kdf, and it says so on screen. Real data sets use --ops 3 --mem 64.
"${BC}" build --records "${DEMO}/records.csv" --catalog wasm/catalog/viamedis-almerys-2024.json \
  --key "${DEMO}/keys/publisher.key" --out "${DEMO}/demo.bcd" --ops 1 --mem-kib 8 "${OPRF_BUILD[@]}" \
  --publisher "Démo breachcheck (données synthétiques)" --quiet > "${DEMO}/build-report.json"
node -e 'const r = require(process.argv[1]); console.log(`demo: data set build/demo/demo.bcd (served as public/data/demo.bcd): ${r.records} records, ${r.buckets} buckets of ${r.bucketCapacity} entries (real per bucket: min ${r.realPerBucket.min}, max ${r.realPerBucket.max}), ${r.bytesPerRecord.toFixed(1)} bytes/record`)' "${ROOT}/${DEMO}/build-report.json"
echo "demo: publisher key $(cat "${DEMO}/keys/publisher.pub") (fingerprint $("${BC}" inspect --dataset "${DEMO}/demo.bcd" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).keyFingerprint))'))"
node scripts/demo-samples.mjs "${BC}" "${DEMO}/records.csv" "${DEMO}/demo.bcd" "${DEMO}/keys/publisher.pub"

# The directory of two lists, "Viamedis (démo)" and "Almérys (démo)": the same records split by operator, each list
# signed with its own key, both sharing one --kdf-salt and the same light Argon2id (one Argon2id serves both), and a
# directory over the two signed with a third key (scripts/demo-directory.mjs). The article embed checks both.
node scripts/demo-directory.mjs "${BC}" "${DEMO}/records.csv" "${DEMO}/directory"

# The widget into public/dist/, the demo data set and its key into public/data/, the directory and its lists into
# public/data/directory/, embed snippets with SRI.
scripts/build-web.sh build/wasm --demo-dataset "${DEMO}/demo.bcd" --demo-pubkey "${DEMO}/keys/publisher.pub" \
  --demo-directory "${DEMO}/directory/lists/demo.bcdir" --demo-directory-key "${DEMO}/directory/keys/directory/publisher.pub" \
  --demo-directory-min-version 1 --public-origin "http://127.0.0.1:${PORT}"
if [[ "${NO_SERVE:-0}" == 1 ]]; then
  echo "demo: built; not serving (NO_SERVE=1). Serve with: node scripts/serve.mjs --root public --port ${PORT}"
  exit 0
fi
echo "demo: serving public/ on http://127.0.0.1:${PORT}/ (Ctrl-C to stop)"
if [[ "${OPRF}" == 1 ]]; then
  # Not exec: the evaluation server stops with the demo (EXIT trap).
  node scripts/serve.mjs --root public --port "${PORT}" --connect-origin "http://127.0.0.1:${OPRF_PORT}"
else
  exec node scripts/serve.mjs --root public --port "${PORT}"
fi
