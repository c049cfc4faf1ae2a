// SPDX-License-Identifier: MPL-2.0
// The engine worker for a directory of lists: web/src/worker.js over the engine built with the directory calls
// (openDirectory, openListHeader, startDirectoryCheck; wasm/bindings/CMakeLists.txt), with the directory's
// operations (engine/directory-operations.js). Only a page given a directory starts this one
// (api/directory-checker.js), so a one-list page never downloads the directory code.
// The .wasm is named by a literal `new URL` for bundlers, and checked against its SHA-256 before use, as in
// worker.js.
import createBreachcheckEngine from './engine/breachcheck-engine-directory.js';
import { runEngineWorker } from './engine/worker-loop.js';
import { DIRECTORY_OPERATIONS, directoryOperations } from './engine/directory-operations.js';
import { ENGINE_DIRECTORY_WASM_INTEGRITY, ENGINE_DIRECTORY_SIMD_WASM_INTEGRITY } from './generated/engine-integrity.js';

runEngineWorker(createBreachcheckEngine, (simd) => (simd
  ? new URL('./engine/breachcheck-engine-directory-simd128.wasm', import.meta.url)
  : new URL('./engine/breachcheck-engine-directory.wasm', import.meta.url)).href,
ENGINE_DIRECTORY_WASM_INTEGRITY && { scalar: ENGINE_DIRECTORY_WASM_INTEGRITY, simd: ENGINE_DIRECTORY_SIMD_WASM_INTEGRITY },
{ names: DIRECTORY_OPERATIONS, over: directoryOperations });
