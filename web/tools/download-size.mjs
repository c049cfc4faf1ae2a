// SPDX-License-Identifier: MPL-2.0
// What a page with the ES module downloads to check someone, in brotli -q 11 bytes (what a CDN sends), data
// set excluded: one list for web/tools/build.mjs (which prints the totals), the e2e suite (which checks the list
// against what the browser really requested, and the static total against the budget) and the bench.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';

// <= 90 KB for a static data set's check (widget, styles, worker, glue, wasm).
export const STATIC_TARGET_BYTES = 90000;
// What the e2e suite enforces: the target itself. It was over once more (90,691 B with the SIMD Argon2 kernel)
// until the directory's worker operations left worker.js and the static engine stopped linking the hardened
// header's "oprf" reader: 89,059 B with SIMD, 88,139 B without; 89,267 B and 88,335 B with the dates written
// without Intl and the main thread's splits (docs/PERFORMANCE.md, "Download size").
export const STATIC_CEILING_BYTES = STATIC_TARGET_BYTES;

// dist/ files a check on a static data set fetches (styles are inlined in breachcheck.mjs; the engine glue is
// bundled into worker.js) in a browser with WebAssembly SIMD, and in one without (the scalar build of the same
// engine, web/src/engine/wasm-simd.js). A page fetches one of the two .wasm files, never both; both totals must
// stay under the target.
export const STATIC_FILES = ['breachcheck.mjs', 'worker.js', 'engine/breachcheck-engine-simd128.wasm'];
export const STATIC_FILES_SCALAR = ['breachcheck.mjs', 'worker.js', 'engine/breachcheck-engine.wasm'];
// dist/ files a check on a hardened data set fetches instead: the engine with the VOPRF client and its worker,
// and the evaluation request with its texts (web/src/hardened.js). Never both engines, never both builds.
export const HARDENED_FILES = ['breachcheck.mjs', 'worker-hardened.js', 'engine/breachcheck-engine-hardened-simd128.wasm',
  'hardened.mjs'];
export const HARDENED_FILES_SCALAR = ['breachcheck.mjs', 'worker-hardened.js', 'engine/breachcheck-engine-hardened.wasm',
  'hardened.mjs'];

// dist/ files a page given a directory of lists fetches: the directory code (web/src/directory.js) and the
// engine with the directory calls and its worker, which only such a page starts; the one-list engine above has
// none of that code (wasm/bindings/CMakeLists.txt).
export const DIRECTORY_FILES = ['breachcheck.mjs', 'directory.mjs', 'worker-directory.js',
  'engine/breachcheck-engine-directory-simd128.wasm'];
export const DIRECTORY_FILES_SCALAR = ['breachcheck.mjs', 'directory.mjs', 'worker-directory.js',
  'engine/breachcheck-engine-directory.wasm'];

export const brotliSize = (bytes) => brotliCompressSync(bytes, { params: {
  [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;

/**
 * {files: [{file, brotli}], static, staticScalar, hardened, hardenedScalar, directory, directoryScalar} for the
 * dist/ directory `dist`.
 */
export function downloadTotals(dist) {
  const files = [...new Set([...STATIC_FILES, ...STATIC_FILES_SCALAR, ...HARDENED_FILES, ...HARDENED_FILES_SCALAR,
    ...DIRECTORY_FILES, ...DIRECTORY_FILES_SCALAR])]
    .map((file) => ({ file, brotli: brotliSize(readFileSync(join(dist, file))) }));
  const sum = (list) => files.filter((f) => list.includes(f.file)).reduce((s, f) => s + f.brotli, 0);
  return { files, static: sum(STATIC_FILES), staticScalar: sum(STATIC_FILES_SCALAR), hardened: sum(HARDENED_FILES),
    hardenedScalar: sum(HARDENED_FILES_SCALAR), directory: sum(DIRECTORY_FILES), directoryScalar: sum(DIRECTORY_FILES_SCALAR) };
}
