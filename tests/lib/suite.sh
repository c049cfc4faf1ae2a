# SPDX-License-Identifier: MPL-2.0
# Shared by the shell suites in tests/suites/ (sourced, not run): the check counters, the clean-up on exit, the
# scratch directory, the tools a suite needs, and the last line that scripts/test.sh and people read,
# "SUITE: N passed, M failed (T s)". Set SUITE before sourcing.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok   $*"; }
ko() { failed=$((failed + 1)); echo "  FAIL $*"; }
# check "what is checked" COMMAND...: one line, ok or FAIL, whatever COMMAND is (test, cmp, a function).
check() { local what=$1; shift; if "$@"; then ok "$what"; else ko "$what"; fi; }
# step "what" COMMAND...: like check, with the time COMMAND took (builds, whole test programs).
step() {
  local what=$1 t0=${SECONDS}
  shift
  if "$@"; then ok "${what} ($((SECONDS - t0)) s)"; else ko "${what} ($((SECONDS - t0)) s)"; fi
}
finish() {
  echo "${SUITE}: ${passed} passed, ${failed} failed ($((SECONDS)) s)"
  ((failed == 0))
  exit $?
}
# Before any check could run (a missing binary or tool): one failure, and why.
fail_early() { echo "${SUITE}: $*"; echo "${SUITE}: 0 passed, 1 failed"; exit 1; }

# at_exit 'SHELL TEXT': run when the suite ends, however it ends (finish, fail_early, an error under set -e, a
# signal), the last registered first. The text is evaluated then, so it sees the variables' values at exit
# (at_exit 'stop_processes "$server_pid"' stops the server started after the call).
_exit_actions=()
at_exit() { _exit_actions=("$1" "${_exit_actions[@]}"); }
_run_exit_actions() {
  local action
  for action in "${_exit_actions[@]}"; do eval "${action}" || true; done
}
trap _run_exit_actions EXIT

# stop_processes PID...: each process ended and waited for, even a stopped (SIGSTOP) one; empty or gone PIDs ignored.
stop_processes() {
  local pid
  for pid in "$@"; do [[ -n "${pid}" ]] && kill "${pid}" 2>/dev/null; done
  for pid in "$@"; do [[ -n "${pid}" ]] && { kill -CONT "${pid}" 2>/dev/null; wait "${pid}" 2>/dev/null; }; done
  return 0
}

# work_dir [TEMPLATE]: $work, a new scratch directory (mktemp -d TEMPLATE), removed at exit; kept, and its
# path printed, when KEEP_WORK is set (to look at what a failed check left).
work_dir() {
  work="$(mktemp -d ${1:+"$1"})" || fail_early "cannot make a scratch directory"
  at_exit _remove_work_dir
}
_remove_work_dir() { if [[ -n "${KEEP_WORK:-}" ]]; then echo "${SUITE}: kept ${work}"; else rm -rf "${work}"; fi; }

# need_breachcheck: $BC, the absolute path of the CLI under test (BREACHCHECK, default the native build), or an
# early failure; $CATALOG, the incident's catalog.
need_breachcheck() {
  BC="$(realpath -m "${BREACHCHECK:-${REPO_ROOT}/build/native/wasm/breachcheck}")"
  CATALOG="${REPO_ROOT}/wasm/catalog/viamedis-almerys-2024.json"
  [[ -x "${BC}" ]] || fail_early "no breachcheck binary at ${BC} (build first)"
}

# need_test_packages: the browser suites' pinned npm packages (tests/package-lock.json) installed, or an early
# failure.
need_test_packages() {
  (cd "${REPO_ROOT}/tests" && npm ci --no-audit --no-fund --loglevel=error) ||
    fail_early "npm ci in tests/ failed (is the npm registry reachable?)"
}

# json FILE EXPR: EXPR evaluated in Python with the parsed FILE as `d`; prints the value.
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {'d': d}))" "$@"; }
# A TCP port free on loopback right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
