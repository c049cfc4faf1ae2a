// SPDX-License-Identifier: MPL-2.0
// Leaving the page forgets the self-check, also when the browser keeps the page in its back-forward cache
// (docs/SECURITY.md, Findings, "back-forward cache"; web/src/ui/page-lifecycle.js). Playwright starts Chromium
// with --disable-back-forward-cache; these tests use a browser of their own without it, go to a page on another
// origin and come back with Back, and first make sure the page really came back from the cache
// (`pageshow.persisted === true`): a page loaded again from the network would pass without proving anything.
// Registered into tests/e2e/run.mjs, which provides the fixtures and the two servers.
import { launch } from './harness.mjs';
import { W, assert, eq, fill, submit } from './widget-page.mjs';

// Every pageshow of the page, in order: a page restored from the cache keeps its JavaScript heap, so the list
// holds [false, true]; a page loaded again holds [false].
function recordPageShows() {
  window.__pageShows = [];
  window.addEventListener('pageshow', (event) => window.__pageShows.push(event.persisted));
}

// What the widget holds and shows, read from the page (the element's own fields included: the card's number is
// never rendered, so only the element can tell whether it is still held).
function widgetState() {
  const element = document.querySelector('breach-check');
  const root = element.shadowRoot;
  const shown = (selector) => [...root.querySelectorAll(selector)].some((e) => e.getClientRects().length > 0);
  return {
    cardHeld: element.cardNir !== null && element.cardNir !== undefined,
    verdictsHeld: element.verdicts.length,
    results: root.querySelectorAll('.result').length,
    typed: [...root.querySelectorAll('input.input')].map((input) => input.value).filter(Boolean),
    familyButton: shown('button.family'),
    sameCard: shown('.same-card') || !shown('input.nir'),
    errorSummary: shown('.error-summary'),
    invalidFields: root.querySelectorAll('[aria-invalid=true]').length,
    lastStatus: document.body.dataset.lastStatus || '',
  };
}

const EMPTY = { cardHeld: false, verdictsHeld: 0, results: 0, typed: [], familyButton: false, sameCard: false,
  errorSummary: false, invalidFields: 0, lastStatus: '' };

export function registerBackForwardTests({ test, fx, publisherOrigin, awayOrigin }) {
  let browser = null;
  const context = async () => {
    if (!browser) browser = await launch({ serviceWorkers: 'block', ignoreDefaultArgs: ['--disable-back-forward-cache'] });
    return browser;
  };

  async function openPage(path) {
    const page = await (await context()).newPage();
    await page.addInitScript(recordPageShows);
    await page.goto(`${publisherOrigin()}${path}`);
    await page.waitForSelector(`${W} >> form.check`, { timeout: 10000 });
    return page;
  }

  // Another site, then Back: the page must come back from the back-forward cache.
  async function leaveAndComeBack(page) {
    await page.goto(`${awayOrigin()}/test/away.html`);
    // A page restored from the cache fires no `load` (it was loaded already): wait for the restore's pageshow.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => document.readyState === 'complete' && (window.__pageShows || []).includes(true),
      null, { timeout: 10000 }).catch(() => {});
    await page.waitForSelector(`${W} >> form.check`, { state: 'attached', timeout: 10000 }); // shown or not: compared below
    eq(await page.evaluate(() => window.__pageShows), [false, true],
      'pageshow events (the page must be restored from the back-forward cache, or this test proves nothing)');
  }

  test('back-forward cache: after an affected verdict and "another family member" with a date typed, Back shows an empty form (index.html)', async () => {
    const page = await openPage('/');
    await fill(page, fx.ids.self);
    eq((await submit(page)).status, 'affected', 'status');
    await page.click(`${W} >> button.family`);
    await page.fill(`${W} >> input.dob-day`, '3');
    await page.fill(`${W} >> input.dob-month`, '4');
    const before = await page.evaluate(widgetState);
    assert(before.cardHeld && before.verdictsHeld === 1 && before.results === 1 && before.sameCard && before.typed.length === 2
      && before.lastStatus === 'affected', `before leaving: the family flow is open (${JSON.stringify(before)})`);
    await leaveAndComeBack(page);
    eq(await page.evaluate(widgetState), EMPTY, 'after Back');
    // The form works again from scratch: the NIR field is there and a check runs.
    await fill(page, fx.ids.notFound);
    eq((await submit(page)).status, 'not_found', 'a new check after Back');
    await page.close();
  });

  test('back-forward cache: a form left with errors (the NIR still in its field) comes back empty (index.html)', async () => {
    const page = await openPage('/');
    await fill(page, { nir: fx.ids.self.nir, day: '31', month: '2', year: fx.ids.self.birthDate.slice(0, 4) });
    eq((await submit(page)).status, 'invalid_input', 'status');
    const before = await page.evaluate(widgetState);
    assert(before.typed.includes(fx.ids.self.nir) || before.typed.some((v) => v.replace(/ /g, '') === fx.ids.self.nir),
      `before leaving: the NIR is in its field (${JSON.stringify(before.typed.length)} fields typed)`);
    assert(before.errorSummary && before.invalidFields > 0, 'before leaving: errors shown');
    await leaveAndComeBack(page);
    eq(await page.evaluate(widgetState), EMPTY, 'after Back');
    await page.close();
  });

  test('back-forward cache: the insurer page forgets its verdict too (embed/insurer.html)', async () => {
    const page = await openPage('/embed/insurer.html');
    await fill(page, fx.ids.self);
    eq((await submit(page)).status, 'affected', 'status');
    await leaveAndComeBack(page);
    eq(await page.evaluate(widgetState), EMPTY, 'after Back');
    await page.close();
  });

  return { close: async () => { if (browser) await browser.close(); } };
}
