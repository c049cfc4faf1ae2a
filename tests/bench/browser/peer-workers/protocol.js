// SPDX-License-Identifier: MPL-2.0
// The message protocol every peer worker of the browser bench speaks (tests/bench/browser/peers.mjs): the
// page posts {id, password, salt, ops, memKiB}; the worker answers {id, ms, hash} where `ms` is the hash call
// alone (timed inside the worker) and `hash` its 32-byte output in hex, or {id, error}. `init` is awaited once
// before the first hash, so library start-up (wasm compile) is never inside a hash's time.
export function servePeer(init, argon2id) {
  const ready = init();
  self.onmessage = async (event) => {
    const { id, password, salt, ops, memKiB } = event.data;
    try {
      await ready;
      const start = performance.now();
      const out = await argon2id(password, salt, ops, memKiB);
      const ms = performance.now() - start;
      self.postMessage({ id, ms, hash: Array.from(out, (b) => b.toString(16).padStart(2, '0')).join('') });
    } catch (error) {
      self.postMessage({ id, error: String(error && error.message ? error.message : error) });
    }
  };
  self.postMessage({ loaded: true });
}
