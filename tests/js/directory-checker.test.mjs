// SPDX-License-Identifier: MPL-2.0
// The page side of a directory check (web/src/api/directory-checker.js): the directory file is read whole and
// bounded (a hostile or broken server cannot make the page hold more than a directory can be), the combined
// status never turns an unchecked list into "not found", and the worker operations run on the real engine
// (wasm build, BREACHCHECK_WASM_DIR) over two lists built with the publisher CLI (BREACHCHECK_CLI): every list's
// header opened at once, one failing list kept apart, one bucket read per opened list, all started together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readDirectoryBytes, directoryStatus, MAX_DIRECTORY_BYTES } from '../../web/src/api/directory-checker.js';
import { engineOperations } from '../../web/src/engine/engine-worker.js';
import { readerIo } from '../../web/src/api/checker.js';
import { BytesReader, ReadError } from '../../web/src/engine/readers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// A real HTTP server on loopback, answering each path with what `routes` says.
async function serve(t, routes) {
  const server = createServer((req, res) => {
    const route = routes[req.url];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    route(req, res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${server.address().port}`;
}

test('the directory file: read whole with no cookie and no referrer; over the bound it is refused (directory_body), however the server lies', async (t) => {
  const small = Buffer.from('directory bytes');
  const seen = [];
  const origin = await serve(t, {
    '/ok.bcdir': (req, res) => { seen.push(req.headers); res.writeHead(200, { 'Content-Length': small.length }).end(small); },
    '/declared-big.bcdir': (req, res) => { res.writeHead(200, { 'Content-Length': MAX_DIRECTORY_BYTES + 1 }); res.end(); },
    // No length announced, then more bytes than any directory: the page stops reading at the bound.
    '/streamed-big.bcdir': (req, res) => {
      res.writeHead(200, { 'Transfer-Encoding': 'chunked' });
      const chunk = Buffer.alloc(16384, 1);
      for (let i = 0; i < 8; i += 1) res.write(chunk);
      res.end();
    },
    '/error.bcdir': (req, res) => res.writeHead(500).end(),
  });
  assert.deepEqual(await readDirectoryBytes(`${origin}/ok.bcdir`), new Uint8Array(small));
  assert.equal(seen[0].cookie, undefined);
  assert.equal(seen[0].referer, undefined);
  for (const [path, code, status] of [['/declared-big.bcdir', 'directory_body', 'integrity_error'],
    ['/streamed-big.bcdir', 'directory_body', 'integrity_error'], ['/missing.bcdir', 'http_not_found', 'unavailable'],
    ['/error.bcdir', 'http_error', 'unavailable']]) {
    await assert.rejects(readDirectoryBytes(`${origin}${path}`), (error) => error instanceof ReadError && error.code === code
      && error.status === status, path);
  }
  await assert.rejects(readDirectoryBytes('http://127.0.0.1:1/closed.bcdir'), (error) => error.code === 'read_failed');
  await assert.rejects(readDirectoryBytes(new Uint8Array(MAX_DIRECTORY_BYTES + 1)), (error) => error.code === 'directory_body');
  const given = new Uint8Array([1, 2, 3]);
  const copy = await readDirectoryBytes(given);
  assert.deepEqual(copy, given);
  assert.notEqual(copy.buffer, given.buffer, 'a copy: the caller\'s bytes are never moved to the worker');
});

test('the combined status: found in any list is affected; not_found only when every list answered not found; never with a list unchecked', () => {
  const l = (...statuses) => statuses.map((status, i) => ({ id: `l${i}`, status }));
  assert.equal(directoryStatus(l('affected', 'not_found')), 'affected');
  assert.equal(directoryStatus(l('not_found', 'affected')), 'affected');
  assert.equal(directoryStatus(l('affected', 'unavailable')), 'affected');
  assert.equal(directoryStatus(l('not_found', 'not_found')), 'not_found');
  assert.equal(directoryStatus(l('not_found', 'unavailable')), 'incomplete');
  assert.equal(directoryStatus(l('not_found', 'integrity_error')), 'incomplete');
  assert.equal(directoryStatus(l('unavailable', 'integrity_error')), 'integrity_error');
  assert.equal(directoryStatus(l('unavailable', 'unavailable')), 'unavailable');
  assert.equal(directoryStatus([]), 'unavailable');
});
