// SPDX-License-Identifier: MPL-2.0
// The module build's stand-in for src/assets.js (web/tools/build.mjs swaps it in for dist/breachcheck.mjs):
// nothing that breachcheck.mjs loads after itself runs before its bytes match the SHA-256 written into it at
// build time (BREACHCHECK_ASSET_INTEGRITY: worker.js, worker-hardened.js, worker-directory.js, hardened.mjs,
// directory.mjs; each worker carries
// its own .wasm's, src/generated/engine-integrity.js). Browsers check breachcheck.mjs itself (SRI on the
// publisher's <script> tag) but nothing a module starts or imports: docs/EMBEDDING.md, "What is verified, and
// by whom". A file that differs is refused with `widget_integrity` and a console line naming it.
/* global BREACHCHECK_ASSET_INTEGRITY */
import { ALTERED, verifiedBytes } from '../src/engine/verified-bytes.js';

const HASHES = BREACHCHECK_ASSET_INTEGRITY;
const assetUrl = (file) => new URL(file, import.meta.url).href;

// The bytes of one of dist/'s files, checked; a refusal carries the file's URL for the console line.
async function checkedBytes(file) {
  const url = assetUrl(file);
  try {
    return await verifiedBytes(url, HASHES[file]);
  } catch (error) {
    throw Object.assign(error, { url });
  }
}

// The worker's file for the engine a page needs (src/assets.js): the VOPRF client, the directory calls, or neither.
const workerFile = ({ hardened = false, directory = false } = {}) =>
  (hardened ? 'worker-hardened.js' : directory ? 'worker-directory.js' : 'worker.js');

export function workerScriptUrl(engine = {}) {
  return assetUrl(workerFile(engine));
}

/**
 * Starts the engine worker once its bytes are checked: `{ worker, workerUrl, wasmUrl?, wasmUrlSimd? }` (the
 * scalar and WebAssembly SIMD builds' .wasm, for a Blob worker, which has no URL to find them from). Rejects with a coded error: the worker never ran.
 */
export async function startEngineWorker(engine = {}) {
  const file = workerFile(engine);
  const workerUrl = workerScriptUrl(engine);
  // breachcheck-engine, -hardened or -directory: also the stem of its .wasm files.
  const name = file.replace(/^worker/, 'breachcheck-engine').replace(/\.js$/, '');
  const bytes = await checkedBytes(file);
  // Same origin as the page: started by URL, which `script-src 'self'` allows (a Blob would need `worker-src
  // blob:`). That origin serves the page itself; the check catches a copy of dist/ mixed from two builds.
  if (new URL(workerUrl).origin === self.location.origin) {
    return { worker: new Worker(workerUrl, { type: 'module', name }), workerUrl };
  }
  // Another origin (a CDN): browsers refuse a cross-origin worker URL anyway; the worker runs from a Blob of
  // the very bytes checked, so the CDN cannot serve one copy to the check and another to the worker.
  const blobUrl = URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }));
  setTimeout(() => URL.revokeObjectURL(blobUrl), 10000); // fetched once the worker starts
  return { worker: new Worker(blobUrl, { type: 'module', name }), workerUrl,
    wasmUrl: assetUrl(`engine/${name}.wasm`), wasmUrlSimd: assetUrl(`engine/${name}-simd128.wasm`) };
}

/**
 * hardened.mjs (web/src/hardened.js) runs in the page, so no Blob (`script-src blob:`) and no plain import()
 * (which takes no hash): a module <script> with `integrity`, which the browser runs only if the bytes match,
 * then import() of the same URL, which returns that already-run module from the page's module map without
 * fetching it again. When the script fails, the file is fetched and hashed to tell an altered file
 * (`widget_integrity`) from a missing one (`engine_init`).
 */
export function loadHardenedCode() {
  return loadCheckedModule('hardened.mjs');
}

/** directory.mjs (web/src/directory.js), for a page given a directory of lists: loaded as hardened.mjs is. */
export function loadDirectoryCode() {
  return loadCheckedModule('directory.mjs');
}

function loadCheckedModule(file) {
  const url = assetUrl(file);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.type = 'module';
    script.crossOrigin = 'anonymous';
    script.integrity = HASHES[file];
    script.src = url;
    script.onload = () => {
      script.remove();
      resolve(import(url));
    };
    script.onerror = () => {
      script.remove();
      checkedBytes(file).then(() => reject(Object.assign(new Error('engine_init'), { code: 'engine_init', url })),
        (error) => reject(error.code === ALTERED ? error : Object.assign(error, { code: 'engine_init' })));
    };
    document.head.append(script);
  });
}
