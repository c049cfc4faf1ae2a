// SPDX-License-Identifier: MPL-2.0
// Unit tests for the data set readers (web/src/engine/readers.js) under Node's test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RangeReader, BlobReader, BytesReader, parseContentRange, createReader, ReadError } from '../../web/src/engine/readers.js';

const FILE = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

// A fetch stand-in that answers like a server; `mode` bends it the ways real servers go wrong.
function fakeFetch(mode = 'ok', seen = []) {
  return async (url, init) => {
    seen.push({ url, init });
    const m = /^bytes=(\d+)-(\d+)$/.exec(init.headers.Range);
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (mode === 'network') throw new TypeError('Failed to fetch');
    if (mode === '404') return new Response('no', { status: 404 });
    if (mode === '500') return new Response('no', { status: 500 });
    if (mode === 'ignore') return new Response(FILE, { status: 200 });
    const start = mode === 'shifted' ? a + 1 : a;
    const total = mode === 'total' && seen.length > 1 ? 1001 : FILE.length;
    const body = FILE.slice(start, b + 1 + (mode === 'short' ? -1 : 0));
    return new Response(body, { status: 206, headers: { 'Content-Range': `bytes ${start}-${b}/${total}` } });
  };
}

test('parseContentRange accepts exact ranges and rejects everything else', () => {
  assert.deepEqual(parseContentRange('bytes 0-111/64526'), { start: 0, end: 111, total: 64526 });
  for (const bad of ['', 'bytes 0-111/*', 'bytes */100', 'bytes 5-4/10', 'bytes 0-10/10', 'items 0-1/2', 'bytes 0-1/99999999999999999']) {
    assert.equal(parseContentRange(bad), null, bad);
  }
});

test('RangeReader sends one exact range, without credentials or referrer, and learns the size', async () => {
  const seen = [];
  const reader = new RangeReader('https://cdn.example/list.bcd', { fetchImpl: fakeFetch('ok', seen) });
  assert.deepEqual([...(await reader.read(10, 5))], [...FILE.slice(10, 15)]);
  assert.equal(reader.size, 1000);
  assert.equal(seen[0].init.headers.Range, 'bytes=10-14');
  assert.equal(seen[0].init.credentials, 'omit');
  assert.equal(seen[0].init.referrerPolicy, 'no-referrer');
});

for (const [mode, code] of [['ignore', 'range_ignored'], ['404', 'http_not_found'], ['500', 'http_error'],
  ['network', 'read_failed'], ['shifted', 'range_mismatch'], ['short', 'range_mismatch']]) {
  test(`RangeReader: ${mode} -> unavailable (${code}), never a result`, async () => {
    const reader = new RangeReader('https://cdn.example/list.bcd', { fetchImpl: fakeFetch(mode) });
    await assert.rejects(reader.read(0, 112), (e) => e instanceof ReadError && e.code === code && e.status === 'unavailable');
  });
}

test('RangeReader: a total that changes between requests is refused', async () => {
  const reader = new RangeReader('https://cdn.example/list.bcd', { fetchImpl: fakeFetch('total') });
  await reader.read(0, 10);
  await assert.rejects(reader.read(10, 10), (e) => e.code === 'range_mismatch');
});

test('RangeReader: a timeout is unavailable (read_timeout)', async () => {
  const never = (url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
  const reader = new RangeReader('https://cdn.example/list.bcd', { fetchImpl: never, timeoutMs: 20 });
  await assert.rejects(reader.read(0, 10), (e) => e.code === 'read_timeout');
});

test('BlobReader and BytesReader slice exactly and report truncation as integrity errors', async () => {
  for (const reader of [new BlobReader(new Blob([FILE])), new BytesReader(FILE.buffer)]) {
    assert.equal(reader.size, 1000);
    assert.deepEqual([...(await reader.read(990, 10))], [...FILE.slice(990)]);
    await assert.rejects(reader.read(995, 10), (e) => e.code === 'bucket_truncated' && e.status === 'integrity_error');
  }
});

test('offsets must be safe integers (64-bit files, no float surprises)', async () => {
  const reader = new BytesReader(FILE);
  await assert.rejects(reader.read(2 ** 53, 1), (e) => e.code === 'read_range');
  await assert.rejects(reader.read(-1, 1), (e) => e.code === 'read_range');
  await assert.rejects(reader.read(0.5, 1), (e) => e.code === 'read_range');
});

test('createReader picks the reader from the dataset option', () => {
  assert.ok(createReader(new ArrayBuffer(4)) instanceof BytesReader);
  assert.ok(createReader(new Uint8Array(4)) instanceof BytesReader);
  assert.ok(createReader(new Blob([FILE])) instanceof BlobReader);
  assert.ok(createReader('https://cdn.example/x.bcd') instanceof RangeReader);
  assert.throws(() => createReader(42), TypeError);
});

test('RangeReader: the caller\'s AbortSignal aborts the request in flight and rejects with its reason', async () => {
  let seenSignal = null;
  let started;
  const inFlight = new Promise((r) => { started = r; });
  const hanging = (url, init) => new Promise((_, reject) => {
    seenSignal = init.signal;
    started();
    init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
  const reader = new RangeReader('https://cdn.example/list.bcd', { fetchImpl: hanging });
  const controller = new AbortController();
  const read = reader.read(0, 10, controller.signal);
  await inFlight;
  assert.equal(seenSignal.aborted, false);
  controller.abort();
  await assert.rejects(read, (e) => e.name === 'AbortError' && !(e instanceof ReadError), 'the abort, not a read_timeout');
  assert.equal(seenSignal.aborted, true, 'the fetch itself was aborted');
  // Already aborted: nothing is requested at all.
  const seen = [];
  const again = new RangeReader('https://cdn.example/list.bcd', { fetchImpl: fakeFetch('ok', seen) });
  await assert.rejects(again.read(0, 10, controller.signal), (e) => e.name === 'AbortError');
  assert.equal(seen.length, 0);
});

test('BlobReader and BytesReader honour an aborted signal; a read without a signal still works', async () => {
  const controller = new AbortController();
  controller.abort();
  for (const reader of [new BlobReader(new Blob([FILE])), new BytesReader(FILE)]) {
    await assert.rejects(reader.read(0, 10, controller.signal), (e) => e.name === 'AbortError');
    assert.deepEqual([...(await reader.read(0, 3))], [0, 1, 2]);
  }
});
