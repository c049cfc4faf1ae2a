#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// `npm pack` / `npm publish` of web/ (the "prepack" script): the package is complete only after
// scripts/build-web.sh has generated src/engine/ and src/generated/ (gitignored), and it ships the
// repository's top-level LICENSE. Refuses to pack an incomplete package rather than publish one that fails
// in the consumer's browser.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const required = ['src/engine/breachcheck-engine.js', 'src/engine/breachcheck-engine.wasm',
  'src/engine/breachcheck-engine-hardened.js', 'src/engine/breachcheck-engine-hardened.wasm', 'src/generated/styles-css.js',
  'src/generated/engine-integrity.js'];
const missing = required.filter((f) => !existsSync(join(WEB, f)));
if (missing.length > 0) {
  console.error(`check-package: missing ${missing.join(', ')}: run scripts/build-wasm.sh then scripts/build-web.sh`);
  process.exit(1);
}
if (!/^export default createBreachcheckEngine/m.test(readFileSync(join(WEB, required[0]), 'utf8'))) {
  console.error(`check-package: ${required[0]} is not an ES module: rebuild (scripts/build-wasm.sh, scripts/build-web.sh)`);
  process.exit(1);
}
const license = join(WEB, '..', 'LICENSE');
if (!existsSync(license)) {
  console.error('check-package: the repository has no LICENSE at its top level');
  process.exit(1);
}
copyFileSync(license, join(WEB, 'LICENSE'));
