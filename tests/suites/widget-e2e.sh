#!/usr/bin/env bash
# SPDX-License-Identifier: MPL-2.0
# Browser end-to-end tests in Debian's headless Chromium (playwright-core, axe-core pinned in tests/):
# tests/e2e/run.mjs (static mode), then tests/e2e/oprf.mjs (hardened mode: two `breachcheck serve` instances
# and a redis-server on loopback, started and stopped by the suite), then tests/e2e/verdict.mjs (docs/WIDGET.md,
# "What a person sees": the verdict-first design, FR/EN, desktop and phone, axe in every state), then
# tests/e2e/verdict-flow.mjs (quick fixes and retries that never submit, the verdict in view in every embed under a
# sticky header, error summary, language switch, oEmbed, the insurer page offline), then tests/e2e/words.mjs
# (the words: reassurance, short actions, plain words, sources, family, first screen), then
# tests/e2e/second-incident.mjs (a fictional incident's catalog rendered with no code change), then
# tests/e2e/directory.mjs (a directory of two lists on the article embed: in A, in B, in both, in neither, B
# unreachable or failing, the same requests whatever the outcome, FR/EN, axe, 360 px). All run even if
# one fails; each prints its own count, and the suite ends with "widget-e2e: N passed, M failed (T s)", one per
# program.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
SUITE=widget-e2e
# shellcheck source=../lib/suite.sh
source "${ROOT}/tests/lib/suite.sh"
need_test_packages
export BREACHCHECK_CLI=build/native/wasm/breachcheck BREACHCHECK_WASM_DIR=build/wasm
step "tests/e2e/run.mjs (static mode)" node tests/e2e/run.mjs
step "tests/e2e/oprf.mjs (hardened mode)" node tests/e2e/oprf.mjs
step "tests/e2e/verdict.mjs (what a person sees)" node tests/e2e/verdict.mjs
step "tests/e2e/verdict-flow.mjs (quick fixes, the verdict in view in every embed)" node tests/e2e/verdict-flow.mjs
step "tests/e2e/words.mjs (the words people read)" node tests/e2e/words.mjs
step "tests/e2e/second-incident.mjs (a fictional incident, no code change)" node tests/e2e/second-incident.mjs
step "tests/e2e/directory.mjs (a directory of two lists on the article embed)" node tests/e2e/directory.mjs
finish
