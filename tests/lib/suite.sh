# SPDX-License-Identifier: MPL-2.0
# Shared by the shell suites in tests/suites/ (sourced, not run): the check counters and the last line that
# scripts/test.sh and people read, "SUITE: N passed, M failed (T s)". Set SUITE before sourcing.
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok   $*"; }
ko() { failed=$((failed + 1)); echo "  FAIL $*"; }
# check "what is checked" COMMAND...: one line, ok or FAIL, whatever COMMAND is (test, cmp, a function).
check() { local what=$1; shift; if "$@"; then ok "$what"; else ko "$what"; fi; }
finish() {
  echo "${SUITE}: ${passed} passed, ${failed} failed ($((SECONDS)) s)"
  ((failed == 0))
  exit $?
}
# Before any check could run (a missing binary or tool): one failure, and why.
fail_early() { echo "${SUITE}: $*"; echo "${SUITE}: 0 passed, 1 failed"; exit 1; }
# json FILE EXPR: EXPR evaluated in Python with the parsed FILE as `d`; prints the value.
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {'d': d}))" "$@"; }
# A TCP port free on loopback right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
