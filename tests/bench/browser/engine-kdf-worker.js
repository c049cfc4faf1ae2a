// SPDX-License-Identifier: MPL-2.0
// The browser bench's "Argon2id alone": a module worker of the bench page (tests/bench/browser/setup.mjs) that
// runs the same engine glue and .wasm as the widget's worker, through the engine's own Embind calls (no entry
// added for the bench), and times `Engine.startCheck` inside the worker: identity validation (microseconds),
// the data set's Argon2id and the few key derivations after it, with no message, read or lookup in the time.
// Messages: {kdfId, open: {file, keys, allowWeakKdf, now}} verifies the data set's header (the whole file's
// bytes; the header is sliced here); {kdfId, warmUp: true} is the engine's warm-up, as the widget runs it at
// load; {kdfId, derive: {nir, birthDate, birthRank, year, month, day}} answers {kdfId, ms, offset, length}
// (the bucket the derivation selects, so the page can check it is the one the widget's check reads).
// `?build=simd128` in the worker's URL: the engine's WebAssembly SIMD .wasm (same glue), else the scalar one.
import createBreachcheckEngine from './engine/breachcheck-engine.js';

const simd = new URL(import.meta.url).searchParams.get('build') === 'simd128';
const enginePromise = createBreachcheckEngine({
  locateFile: (path) => new URL(`./engine/${simd ? path.replace(/\.wasm$/, '-simd128.wasm') : path}`, import.meta.url).href,
}).then((module) => new module.Engine());

function reply(text) {
  const parsed = JSON.parse(text);
  if (!parsed.ok) throw new Error(`${parsed.status} ${parsed.code}`);
  return parsed.value;
}

self.onmessage = async (event) => {
  const { kdfId, open, warmUp, derive } = event.data;
  try {
    const engine = await enginePromise;
    if (open) {
      const file = new Uint8Array(open.file);
      const fixed = reply(engine.fixedHeaderSize());
      const { headerLength } = reply(engine.headerLength(file.subarray(0, fixed)));
      reply(engine.open(file.subarray(0, headerLength), open.keys, 0, open.allowWeakKdf, open.now, file.length));
      self.postMessage({ kdfId });
    } else if (warmUp) {
      // Reserve the memory, then write it slice by slice until done, as the widget's worker does when no check
      // arrives (engine-worker.js, warmUp).
      reply(engine.warmUp());
      while (!reply(engine.warmUpTouch()).done);
      self.postMessage({ kdfId });
    } else {
      const e = new TextEncoder();
      const { nir, birthDate, birthRank, year, month, day } = derive;
      const start = performance.now();
      const session = engine.startCheck(e.encode(nir), e.encode(birthDate), e.encode(birthRank), false,
        year, month, day);
      const ms = performance.now() - start;
      try {
        const step = reply(session.next());
        if (step.need !== 'bucket') throw new Error(`the derivation asks for ${step.need}, not a bucket`);
        self.postMessage({ kdfId, ms, offset: step.offset, length: step.length });
      } finally {
        session.delete();
      }
    }
  } catch (error) {
    self.postMessage({ kdfId, error: String(error && error.message ? error.message : error) });
  }
};
