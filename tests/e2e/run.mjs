#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Browser end-to-end suite for the widget (docs/WIDGET.md; the browser checks of docs/SECURITY.md), driving
// Debian's Chromium with playwright-core. Builds its own small data set (2,000 synthetic records, Argon2id 8 MiB /
// 1 pass: below the default client policy's floor, so the test pages opt in with allow-weak-kdf as the demo
// does), serves a temporary copy of the site, and prints
// "e2e: N passed, M failed" last. Usage: node tests/e2e/run.mjs [name-filter]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildFixtures, findTools, run, startServer, stopServer, launch } from './harness.mjs';
import { W, assert, eq, watchConsole, parts, fill, submit, waitOutcome, fieldValues, expectMatchesOracle, variants, axe,
  runTests } from './widget-page.mjs';
import { registerEmbedPrivacyTests } from './embed-privacy.mjs';
import { registerMinVersionTests } from './min-version.mjs';
import { registerBackForwardTests } from './back-forward.mjs';
import { registerModuleIntegrityTests } from './module-integrity.mjs';
import { registerFramingTests } from './framing.mjs';
import { registerElementApiTests } from './element-api.mjs';
import { STATIC_CEILING_BYTES, STATIC_FILES, STATIC_FILES_SCALAR, STATIC_TARGET_BYTES, downloadTotals } from '../../web/tools/download-size.mjs';

const filter = process.argv[2] || '';
const started = Date.now();
const tests = [];
const test = (name, fn) => tests.push({ name, fn });

console.log('e2e: building fixtures (data set, site)…');
const fx = buildFixtures();
let server = await startServer(fx.site, ['--test-faults']);
const noRange = await startServer(fx.site, ['--ignore-range']);
const context = await launch({ serviceWorkers: 'block' });

async function setFault(mode, count) {
  await fetch(`${server.origin}/__test/fault?mode=${mode}${count ? `&count=${count}` : ''}`);
}

async function openWidget(params = {}, { origin = server.origin, ctx = context } = {}) {
  const page = await ctx.newPage();
  const errors = watchConsole(page);
  const query = new URLSearchParams(params).toString();
  await page.goto(`${origin}/test/widget.html${query ? `?${query}` : ''}`);
  await page.waitForSelector('form.check, .result', { timeout: 10000 });
  return { page, errors };
}

// ---------------------------------------------------------------------------------------------- results
test('affected: exposed categories, operators match the CLI oracle; fields wiped; no insurer shown', async () => {
  const { page } = await openWidget();
  await fill(page, fx.ids.self);
  const got = await submit(page);
  expectMatchesOracle(got, fx.ids.self.expected);
  assert(got.text.includes('Mutuelle Démo (tests)'), 'publisher named');
  // The signing key's fingerprint: under "Comment vérifier que ce site est authentique ?", not in each result.
  const fingerprint = await page.locator(`${W} >> details.authentic code.fingerprint`).textContent();
  assert(/[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}/.test(fingerprint), 'key fingerprint shown');
  const csv = readFileSync(join(fx.dir, 'records.csv'), 'utf8');
  const insurers = [...new Set(csv.trim().split('\n').slice(1).map((l) => l.split(',').slice(5).join(',').replace(/"/g, '')))];
  for (const name of insurers) assert(!got.text.includes(name), `insurer "${name}" must not appear in a result`);
  eq((await fieldValues(page)).filter(Boolean), [], 'fields wiped after a completed check');
  eq(await page.evaluate(() => self.__events), ['{"status":"affected"}'], 'result event carries the status only');
  eq(await page.locator(`${W} >> details.about li.hardened`).count(), 0, 'no hardened-mode paragraph for a static list');
  await page.close();
});

test('not found: names the list and its date; never "not affected"', async () => {
  const { page } = await openWidget();
  await fill(page, fx.ids.notFound);
  const got = await submit(page);
  eq(got.status, 'not_found', 'status');
  assert(got.text.includes('Mutuelle Démo (tests)') && /\d{4}\./.test(got.text), 'publisher and date');
  assert(!/pas concerné|not affected/i.test(got.text), 'no "not affected" wording');
  await page.close();
});

test('beneficiary: insured NIR + beneficiary date matches the oracle', async () => {
  const { page } = await openWidget();
  await fill(page, { ...fx.ids.beneficiary, beneficiary: true });
  expectMatchesOracle(await submit(page), fx.ids.beneficiary.expected);
  await page.close();
});

test('dob_nir_mismatch offers the beneficiary check, which then succeeds', async () => {
  const { page } = await openWidget();
  await fill(page, fx.ids.beneficiary);
  const first = await submit(page);
  eq(first.status, 'invalid_input', 'mismatch first');
  await page.click(`${W} >> .dob button.secondary`); // the quick fix switches the mode; Check submits
  expectMatchesOracle(await submit(page), fx.ids.beneficiary.expected);
  await page.close();
});

test('twins: birth rank 2 matches the oracle', async () => {
  const { page } = await openWidget();
  await fill(page, { ...fx.ids.twin, rank: '2', beneficiary: fx.ids.twin.twinIsBeneficiary });
  expectMatchesOracle(await submit(page), fx.ids.twin.expected);
  await page.close();
});

// ---------------------------------------------------------------------------------------------- input errors
const valid = fx.ids.self;
const tomorrowYear = new Date().getFullYear() + 1;
const INVALID = [
  ['nir_missing', 'nir', { ...valid, nir: '' }],
  ['nir_length', 'nir', { ...valid, nir: valid.nir.slice(0, 10) }],
  ['nir_format', 'nir', { ...valid, nir: `${valid.nir.slice(0, 7)}X${valid.nir.slice(8)}` }],
  ['nir_key', 'nir', { ...valid, nir: `${valid.nir.slice(0, 13)}${valid.nir.slice(13) === '01' ? '02' : '01'}` }],
  ['dob_missing', 'dob', { nir: valid.nir, day: '', month: '', year: '' }],
  ['dob_format', 'dob', { nir: valid.nir, day: '12', month: '5', year: '85' }],
  ['dob_invalid', 'dob', { nir: valid.nir, day: '31', month: '2', year: valid.birthDate.slice(0, 4) }],
  ['dob_too_early', 'dob', { nir: valid.nir, day: '1', month: '1', year: '1889' }],
  ['dob_future', 'dob', { nir: valid.nir, day: '1', month: '1', year: String(tomorrowYear) }],
  ['dob_nir_mismatch', 'dob', { nir: valid.nir, day: '1', month: valid.birthDate.slice(5, 7) === '01' ? '2' : '1', year: valid.birthDate.slice(0, 4) }],
  ['rank_invalid', 'rank', { ...valid, rank: '0' }],
];
test('each invalid-input code is shown on its own field (aria-invalid, aria-describedby, summary)', async () => {
  const { page } = await openWidget();
  for (const [code, field, input] of INVALID) {
    await fill(page, input);
    const got = await submit(page);
    eq(got.status, 'invalid_input', `${code}: status`);
    const state = await page.evaluate((fieldName) => {
      const root = document.querySelector('breach-check').shadowRoot;
      const sel = { nir: ['input.nir'], dob: ['input.dob-day', 'input.dob-month', 'input.dob-year'], rank: ['input.rank'] }[fieldName];
      const inputs = sel.map((s) => root.querySelector(s));
      const errors = [...root.querySelectorAll('.field-error:not([hidden])')];
      return {
        codes: errors.map((e) => e.dataset.codes),
        invalid: inputs.every((i) => i.getAttribute('aria-invalid') === 'true'),
        described: inputs.every((i) => {
          const ids = (i.getAttribute('aria-describedby') || '').split(' ');
          const err = ids.map((id) => root.getElementById(id)).find((e) => e && e.classList.contains('field-error'));
          return err && !err.hidden && err.closest('.field') === i.closest('.field');
        }),
        summaryFocused: root.activeElement && root.activeElement.classList.contains('error-summary'),
      };
    }, field);
    eq(state.codes, [code], `${code}: only this code, on its field`);
    assert(state.invalid, `${code}: aria-invalid on the ${field} input(s)`);
    assert(state.described, `${code}: aria-describedby points to the visible error of the same field`);
    assert(state.summaryFocused, `${code}: the error summary takes focus (announced)`);
  }
  await page.close();
});

// ---------------------------------------------------------------------------------------------- integrity, faults
test('integrity error: tampered bucket -> integrity_error with retry, fields kept', async () => {
  const { page } = await openWidget({ dataset: 'data/tampered-bucket.bcd' });
  await fill(page, valid);
  const got = await submit(page);
  eq(got.status, 'integrity_error', 'status');
  assert(got.code.includes('bucket_signature'), `code: ${got.code}`);
  assert((await fieldValues(page)).some((v) => v), 'typed fields kept');
  assert(await page.isVisible(`${W} >> button.retry`), 'retry button');
  await page.close();
});

test('integrity error: tampered header -> integrity_error at load, never a form that says not found', async () => {
  const { page } = await openWidget({ dataset: 'data/tampered-header.bcd' });
  const got = await waitOutcome(page);
  eq(got.status, 'integrity_error', 'status');
  assert(got.code.includes('header_signature'), `code: ${got.code}`);
  await page.close();
});

test('integrity error: wrong pinned key', async () => {
  const { page } = await openWidget({ key: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
  const got = await waitOutcome(page);
  eq(got.status, 'integrity_error', 'status');
  assert(got.code.includes('publisher_key'), `code: ${got.code}`);
  await page.close();
});

for (const [mode, code] of [['404', 'http_not_found'], ['500', 'http_error'], ['drop', 'read_failed'],
  ['ignore-range', 'range_ignored'], ['wrong-range', 'range_mismatch'], ['wrong-total', 'range_mismatch']]) {
  test(`unavailable: bucket request ${mode} -> unavailable (${code}), fields kept, retry succeeds`, async () => {
    const { page } = await openWidget();
    await fill(page, valid);
    await setFault(mode);
    try {
      const got = await submit(page);
      eq(got.status, 'unavailable', 'status');
      assert(got.code.includes(code), `code: ${got.code}`);
      assert((await fieldValues(page)).some((v) => v), 'typed fields kept');
    } finally {
      await setFault('none');
    }
    await page.click(`${W} >> button.retry`);
    await page.waitForSelector(`${W} >> .result[data-status=affected]`, { timeout: 20000 });
    expectMatchesOracle(await waitOutcome(page), valid.expected);
    await page.close();
  });
}

test('unavailable: server down during the check, then back: retry succeeds', async () => {
  const { page } = await openWidget();
  await fill(page, valid);
  const port = server.port;
  await stopServer(server);
  const got = await submit(page);
  eq(got.status, 'unavailable', 'status');
  server = await startServer(fx.site, ['--test-faults'], port);
  await page.click(`${W} >> button.retry`);
  await page.waitForSelector(`${W} >> .result[data-status=affected]`, { timeout: 20000 });
  await page.close();
});

test('unavailable: a server that ignores Range is refused at load (range_ignored), never not_found', async () => {
  const { page } = await openWidget({}, { origin: noRange.origin });
  const got = await waitOutcome(page);
  eq(got.status, 'unavailable', 'status');
  assert(got.code.includes('range_ignored'), `code: ${got.code}`);
  await page.close();
});

test('JS API: aborting a check stops its bucket request (Range aborted); the next check answers', async () => {
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(`${server.origin}/test/widget.html`);
  await page.waitForSelector(`${W} >> form.check`);
  const bucketRequests = [];
  const failed = [];
  const isBucket = (req) => {
    const m = /^bytes=(\d+)-/.exec(req.headers().range || '');
    return req.url().endsWith('/data/demo.bcd') && m && Number(m[1]) >= fx.headerLength;
  };
  const onRequest = (req) => { if (isBucket(req)) bucketRequests.push(req); };
  const onFailed = (req) => { if (isBucket(req)) failed.push(req.failure() && req.failure().errorText); };
  context.on('request', onRequest);
  context.on('requestfailed', onFailed);
  try {
    await page.evaluate(async ({ key }) => {
      const { BreachCheck } = await import('/dist/breachcheck.mjs');
      self.__checker = await BreachCheck.load({ dataset: '/data/demo.bcd', publisherKey: key, allowWeakKdf: true });
    }, { key: fx.publicKey });
    await setFault('slow', 1); // the next Range request answers after 3 s: still pending when the check is aborted
    const id = { nir: valid.nir, birthDate: valid.birthDate };
    const first = page.evaluate((input) => {
      const controller = new AbortController();
      self.__abortFirst = () => controller.abort();
      return self.__checker.check(input, { signal: controller.signal })
        .then((r) => ({ resolved: r.status }), (e) => ({ rejected: e.name }));
    }, id);
    for (let i = 0; i < 100 && bucketRequests.length === 0; i += 1) await page.waitForTimeout(50);
    eq(bucketRequests.length, 1, 'the first check asked for its bucket');
    await page.evaluate(() => self.__abortFirst());
    const second = await page.evaluate((input) => self.__checker.check(input).then((r) => r.status), id);
    eq(await first, { rejected: 'AbortError' }, 'the aborted check rejects with the AbortError');
    eq(second, 'affected', 'the next check answers');
    eq(failed, ['net::ERR_ABORTED'], 'the first bucket request was aborted');
    eq(bucketRequests.length, 2, 'one bucket request per check');
    eq(errors, [], 'console');
  } finally {
    context.off('request', onRequest);
    context.off('requestfailed', onFailed);
    await setFault('none');
  }
  await page.close();
});

// ---------------------------------------------------------------------------------------------- format version 2
test('format version 2 (long-lived KDF salt, signed version salt): the browser engine finds the same people', async () => {
  // The suite's records and key, built as version 2 with a seed cache (docs/FORMAT.md, "Version 2").
  run(findTools().cli, ['build', '--records', join(fx.dir, 'records.csv'),
    '--catalog', fileURLToPath(new URL('../../wasm/catalog/viamedis-almerys-2024.json', import.meta.url)),
    '--key', join(fx.dir, 'keys/publisher.key'), '--out', join(fx.site, 'data/v2.bcd'), '--k', '10', '--ops', '1',
    '--mem', '8', '--publisher', 'Mutuelle Démo (tests)', '--quiet', '--dataset-version', '2',
    '--seed-cache', join(fx.dir, 'v2.seeds')]);
  const v2 = readFileSync(join(fx.site, 'data/v2.bcd'));
  eq(v2.readUInt16LE(8), 2, 'the file is format version 2');
  const { page, errors } = await openWidget();
  const got = await page.evaluate(async ({ key, self: person, notFound }) => {
    const { BreachCheck } = await import('/dist/breachcheck.mjs');
    const checker = await BreachCheck.load({ dataset: '/data/v2.bcd', publisherKey: key, allowWeakKdf: true });
    const listed = await checker.check({ nir: person.nir, birthDate: person.birthDate });
    const absent = await checker.check({ nir: notFound.nir, birthDate: notFound.birthDate });
    return { listed: listed.status, operators: listed.operators, absent: absent.status, version: listed.dataset && listed.dataset.version };
  }, { key: fx.publicKey, self: { nir: valid.nir, birthDate: valid.birthDate }, notFound: fx.ids.notFound });
  eq(got.listed, 'affected', 'a listed person is found in the version 2 file');
  eq(got.operators, fx.ids.self.expected.operators, 'with the operators the CLI oracle reads from version 1');
  eq(got.absent, 'not_found', 'an unlisted person is not found');
  eq(got.version, 2, 'dataset version 2');
  eq(errors, [], 'console');
  await page.close();
});

// ---------------------------------------------------------------------------------------------- pre-check
test('insurer pre-check: a listed insurer -> may be affected via its operator; unknown -> not in list', async () => {
  const { page } = await openWidget();
  const insurers = await page.evaluate(async () => {
    const { BreachCheck } = await import('../dist/breachcheck.mjs');
    const c = await BreachCheck.load({ dataset: new URL('../data/demo.bcd', location.href).href,
      publisherKey: self.BREACHCHECK_CONFIG.publisherKey, allowWeakKdf: self.BREACHCHECK_CONFIG.allowWeakKdf });
    const list = c.insurers;
    c.close();
    return list;
  });
  assert(insurers.length > 5, 'insurer table loaded');
  await page.click(`${W} >> details.precheck summary`); // folded behind "Je ne sais pas si je suis concerné(e)"
  const pick = insurers[0];
  await page.fill(`${W} >> .insurer input`, pick.name.slice(0, 12).toLowerCase());
  await page.press(`${W} >> .insurer input`, 'Enter');
  const text = await page.locator(`${W} >> .insurer .answer`).innerText();
  if (!text.includes(pick.name)) {
    await page.click(`${W} >> .insurer .answer button:has-text("${pick.name}")`);
  }
  const answer = await page.locator(`${W} >> .insurer .answer`).innerText();
  assert(answer.includes(pick.name) && /peut-être/.test(answer), `match answer: ${answer}`);
  assert(/contrat/.test(answer), 'caveat about the contract');
  await page.fill(`${W} >> .insurer input`, 'Assurance Inexistante Zzz');
  await page.press(`${W} >> .insurer input`, 'Enter');
  assert(/n['’]est pas dans la liste/.test(await page.locator(`${W} >> .insurer .answer`).innerText()), 'not in list');
  await page.check(`${W} >> .precheck input[value=almerys]`);
  // The catalog's question and answer (widget.precheck), one "yes" per operator it names.
  assert(/Almérys/.test(await page.locator(`${W} >> .precheck fieldset`).innerText()), 'logo choices name the operators');
  assert(/porte ce logo/.test(await page.locator(`${W} >> .precheck > .answer`).innerText()), 'logo answer');
  await page.close();
});

// ---------------------------------------------------------------------------------------------- offline
test('file:// page: classic build, picked data set file, affected', async () => {
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(pathToFileURL(join(fx.site, 'index.html')).href);
  await page.setInputFiles('#dataset-file', fx.dataset);
  await page.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
  await fill(page, valid);
  expectMatchesOracle(await submit(page), valid.expected);
  eq(errors, [], 'no console errors from file://');
  await page.close();
});

test('service worker: offline reload still checks (Range answered from the cache)', async () => {
  const swContext = await launch();
  try {
    const page = await swContext.newPage();
    await page.goto(`${server.origin}/`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await swContext.setOffline(true);
    await page.reload();
    await page.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
    await fill(page, valid);
    expectMatchesOracle(await submit(page), valid.expected);
  } finally {
    await swContext.close();
  }
});

// ---------------------------------------------------------------------------------------------- embeds
test('one-line embed on a third-party origin: iframe from the publisher, sized by postMessage until the person acts', async () => {
  // A third-party article on another origin (localhost vs 127.0.0.1) that includes the publisher's embed.js.
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(join(fx.dir, 'third'), { recursive: true });
  writeFileSync(join(fx.dir, 'third/icon.svg'), readFileSync(join(fx.site, 'icon.svg')));
  writeFileSync(join(fx.dir, 'third/article.html'), `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Article</title><link rel="icon" href="icon.svg"></head>
<body><main><h1>Article tiers</h1><p>Texte.</p><script src="${server.origin}/dist/embed.js" data-lang="fr" async></script><p>Fin.</p></main></body></html>`);
  const host = await startServer(join(fx.dir, 'third'), ['--allow-origin', server.origin]);
  const page = await context.newPage();
  const errors = watchConsole(page);
  // Everything the frame posts to the host page, to prove it is a height and nothing else.
  await page.addInitScript(() => {
    window.__bcMessages = [];
    window.addEventListener('message', (event) => window.__bcMessages.push(JSON.stringify(event.data)));
  });
  try {
    const articleOrigin = host.origin.replace('127.0.0.1', 'localhost');
    await page.goto(`${articleOrigin}/article.html`);
    const frameEl = await page.waitForSelector('iframe.breachcheck-frame');
    const frame = await frameEl.contentFrame();
    await frame.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
    const sized = async () => page.evaluate(() => {
      const f = document.querySelector('iframe.breachcheck-frame');
      return { set: parseFloat(f.style.height), inner: f.contentWindow ? null : null };
    });
    await page.waitForFunction(() => parseFloat(document.querySelector('iframe.breachcheck-frame').style.height) !== 900, null, { timeout: 10000 });
    const contentHeight = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const h1 = (await sized()).set;
    assert(Math.abs(h1 - contentHeight) <= 2, `iframe height ${h1} follows the content ${contentHeight}`);
    // The widget runs in the frame (publisher origin), not in the host page.
    eq(await page.evaluate(() => document.querySelector('breach-check')), null, 'no widget in the host page');
    assert(frame.url().startsWith(server.origin) && frame.url().includes('parent-origin='), 'frame on the publisher origin');
    await frame.fill(`${W} >> input.nir`, valid.nir);
    const p = parts(valid.birthDate);
    await frame.fill(`${W} >> input.dob-day`, p.day);
    await frame.fill(`${W} >> input.dob-month`, p.month);
    await frame.fill(`${W} >> input.dob-year`, p.year);
    await frame.click(`${W} >> button.primary[type=submit]`);
    await frame.waitForSelector(`${W} >> .result[data-status=affected]`, { timeout: 20000 });
    // The result scrolls inside the frame: the box the host sees keeps the size it had before the person
    // acted (docs/EMBEDDING.md, "What the host page sees"; the outcome-by-outcome comparison is in embed-privacy.mjs).
    await page.waitForTimeout(500);
    eq((await sized()).set, h1, 'iframe height unchanged by the result');
    eq(errors, [], 'no console errors in the host page');
    const messages = await page.evaluate(() => window.__bcMessages);
    assert(messages.length > 0, 'the host page received height messages');
    for (const text of messages) {
      const data = JSON.parse(text);
      eq(Object.keys(data).sort(), ['height', 'type'], 'a postMessage carries only type and height');
      assert(data.type === 'breachcheck:height' && Number.isFinite(data.height), 'height message shape');
      const digits = text.replace(/\D/g, '');
      assert(!digits.includes(valid.nir.replace(/\D/g, '').slice(0, 13)) && !text.includes(valid.birthDate),
        'no identifier in postMessage traffic');
    }
  } finally {
    await page.close();
    await stopServer(host);
  }
});

test('article page: plain iframe and one-line embed both load the widget', async () => {
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(`${server.origin}/embed/article.html`);
  const frames = await page.$$('iframe');
  eq(frames.length, 2, 'two iframes');
  for (const f of frames) {
    await f.scrollIntoViewIfNeeded();
    const frame = await f.contentFrame();
    await frame.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
  }
  eq(errors, [], 'no console errors');
  await page.close();
});

// ---------------------------------------------------------------------------------------------- CSP, languages
test('strict CSP: headers sent, pages run with zero console errors', async () => {
  const response = await fetch(`${server.origin}/`);
  const csp = response.headers.get('content-security-policy');
  assert(csp.includes("default-src 'self'") && csp.includes("script-src 'self' 'wasm-unsafe-eval'") && csp.includes("style-src 'self'"), `CSP: ${csp}`);
  eq(response.headers.get('referrer-policy'), 'no-referrer', 'Referrer-Policy');
  eq(response.headers.get('x-content-type-options'), 'nosniff', 'nosniff');
  assert(response.headers.get('permissions-policy'), 'Permissions-Policy');
  const swContext = await launch(); // service workers allowed, as in a real browser
  for (const path of ['/', '/embed/insurer.html', '/embed/frame.html', '/embed/article.html']) {
    const page = await swContext.newPage();
    const errors = watchConsole(page);
    await page.goto(`${server.origin}${path}`);
    if (path.includes('article')) {
      for (const f of await page.$$('iframe')) {
        await f.scrollIntoViewIfNeeded();
        await (await f.contentFrame()).waitForSelector('form.check', { timeout: 10000 });
      }
    } else {
      await page.waitForSelector(`${W} >> form.check`, { timeout: 10000 });
      await fill(page, valid);
      eq((await submit(page)).status, 'affected', `${path}: check runs`);
    }
    eq(errors, [], `${path}: console`);
    await page.close();
  }
  await swContext.close();
});

test('insurer page: themed element, JS API fingerprint, result event shows the hotline', async () => {
  const page = await context.newPage();
  await page.goto(`${server.origin}/embed/insurer.html`);
  await page.waitForSelector(`${W} >> form.check`);
  await page.waitForFunction(() => /[0-9a-f]{4} /.test(document.getElementById('fingerprint').textContent));
  const accent = await page.evaluate(() => getComputedStyle(document.querySelector('breach-check').shadowRoot.querySelector('button.primary')).backgroundColor);
  eq(accent, 'rgb(11, 93, 59)', 'theme accent through --bc-accent');
  await fill(page, valid);
  await submit(page);
  assert(await page.isVisible('#help'), 'hotline shown on affected');
  await page.close();
});

test('English: strings, errors and results in English', async () => {
  const { page } = await openWidget({ lang: 'en' });
  assert(/Is your data/.test(await page.locator(`${W} >> .title`).innerText()), 'title');
  await fill(page, { ...valid, nir: '' });
  await submit(page);
  assert(/Enter your social security number/.test(await page.locator(`${W} >> .nir`).evaluate((el) => el.closest('.field').innerText)), 'error in English');
  await fill(page, valid);
  const got = await submit(page);
  assert(/^Yes: your data is in this breach/.test(got.text) && /What was exposed/.test(got.text), 'result in English');
  await page.close();
});

test('French by default, language switch on the stand-alone page', async () => {
  const page = await context.newPage();
  await page.goto(`${server.origin}/`);
  await page.waitForSelector(`${W} >> form.check`);
  assert(/Vos données/.test(await page.locator(`${W} >> .title`).innerText()), 'French title');
  await page.click('button.lang[data-lang=en]');
  await page.waitForFunction(() => /Is your data/.test(document.querySelector('breach-check').shadowRoot.querySelector('.title').textContent));
  eq(await page.evaluate(() => document.documentElement.lang), 'en', 'page lang');
  await page.close();
});

// ---------------------------------------------------------------------------------------------- privacy
test('no leaks: during a check, the only request is one bucket range; nothing typed in any request, console, storage, event', async () => {
  const { page, errors } = await openWidget();
  await page.waitForTimeout(300); // let warm-up finish so nothing of the load phase is counted
  const requests = [];
  const onRequest = async (req) => {
    requests.push({ url: req.url(), headers: await req.allHeaders(), body: req.postData() || '' });
  };
  context.on('request', onRequest);
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  await fill(page, valid);
  const got = await submit(page);
  context.off('request', onRequest);
  eq(got.status, 'affected', 'status');
  eq(requests.length, 1, `exactly one request during the check (${requests.map((r) => r.url).join(', ')})`);
  const [req] = requests;
  assert(req.url.endsWith('/data/demo.bcd'), `data set URL: ${req.url}`);
  const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range || '');
  assert(m, 'a byte range');
  const [start, end] = [Number(m[1]), Number(m[2])];
  assert((start - fx.headerLength) % fx.info.bucketBytes === 0 && end - start + 1 === fx.info.bucketBytes, 'exactly one bucket');
  assert(!req.headers.cookie && !req.headers.referer, 'no cookie, no referrer');
  const haystack = JSON.stringify({ requests, consoleLines, errors, events: await page.evaluate(() => self.__events) });
  for (const v of variants(valid.nir, valid.birthDate)) assert(!haystack.includes(v), `"${v}" leaked`);
  const storage = await page.evaluate(async () => ({
    local: localStorage.length, session: sessionStorage.length, cookie: document.cookie,
    idb: indexedDB.databases ? (await indexedDB.databases()).length : 0,
    caches: (await caches.keys()).length,
    dom: document.querySelector('breach-check').shadowRoot.innerHTML + document.body.innerHTML,
  }));
  eq([storage.local, storage.session, storage.cookie, storage.idb, storage.caches], [0, 0, '', 0, 0], 'no storage');
  for (const v of variants(valid.nir, valid.birthDate).slice(0, 3)) assert(!storage.dom.includes(v), `"${v}" left in the DOM`);
  await page.close();
});

test('main thread: no long task over 50 ms during a check', async () => {
  const { page } = await openWidget();
  await page.waitForTimeout(500);
  await fill(page, valid);
  const t0 = await page.evaluate(() => performance.now());
  await submit(page);
  const tasks = await page.evaluate((from) => self.__longTasks.filter((t) => t.start >= from), t0);
  eq(tasks, [], 'long tasks during the check');
  await page.close();
});

// ---------------------------------------------------------------------------------------------- size
test('download size: a static check fetches only the files counted, within the ceiling (issue 14, target 2)', async () => {
  const fetched = [];
  const onRequest = (req) => fetched.push(new URL(req.url()).pathname);
  context.on('request', onRequest);
  const { page } = await openWidget();
  await fill(page, valid);
  eq((await submit(page)).status, 'affected', 'status');
  context.off('request', onRequest);
  await page.close();
  const dist = [...new Set(fetched.filter((path) => path.startsWith('/dist/')).map((path) => path.slice('/dist/'.length)))];
  eq(dist.sort(), [...STATIC_FILES].sort(), 'the widget files a static check fetched');
  const total = downloadTotals(join(fx.site, 'dist')).static;
  console.log(`    static check: ${total} B brotli (target ${STATIC_TARGET_BYTES}, ceiling ${STATIC_CEILING_BYTES})`);
  assert(total <= STATIC_CEILING_BYTES, `${total} B brotli > ceiling ${STATIC_CEILING_BYTES} B`);
});

test('no WebAssembly SIMD: the scalar engine build checks someone, same verdicts, and is the only .wasm fetched', async () => {
  // A browser without SIMD (Safari < 16.4, older Firefox/Chrome): WebAssembly.validate refuses every module that
  // uses a SIMD instruction. The page's probe (web/src/engine/wasm-simd.js) is what sees it.
  const ctx = await launch({ serviceWorkers: 'block' });
  await ctx.addInitScript(() => {
    const validate = WebAssembly.validate.bind(WebAssembly);
    // Any small module holding the SIMD opcode prefix (0xfd) is refused: the probe is one.
    WebAssembly.validate = (bytes) => {
      const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes.buffer || bytes);
      if (view.length < 64 && view.includes(0xfd)) { self.__simdProbeRefused = true; return false; }
      return validate(bytes);
    };
  });
  const fetched = [];
  ctx.on('request', (req) => fetched.push(new URL(req.url()).pathname));
  try {
    const { page, errors } = await openWidget({}, { ctx });
    await fill(page, fx.ids.self);
    expectMatchesOracle(await submit(page), fx.ids.self.expected);
    eq(await page.evaluate(() => self.__simdProbeRefused === true), true, 'the page probed for SIMD');
    await page.close();
    const { page: other } = await openWidget({}, { ctx });
    await fill(other, fx.ids.notFound);
    eq((await submit(other)).status, 'not_found', 'someone not in the list');
    await other.close();
    eq(errors, [], 'console errors');
  } finally {
    await ctx.close();
  }
  const dist = [...new Set(fetched.filter((path) => path.startsWith('/dist/')).map((path) => path.slice('/dist/'.length)))];
  eq(dist.sort(), [...STATIC_FILES_SCALAR].sort(), 'the widget files a check without SIMD fetched');
  const total = downloadTotals(join(fx.site, 'dist')).staticScalar;
  console.log(`    static check without SIMD: ${total} B brotli (ceiling ${STATIC_CEILING_BYTES})`);
  assert(total <= STATIC_CEILING_BYTES, `${total} B brotli > ceiling ${STATIC_CEILING_BYTES} B`);
});

// ---------------------------------------------------------------------------------------------- a11y
test('axe-core: no violations in the initial, error, result and problem states (FR, EN)', async () => {
  for (const lang of ['fr', 'en']) {
    const page = await context.newPage();
    await page.goto(`${server.origin}/?lang=${lang}`);
    await page.waitForSelector(`${W} >> form.check`);
    eq(await axe(page), [], `${lang} initial`);
    await fill(page, { nir: '12', day: '40', month: '', year: '' });
    await submit(page);
    eq(await axe(page), [], `${lang} errors`);
    await fill(page, valid);
    await submit(page);
    await page.click(`${W} >> details.about summary`);
    eq(await axe(page), [], `${lang} affected`);
    await fill(page, fx.ids.notFound);
    await submit(page);
    eq(await axe(page), [], `${lang} not found`);
    await fill(page, valid);
    await setFault('500', 1);
    await submit(page);
    eq(await axe(page), [], `${lang} unavailable`);
    await page.close();
  }
  const embed = await context.newPage();
  await embed.goto(`${server.origin}/embed/insurer.html`);
  await embed.waitForSelector(`${W} >> form.check`);
  eq(await axe(embed), [], 'insurer page');
  await embed.close();
});

test('keyboard only: Tab/Space/typing/Enter reach a result, focus moves to it', async () => {
  const { page } = await openWidget();
  await page.focus(`${W} >> input[value=self]`);
  await page.keyboard.press('ArrowDown'); // radio group: arrow keys move the choice
  assert(await page.isChecked(`${W} >> input[value=beneficiary]`), 'beneficiary chosen by keyboard');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Tab');
  const active = () => page.evaluate(() => document.querySelector('breach-check').shadowRoot.activeElement?.className || '');
  assert((await active()).includes('nir'), `Tab reaches the NIR field (${await active()})`);
  await page.keyboard.type(valid.nir);
  const p = parts(valid.birthDate);
  for (const value of [p.day, p.month, p.year]) {
    await page.keyboard.press('Tab');
    await page.keyboard.type(value);
  }
  await page.keyboard.press('Tab'); // rank
  await page.keyboard.press('Tab'); // submit button
  assert((await active()).includes('primary'), `Tab reaches the button (${await active()})`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${W} >> .result[data-status=affected]`, { timeout: 20000 });
  assert((await active()).includes('verdict'), 'focus on the result heading');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space'); // first focusable in the result is a source link or the button: no error
  await page.close();
});

test('NIR is grouped as typed (1 85 05 78 006 084 36)', async () => {
  const { page } = await openWidget();
  await page.focus(`${W} >> input.nir`);
  await page.keyboard.type(valid.nir);
  const shown = await page.inputValue(`${W} >> input.nir`);
  const n = valid.nir;
  eq(shown, `${n[0]} ${n.slice(1, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7, 10)} ${n.slice(10, 13)} ${n.slice(13)}`, 'grouping');
  await page.close();
});

registerEmbedPrivacyTests({ test, fx, context, publisherOrigin: () => server.origin, setFault });
registerMinVersionTests({ test, fx, context, publisherOrigin: () => server.origin });
const backForward = registerBackForwardTests({ test, fx, publisherOrigin: () => server.origin, awayOrigin: () => noRange.origin });
const moduleIntegrity = registerModuleIntegrityTests({ test, fx, context, publisherOrigin: () => server.origin });
registerFramingTests({ test, context, publisherOrigin: () => server.origin });
registerElementApiTests({ test, fx, context, publisherOrigin: () => server.origin });

// ---------------------------------------------------------------------------------------------- runner
const { passed, failed } = await runTests(tests, filter);
await context.close();
await backForward.close();
await moduleIntegrity.close();
await stopServer(server);
await stopServer(noRange);
console.log(`e2e: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
