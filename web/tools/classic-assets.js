// SPDX-License-Identifier: MPL-2.0
// The classic build's stand-in for src/assets.js (web/tools/build.mjs swaps it in): the worker, with the
// single-file engine (wasm inlined), is embedded in the script and started from a Blob, so the classic file
// works on its own, from any origin and from file:// (where no worker can start from a file URL).
// Its engine is the single-file flavour, built with the VOPRF client, so static and hardened data sets both
// run on it (wasm/bindings/CMakeLists.txt).
/* global BREACHCHECK_EMBEDDED_WORKER */

export function workerScriptUrl() {
  return 'blob: (worker embedded in breachcheck.classic.js)';
}

// Inline here (esbuild's IIFE output inlines a dynamic import): covered by the classic script's own SRI.
export function loadHardenedCode() {
  return import('../src/hardened.js');
}

// Likewise the directory code.
export function loadDirectoryCode() {
  return import('../src/directory.js');
}

// One engine for both modes here (the single-file flavour has the VOPRF client): the option is ignored.
export function startEngineWorker() {
  const url = URL.createObjectURL(new Blob([BREACHCHECK_EMBEDDED_WORKER], { type: 'text/javascript' }));
  try {
    return { worker: new Worker(url, { name: 'breachcheck-engine' }), workerUrl: workerScriptUrl() };
  } finally {
    // The worker has fetched its script once started; revoking later keeps the URL from leaking.
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
}
