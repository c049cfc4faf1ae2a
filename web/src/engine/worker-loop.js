// SPDX-License-Identifier: MPL-2.0
// The engine worker's message loop, shared by the worker scripts (web/src/worker.js for static data sets,
// web/src/worker-hardened.js for hardened ones, web/src/worker-directory.js for a directory of lists), which differ
// in the engine they import and, for a directory, the operations they add. It starts the
// engine on the first message, runs the operations of engine-worker.js and answers every message with
// {id, reply}, an EngineReply (reply.js).
import { engineOperations, portIo, OPERATIONS } from './engine-worker.js';
import { okReply, failureReply } from './reply.js';
import { ALTERED, verifiedBytes } from './verified-bytes.js';

/**
 * @param {(options: object) => Promise<any>} createBreachcheckEngine the engine glue's factory
 * @param {(simd: boolean) => string} wasmUrl where the glue's .wasm is, the WebAssembly SIMD build or the scalar
 *   one (written by the caller as literal `new URL`s); a worker started from a Blob (web/tools/module-assets.js)
 *   has no URL of its own, and is told both in `start`
 * @param {{ scalar: string, simd: string } | null} wasmIntegrity the two .wasm files' SHA-256 ("sha256-..."),
 *   built into the worker (src/generated/engine-integrity.js): the bytes are checked before the glue gets them,
 *   and the glue then fetches nothing itself. null for the classic build, whose glue carries its (scalar) wasm
 *   inline. Both builds share the glue (web/tools/build.mjs checks it).
 * @param {{ names: readonly string[], over: (engine: any) => Record<string, Function> } | null} extraOperations
 *   operations this worker adds to engine-worker.js's (a directory's: directory-operations.js)
 */
export function runEngineWorker(createBreachcheckEngine, wasmUrl, wasmIntegrity = null, extraOperations = null) {
  const names = extraOperations ? [...OPERATIONS, ...extraOperations.names] : OPERATIONS;
  let operations = null;
  let starting = null;
  let startAsset; // the asset that failed to load, for the page's console warning (a URL, never input)

  function start(args) {
    if (!starting) {
      let asset = '';
      // The page probed for WebAssembly SIMD (wasm-simd.js) and says which build to compile.
      const simd = Boolean(args && args.simd === true);
      const givenKey = simd ? 'wasmUrlSimd' : 'wasmUrl';
      const given = args && typeof args[givenKey] === 'string' ? args[givenKey] : '';
      const wasmLocation = () => given || wasmUrl(simd);
      starting = (async () => {
        try {
          const options = {
            locateFile: (path) => {
              asset = path.endsWith('.wasm') ? wasmLocation() : path;
              return asset;
            },
            print: () => {}, // the engine never prints; keep the console clean if it ever did
            printErr: () => {},
          };
          if (wasmIntegrity) {
            asset = wasmLocation();
            options.wasmBinary = await verifiedBytes(asset, simd ? wasmIntegrity.simd : wasmIntegrity.scalar);
          }
          const module = await createBreachcheckEngine(options);
          const engine = new module.Engine();
          operations = { ...engineOperations(engine), ...(extraOperations ? extraOperations.over(engine) : null) };
          return okReply(null);
        } catch (error) {
          startAsset = asset;
          return failureReply('unavailable', error && error.code === ALTERED ? ALTERED : 'engine_init');
        }
      })();
    }
    return starting;
  }

  self.onmessage = async (event) => {
    const { id, op, args, port } = event.data || {};
    let reply;
    try {
      reply = await start(op === 'start' ? args : null);
      if (reply.ok && op !== 'start') {
        reply = names.includes(op) ? await operations[op](args || {}, port ? portIo(port) : null)
          : failureReply('unavailable', 'engine_failure');
      }
    } catch {
      // A code only: exceptions from the engine glue never carry input, but keep it that way explicitly.
      reply = failureReply('unavailable', 'engine_failure');
    } finally {
      if (port) port.close();
    }
    self.postMessage({ id, reply, asset: reply.ok ? undefined : startAsset });
  };

  // The page learns that this script loaded and ran (a worker whose script 404s or is blocked never says this).
  self.postMessage({ loaded: true });
}
