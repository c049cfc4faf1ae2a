// SPDX-License-Identifier: MPL-2.0
// Does this browser run WebAssembly SIMD? The engine has two builds of the same .wasm: one whose Argon2 block
// function is written for WebAssembly SIMD (wasm/sodium-simd) and the scalar one, for browsers without it
// (Safari before 16.4, older Firefox and Chrome). The page asks once, before its worker starts, and the worker
// compiles one of the two: a page downloads one engine. The probe is a module of one function that uses the
// instruction the kernel depends on most, i64x2.extmul_low_i32x4_u, so a browser with an early, partial SIMD
// gets the scalar build too.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: () -> v128
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x0a, 0x0f, 0x01, 0x0d, 0x00, // code: one body of 13 bytes, no locals
  0x41, 0x00, 0xfd, 0x0f, // i32.const 0; i8x16.splat
  0x41, 0x00, 0xfd, 0x0f, // i32.const 0; i8x16.splat
  0xfd, 0xdf, 0x01, // i64x2.extmul_low_i32x4_u
  0x0b, // end
]);

let supported = null;

/** @returns {boolean} true when WebAssembly.validate accepts the SIMD probe */
export function wasmSimdSupported() {
  if (supported === null) {
    try {
      supported = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
    } catch {
      supported = false;
    }
  }
  return supported;
}
