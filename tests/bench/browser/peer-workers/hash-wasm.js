// SPDX-License-Identifier: MPL-2.0
// hash-wasm 4.13.0 (tests/package.json): argon2id with one lane, binary output. Its wasm is inlined in the
// package and compiled on first use, so `init` runs one tiny hash to keep that out of the timed calls.
import { argon2id } from 'hash-wasm';
import { servePeer } from './protocol.js';

const run = (password, salt, ops, memKiB) => argon2id({ password, salt, parallelism: 1, iterations: ops,
  memorySize: memKiB, hashLength: 32, outputType: 'binary' });
servePeer(() => run(new Uint8Array(8), new Uint8Array(16), 1, 8), run);
