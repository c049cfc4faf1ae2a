// SPDX-License-Identifier: MPL-2.0
// libsodium-wrappers-sumo 0.8.4 (tests/package.json): crypto_pwhash with ALG_ARGON2ID13, as a web page would
// call it. Bundled into a module worker by tests/bench/browser/peers.mjs.
import sodium from 'libsodium-wrappers-sumo';
import { servePeer } from './protocol.js';

servePeer(() => sodium.ready, (password, salt, ops, memKiB) =>
  sodium.crypto_pwhash(32, password, salt, ops, memKiB * 1024, sodium.crypto_pwhash_ALG_ARGON2ID13));
