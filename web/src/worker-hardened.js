// SPDX-License-Identifier: MPL-2.0
// The engine worker for hardened data sets: web/src/worker.js over the engine built with the VOPRF client
// (wasm/bindings/CMakeLists.txt). The page starts this one instead of worker.js when the data set's header
// says hardened mode (api/checker.js), so a static check never downloads the VOPRF code. The .wasm is named by
// a literal `new URL` for bundlers, and checked against its SHA-256 before use, as in worker.js.
import createBreachcheckEngine from './engine/breachcheck-engine-hardened.js';
import { runEngineWorker } from './engine/worker-loop.js';
import { ENGINE_HARDENED_WASM_INTEGRITY, ENGINE_HARDENED_SIMD_WASM_INTEGRITY } from './generated/engine-integrity.js';

runEngineWorker(createBreachcheckEngine, (simd) => (simd
  ? new URL('./engine/breachcheck-engine-hardened-simd128.wasm', import.meta.url)
  : new URL('./engine/breachcheck-engine-hardened.wasm', import.meta.url)).href,
ENGINE_HARDENED_WASM_INTEGRITY && { scalar: ENGINE_HARDENED_WASM_INTEGRITY, simd: ENGINE_HARDENED_SIMD_WASM_INTEGRITY });
