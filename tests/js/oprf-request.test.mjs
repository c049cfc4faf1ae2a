// SPDX-License-Identifier: MPL-2.0
// Unit tests for the hardened mode's evaluation request (web/src/engine/oprf-request.js) against a fake fetch:
// request options, endpoint order and failover, refusals, rate-limit waits, the response size cap, timeouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestEvaluation, parseRetryAfter, OPRF_MAX_RESPONSE_BYTES } from '../../web/src/engine/oprf-request.js';

const BODY = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const OK = '{"evaluated_element":"x","proof":"y"}';
const EP = ['https://a.example/v1/evaluate', 'https://b.example/v1/evaluate', 'https://c.example/v1/evaluate'];

// Each endpoint answers with a function of the request; every call is recorded.
function fakeFetch(answers) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const answer = answers[url];
    if (!answer) throw new TypeError('Failed to fetch');
    return answer(init);
  };
  return { fetch, calls };
}
const reply = (status, body = '', headers = {}) => () => new Response(body, { status, headers });

test('one POST with the blinded element only: no credentials, no referrer, no cache, no redirect, text/plain', async () => {
  const { fetch, calls } = fakeFetch({ [EP[0]]: reply(200, OK) });
  const got = await requestEvaluation(BODY, EP.slice(0, 1), { fetch });
  assert.deepEqual(got, { ok: true, text: OK });
  assert.equal(calls.length, 1);
  const { init } = calls[0];
  assert.equal(init.method, 'POST');
  assert.equal(init.body, BODY);
  assert.deepEqual(init.headers, { 'Content-Type': 'text/plain;charset=UTF-8' });
  assert.equal(init.credentials, 'omit');
  assert.equal(init.referrerPolicy, 'no-referrer');
  assert.equal(init.cache, 'no-store');
  assert.equal(init.redirect, 'error');
  assert.equal(init.mode, 'cors');
  assert.ok(init.signal instanceof AbortSignal);
});

test('network errors and 5xx fail over to the next endpoint, starting where asked and wrapping around', async () => {
  const { fetch, calls } = fakeFetch({ [EP[1]]: reply(503, '{"error":"unavailable"}'), [EP[0]]: reply(200, OK) });
  const got = await requestEvaluation(BODY, EP, { fetch, start: 1 });
  assert.equal(got.ok, true);
  assert.deepEqual(calls.map((c) => c.url), [EP[1], EP[2], EP[0]]);
});

test('the first endpoint is chosen at random', async () => {
  const firsts = new Set();
  for (let i = 0; i < 60; i += 1) {
    const { fetch, calls } = fakeFetch(Object.fromEntries(EP.map((e) => [e, reply(200, OK)])));
    await requestEvaluation(BODY, EP, { fetch });
    assert.equal(calls.length, 1);
    firsts.add(calls[0].url);
  }
  assert.equal(firsts.size, 3);
});

test('all endpoints down -> oprf_unreachable; 5xx everywhere too', async () => {
  assert.deepEqual(await requestEvaluation(BODY, EP, fakeFetch({})), { ok: false, code: 'oprf_unreachable' });
  const all500 = fakeFetch(Object.fromEntries(EP.map((e) => [e, reply(500)])));
  assert.deepEqual(await requestEvaluation(BODY, EP, all500), { ok: false, code: 'oprf_unreachable' });
  assert.equal(all500.calls.length, 3);
  assert.deepEqual(await requestEvaluation(BODY, [], fakeFetch({})), { ok: false, code: 'oprf_unreachable' });
  assert.deepEqual(await requestEvaluation(BODY, ['javascript:alert(1)', 'not a url'], fakeFetch({})),
    { ok: false, code: 'oprf_unreachable' });
});

test('429 stops at once (limits are shared) with the wait from Retry-After, else from the JSON', async () => {
  const limited = fakeFetch({ [EP[0]]: reply(429, '{"error":"rate_limited","retry_after":40}', { 'Retry-After': '37' }),
    [EP[1]]: reply(200, OK) });
  assert.deepEqual(await requestEvaluation(BODY, EP, { ...limited, start: 0 }),
    { ok: false, code: 'oprf_rate_limited', retryAfter: 37 });
  assert.equal(limited.calls.length, 1);
  const jsonOnly = fakeFetch({ [EP[0]]: reply(429, '{"error":"rate_limited","retry_after":12}') });
  assert.deepEqual(await requestEvaluation(BODY, EP.slice(0, 1), jsonOnly), { ok: false, code: 'oprf_rate_limited', retryAfter: 12 });
  const nothing = fakeFetch({ [EP[0]]: reply(429, 'slow down') });
  assert.deepEqual(await requestEvaluation(BODY, EP.slice(0, 1), nothing), { ok: false, code: 'oprf_rate_limited' });
});

test('Retry-After parsing: integers, HTTP dates, JSON, bounds', () => {
  assert.equal(parseRetryAfter('5', ''), 5);
  assert.equal(parseRetryAfter(' 120 ', ''), 120);
  assert.equal(parseRetryAfter('0', '{"retry_after":3}'), 3);
  assert.equal(parseRetryAfter('', '{"retry_after":2.2}'), 3);
  assert.equal(parseRetryAfter('999999999', ''), 86400);
  assert.equal(parseRetryAfter('-4', ''), undefined);
  assert.equal(parseRetryAfter('abc', 'not json'), undefined);
  assert.equal(parseRetryAfter('', '{"retry_after":"10"}'), undefined);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:30 GMT', '', now), 90);
});

test('other refusals (400, 403, 404, 413, 415) -> oprf_refused, no failover', async () => {
  for (const status of [400, 403, 404, 413, 415]) {
    const f = fakeFetch({ [EP[0]]: reply(status, '{"error":"x"}'), [EP[1]]: reply(200, OK) });
    assert.deepEqual(await requestEvaluation(BODY, EP, { ...f, start: 0 }), { ok: false, code: 'oprf_refused' }, String(status));
    assert.equal(f.calls.length, 1);
  }
});

test('responses over 1024 bytes are refused (declared or streamed), as is invalid UTF-8', async () => {
  const big = 'x'.repeat(OPRF_MAX_RESPONSE_BYTES + 1);
  assert.deepEqual(await requestEvaluation(BODY, EP.slice(0, 1), fakeFetch({ [EP[0]]: reply(200, big) })),
    { ok: false, code: 'oprf_response' });
  // No Content-Length: a stream that never ends is cut at the cap.
  let pulled = 0;
  const endless = () => new Response(new ReadableStream({
    pull(controller) { pulled += 1; controller.enqueue(new Uint8Array(100)); },
  }), { status: 200 });
  assert.deepEqual(await requestEvaluation(BODY, EP.slice(0, 1), fakeFetch({ [EP[0]]: endless })),
    { ok: false, code: 'oprf_response' });
  assert.ok(pulled <= 12, `read ${pulled} chunks`);
  const exact = 'y'.repeat(OPRF_MAX_RESPONSE_BYTES);
  assert.deepEqual(await requestEvaluation(BODY, EP.slice(0, 1), fakeFetch({ [EP[0]]: reply(200, exact) })),
    { ok: true, text: exact });
  const bad = () => new Response(new Uint8Array([0x7b, 0xff, 0x7d]), { status: 200 });
  assert.deepEqual(await requestEvaluation(BODY, EP.slice(0, 1), fakeFetch({ [EP[0]]: bad })),
    { ok: false, code: 'oprf_response' });
});

test('a hanging endpoint times out and the next one answers; a hang everywhere ends within the total budget', async () => {
  const hang = (init) => new Promise((resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
  const f = fakeFetch({ [EP[0]]: hang, [EP[1]]: reply(200, OK) });
  const t0 = Date.now();
  assert.deepEqual(await requestEvaluation(BODY, EP, { ...f, start: 0, attemptTimeoutMs: 50 }), { ok: true, text: OK });
  assert.ok(Date.now() - t0 < 1000);
  const all = fakeFetch(Object.fromEntries(EP.map((e) => [e, hang])));
  const t1 = Date.now();
  assert.deepEqual(await requestEvaluation(BODY, EP, { ...all, attemptTimeoutMs: 80, totalTimeoutMs: 120 }),
    { ok: false, code: 'oprf_unreachable' });
  // 80 ms, then what is left of the 120 ms (a third attempt may start with a millisecond or two left).
  assert.ok(all.calls.length >= 2 && all.calls.length <= 3, `attempts within the budget: ${all.calls.length}`);
  assert.ok(Date.now() - t1 < 600, `ended within the budget: ${Date.now() - t1} ms`);
  // A body that stalls after the headers: aborted by the same timer, then failover.
  const stall = (init) => new Response(new ReadableStream({
    start(controller) { init.signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError'))); },
  }), { status: 200 });
  const s = fakeFetch({ [EP[0]]: stall, [EP[1]]: reply(200, OK) });
  assert.deepEqual(await requestEvaluation(BODY, EP, { ...s, start: 0, attemptTimeoutMs: 50 }), { ok: true, text: OK });
});

test('the caller\'s AbortSignal aborts the request in flight: no failover, rejects with the signal\'s reason', async () => {
  let started;
  const inFlight = new Promise((r) => { started = r; });
  const hang = (init) => new Promise((resolve, reject) => {
    started();
    init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
  const f = fakeFetch({ [EP[0]]: hang, [EP[1]]: reply(200, OK) });
  const controller = new AbortController();
  const request = requestEvaluation(BODY, EP, { ...f, start: 0, signal: controller.signal });
  await inFlight;
  controller.abort();
  await assert.rejects(request, (e) => e.name === 'AbortError');
  assert.equal(f.calls.length, 1, 'the next endpoint is not tried');
  assert.equal(f.calls[0].init.signal.aborted, true);
});
