#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# The publisher's container image (docs/deploy/Containerfile), built and checked offline:
#   1. the Debian 12 base: when podman has no debian:12-slim image, it is made here with
#      `debootstrap --variant=minbase bookworm` (Debian's archive only) and `podman import` (kept in podman's
#      storage for the next run; `podman rmi docker.io/library/debian:12-slim` makes it again);
#   2. `podman build --pull=never --isolation=chroot` of the Containerfile (no container registry involved);
#   3. the image's config: non-root numeric user, entrypoint; no compiler or -dev package in it;
#   4. its file system exported (podman create + export; `podman run` is not allowed on the test machine) and
#      run under chroot as the image's user: breachcheck plan, keygen, synth, build of a small file, verify.
# Prints "container-image: skipped: no podman" and passes when podman is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
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
at_exit '[[ -z "${container}" ]] || "${PODMAN[@]}" rm -f "${container}" >/dev/null 2>&1'

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

t0=${SECONDS}
if "${PODMAN[@]}" build --pull=never --isolation=chroot -f docs/deploy/Containerfile -t "${IMAGE}" . >"${work}/build.log" 2>&1; then
  ok "podman build of docs/deploy/Containerfile ($((SECONDS - t0)) s)"
else
  tail -20 "${work}/build.log"
  fail_early "podman build failed (log above)"
fi

config() { "${PODMAN[@]}" image inspect --format "$1" "${IMAGE}"; }
check "runs as the numeric non-root user 10001" test "$(config '{{.Config.User}}')" = "10001:10001"
check "entrypoint is breachcheck" test "$(config '{{json .Config.Entrypoint}}')" = '["breachcheck"]'

container="$("${PODMAN[@]}" create "${IMAGE}")"
mkdir "${work}/fs"
"${PODMAN[@]}" export "${container}" | tar -C "${work}/fs" -x
fs="${work}/fs"
check "binary at /usr/local/bin/breachcheck" test -x "${fs}/usr/local/bin/breachcheck"
check "no compiler, no cmake, no headers in the image" \
  test ! -e "${fs}/usr/bin/g++" -a ! -e "${fs}/usr/bin/cmake" -a ! -e "${fs}/usr/include/sodium.h"
check "license shipped" cmp -s LICENSE "${fs}/usr/share/doc/breachcheck/LICENSE"
echo "  image size: $(config '{{.Size}}') bytes"

# The image's user, in the image's file system, with /data as the working directory (as in the K8s Jobs).
in_image() { chroot --userspec=10001:10001 "${fs}" /bin/sh -c "cd /data && exec /usr/local/bin/breachcheck $*"; }
cp wasm/catalog/viamedis-almerys-2024.json "${fs}/data/catalog.json"
chown 10001:10001 "${fs}/data/catalog.json"

check "plan prints the layout (JSON)" sh -c "$(declare -f in_image); fs='${fs}'; in_image plan --records 1000 | grep -q '\"prefixBits\"'"
check "keygen" in_image keygen --out /data/keys
check "synth 300 records" in_image synth --count 300 --seed 7 --out /data/records.csv
check "build a small data set" in_image build --records /data/records.csv --catalog /data/catalog.json \
  --key /data/keys/publisher.key --out /data/small.bcd --k 5 --ops 1 --mem 8 --publisher Image-Test --quiet
check "verify it" in_image verify --dataset /data/small.bcd --pubkey /data/keys/publisher.pub
tampered="${fs}/data/tampered.bcd"
cp "${fs}/data/small.bcd" "${tampered}"
printf '\x01' | dd of="${tampered}" bs=1 seek=300 conv=notrunc status=none
check "serve's libraries are in the image (serve --help runs)" sh -c "$(declare -f in_image); fs='${fs}'; in_image serve --help | grep -q -- --max-connections-per-address"
check "verify refuses a modified copy" sh -c "! ( $(declare -f in_image); fs='${fs}'; in_image verify --dataset /data/tampered.bcd --pubkey /data/keys/publisher.pub ) >/dev/null 2>&1"
finish
