// The engine's thread. A classic worker: Argon2id runs here for hundreds of milliseconds, so the page's
// main thread never freezes. It holds the verified header and, between `prepare` and `lookup`, the secret
// lookup keys (inside wasm memory, wiped by the engine). Identifiers arrive as transferred Uint8Arrays and
// are zeroed here as soon as the engine has copied them.
//
// Over http(s) the page starts this file by URL and tells it where the engine glue is (importScripts).
// From file:// the classic bundle starts it from a Blob that already contains the single-file engine.
/* global createBreachcheckEngine, importScripts */
'use strict';

let engine = null;
let starting = null;

function start(engineUrl) {
  if (!starting) {
    starting = (async () => {
      if (typeof createBreachcheckEngine === 'undefined') importScripts(engineUrl);
      const module = await createBreachcheckEngine({
        // The .wasm sits next to the glue, wherever this worker was started from.
        locateFile: (path) => (engineUrl ? new URL(path, engineUrl).href : path),
        print: () => {}, // the engine never prints; keep the console clean if it ever did
        printErr: () => {},
      });
      engine = new module.Engine();
      return module.Engine.fixedHeaderSize();
    })();
  }
  return starting;
}

function parse(text) {
  return JSON.parse(text);
}

const ops = {
  start: ({ engineUrl }) => start(engineUrl),
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
    self.postMessage({ id, ok: false, code });
  }
};
