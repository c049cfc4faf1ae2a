// SPDX-License-Identifier: MPL-2.0
// The engine's thread, a module worker: Argon2id runs here for hundreds of milliseconds, so the page's main
// thread never freezes. It holds the verified header and, only while a `check` operation runs, one person's
// lookup keys (inside wasm memory, wiped by the engine). Identifiers arrive as transferred Uint8Arrays and are
// zeroed here as soon as the engine has copied them. The operations are in engine-worker.js; every message
// back is {id, reply} with an EngineReply (reply.js).
//
// The engine glue is imported (bundled into this worker by any bundler); the .wasm is named by the literal
// `new URL('./engine/...', import.meta.url)` so that bundlers emit it with a content hash. The classic build
// bundles this file with the single-file glue (wasm inlined), where that URL is never used.
import createBreachcheckEngine from './engine/breachcheck-engine.js';
import { engineOperations, portIo, OPERATIONS } from './engine/engine-worker.js';
import { okReply, failureReply } from './engine/reply.js';

let operations = null;
let starting = null;
let startAsset; // the asset that failed to load, for the page's console warning (a URL, never input)

function wasmUrl() {
  return new URL('./engine/breachcheck-engine.wasm', import.meta.url).href;
}

function start() {
  if (!starting) {
    let asset = '';
    starting = (async () => {
      try {
        const module = await createBreachcheckEngine({
          locateFile: (path) => {
            asset = path.endsWith('.wasm') ? wasmUrl() : path;
            return asset;
          },
          print: () => {}, // the engine never prints; keep the console clean if it ever did
          printErr: () => {},
        });
        operations = engineOperations(new module.Engine());
        return okReply(null);
      } catch {
        startAsset = asset;
        return failureReply('unavailable', 'engine_init');
      }
    })();
  }
  return starting;
}

self.onmessage = async (event) => {
  const { id, op, args, port } = event.data || {};
  let reply;
  try {
    reply = await start();
    if (reply.ok && op !== 'start') {
      reply = OPERATIONS.includes(op) ? await operations[op](args || {}, port ? portIo(port) : null)
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
