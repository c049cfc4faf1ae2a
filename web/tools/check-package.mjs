#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// `npm pack` / `npm publish` of web/ (the "prepack" script): the package is complete only after
// scripts/build-web.sh has generated src/engine/, src/generated/ and dist/ (gitignored), when
// custom-elements.json is what the source gives (web/tools/manifest.mjs), and it ships the repository's
// top-level LICENSE. Refuses to pack an incomplete package rather than publish one that fails in the consumer's
// browser. docs/RELEASING.md.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The generated engine files and CSS module, and the prebuilt dist/ (CDN use), all written by build.mjs.
const required = ['src/engine/breachcheck-engine.js', 'src/engine/breachcheck-engine.wasm',
  'src/engine/breachcheck-engine-hardened.js', 'src/engine/breachcheck-engine-hardened.wasm',
  'src/engine/breachcheck-engine-simd128.wasm', 'src/engine/breachcheck-engine-hardened-simd128.wasm',
  'src/engine/breachcheck-engine-directory.js', 'src/engine/breachcheck-engine-directory.wasm',
  'src/engine/breachcheck-engine-directory-simd128.wasm', 'src/generated/styles-css.js',
  'src/generated/engine-integrity.js',
  'dist/breachcheck.mjs', 'dist/breachcheck.classic.js', 'dist/embed.js', 'dist/frame.js', 'dist/worker.js',
  'dist/worker-hardened.js', 'dist/hardened.mjs', 'dist/directory.mjs', 'dist/engine/breachcheck-engine.wasm',
  'dist/engine/breachcheck-engine-hardened.wasm', 'dist/engine/breachcheck-engine-simd128.wasm',
  'dist/engine/breachcheck-engine-hardened-simd128.wasm', 'dist/worker-directory.js',
  'dist/engine/breachcheck-engine-directory.wasm', 'dist/engine/breachcheck-engine-directory-simd128.wasm', 'dist/sri.json'];
const missing = required.filter((f) => !existsSync(join(WEB, f)));
if (missing.length > 0) {
  console.error(`check-package: missing ${missing.join(', ')}: run scripts/build-wasm.sh then scripts/build-web.sh`);
  process.exit(1);
}
if (!/^export default createBreachcheckEngine/m.test(readFileSync(join(WEB, required[0]), 'utf8'))) {
  console.error(`check-package: ${required[0]} is not an ES module: rebuild (scripts/build-wasm.sh, scripts/build-web.sh)`);
  process.exit(1);
}
// dist/ must come from the same sources as src/ (a stale dist/ would ship another version on CDNs).
const distTime = statSync(join(WEB, 'dist/breachcheck.mjs')).mtimeMs;
const newer = ['src/engine/breachcheck-engine.wasm', 'src/generated/styles-css.js']
  .filter((f) => statSync(join(WEB, f)).mtimeMs > distTime + 1000);
if (newer.length > 0) {
  console.error(`check-package: dist/ is older than ${newer.join(', ')}: run scripts/build-web.sh again`);
  process.exit(1);
}
try {
  execFileSync(process.execPath, [join(WEB, 'tools/manifest.mjs'), '--check'], { stdio: ['ignore', 'ignore', 'inherit'] });
} catch {
  process.exit(1);
}
const license = join(WEB, '..', 'LICENSE');
if (!existsSync(license)) {
  console.error('check-package: the repository has no LICENSE at its top level');
  process.exit(1);
}
copyFileSync(license, join(WEB, 'LICENSE'));
