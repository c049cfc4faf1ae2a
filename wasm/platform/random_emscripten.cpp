// SPDX-License-Identifier: MPL-2.0
// libsodium randombytes implementation for the WebAssembly build, backed by crypto.getRandomValues
// (see random_emscripten.h for why and how it is wired in).
#include "random_emscripten.h"

#include <emscripten/em_macros.h>  // EMSCRIPTEN_KEEPALIVE, which 3.1.6's em_js.h uses but does not include
#include <emscripten/em_js.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

// Fills HEAPU8[ptr, ptr + len) from crypto.getRandomValues; returns 0, or -1 if no CSPRNG is available.
// - globalThis.crypto exists in windows, workers and Node >= 19; no require(), no `self`/`window`.
// - Bracket access keeps the property name intact under closure's ADVANCED mode.
// - getRandomValues accepts at most 65536 bytes per call.
// - A fresh HEAPU8 view each time (memory growth replaces the buffer); it cannot grow during the call.
// - If the heap is shared (threads), copy through a private array: getRandomValues rejects shared views.
EM_JS(int, breachcheck_js_get_random_values, (void* ptr, size_t len), {
  var c = typeof globalThis !== 'undefined' ? globalThis['crypto'] : undefined;
  if (!c || typeof c['getRandomValues'] !== 'function') return -1;
  var start = ptr >>> 0;
  var total = len >>> 0;
  var shared = typeof SharedArrayBuffer !== 'undefined' && HEAPU8.buffer instanceof SharedArrayBuffer;
  try {
    for (var off = 0; off < total; off += 65536) {
      var n = Math.min(65536, total - off);
      if (shared) {
        var tmp = new Uint8Array(n);
        c['getRandomValues'](tmp);
        HEAPU8.set(tmp, start + off);
        tmp.fill(0);
      } else {
        c['getRandomValues'](HEAPU8.subarray(start + off, start + off + n));
      }
    }
  } catch (e) {
    return -1;
  }
  return 0;
});

namespace {

const char* implementation_name() { return "breachcheck_getrandomvalues"; }

void fill(void* const buf, const size_t size) {
  if (size == 0) return;
  if (breachcheck_js_get_random_values(buf, size) != 0) {
    // No secure source of randomness: never continue with predictable bytes.
    std::abort();
  }
}

uint32_t random_u32() {
  uint32_t r = 0;
  fill(&r, sizeof r);
  return r;
}

}  // namespace

extern "C" {

randombytes_implementation breachcheck_randombytes_implementation = {
    implementation_name,  // implementation_name
    random_u32,           // random
    nullptr,              // stir: nothing to stir, the browser's CSPRNG is used directly
    nullptr,              // uniform: libsodium's rejection sampling over random()
    fill,                 // buf
    nullptr,              // close
};

int breachcheck_platform_init(void) {
  return randombytes_set_implementation(&breachcheck_randombytes_implementation);
}

}  // extern "C"
