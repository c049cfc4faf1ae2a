// SPDX-License-Identifier: MPL-2.0
// argon2-browser 1.18.0 (tests/package.json), its SIMD wasm build: the loader (node_modules/argon2-browser/lib/argon2.js)
// and Emscripten glue (dist/argon2.js) are classic scripts, loaded here with importScripts from the bench site
// (peers.mjs copies them next to this bundle); the loader fetches the wasm from self.argon2WasmPath.
import { servePeer } from './protocol.js';

const base = new URL('./argon2-browser/', self.location.href).href;
self.argon2WasmPath = `${base}argon2-simd.wasm`;
self.loadArgon2WasmModule = () => { importScripts(`${base}argon2.js`); };
importScripts(`${base}argon2-loader.js`);

const run = async (password, salt, ops, memKiB) => (await self.argon2.hash({ pass: password, salt, time: ops,
  mem: memKiB, hashLen: 32, parallelism: 1, type: self.argon2.ArgonType.Argon2id })).hash;
servePeer(() => run(new Uint8Array(8), new Uint8Array(16), 1, 8), run);
