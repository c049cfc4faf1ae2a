// SPDX-License-Identifier: MPL-2.0
// The classic build's stand-in for src/generated/engine-integrity.js (web/tools/build.mjs swaps it in): its
// engine is the single-file glue with the wasm inline, inside breachcheck.classic.js and covered by that
// script's own SRI, so the worker fetches no .wasm and has no hash to check.
export const ENGINE_WASM_INTEGRITY = null;
export const ENGINE_HARDENED_WASM_INTEGRITY = null;
export const ENGINE_SIMD_WASM_INTEGRITY = null;
export const ENGINE_HARDENED_SIMD_WASM_INTEGRITY = null;
export const ENGINE_DIRECTORY_WASM_INTEGRITY = null;
export const ENGINE_DIRECTORY_SIMD_WASM_INTEGRITY = null;
