// SPDX-License-Identifier: MPL-2.0
// Every C++, JS/TS, shell and CMake source the repository tracks names its license in its first lines
// (README.md, "License"), so a file copied out of the tree still says under which terms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = /\.(cpp|h|hpp|js|mjs|ts|sh|cmake)$|(^|\/)CMakeLists\.txt$/;

test('every tracked source file carries an SPDX-License-Identifier line near its top', () => {
  const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n').filter((f) => SOURCE.test(f));
  assert.ok(files.length > 150, `found ${files.length} source files`);
  const missing = files.filter((f) => !readFileSync(root + f, 'utf8').slice(0, 400).includes('SPDX-License-Identifier: MPL-2.0'));
  assert.deepEqual(missing, []);
});
