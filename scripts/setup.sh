#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Installs what breachcheck needs on Debian 12 (idempotent; safe to run again and again):
#   - the Debian packages below, only those missing (one apt-get update, only if something is missing);
#   - Debian's libsodium source tree for the wasm build (scripts/fetch-libsodium-source.sh);
#   - npm packages: through the hook scripts/setup-npm.sh, if that file exists (owned by the web side).
# Needs root (or sudo) only when something is missing. Prints nothing but one summary line when all is there.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

PACKAGES=(
  # C++ toolchains and build
  cmake g++ pkg-config dpkg-dev
  clang-14 libfuzzer-14-dev libclang-rt-14-dev   # fuzzing, sanitizers
  emscripten binaryen                            # Emscripten 3.1.6 (+ Debian's node dependency)
  # libraries
  libsodium-dev catch2 nlohmann-json3-dev libcli11-dev libcpp-httplib-dev
  libmicrohttpd-dev libssl-dev                   # breachcheck serve: event-driven HTTP, TLS to Redis
  # serving, browser tests, size checks
  nginx chromium brotli
  redis-server redis-tools                       # the OPRF server's shared rate limits (tests, load test)
  podman debootstrap                             # the publisher's container image (docs/deploy/, tests/suites/container-image.sh)
)

log() { echo "setup: $*"; }
die() { echo "setup: $*" >&2; exit 1; }

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "needs root to run: $*"
  fi
}

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == "installed" ]]
}

install_debian_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    is_installed "${p}" || missing+=("${p}")
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive

  # Keep package postinst scripts from starting daemons (nginx would grab port 80): the standard Debian
  # policy-rc.d mechanism, only if no policy is in place already, removed again on exit.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [[ ! -e "${policy}" ]]; then
    as_root sh -c "printf '#!/bin/sh\n# breachcheck setup.sh: no service starts during install\nexit 101\n' > ${policy} && chmod 0755 ${policy}"
    own_policy=1
    trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT
  fi

  as_root apt-get update -q
  as_root apt-get install -y -q "${missing[@]}"

  if ((own_policy)); then
    as_root rm -f "${policy}"
    trap - EXIT
  fi
  for p in "${missing[@]}"; do
    is_installed "${p}" || die "package ${p} did not install"
  done
}

# Hook for npm packages (playwright-core, axe-core, ...): kept in its own script by whoever owns the JS side.
install_npm_packages() {
  if [[ -x "${HERE}/setup-npm.sh" ]]; then
    "${HERE}/setup-npm.sh"
  fi
}

install_debian_packages
BREACHCHECK_QUIET=1 "${HERE}/fetch-libsodium-source.sh"
install_npm_packages

command -v emcc >/dev/null || die "emcc not on PATH after install"
command -v node >/dev/null || die "node not on PATH after install"
log "ok ($(emcc --version 2>/dev/null | head -n1 | sed -E 's/.* ([0-9]+\.[0-9]+\.[0-9]+).*/emcc \1/'), node $(node --version))"
