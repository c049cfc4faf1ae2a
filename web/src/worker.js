// SPDX-License-Identifier: MPL-2.0
// The engine's thread, a module worker: Argon2id runs here for hundreds of milliseconds, so the page's main
// thread never freezes. It holds the verified header and, only while a `check` operation runs, one person's
// lookup keys (inside wasm memory, wiped by the engine). Identifiers arrive as transferred Uint8Arrays and are
// zeroed here as soon as the engine has copied them. The operations are in engine-worker.js; every message
// back is {id, reply} with an EngineReply (reply.js).
//
// This is the engine for static data sets (no VOPRF code); worker-hardened.js is the same over the engine
// with it, which the page starts for a hardened data set instead (api/checker.js). The loop is worker-loop.js.
// The engine glue is imported (bundled into this worker by any bundler); the .wasm is named by the literal
// `new URL('./engine/...', import.meta.url)` so that bundlers emit it with a content hash. The classic build
// bundles this file with the single-file glue (wasm inlined), where that URL is never used. The .wasm's bytes
// are checked against its SHA-256, generated at build time (src/generated/engine-integrity.js), before the glue
// compiles them: bundlers rename the file but keep its bytes.
import createBreachcheckEngine from './engine/breachcheck-engine.js';
import { runEngineWorker } from './engine/worker-loop.js';
import { ENGINE_WASM_INTEGRITY, ENGINE_SIMD_WASM_INTEGRITY } from './generated/engine-integrity.js';

// Two builds of one engine: Argon2's block function in WebAssembly SIMD, or scalar (the page probes, wasm-simd.js).
runEngineWorker(createBreachcheckEngine, (simd) => (simd
  ? new URL('./engine/breachcheck-engine-simd128.wasm', import.meta.url)
  : new URL('./engine/breachcheck-engine.wasm', import.meta.url)).href,
ENGINE_WASM_INTEGRITY && { scalar: ENGINE_WASM_INTEGRITY, simd: ENGINE_SIMD_WASM_INTEGRITY });
