// SPDX-License-Identifier: MPL-2.0
// tests/lib/suite.sh, the helpers every shell suite sources: the last line and exit status scripts/test.sh
// relies on, and the clean-up that must run however a suite ends (no scratch directory or process left behind).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const library = fileURLToPath(new URL('../lib/suite.sh', import.meta.url));

// Runs BODY in bash after sourcing the library as suite "demo"; returns {status, lines}.
function suite(body, env = {}) {
  const run = spawnSync('bash', ['-c', `set -uo pipefail\nSUITE=demo\nsource "${library}"\n${body}`], {
    encoding: 'utf8',
    env: { ...process.env, KEEP_WORK: '', ...env },
    timeout: 20000,
  });
  return { status: run.status, lines: run.stdout.trimEnd().split('\n') };
}

const alive = (pid) => spawnSync('kill', ['-0', String(pid)]).status === 0;

test('finish prints the counts last and fails when a check failed', () => {
  const good = suite('check "true is true" true\nstep "a step" true\nfinish');
  assert.equal(good.status, 0);
  assert.match(good.lines.at(-1), /^demo: 2 passed, 0 failed \(\d+ s\)$/);
  assert.match(good.lines[1], /^ {2}ok {3}a step \(\d+ s\)$/);
  const bad = suite('check "false is true" false\ncheck "true" true\nfinish');
  assert.equal(bad.status, 1);
  assert.equal(bad.lines[0], '  FAIL false is true');
  assert.match(bad.lines.at(-1), /^demo: 1 passed, 1 failed/);
});

test('fail_early is one failure with its reason, before any check', () => {
  const run = suite('fail_early "no tool"\necho unreachable');
  assert.equal(run.status, 1);
  assert.deepEqual(run.lines, ['demo: no tool', 'demo: 0 passed, 1 failed']);
});

test('the scratch directory and the processes are cleaned up however the suite ends', () => {
  for (const ending of ['finish', 'fail_early "stop"', 'exit 3']) {
    const run = suite(`work_dir\necho "$work"\nsleep 60 & pid=$!\nkill -STOP "$pid"\necho "$pid"\n` +
      `at_exit 'stop_processes "$pid" ""'\n${ending}`);
    const [work, pid] = run.lines;
    assert.ok(work.startsWith('/'), work);
    assert.equal(existsSync(work), false, `${ending}: ${work} removed`);
    assert.equal(alive(Number(pid)), false, `${ending}: a stopped process is ended too`);
  }
});

test('KEEP_WORK keeps the scratch directory and names it', () => {
  const run = suite('work_dir\necho "$work"\nfinish', { KEEP_WORK: '1' });
  const work = run.lines[0];
  try {
    assert.equal(existsSync(work), true);
    assert.equal(run.lines.at(-1), `demo: kept ${work}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('clean-up actions run last registered first and see the values at exit', () => {
  const run = suite(`value=early\nat_exit 'echo "first: $value"'\nat_exit 'echo second'\nvalue=late\nexit 0`);
  assert.deepEqual(run.lines, ['second', 'first: late']);
});

test('need_breachcheck fails early without the CLI and names where it looked', () => {
  const run = suite('need_breachcheck\necho unreachable', { BREACHCHECK: '/nonexistent/breachcheck' });
  assert.equal(run.status, 1);
  assert.deepEqual(run.lines, ['demo: no breachcheck binary at /nonexistent/breachcheck (build first)', 'demo: 0 passed, 1 failed']);
});
