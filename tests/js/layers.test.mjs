// SPDX-License-Identifier: MPL-2.0
// The engine's folders are its layers (wasm/core/sources.cmake): a layer includes only itself and the layers
// before it, the client library (what the browser engine links) never reaches the publisher's layers, and
// every file of wasm/core is in exactly one library's list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const LAYERS = ['util', 'identity', 'format', 'oprf', 'check', 'build', 'synth'];
const CLIENT_LAYERS = LAYERS.slice(0, LAYERS.indexOf('check') + 1);

const coreFiles = () =>
  execFileSync('git', ['ls-files', 'wasm/core'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(cpp|h)$/.test(f));

test('every engine file sits in a layer folder', () => {
  const outside = coreFiles().filter((f) => !LAYERS.includes(f.split('/')[2]) || f.split('/').length !== 4);
  assert.deepEqual(outside, []);
});

test('a layer includes only itself and the layers before it', () => {
  const upward = [];
  for (const file of coreFiles()) {
    const layer = LAYERS.indexOf(file.split('/')[2]);
    for (const match of readFileSync(root + file, 'utf8').matchAll(/^#include "([^"]+)"/gm)) {
      const target = LAYERS.indexOf(match[1].split('/')[0]);
      if (target < 0 || target > layer) upward.push(`${file} includes ${match[1]}`);
    }
  }
  assert.deepEqual(upward, []);
});

test('sources.cmake lists every engine file once, client layers in the client library', () => {
  const cmake = readFileSync(root + 'wasm/core/sources.cmake', 'utf8');
  const listed = (name) => {
    const block = cmake.match(new RegExp(`set\\(${name}\\s([^)]*)\\)`));
    assert.ok(block, `${name} in sources.cmake`);
    return [...block[1].matchAll(/\$\{_bc_core\}\/(\S+)/g)].map((m) => `wasm/core/${m[1]}`);
  };
  const client = listed('BREACHCHECK_CLIENT_SOURCES');
  const publisher = listed('BREACHCHECK_PUBLISHER_SOURCES');
  assert.deepEqual([...client, ...publisher].sort(), coreFiles().sort());
  assert.deepEqual(client.filter((f) => !CLIENT_LAYERS.includes(f.split('/')[2])), []);
  assert.deepEqual(publisher.filter((f) => CLIENT_LAYERS.includes(f.split('/')[2])), []);
});

test('the browser engine links the client library alone', () => {
  const bindings = readFileSync(root + 'wasm/bindings/CMakeLists.txt', 'utf8');
  const links = [...bindings.matchAll(/target_link_libraries\(\S+ PRIVATE ([^)]*)\)/g)].map((m) => m[1].trim());
  assert.deepEqual(links, ['breachcheck_client']);
});

// The browser engine reads and writes JSON with util/json_reader.h and util/json_writer.h: nlohmann/json (about
// 22 KB brotli of wasm, docs/PERFORMANCE.md) stays on the publisher side (the build layers, the CLI, the tests).
test('no client layer includes nlohmann/json, nor the bindings', () => {
  const clientFiles = coreFiles().filter((f) => CLIENT_LAYERS.includes(f.split('/')[2]));
  const including = [...clientFiles, 'wasm/bindings/engine_bindings.cpp'].filter((f) =>
    /^#include <nlohmann\//m.test(readFileSync(root + f, 'utf8')));
  assert.deepEqual(including, []);
});
