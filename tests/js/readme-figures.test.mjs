// SPDX-License-Identifier: MPL-2.0
// The README's figures about scripts/test.sh stay true: the suite count in its "test.sh: N passed, 0 failed" line
// is the number of suites test.sh runs (its own `suite "…"` calls plus each executable tests/suites/*.sh), and each
// of those suite files is named in the README's list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');

// tests/suites/*.sh that git tracks as executable (test.sh runs only those: `[[ -x … ]]`).
function suiteFiles() {
  return execFileSync('git', ['ls-files', '-s', 'tests/suites'], { cwd: root, encoding: 'utf8' }).trim().split('\n')
    .map((line) => line.split(/\s+/)).filter(([mode, , , path]) => mode === '100755' && path.endsWith('.sh'))
    .map(([, , , path]) => path.slice('tests/suites/'.length, -'.sh'.length));
}

test('the README\'s "test.sh: N passed" counts the suites test.sh runs', () => {
  const own = readFileSync(`${root}scripts/test.sh`, 'utf8').match(/^suite "/gm) || [];
  const total = own.length + suiteFiles().length;
  const stated = [...readme.matchAll(/test\.sh: (\d+) passed, 0 failed/g)].map((m) => Number(m[1]));
  assert.ok(stated.length > 0, 'README.md has no "test.sh: N passed, 0 failed" line');
  for (const n of stated) assert.equal(n, total, `README says ${n} suites; test.sh runs ${own.length} + ${suiteFiles().length}`);
});

test('the README names every suite file test.sh runs', () => {
  for (const name of suiteFiles()) assert.ok(readme.includes(`\`${name}\``), `README.md does not name the suite \`${name}\``);
});
