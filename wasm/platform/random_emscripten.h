// SPDX-License-Identifier: MPL-2.0
/* Randomness for the WebAssembly build: libsodium's randombytes backed by crypto.getRandomValues.
 *
 * Wasm-only (wasm/cmake/EmscriptenSetup.cmake builds it into the `breachcheck_platform` target that the
 * `sodium` target carries). No Emscripten header here, and nothing in wasm/core includes this file.
 *
 * libsodium 1.0.18's own __EMSCRIPTEN__ randombytes path ignores randombytes_set_implementation and calls JS
 * glue that uses `require('crypto')` / `self` (breaks closure, Node ESM and strict CSP setups). The wasm
 * build therefore compiles libsodium's randombytes.c without __EMSCRIPTEN__ and with this header
 * force-included (BREACHCHECK_LIBSODIUM_RANDOMBYTES_GLUE defined), which makes
 * breachcheck_randombytes_implementation libsodium's *default* implementation: it is in place before
 * sodium_init even if nobody calls breachcheck_platform_init(), and there is no JS fallback to fall into.
 * breachcheck_platform_init() installs it explicitly as well (idempotent), for callers that want to be
 * explicit (the Embind module calls it before sodium_init).
 *
 * If crypto.getRandomValues is missing, the process aborts: it never returns predictable bytes.
 * Works in browsers, workers and Node >= 19 (globalThis.crypto).
 */
#ifndef BREACHCHECK_PLATFORM_RANDOM_EMSCRIPTEN_H
#define BREACHCHECK_PLATFORM_RANDOM_EMSCRIPTEN_H

#include "sodium/randombytes.h"

#ifdef __cplusplus
extern "C" {
#endif

/* implementation_name() is "breachcheck_getrandomvalues". */
extern randombytes_implementation breachcheck_randombytes_implementation;

/* Installs breachcheck_randombytes_implementation with randombytes_set_implementation. Call before
 * sodium_init (calling it later is harmless: it is already the default). Returns 0. */
int breachcheck_platform_init(void);

#ifdef __cplusplus
}
#endif

#ifdef BREACHCHECK_LIBSODIUM_RANDOMBYTES_GLUE
/* Only for libsodium's src/libsodium/randombytes/randombytes.c (see above). */
# define RANDOMBYTES_CUSTOM_IMPLEMENTATION 1
# define RANDOMBYTES_DEFAULT_IMPLEMENTATION (&breachcheck_randombytes_implementation)
#endif

#endif /* BREACHCHECK_PLATFORM_RANDOM_EMSCRIPTEN_H */
