#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Browser end-to-end suite for hardened mode (docs/OPRF.md): the widget in Debian's Chromium against
// two real `breachcheck serve` instances sharing one redis-server, all on free loopback ports, started here and
// killed on exit whatever happens. The data set (400 synthetic records, Argon2id 8 MiB / 1 pass) lists both
// instances as evaluation endpoints; the site is served on loopback with connect-src allowing them, and the
// instances allow the site's origin (CORS). Prints "e2e-oprf: N passed, M failed" last.
// Usage: node tests/e2e/oprf.mjs [name-filter]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTools, run, freePort, startProcess, stopProcess, startServer, stopServer, launch, buildSite,
  chooseIdentities, ROOT } from './harness.mjs';
import { STATIC_FILES, HARDENED_FILES } from '../../web/tools/download-size.mjs';
import { W, assert, eq, watchConsole, fill, submit, waitOutcome, fieldValues, expectMatchesOracle, variants, axe,
  runTests } from './widget-page.mjs';

const filter = process.argv[2] || '';
const started = Date.now();
const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// ---------------------------------------------------------------------------------------------- fixtures
console.log('e2e-oprf: building fixtures (keys, redis, two evaluation servers, data set, site)…');
const { cli, wasmDir } = findTools();
const dir = mkdtempSync(join(tmpdir(), 'bc-e2e-oprf-'));
const keys = join(dir, 'keys');
run(cli, ['keygen', '--out', keys]);
const oprfFingerprint = JSON.parse(run(cli, ['keygen', '--oprf', '--out', keys])).fingerprint;
run(cli, ['synth', '--count', '400', '--out', join(dir, 'records.csv'), '--seed', '20240208']);

const ports = new Set();
while (ports.size < 4) ports.add(await freePort());
const [sitePort, portA, portB, redisPort] = [...ports];
const siteOrigin = `http://127.0.0.1:${sitePort}`;
const endpointOf = (port) => `http://127.0.0.1:${port}/v1/evaluate`;
const ENDPOINTS = [endpointOf(portA), endpointOf(portB)];
const isEvaluation = (url) => ENDPOINTS.includes(url);

const redis = await startProcess('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '',
  '--appendonly', 'no', '--dir', dir], /Ready to accept connections/);

// One evaluation instance. Both instances of a generation share a fresh Redis key prefix (their limits are
// shared, as in production), so requests of earlier generations do not count.
let generation = 0;
function startEvaluator(port, { burst = 1000, perMinute = 1000 } = {}) {
  return startProcess(cli, ['serve', '--key', join(keys, 'oprf.key'), '--listen', '127.0.0.1', '--port', String(port),
    '--redis', `127.0.0.1:${redisPort}`, '--redis-prefix', `bc-e2e-${generation}:`, '--allow-origin', siteOrigin,
    '--client-burst', String(burst), '--client-per-minute', String(perMinute), '--threads', '2',
    '--shutdown-grace-ms', '0'], /"event":"listening"/);
}
// SIGTERM drains (503) and then waits for open keep-alive connections (Chromium's) for up to 5 s: cut that short.
const stopEvaluator = (e) => stopProcess(e, 1000);
let evaluators = [await startEvaluator(portA), await startEvaluator(portB)];
async function restartEvaluators(limits) {
  await Promise.all(evaluators.map((e) => stopEvaluator(e)));
  generation += 1;
  evaluators = [await startEvaluator(portA, limits), await startEvaluator(portB, limits)];
}

const dataset = join(dir, 'hardened.bcd');
run(cli, ['build', '--records', join(dir, 'records.csv'), '--catalog', join(ROOT, 'wasm/catalog/viamedis-almerys-2024.json'),
  '--key', join(keys, 'publisher.key'), '--oprf-key', join(keys, 'oprf.key'),
  ...ENDPOINTS.flatMap((e) => ['--oprf-endpoint', e]), '--oprf-allow-loopback',
  '--out', dataset, '--k', '10', '--ops', '1', '--mem-kib', '8192', '--publisher', 'Mutuelle Démo (mode renforcé)', '--quiet']);
const pubkeyFile = join(keys, 'publisher.pub');
const publicKey = readFileSync(pubkeyFile, 'utf8').trim();
const info = JSON.parse(run(cli, ['inspect', '--dataset', dataset]));
const headerLength = readFileSync(dataset).length - info.buckets * info.bucketBytes;
const oracle = (nir, birthDate) => JSON.parse(run(cli, ['check', '--dataset', dataset, '--pubkey', pubkeyFile,
  '--nir', nir, '--birth-date', birthDate, '--oprf-allow-loopback', '--allow-weak-kdf']));
const ids = chooseIdentities(join(dir, 'records.csv'), oracle, { only: [] });
const valid = ids.self;

// The embedder's test policy (allow-weak-kdf) is what admits http:// evaluation endpoints on loopback.
const site = buildSite(dir, dataset, pubkeyFile, wasmDir, { allowWeakKdf: true });
const server = await startServer(site, ENDPOINTS.flatMap((e) => ['--connect-origin', new URL(e).origin]), sitePort);
const context = await launch({ serviceWorkers: 'block' });

async function openWidget(params = {}) {
  const page = await context.newPage();
  const errors = watchConsole(page);
  const query = new URLSearchParams(params).toString();
  await page.goto(`${siteOrigin}/test/widget.html${query ? `?${query}` : ''}`);
  await page.waitForSelector('form.check, .result', { timeout: 10000 });
  return { page, errors };
}

// Every request of the browser context from now until stop(), with headers and body.
function recordRequests() {
  const list = [];
  const pending = [];
  const onRequest = (req) => {
    const entry = { url: req.url(), method: req.method(), body: req.postData() || '', headers: {} };
    list.push(entry);
    pending.push(req.allHeaders().then((h) => { entry.headers = h; }, () => {}));
  };
  context.on('request', onRequest);
  return {
    list,
    async stop() {
      context.off('request', onRequest);
      await Promise.all(pending);
      return list;
    },
  };
}

const BLINDED = /^[A-Za-z0-9+/]{43}=$/;

// ---------------------------------------------------------------------------------------------- results
test('hardened: affected matches the CLI oracle; checker.dataset says oprf; the about text explains the server', async () => {
  const { page, errors } = await openWidget();
  await fill(page, valid);
  expectMatchesOracle(await submit(page), valid.expected);
  eq((await fieldValues(page)).filter(Boolean), [], 'fields wiped after a completed check');
  const about = await page.locator(`${W} >> details.about li.hardened`).allTextContents();
  eq(about.length, 3, 'three hardened-mode paragraphs');
  assert(about[0].includes(`127.0.0.1:${portA}`) && about[0].includes(`127.0.0.1:${portB}`), `servers named: ${about[0]}`);
  assert(about[0].includes(oprfFingerprint), 'evaluation key fingerprint shown');
  assert(/adresse IP/.test(about.join(' ')), 'says what the server sees');
  assert(!/Seul un serveur détenant une clé secrète/.test(await page.locator(`${W} >> details.about`).textContent()),
    'no static-mode limits paragraph');
  const api = await page.evaluate(async (key) => {
    const { BreachCheck } = await import('../dist/breachcheck.mjs');
    const c = await BreachCheck.load({ dataset: new URL('../data/demo.bcd', location.href).href, publisherKey: key, allowWeakKdf: true });
    const out = { status: c.status, mode: c.dataset.mode, oprf: c.dataset.oprf };
    c.close();
    return out;
  }, publicKey);
  eq(api, { status: 'ready', mode: 'oprf', oprf: { endpoints: ENDPOINTS, keyFingerprint: oprfFingerprint } }, 'checker.dataset');
  eq(errors, [], 'no console errors');
  await page.close();
});

test('hardened: unknown identity -> not_found (list, version, date)', async () => {
  const { page } = await openWidget();
  await fill(page, ids.notFound);
  const got = await submit(page);
  eq(got.status, 'not_found', 'status');
  assert(got.text.includes('Mutuelle Démo (mode renforcé)'), 'publisher named');
  await page.close();
});

test('hardened: without the allow-weak-kdf test policy, http:// loopback endpoints are refused at load', async () => {
  const { page } = await openWidget();
  const got = await page.evaluate(async (key) => {
    const { BreachCheck } = await import('../dist/breachcheck.mjs');
    const c = await BreachCheck.load({ dataset: new URL('../data/demo.bcd', location.href).href, publisherKey: key });
    const out = { status: c.status, error: c.error };
    c.close();
    return out;
  }, publicKey);
  eq(got.status, 'integrity_error', `status (${got.error})`);
  // The fixture's light Argon2id is refused first (kdf_limits); the endpoint rule on its own (oprf_endpoint under a
  // policy that admits the KDF but not loopback http) is pinned in tests/unit/test_oprf_dataset.cpp.
  eq(got.error, 'kdf_limits', 'refused by the default policy');
  await page.close();
});

test('on demand: a hardened data set\'s page fetches the hardened engine and code once, after reading the header', async () => {
  const recorder = recordRequests();
  const { page, errors } = await openWidget();
  await page.waitForTimeout(300); // the warm-up: nothing more is fetched before a check
  await fill(page, valid);
  expectMatchesOracle(await submit(page), valid.expected);
  const all = await recorder.stop();
  const paths = all.map((r) => (r.url.startsWith(siteOrigin) ? new URL(r.url).pathname : r.url));
  const dist = paths.filter((p) => p.startsWith('/dist/')).map((p) => p.slice('/dist/'.length));
  eq([...new Set(dist)].sort(), [...HARDENED_FILES].sort(), 'the widget files a hardened check fetched (never the static engine)');
  // The worker twice: breachcheck.mjs fetches it to check its SHA-256, then starts it by URL (same origin as the
  // page: docs/EMBEDDING.md, "What is verified, and by whom"); the others once.
  const times = { 'worker-hardened.js': 2 };
  for (const file of HARDENED_FILES.filter((f) => !STATIC_FILES.includes(f))) {
    eq(dist.filter((f) => f === file).length, times[file] || 1, `${file} fetched ${times[file] || 1} time(s)`);
    const at = paths.indexOf(`/dist/${file}`);
    assert(paths.slice(0, at).includes('/data/demo.bcd'), `${file} is asked for after the header, not with the page`);
  }
  eq(errors, [], 'console errors');
  await page.close();
});

test('engine choice: a first read whose mode byte says static starts the static engine, then the signed header\'s hardened mode wins', async () => {
  const { page, errors } = await openWidget();
  const fetched = [];
  const onRequest = (req) => fetched.push(req.url().startsWith(siteOrigin) ? new URL(req.url()).pathname : req.url());
  context.on('request', onRequest);
  let got;
  try {
    got = await page.evaluate(async ({ key, input }) => {
      const { BreachCheck } = await import('../dist/breachcheck.mjs');
      const file = new Uint8Array(await (await fetch('../data/demo.bcd')).arrayBuffer());
      let reads = 0;
      // A reader whose first answer lies about the mode (as a file replaced between two reads would).
      const reader = { size: file.length, async read(offset, length) {
        const bytes = file.slice(offset, offset + length);
        if (reads++ === 0 && offset === 0 && length > 10) bytes[10] = 0;
        return bytes;
      } };
      const checker = await BreachCheck.load({ dataset: reader, publisherKey: key, allowWeakKdf: true });
      const status = checker.status;
      const result = await checker.check(input);
      checker.close();
      return { status, mode: checker.dataset.mode, result };
    }, { key: publicKey, input: { nir: valid.nir, birthDate: valid.birthDate } });
  } finally {
    context.off('request', onRequest);
  }
  eq([got.status, got.mode], ['ready', 'oprf'], 'the verified header decides');
  expectMatchesOracle(got.result, valid.expected);
  const workers = fetched.filter((p) => /^\/dist\/worker/.test(p));
  // Each worker is fetched to check its SHA-256, then started by URL (same origin as the page).
  eq(workers, ['/dist/worker.js', '/dist/worker.js', '/dist/worker-hardened.js', '/dist/worker-hardened.js'],
    'the static engine first, then the hardened one');
  eq(errors, [], 'console');
  await page.close();
});

test('on demand: when the hardened-mode code cannot load, the list is unavailable (never a verdict) and the console names the file', async () => {
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.route('**/dist/hardened.mjs', (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(`${siteOrigin}/test/widget.html`);
  await page.waitForSelector(`${W} >> .result`, { timeout: 10000 });
  eq(await page.getAttribute(`${W} >> .result`, 'data-status'), 'unavailable', 'status at load');
  eq(await page.locator(`${W} >> form.check`).count(), 0, 'no form to check with');
  assert(errors.some((e) => e.startsWith('warning:') && e.includes('hardened.mjs')), `console names the file: ${errors.join(' | ')}`);
  await page.close();
});

// ---------------------------------------------------------------------------------------------- privacy
test('network: one POST per check with a fresh 44-char blinded body and nothing else; no identifier anywhere', async () => {
  const recorder = recordRequests();
  const { page, errors } = await openWidget();
  await page.waitForTimeout(300); // warm-up done: the load phase never contacts the evaluation servers
  const loadPhase = recorder.list.length;
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  const perCheck = [];
  for (let i = 0; i < 2; i += 1) {
    const before = recorder.list.length;
    await fill(page, valid);
    expectMatchesOracle(await submit(page), valid.expected);
    perCheck.push([before, recorder.list.length]);
  }
  const all = await recorder.stop();
  eq(all.slice(0, loadPhase).filter((r) => isEvaluation(r.url)).length, 0, 'no evaluation request while loading');
  const bodies = [];
  for (const [from, to] of perCheck) {
    const during = all.slice(from, to);
    const posts = during.filter((r) => isEvaluation(r.url));
    eq(during.map((r) => `${r.method} ${isEvaluation(r.url) ? 'evaluate' : new URL(r.url).pathname}`),
      ['POST evaluate', 'GET /data/demo.bcd'], 'requests of one check (no preflight, nothing else)');
    const [post] = posts;
    assert(BLINDED.test(post.body), `body is one base64 element: ${post.body}`);
    eq(post.headers['content-type'], 'text/plain;charset=UTF-8', 'content type (a CORS simple request)');
    assert(!post.headers.cookie && !post.headers.referer, 'no cookie, no referrer on the POST');
    eq(new URL(post.url).search, '', 'no query string');
    const bucket = during.find((r) => r.method === 'GET');
    const m = /^bytes=(\d+)-(\d+)$/.exec(bucket.headers.range || '');
    assert(m && (Number(m[1]) - headerLength) % info.bucketBytes === 0 && Number(m[2]) - Number(m[1]) + 1 === info.bucketBytes,
      'then exactly one bucket');
    assert(!bucket.headers.cookie && !bucket.headers.referer, 'no cookie, no referrer on the bucket request');
    bodies.push(post.body);
  }
  assert(bodies[0] !== bodies[1], 'two checks of the same identity send different (freshly blinded) bodies');
  const haystack = JSON.stringify({ all, consoleLines, errors });
  for (const v of variants(valid.nir, valid.birthDate)) assert(!haystack.includes(v), `"${v}" leaked`);
  await page.close();
});

// ---------------------------------------------------------------------------------------------- tampering
const flipFirstBit = (b64) => { const b = Buffer.from(b64, 'base64'); b[0] ^= 0x01; return b.toString('base64'); };
const TAMPER = [
  ['proof bit flipped', (j) => ({ ...j, proof: flipFirstBit(j.proof) }), /oprf_proof/],
  ['evaluated element bit flipped', (j) => ({ ...j, evaluated_element: flipFirstBit(j.evaluated_element) }), /oprf_(proof|response)/],
  ['proof missing', (j) => ({ evaluated_element: j.evaluated_element }), /oprf_response/],
];
test('tampered evaluation answers -> unavailable (oprf_proof / oprf_response), never a verdict; retry succeeds', async () => {
  const { page } = await openWidget();
  let mutate = null;
  const matcher = (url) => isEvaluation(url.href);
  const handler = async (route) => {
    let response;
    try {
      response = await route.fetch();
    } catch {
      await route.abort();
      return;
    }
    const headers = { ...response.headers(), 'access-control-allow-origin': siteOrigin };
    delete headers['content-length'];
    const body = response.status() === 200 ? JSON.stringify(mutate(await response.json())) : await response.text();
    await route.fulfill({ status: response.status(), headers, body });
  };
  await context.route(matcher, handler);
  try {
    for (const [name, fn, code] of TAMPER) {
      mutate = fn;
      await fill(page, valid);
      const got = await submit(page);
      eq(got.status, 'unavailable', `${name}: status`);
      assert(code.test(got.code), `${name}: code ${got.code}`);
      assert(/aucun résultat n['’]est affiché/i.test(got.explain), `${name}: message: ${got.explain}`);
      assert((await fieldValues(page)).some(Boolean), `${name}: typed fields kept`);
      assert(await page.isVisible(`${W} >> button.retry`), `${name}: retry button`);
    }
  } finally {
    await context.unroute(matcher, handler);
  }
  await page.click(`${W} >> button.retry`);
  await page.waitForSelector(`${W} >> .result[data-status=affected]`, { timeout: 20000 });
  expectMatchesOracle(await waitOutcome(page), valid.expected);
  await page.close();
});

// ---------------------------------------------------------------------------------------------- embeds
test('iframe embed (embed/frame.html inside the article page) checks in hardened mode', async () => {
  const recorder = recordRequests();
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(`${siteOrigin}/embed/article.html`);
  const frameEl = (await page.$$('iframe.plain'))[0];
  await frameEl.scrollIntoViewIfNeeded();
  const frame = await frameEl.contentFrame();
  await frame.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
  await fill(frame, valid);
  expectMatchesOracle(await submit(frame), valid.expected);
  const posts = (await recorder.stop()).filter((r) => isEvaluation(r.url));
  eq(posts.length, 1, 'one evaluation request');
  eq(posts[0].headers.origin, siteOrigin, 'sent from the publisher origin (the frame), not the host page');
  assert(!posts[0].headers.referer, 'no referrer');
  eq(errors, [], 'no console errors');
  await page.close();
});

// ---------------------------------------------------------------------------------------------- outages
test('one instance down: the check fails over to the other; both down: unavailable (oprf_unreachable); back: retry works', async () => {
  const { page } = await openWidget();
  await stopEvaluator(evaluators[0]);
  const failed = [];
  const onFailed = (req) => { if (req.url() === ENDPOINTS[0]) failed.push(req.url()); };
  context.on('requestfailed', onFailed);
  try {
    // The first endpoint is random: check until one attempt met the stopped instance (1 in 2 each time).
    for (let i = 0; i < 10 && failed.length === 0; i += 1) {
      await fill(page, valid);
      expectMatchesOracle(await submit(page), valid.expected);
    }
  } finally {
    context.off('requestfailed', onFailed);
  }
  assert(failed.length > 0, 'a request met the stopped instance and the check still succeeded (failover)');

  await stopEvaluator(evaluators[1]);
  const recorder = recordRequests();
  await fill(page, valid);
  const got = await submit(page);
  const during = await recorder.stop();
  eq(got.status, 'unavailable', 'status');
  assert(got.code.includes('oprf_unreachable'), `code: ${got.code}`);
  assert(/injoignable/.test(got.explain) && /Ce n['’]est pas un résultat/.test(got.explain), `message: ${got.explain}`);
  // Announced once: focus moves to the heading; the live region does not repeat it.
  eq(await page.evaluate(() => document.querySelector('breach-check').shadowRoot.activeElement.textContent),
    await page.locator(`${W} >> .result-slot .verdict`).innerText(), 'focus on the problem heading');
  eq(got.live, '', 'the live region does not repeat the heading');
  eq(during.filter((r) => r.url.includes('/data/')).length, 0, 'no bucket request without an evaluation');
  eq(during.filter((r) => isEvaluation(r.url)).length, 2, 'both endpoints tried once');
  assert((await fieldValues(page)).some(Boolean), 'typed fields kept');

  await restartEvaluators();
  await page.click(`${W} >> button.retry`);
  await page.waitForSelector(`${W} >> .result[data-status=affected]`, { timeout: 20000 });
  await page.close();
});

// ---------------------------------------------------------------------------------------------- rate limit
test('rate-limited (limits shared by both instances through Redis): unavailable with the wait, FR and EN; axe clean', async () => {
  await restartEvaluators({ burst: 3, perMinute: 1 });
  // One evaluation on each instance from here (same client address as the browser: 127.0.0.1; any valid element
  // will do, e.g. the public key). If the instances did not share their limits, 3 more would pass on each.
  const element = readFileSync(join(keys, 'oprf.pub'), 'utf8').trim();
  for (const e of ENDPOINTS) {
    const r = await fetch(e, { method: 'POST', body: element, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } });
    eq(r.status, 200, `direct evaluation on ${e}`);
  }
  const { page } = await openWidget();
  await fill(page, valid);
  expectMatchesOracle(await submit(page), valid.expected);
  await fill(page, valid);
  const got = await submit(page);
  eq(got.status, 'unavailable', 'status after the burst (never not_found)');
  assert(got.code.includes('oprf_rate_limited'), `code: ${got.code}`);
  const m = /réessayez dans (\d+) secondes?\.$/.exec(got.explain);
  assert(m && Number(m[1]) >= 1 && Number(m[1]) <= 60, `French wait: ${got.explain}`);
  assert(got.live.includes(got.explain), `the wait is announced: ${got.live}`);
  // The visible wait counts down; the live region is not refreshed each second (announced at start and end).
  if (Number(m[1]) >= 4) {
    await page.waitForTimeout(2200);
    const later = await page.evaluate(() => {
      const root = document.querySelector('breach-check').shadowRoot;
      return { explain: root.querySelector('.result .explain').textContent, live: root.querySelector('.widget > [aria-live]').textContent };
    });
    const m2 = /réessayez dans (\d+) secondes?\.$/.exec(later.explain);
    assert(m2 && Number(m2[1]) <= Number(m[1]) - 2, `the wait counts down: ${m[1]} then ${later.explain}`);
    eq(later.live, got.live, 'live region not refreshed every second');
  }
  assert((await fieldValues(page)).some(Boolean), 'typed fields kept');
  eq(await axe(page), [], 'axe: French rate-limit view');
  await page.close();

  const en = (await openWidget({ lang: 'en' })).page;
  await fill(en, valid);
  const gotEn = await submit(en);
  eq(gotEn.status, 'unavailable', 'English status');
  assert(/try again in \d+ seconds?\.$/.test(gotEn.explain), `English wait: ${gotEn.explain}`);
  eq(await axe(en), [], 'axe: English rate-limit view');
  const api = await en.evaluate(async ({ key, nir, birthDate }) => {
    const { BreachCheck } = await import('../dist/breachcheck.mjs');
    const c = await BreachCheck.load({ dataset: new URL('../data/demo.bcd', location.href).href, publisherKey: key, allowWeakKdf: true });
    const r = await c.check({ nir, birthDate });
    c.close();
    return { status: r.status, errors: r.errors, retryAfter: r.retryAfter, message: BreachCheck.message('oprf_rate_limited', 'en', r.retryAfter) };
  }, { key: publicKey, nir: valid.nir, birthDate: valid.birthDate });
  eq([api.status, api.errors], ['unavailable', ['oprf_rate_limited']], 'API result');
  assert(Number.isInteger(api.retryAfter) && api.retryAfter >= 1 && api.retryAfter <= 60, `retryAfter: ${api.retryAfter}`);
  assert(api.message.endsWith(`try again in ${api.retryAfter} second${api.retryAfter === 1 ? '' : 's'}.`), `message: ${api.message}`);
  await en.close();
});

// ---------------------------------------------------------------------------------------------- runner
let outcome = { passed: 0, failed: 1 };
try {
  outcome = await runTests(tests, filter);
} finally {
  await context.close();
  await stopServer(server);
  await Promise.all(evaluators.map((e) => stopEvaluator(e)));
  await stopProcess(redis);
  rmSync(dir, { recursive: true, force: true });
}
console.log(`e2e-oprf: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`e2e-oprf: ${outcome.passed} passed, ${outcome.failed} failed`);
process.exit(outcome.failed === 0 ? 0 : 1);
