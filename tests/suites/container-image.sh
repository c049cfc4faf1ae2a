#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The publisher's container image (docs/deploy/Containerfile), built and checked offline:
#   1. the Debian 12 base of the build stage: when podman has no debian:12-slim image, it is made here with
#      `debootstrap --variant=minbase bookworm` (Debian's archive only) and `podman import` (kept in podman's
#      storage for the next run; `podman rmi docker.io/library/debian:12-slim` makes it again);
#   2. `podman build --pull=never --isolation=chroot` of the Containerfile (no container registry involved);
#   3. the image's config: numeric non-root user, entrypoint, EXPOSE 8787, the OCI labels, BREACHCHECK_LISTEN;
#   4. its file system exported (podman create + export; `podman run` is not allowed on the test machine): no
#      /bin/sh and no other shell, no package manager, no setuid or setgid file; every file is the binary, a
#      library the image's own loader resolves for it (ld.so --list under chroot), or one of /etc/passwd,
#      /etc/group, the licence and build-info (which says what the labels say);
#   5. run under chroot as the image's user with the image's environment and no shell: keygen, synth, a
#      single-machine build, the Indexed Job's shard builds (`build --shard-count 3`, JOB_COMPLETION_INDEX set
#      per process, {shard} in the paths) and `merge --shard-count 3`: merged == single build, byte for byte;
#      verify; `serve` (listening on 0.0.0.0 as the image says) answers /healthz, /livez and an evaluation,
#      and not /metrics; docs/deploy/k8s-serve.yaml's container (shape checked, its command line run in the
#      image with a dead Redis: readiness 503, liveness 200, the 0440 Secret files accepted); nothing was written
#      outside /data.
# Prints "container-image: skipped: no podman" and passes when podman is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
SUITE=container-image
source tests/lib/suite.sh

if ! command -v podman >/dev/null; then
  echo "${SUITE}: skipped: no podman"
  exit 0
fi
BASE=docker.io/library/debian:12-slim
IMAGE=localhost/breachcheck:suite
PODMAN=(podman --cgroup-manager=cgroupfs)
work_dir /var/tmp/bc-image.XXXXXX
container=""
serve_pid=""
at_exit '[[ -z "${container}" ]] || "${PODMAN[@]}" rm -f "${container}" >/dev/null 2>&1'
at_exit 'stop_processes "${serve_pid}"'

if ! "${PODMAN[@]}" image exists "${BASE}"; then
  command -v debootstrap >/dev/null || fail_early "no ${BASE} image and no debootstrap to make one (scripts/setup.sh)"
  echo "  making ${BASE} with debootstrap (minbase, bookworm)…"
  t0=${SECONDS}
  debootstrap --variant=minbase bookworm "${work}/rootfs" http://deb.debian.org/debian >"${work}/debootstrap.log" 2>&1 \
    || { tail -5 "${work}/debootstrap.log"; fail_early "debootstrap failed (is deb.debian.org reachable?)"; }
  rm -rf "${work}/rootfs/var/cache/apt/archives/"*.deb "${work}/rootfs/var/lib/apt/lists/"*
  tar -C "${work}/rootfs" -c . | "${PODMAN[@]}" import - "${BASE}" >/dev/null
  rm -rf "${work}/rootfs"
  echo "  base image made in $((SECONDS - t0)) s"
fi

VERSION=$(sed -n 's/^project(breachcheck VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)
SOURCE=$(git remote get-url origin 2>/dev/null || echo "file://${ROOT}")
t0=${SECONDS}
if "${PODMAN[@]}" build --pull=never --isolation=chroot -f docs/deploy/Containerfile -t "${IMAGE}" \
  --build-arg VERSION="${VERSION}" --build-arg REVISION="${REVISION}" --build-arg SOURCE="${SOURCE}" \
  --build-arg BUILD_JOBS="${JOBS:-}" \
  . >"${work}/build.log" 2>&1; then
  ok "podman build of docs/deploy/Containerfile ($((SECONDS - t0)) s)"
else
  tail -20 "${work}/build.log"
  fail_early "podman build failed (log above)"
fi

config() { "${PODMAN[@]}" image inspect --format "$1" "${IMAGE}"; }
label() { config "{{index .Config.Labels \"org.opencontainers.image.$1\"}}"; }
check "runs as the numeric non-root user 10001" test "$(config '{{.Config.User}}')" = "10001:10001"
check "entrypoint is /usr/local/bin/breachcheck" test "$(config '{{json .Config.Entrypoint}}')" = '["/usr/local/bin/breachcheck"]'
check "EXPOSE 8787" eval '[[ "$(config "{{json .Config.ExposedPorts}}")" == *"8787/tcp"* ]]'
check "OCI labels: version ${VERSION}, revision, source, licenses MPL-2.0, description" \
  eval '[ "$(label version)" = "${VERSION}" ] && [ "$(label revision)" = "${REVISION}" ] &&
        [ "$(label source)" = "${SOURCE}" ] && [ "$(label licenses)" = MPL-2.0 ] && [ -n "$(label description)" ]'
mapfile -t IMAGE_ENV < <(config '{{range .Config.Env}}{{println .}}{{end}}' | sed '/^$/d')
check "serve listens on every interface of the container (BREACHCHECK_LISTEN=0.0.0.0 in the image)" \
  eval 'printf "%s\n" "${IMAGE_ENV[@]}" | grep -qx BREACHCHECK_LISTEN=0.0.0.0'
check "PATH=/usr/local/bin: the manifests' command [\"breachcheck\"] resolves" \
  eval 'printf "%s\n" "${IMAGE_ENV[@]}" | grep -qx PATH=/usr/local/bin'

container="$("${PODMAN[@]}" create "${IMAGE}")"
mkdir "${work}/fs"
"${PODMAN[@]}" export "${container}" | tar -C "${work}/fs" -x
fs="${work}/fs"
echo "  image: $(config '{{.Size}}') bytes, $(find "${fs}" -type f | wc -l) files"
check "no /bin/sh" test ! -e "${fs}/bin/sh" -a ! -L "${fs}/bin/sh"
check "no shell at all (sh, dash, bash, busybox) and no package manager (apt, dpkg)" \
  eval '[ -z "$(find "${fs}" \( -name sh -o -name dash -o -name bash -o -name busybox -o -name "apt*" -o -name "dpkg*" \) -print -quit)" ]'
check "no setuid or setgid file" eval '[ -z "$(find "${fs}" -type f -perm /6000 -print -quit)" ]'
check "binary at /usr/local/bin/breachcheck" test -x "${fs}/usr/local/bin/breachcheck"
check "licence shipped" cmp -s LICENSE "${fs}/usr/share/doc/breachcheck/LICENSE"
check "build-info says what the labels say" \
  test "$(cat "${fs}/usr/share/doc/breachcheck/build-info")" = "$(printf 'version %s\nrevision %s\nsource %s' "${VERSION}" "${REVISION}" "${SOURCE}")"
# Every file is one the binary needs: the dynamic loader of the image resolves the binary's libraries inside
# the image (ld.so --list, run here under chroot: the image has no ldd, which is a shell script).
loader=$(cd "${fs}" && find lib64 lib -name 'ld-linux*.so*' 2>/dev/null | head -1)
chroot "${fs}" "/${loader}" --list /usr/local/bin/breachcheck >"${work}/ldd.txt" 2>&1 || true
grep -o '/[^ ]*' "${work}/ldd.txt" | sed 's|^/||' | sort -u >"${work}/needed.txt"
(cd "${fs}" && find . -type f | sed 's|^\./||' | sort) >"${work}/files.txt"
extra=$(grep -vxF -f "${work}/needed.txt" "${work}/files.txt" |
  grep -vx -e usr/local/bin/breachcheck -e etc/passwd -e etc/group -e usr/share/doc/breachcheck/LICENSE \
    -e usr/share/doc/breachcheck/build-info || true)
check "every library resolves inside the image ($(wc -l <"${work}/needed.txt") files)" \
  eval '! grep -q "not found" "${work}/ldd.txt" && [ -s "${work}/needed.txt" ]'
check "nothing else in the image${extra:+ (extra: ${extra//$'\n'/ })}" test -z "${extra}"

# The image's user, in the image's file system, with the image's environment (plus JOB_COMPLETION_INDEX when
# set, as Kubernetes sets it in an Indexed Job's pods), without a shell.
CHROOT=$(command -v chroot)
bc() {
  env -i "${IMAGE_ENV[@]}" ${JOB_COMPLETION_INDEX:+JOB_COMPLETION_INDEX=${JOB_COMPLETION_INDEX}} \
    "${CHROOT}" --userspec=10001:10001 "${fs}" /usr/local/bin/breachcheck "$@"
}
cp wasm/catalog/viamedis-almerys-2024.json "${fs}/data/catalog.json"
chown 10001:10001 "${fs}/data/catalog.json"
touch "${work}/before-runs"
sleep 1  # file times below must be later than the mark

SALT=0123456789abcdef0123456789abcdef
CREATED=$(date +%s)
LIGHT=(--ops 1 --mem-kib 8 --threads 1 --quiet --salt "${SALT}" --created "${CREATED}")
check "plan prints the layout (JSON)" eval 'bc plan --records 1000 | grep -q "\"prefixBits\""'
check "keygen" bc keygen --out /data/keys
check "synth 600 records" bc synth --count 600 --seed 7 --out /data/records.csv
check "single-machine build" bc build --records /data/records.csv --catalog /data/catalog.json \
  --key /data/keys/publisher.key --out /data/single.bcd "${LIGHT[@]}"
shards_ok=1
for i in 0 1 2; do
  JOB_COMPLETION_INDEX=$i bc build --shard-count 3 --records /data/records.csv --catalog /data/catalog.json \
    --work-dir '/data/work/shard-{shard}' --out '/data/parts/part-{shard}.bcp' "${LIGHT[@]}" >/dev/null || shards_ok=0
done
check "3 shard builds, each index from JOB_COMPLETION_INDEX (the Indexed Job's command line)" \
  eval '[ "${shards_ok}" = 1 ] && [ "$(ls "${fs}/data/parts")" = "$(printf "part-0.bcp\npart-1.bcp\npart-2.bcp")" ]'
check "merge --shard-count 3 of /data/parts/part-{shard}.bcp" bc merge --parts '/data/parts/part-{shard}.bcp' \
  --shard-count 3 --catalog /data/catalog.json --key /data/keys/publisher.key --out /data/out/merged.bcd --quiet
check "merged == single-machine build, byte for byte" cmp -s "${fs}/data/single.bcd" "${fs}/data/out/merged.bcd"
check "verify it" bc verify --dataset /data/out/merged.bcd --pubkey /data/keys/publisher.pub
check "validate writes nothing (no temporary directory needed)" \
  eval 'bc validate --records /data/records.csv --catalog /data/catalog.json --quiet >/dev/null'

echo "--- serve in the image"
check "keygen --oprf" bc keygen --oprf --out /data/oprf
port=$(free_port)
# Started without the bc function: $! is then serve's own pid (env and chroot exec it), which SIGTERM must reach.
env -i "${IMAGE_ENV[@]}" "${CHROOT}" --userspec=10001:10001 "${fs}" /usr/local/bin/breachcheck \
  serve --key /data/oprf/oprf.key --no-redis --port "${port}" >"${work}/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 100); do grep -q '"event":"listening"' "${work}/serve.log" && break; sleep 0.05; done
check "serve listens on 0.0.0.0 (from the image's environment, no --listen)" \
  grep -q '"listen":"0.0.0.0"' "${work}/serve.log"
http() {  # http METHOD PATH [BODY]: the status code
  python3 - "$port" "$@" <<'PY'
import sys, urllib.request, urllib.error
port, method, path = sys.argv[1], sys.argv[2], sys.argv[3]
body = sys.argv[4].encode() if len(sys.argv) > 4 else None
req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method,
                             headers={"Content-Type": "text/plain"} if body else {})
try:
    with urllib.request.urlopen(req, timeout=5) as r:
        print(r.status)
except urllib.error.HTTPError as e:
    print(e.code)
PY
}
# RFC 9497 A.1's VOPRF public key: a valid, canonical ristretto255 element to evaluate.
element=$(python3 -c 'import base64; print(base64.b64encode(bytes.fromhex("c803e2cc6b05fc15064549b5920659ca4a77b2cca6f04f6b357009335476ad4e")).decode())')
check "/healthz 200, /livez 200" eval '[ "$(http GET /healthz)" = 200 ] && [ "$(http GET /livez)" = 200 ]'
check "an evaluation: 200" eval '[ "$(http POST /v1/evaluate "${element}")" = 200 ]'
check "/metrics: 404 (off by default)" eval '[ "$(http GET /metrics)" = 404 ]'
kill -TERM "${serve_pid}"
rc=0
wait "${serve_pid}" 2>/dev/null || rc=$?
serve_pid=""
check "SIGTERM: serve drains and exits 0" [ "${rc}" = 0 ]

echo "--- docs/deploy/k8s-serve.yaml: the Deployment's container, run in the image"
# Its shape (no shell, probes, resources, hardened securityContext), then its command line with Kubernetes' $(NAME)
# substitution, the Secrets' mount points mapped into /data, free ports, and a Redis address nothing answers:
# readiness (/healthz) must say 503, liveness (/livez) 200, and the 0440 credentials file of a Secret mounted with
# fsGroup 10001 must be accepted.
mkdir -p "${fs}/data/secret/oprf" "${fs}/data/secret/redis"
cp "${fs}/data/oprf/oprf.key" "${fs}/data/secret/oprf/oprf.key"
printf 'not-the-password\n' >"${fs}/data/secret/redis/redis.auth"
chown -R 0:10001 "${fs}/data/secret"
chmod 0440 "${fs}/data/secret/oprf/oprf.key" "${fs}/data/secret/redis/redis.auth"
kport=$(free_port)
mport=$(free_port)
dead_redis=$(free_port)
if python3 - docs/deploy/k8s-serve.yaml "${kport}" "${mport}" "127.0.0.1:${dead_redis}" >"${work}/k8s-serve.args" \
  2>"${work}/k8s-serve.err" <<'PY'
import re, sys
import yaml  # python3-yaml (Debian); the suite says so when it is missing
manifest, port, metrics_port, redis = sys.argv[1:]
docs = {d["kind"]: d for d in yaml.safe_load_all(open(manifest)) if d}
pod = docs["Deployment"]["spec"]["template"]["spec"]
c = pod["containers"][0]
assert c["command"] == ["breachcheck"] and c["args"][0] == "serve", "runs breachcheck serve itself"
assert not any("/bin/" in a or a in ("sh", "bash", "-c") for a in c["args"]), "no shell"
assert c["readinessProbe"]["httpGet"]["path"] == "/healthz" and c["livenessProbe"]["httpGet"]["path"] == "/livez"
assert c["resources"]["requests"]["cpu"] and c["resources"]["limits"]["memory"]
sc = c["securityContext"]
assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False and sc["capabilities"]["drop"] == ["ALL"]
assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == 10001
env = {e["name"]: e["value"] for e in c["env"]}
env["REDIS_ADDRESS"] = redis
args = [re.sub(r"\$\((\w+)\)", lambda m: env[m.group(1)], a) for a in c["args"]]
args = [a.replace("/secret/", "/data/secret/", 1) if a.startswith("/secret/") else a for a in args]
args[args.index("--port") + 1] = port
args[args.index("--metrics-port") + 1] = metrics_port
print("\n".join(args))
PY
then
  ok "k8s-serve.yaml: serve without a shell, /healthz readiness, /livez liveness, resources, read-only root, non-root"
  mapfile -t kargs <"${work}/k8s-serve.args"
  env -i "${IMAGE_ENV[@]}" "${CHROOT}" --userspec=10001:10001 "${fs}" /usr/local/bin/breachcheck "${kargs[@]}" \
    >"${work}/k8s-serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 100); do grep -q '"event":"listening"' "${work}/k8s-serve.log" && break; sleep 0.05; done
  port=${kport}
  check "the Deployment's serve starts with the 0440 Secret files (group 10001, its own) and Redis unreachable" \
    grep -q '"event":"listening"' "${work}/k8s-serve.log"
  check "readiness /healthz: 503 while Redis does not answer; liveness /livez: 200" \
    eval '[ "$(http GET /healthz)" = 503 ] && [ "$(http GET /livez)" = 200 ]'
  check "/metrics on the metrics port (${mport}), not on the evaluation port" \
    eval '[ "$(port=${mport} http GET /metrics)" = 200 ] && [ "$(http GET /metrics)" = 404 ]'
  kill -TERM "${serve_pid}"
  wait "${serve_pid}" 2>/dev/null || true
  serve_pid=""
elif grep -q "No module named 'yaml'" "${work}/k8s-serve.err"; then
  echo "  skip k8s-serve.yaml checks: no YAML parser for python3 (Debian: apt-get install python3-yaml)"
else
  cat "${work}/k8s-serve.err"
  ko "k8s-serve.yaml has the expected shape"
fi

written=$(cd "${fs}" && find . -newer "${work}/before-runs" -not -path './data' -not -path './data/*' | head -5)
check "nothing written outside /data (readOnlyRootFilesystem holds)${written:+: ${written//$'\n'/ }}" test -z "${written}"
finish
