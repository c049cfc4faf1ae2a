// SPDX-License-Identifier: MPL-2.0
// How the widget starts its engine worker. The `new Worker(new URL('./worker.js', import.meta.url), {...})`
// expression is written literally because bundlers (Vite, webpack 5, Parcel, esbuild's output left as is)
// recognise exactly this form: they bundle worker.js (and the engine glue it imports) as a worker chunk with a
// content hash and rewrite the URL, so the package needs no configuration in the consumer's bundler. The
// classic build replaces this file (web/tools/classic-assets.js).
// It sits at the top of src/, next to worker.js, worker-hardened.js and worker-directory.js, for the same reason: the bundled copy (dist/breachcheck.mjs)
// sits next to dist/worker.js, so one relative URL names the worker in the package and in dist/.
// Cross-origin copy (e.g. dist/ on a CDN): browsers refuse `new Worker(crossOriginURL)` with a SecurityError.
// A same-origin module Blob that imports the worker works instead (the CDN must send CORS headers, and a CSP
// must allow `worker-src blob:`): docs/WIDGET.md, "CSP".
// (A static `import` in the Blob fails in Chromium; a dynamic one works. The worker's first message, `loaded`,
// tells the client when it may send requests: engine-client.js holds them until then.)
function startFromBlob(workerUrl, name) {
  const bootstrap = `import(${JSON.stringify(workerUrl)}).catch(() => self.postMessage({ bootstrapFailed: true }));`;
  const blobUrl = URL.createObjectURL(new Blob([bootstrap], { type: 'text/javascript' }));
  try {
    return new Worker(blobUrl, { type: 'module', name });
  } finally {
    // The worker has fetched its script once started; revoking later keeps the URL from leaking.
    setTimeout(() => URL.revokeObjectURL(blobUrl), 10000);
  }
}

// Where the worker script is, for the cross-origin fallback and for the console warning when it cannot load.
// Not written as `new URL('<literal>', import.meta.url)`: bundlers would copy worker.js a second time as an
// unbundled asset (webpack even makes a context module of src/ for a non-literal first argument). Under a
// bundler import.meta.url may name the source file (webpack: file://...): then there is no URL to give.
// The worker's file for the engine a page needs (engine-client.js): the VOPRF client, the directory calls, or neither.
const workerFile = ({ hardened = false, directory = false } = {}) =>
  (hardened ? 'worker-hardened.js' : directory ? 'worker-directory.js' : 'worker.js');

export function workerScriptUrl(engine = {}) {
  const moduleUrl = import.meta.url;
  try {
    const url = new URL(`./${workerFile(engine)}`, moduleUrl);
    return /^(https?|blob):$/.test(url.protocol) ? url.href : '';
  } catch {
    return '';
  }
}

/**
 * The hardened-mode code (web/src/hardened.js), only for a data set in hardened mode: a chunk of its own for
 * bundlers. The module build checks its hash first (web/tools/module-assets.js); the classic build has it inline.
 */
export function loadHardenedCode() {
  return import('./hardened.js');
}

/**
 * The directory code (web/src/directory.js), only for a page given a directory of lists: a chunk of its own for
 * bundlers, checked like the hardened-mode code by the module build.
 */
export function loadDirectoryCode() {
  return import('./directory.js');
}

/**
 * Starts the engine worker: worker.js for a static data set, worker-hardened.js (the engine with the VOPRF
 * client) for a hardened one, worker-directory.js (the engine with the directory calls) for a directory of
 * lists. `{ worker, workerUrl }` (the URL only for diagnostics).
 */
export function startEngineWorker(engine = {}) {
  const name = `breachcheck-engine${engine.hardened ? '-hardened' : engine.directory ? '-directory' : ''}`;
  try {
    // One literal expression per worker, so that bundlers see (and emit) each; one name each, because
    // webpack names a worker's chunk after it (one name would merge the workers into one chunk).
    const worker = engine.hardened
      ? new Worker(new URL('./worker-hardened.js', import.meta.url), { type: 'module', name: 'breachcheck-engine-hardened' })
      : engine.directory
        ? new Worker(new URL('./worker-directory.js', import.meta.url), { type: 'module', name: 'breachcheck-engine-directory' })
        : new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'breachcheck-engine' });
    return { worker, workerUrl: workerScriptUrl(engine) };
  } catch (error) {
    if (!error || error.name !== 'SecurityError') throw error;
    const workerUrl = workerScriptUrl(engine);
    return { worker: startFromBlob(workerUrl, name), workerUrl };
  }
}
