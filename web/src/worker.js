// SPDX-License-Identifier: MPL-2.0
// The engine's thread, a module worker: Argon2id runs here for hundreds of milliseconds, so the page's main
// thread never freezes. It holds the verified header and, between `prepare` and `lookup`, the secret lookup
// keys (inside wasm memory, wiped by the engine). Identifiers arrive as transferred Uint8Arrays and are zeroed
// here as soon as the engine has copied them.
//
// The engine glue is imported (bundled into this worker by any bundler); the .wasm is named by the literal
// `new URL('./engine/...', import.meta.url)` so that bundlers emit it with a content hash. The classic build
// bundles this file with the single-file glue (wasm inlined), where that URL is never used.
import createBreachcheckEngine from './engine/breachcheck-engine.js';

let engine = null;
let starting = null;

function wasmUrl() {
  return new URL('./engine/breachcheck-engine.wasm', import.meta.url).href;
}

// An asset that cannot be fetched or compiled: its URL (never any input) goes back to the page, which warns.
class EngineStartError extends Error {
  constructor(asset) {
    super('engine_init');
    this.asset = asset;
  }
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
        engine = new module.Engine();
        return module.Engine.fixedHeaderSize();
      } catch {
        throw new EngineStartError(asset);
      }
    })();
  }
  return starting;
}

function parse(text) {
  return JSON.parse(text);
}

const ops = {
  start: () => start(),
  headerLength: ({ bytes }) => parse(engine.headerLength(bytes)),
  open: ({ header, keys, minVersion, allowWeakKdf, now, fileSize }) =>
    parse(engine.open(header, keys, minVersion, allowWeakKdf, now, fileSize)),
  warmUp: () => engine.warmUp(),
  prepare: ({ nir, birthDate, birthRank, beneficiary, year, month, day }) => {
    try {
      return parse(engine.prepare(nir, birthDate, birthRank, beneficiary, year, month, day));
    } finally {
      nir.fill(0);
      birthDate.fill(0);
      birthRank.fill(0);
    }
  },
  // Hardened mode: the evaluation server's answer (text); the engine verifies the proof, then gives the range.
  finishOprf: ({ body }) => parse(engine.finishOprf(String(body))),
  lookup: ({ bucket }) => parse(engine.lookup(bucket)),
  forget: () => engine.forget(),
};

self.onmessage = async (event) => {
  const { id, op, args } = event.data || {};
  try {
    if (op !== 'start' && !engine) await starting;
    if (!engine && op !== 'start') throw new Error('engine_init');
    const value = await ops[op](args || {});
    self.postMessage({ id, ok: true, value });
  } catch (error) {
    // A code only: exceptions from the engine glue never carry input, but keep it that way explicitly.
    const code = error && /^[a-z_]+$/.test(error.message) ? error.message : 'engine_failure';
    const asset = error instanceof EngineStartError ? error.asset : undefined;
    self.postMessage({ id, ok: false, code, asset });
  }
};

// The page learns that this script loaded and ran (a worker whose script 404s or is blocked never says this).
self.postMessage({ loaded: true });
