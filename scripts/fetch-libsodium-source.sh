#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Fetch Debian's libsodium source tree (1.0.18 + Debian patches) for the WebAssembly build.
#
# The wasm build compiles libsodium's C sources directly (wasm/cmake/EmscriptenSetup.cmake); it needs the
# unpacked tree, not the binary package. The tree lives OUTSIDE the repository so the top level stays clean:
#
#   ${BREACHCHECK_LIBSODIUM_SOURCE_DIR:-$HOME/.cache/breachcheck/libsodium-1.0.18}
#
# (CMake's cache variable BREACHCHECK_LIBSODIUM_SOURCE_DIR has the same default and honours the same
# environment variable.) Idempotent: does nothing when a verified tree is already there. Needs root only
# the first time (to add a deb-src entry and run apt-get update). Quiet on success except for one line
# naming the tree. Set BREACHCHECK_QUIET=1 to drop even that line.
set -euo pipefail

DEST="${BREACHCHECK_LIBSODIUM_SOURCE_DIR:-${HOME}/.cache/breachcheck/libsodium-1.0.18}"
STAMP="${DEST}/.breachcheck-source-ok"
DEB_SRC_FILE=/etc/apt/sources.list.d/breachcheck-deb-src.sources

die() { echo "fetch-libsodium-source: $*" >&2; exit 1; }
say() { [[ "${BREACHCHECK_QUIET:-0}" == 1 ]] || echo "$*"; }

# Runs a command quietly; shows its output only if it fails.
quiet() {
  local log
  log="$(mktemp)"
  if ! "$@" >"${log}" 2>&1; then
    cat "${log}" >&2
    rm -f "${log}"
    die "failed: $*"
  fi
  rm -f "${log}"
}

verify_tree() {
  local d="$1"
  [[ -f "${d}/src/libsodium/include/sodium/version.h.in" ]] || return 1
  [[ -f "${d}/src/libsodium/crypto_pwhash/argon2/argon2-fill-block-ref.c" ]] || return 1
  [[ -f "${d}/src/libsodium/crypto_core/ed25519/core_ristretto255.c" ]] || return 1
  [[ -f "${d}/src/libsodium/randombytes/randombytes.c" ]] || return 1
  grep -q 'AC_INIT(\[libsodium\],\[1\.0\.18\]' "${d}/configure.ac" || return 1
  # dpkg-source applied Debian's patches (security fixes) when it unpacked the tree.
  if [[ -f "${d}/debian/patches/series" ]] && grep -q '^[^#[:space:]]' "${d}/debian/patches/series"; then
    [[ -f "${d}/.pc/applied-patches" ]] || return 1
  fi
  return 0
}

if [[ -f "${STAMP}" ]] && verify_tree "${DEST}"; then
  say "libsodium source: ${DEST}"
  exit 0
fi

command -v apt-get >/dev/null || die "apt-get not found (this script targets Debian 12)"
command -v dpkg-source >/dev/null || die "dpkg-source not found: install dpkg-dev (scripts/setup.sh does)"

as_root() {
  if [[ "$(id -u)" == 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "needs root for: $*"
  fi
}

# 1. A deb-src entry, only if apt knows no source package yet.
# (No `apt-cache ... | grep -q` under pipefail: grep's early exit would SIGPIPE apt-cache.)
have_src() { [[ "$(apt-cache showsrc libsodium 2>/dev/null)" == *"Package: libsodium"* ]]; }
if ! have_src; then
  if [[ ! -f "${DEB_SRC_FILE}" ]]; then
    tmp="$(mktemp)"
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
      # deb822: the same stanzas (URIs, suites, keyring) with Types: deb-src.
      sed -E 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"${tmp}"
    elif [[ -f /etc/apt/sources.list ]]; then
      # One-line format: the same `deb` lines as `deb-src` lines, in a .list file.
      DEB_SRC_FILE=/etc/apt/sources.list.d/breachcheck-deb-src.list
      sed -nE 's/^deb[[:space:]]+/deb-src /p' /etc/apt/sources.list >"${tmp}"
    fi
    [[ -s "${tmp}" ]] || { rm -f "${tmp}"; die "no Debian apt source found to copy into a deb-src entry"; }
    as_root install -m 0644 "${tmp}" "${DEB_SRC_FILE}"
    rm -f "${tmp}"
  fi
  export DEBIAN_FRONTEND=noninteractive
  quiet as_root apt-get update
  have_src || die "apt still knows no libsodium source package after adding ${DEB_SRC_FILE}"
fi

# 2. apt-get source into a staging dir next to DEST, then move into place (never a half-unpacked tree).
parent="$(dirname "${DEST}")"
mkdir -p "${parent}"
stage="$(mktemp -d "${parent}/.libsodium-stage.XXXXXX")"
trap 'rm -rf "${stage}"' EXIT

# Prefer exactly the version of the installed binary package, so native and wasm run the same code.
want=""
if ver="$(dpkg-query -W -f='${Version}' libsodium23 2>/dev/null)" && [[ -n "${ver}" ]]; then
  want="libsodium=${ver}"
fi
(
  cd "${stage}"
  # apt-get source as root warns that the download is unsandboxed: harmless, and hidden unless it fails.
  if [[ -z "${want}" ]] || ! apt-get source -q "${want}" >apt-source.log 2>&1; then
    apt-get source -q libsodium >apt-source.log 2>&1 || { cat apt-source.log >&2; exit 1; }
  fi
) || die "apt-get source libsodium failed"

src="$(find "${stage}" -mindepth 1 -maxdepth 1 -type d -name 'libsodium-*' | head -n1)"
[[ -n "${src}" ]] || die "apt-get source produced no libsodium-* directory"
verify_tree "${src}" || die "unexpected libsodium source tree in ${src} (not 1.0.18, or Debian patches not applied)"

debver="$(sed -nE '1s/^libsodium \(([^)]+)\).*/\1/p' "${src}/debian/changelog" 2>/dev/null || true)"
printf 'libsodium %s (apt-get source, %s)\n' "${debver:-unknown}" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"${src}/.breachcheck-source-ok"

rm -rf "${DEST}"
mv "${src}" "${DEST}"
say "libsodium source: ${DEST} (${debver:-unknown})"
