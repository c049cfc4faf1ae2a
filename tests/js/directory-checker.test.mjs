// SPDX-License-Identifier: MPL-2.0
// The page side of a directory check (web/src/api/directory-checker.js): the directory file is read whole and
// bounded (a hostile or broken server cannot make the page hold more than a directory can be), the combined
// status never turns an unchecked list into "not found", and the worker operations run on the real engine
// (wasm build, BREACHCHECK_WASM_DIR) over two lists built with the publisher CLI (BREACHCHECK_CLI): every list's
// header opened at once, one failing list kept apart, one bucket read per opened list, all started together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readDirectoryBytes, directoryStatus, MAX_DIRECTORY_BYTES, directoryCheckerClass } from '../../web/src/api/directory-checker.js';
import { Checker, readerIo, anySignal } from '../../web/src/api/checker.js';
import { engineOperations as oneListOperations } from '../../web/src/engine/engine-worker.js';
import { directoryOperations } from '../../web/src/engine/directory-operations.js';

// The directory worker's operations (web/src/worker-directory.js): the one-list ones and the directory's.
const engineOperations = (engine) => ({ ...oneListOperations(engine), ...directoryOperations(engine) });
import { ReadError } from '../../web/src/engine/readers.js';
import { directoryFixture, startEngineModule, checkArgs } from './directory-fixture.mjs';

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

test('the directory file: read whole with no cookie and no referrer; over the bound it is refused (directory_format), however the server lies', async (t) => {
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
  for (const [path, code, status] of [['/declared-big.bcdir', 'directory_format', 'integrity_error'],
    ['/streamed-big.bcdir', 'directory_format', 'integrity_error'], ['/missing.bcdir', 'http_not_found', 'unavailable'],
    ['/error.bcdir', 'http_error', 'unavailable']]) {
    await assert.rejects(readDirectoryBytes(`${origin}${path}`), (error) => error instanceof ReadError && error.code === code
      && error.status === status, path);
  }
  await assert.rejects(readDirectoryBytes('http://127.0.0.1:1/closed.bcdir'), (error) => error.code === 'read_failed');
  await assert.rejects(readDirectoryBytes(new Uint8Array(MAX_DIRECTORY_BYTES + 1)), (error) => error.code === 'directory_format');
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

// ------------------------------------------------------------------ the worker operations on the real engine
const fixture = directoryFixture();
const engineModule = await startEngineModule();
const NOW = Math.floor(Date.now() / 1000);
// The class as the widget makes it when it loads the directory code (api/checker.js, loadDirectoryMode).
const DirectoryChecker = directoryCheckerClass({ Checker, readerIo, anySignal });

// The page's IO as DirectoryChecker gives it, over in-memory copies of the lists (its own `listReader`), with
// every read logged; `failing(url, offset)` makes chosen reads fail as an unreachable host does. Answers come a
// tick later, as a network's would, so a worker that waited for one answer before asking the next would show it.
function pageIo({ failing = () => false } = {}) {
  const log = [];
  const checker = new DirectoryChecker({ directory: fixture.directory, directoryKey: fixture.directoryKey, baseUrl: 'https://lists.example/',
    listReader: (url) => ({ size: fixture.files.get(url).length, read: async (offset, length) => {
      log.push({ event: 'asked', url, offset, length });
      await new Promise((r) => setTimeout(r, 1));
      log.push({ event: 'answered', url });
      if (failing(url, offset)) throw new ReadError('read_failed');
      return fixture.files.get(url).slice(offset, offset + length);
    } }) });
  return { io: checker.pageIo(new AbortController().signal), log };
}

async function openedOps(options) {
  const ops = engineOperations(new engineModule.Engine());
  const { io, log } = pageIo(options);
  const opened = await ops.openDirectory({ directory: fixture.directory.slice(), keys: [fixture.directoryKey], minVersion: 0,
    allowWeakKdf: true, now: NOW }, io);
  return { ops, opened, log };
}

test('openDirectory: every list\'s header read at once, each through its own reader; a list that fails is kept apart, the others open', async () => {
  const { opened, log } = await openedOps();
  assert.equal(opened.ok, true, JSON.stringify(opened));
  assert.deepEqual(opened.value.lists.map((l) => [l.id, l.status]), [['viamedis-demo', 'ready'], ['almerys-demo', 'ready']]);
  // Each list's publisher contact, as signed in the directory (scripts/demo-directory.mjs), reaches the page.
  assert.deepEqual(opened.value.lists.map((l) => l.contact), ['tel:01 99 00 12 34', 'https://almerys-demo.example.org/contact']);
  // The first read of each list (its fixed header) was asked before any was answered.
  const firstAnswer = log.findIndex((e) => e.event === 'answered');
  assert.deepEqual(new Set(log.slice(0, firstAnswer).map((e) => e.url)), new Set(['viamedis-demo.bcd', 'almerys-demo.bcd']));

  const down = await openedOps({ failing: (url) => url === 'almerys-demo.bcd' });
  assert.equal(down.opened.ok, true);
  assert.deepEqual(down.opened.value.lists.map((l) => [l.id, l.status, l.errors]),
    [['viamedis-demo', 'ready', undefined], ['almerys-demo', 'unavailable', ['read_failed']]]);

  const ops = engineOperations(new engineModule.Engine());
  const wrongKey = await ops.openDirectory({ directory: fixture.directory.slice(), keys: ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    minVersion: 0, allowWeakKdf: true, now: NOW }, pageIo().io);
  assert.deepEqual([wrongKey.ok, wrongKey.status], [false, 'integrity_error']);
  const rolledBack = await ops.openDirectory({ directory: fixture.directory.slice(), keys: [fixture.directoryKey], minVersion: 2,
    allowWeakKdf: true, now: NOW }, pageIo().io);
  assert.deepEqual([rolledBack.ok, rolledBack.status, rolledBack.code], [false, 'integrity_error', 'directory_rollback']);
});

test('checkDirectory: one bucket read per opened list, all asked before any answer, the same reads whatever the outcome; each list answers', async () => {
  const expected = {
    inA: ['affected', 'not_found'], inB: ['not_found', 'affected'], inBoth: ['affected', 'affected'], neither: ['not_found', 'not_found'],
  };
  const shapes = [];
  for (const [name, statuses] of Object.entries(expected)) {
    const { ops } = await openedOps();
    const { io, log } = pageIo();
    const args = checkArgs(fixture.samples[name]);
    const reply = await ops.checkDirectory(args, io);
    assert.equal(reply.ok, true, JSON.stringify(reply));
    assert.deepEqual(reply.value.results.map((r) => r.result.status), statuses, name);
    assert.ok([args.nir, args.birthDate].every((a) => a.every((b) => b === 0)), 'identifiers zeroed');
    const asked = log.filter((e) => e.event === 'asked');
    assert.equal(log.findIndex((e) => e.event === 'answered'), asked.length, `${name}: every read asked before any answer`);
    shapes.push(asked.map((e) => [e.url, e.length]).sort());
  }
  for (const shape of shapes) {
    assert.deepEqual(shape, [['almerys-demo.bcd', fixture.strides.get('almerys-demo.bcd')], ['viamedis-demo.bcd', fixture.strides.get('viamedis-demo.bcd')]].sort());
  }
});

test('checkDirectory: a list whose bucket read fails is unavailable with the reader\'s code, never not_found; the other answers', async () => {
  const { ops } = await openedOps();
  const { io } = pageIo({ failing: (url, offset) => url === 'almerys-demo.bcd' && offset > 0 });
  const reply = await ops.checkDirectory(checkArgs(fixture.samples.neither), io);
  assert.equal(reply.ok, true);
  assert.deepEqual(reply.value.results.map((r) => [r.result.status, r.result.errors]),
    [['not_found', undefined], ['unavailable', ['read_failed']]]);
  const invalid = await ops.checkDirectory({ ...checkArgs(fixture.samples.neither), nir: new TextEncoder().encode('123') }, io);
  assert.equal(invalid.ok, true);
  assert.ok(invalid.value.results.every((r) => r.result.status === 'invalid_input'), 'one identity, refused once for every list');
});
