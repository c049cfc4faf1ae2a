// SPDX-License-Identifier: MPL-2.0
// Page-side helpers shared by the browser suites (run.mjs: static mode, oprf.mjs: hardened mode): assertions,
// filling and submitting <breach-check>, reading the outcome, identifier variants, axe-core, the runner.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

export const W = 'breach-check';
export const assert = (cond, message) => { if (!cond) throw new Error(message); };
export const eq = (a, b, message) => assert(JSON.stringify(a) === JSON.stringify(b), `${message}: got ${JSON.stringify(a)}, want ${JSON.stringify(b)}`);

export function watchConsole(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

export const parts = (date) => { const [y, m, d] = date.split('-'); return { day: String(Number(d)), month: String(Number(m)), year: y }; };

// `page` may be a Page or a Frame.
export async function fill(page, { nir = '', birthDate = '', day, month, year, rank = '', beneficiary = false }) {
  const date = birthDate ? parts(birthDate) : { day: day ?? '', month: month ?? '', year: year ?? '' };
  // After a verdict the form is folded behind "Faire une autre vérification" (a new card).
  if (await page.isVisible(`${W} >> .after-verdict button.again`)) await page.click(`${W} >> .after-verdict button.again`);
  if (beneficiary) await page.check(`${W} >> input[value=beneficiary]`);
  await page.fill(`${W} >> input.nir`, nir);
  await page.fill(`${W} >> input.dob-day`, date.day);
  await page.fill(`${W} >> input.dob-month`, date.month);
  await page.fill(`${W} >> input.dob-year`, date.year);
  await page.fill(`${W} >> input.rank`, rank);
}

// Results already on screen (earlier verdicts stay listed) are marked, so the outcome read is the new one.
export async function markSeen(page) {
  await page.evaluate(() => {
    for (const r of document.querySelector('breach-check').shadowRoot.querySelectorAll('.result')) r.dataset.seen = '';
  });
}

export async function submit(page) {
  await markSeen(page);
  await page.click(`${W} >> button.primary[type=submit]`);
  return waitOutcome(page);
}

export async function waitOutcome(page) {
  await page.waitForSelector('.result:not([data-seen]), .error-summary:not([hidden])', { timeout: 10000 });
  return page.evaluate(() => {
    const root = document.querySelector('breach-check').shadowRoot;
    const fresh = root.querySelectorAll('.result:not([data-seen])');
    const result = fresh.length ? fresh[fresh.length - 1] : null;
    const explain = result && result.querySelector('.explain');
    return {
      status: result ? result.dataset.status : 'invalid_input',
      exposed: [...(result || root).querySelectorAll('.categories.exposed [data-category]')].map((e) => e.dataset.category),
      notExposed: [...(result || root).querySelectorAll('.categories.not-exposed [data-category]')].map((e) => e.dataset.category),
      operators: [...(result || root).querySelectorAll('[data-operator]')].map((e) => e.dataset.operator),
      text: result ? result.textContent : '',
      code: result && result.querySelector('.code') ? result.querySelector('.code').textContent : '',
      explain: explain ? explain.textContent : '',
      live: (root.querySelector('.widget > [aria-live]') || {}).textContent || '',
    };
  });
}

export async function fieldValues(page) {
  return page.evaluate(() => [...document.querySelector('breach-check').shadowRoot.querySelectorAll('input.input')]
    .map((i) => i.value));
}

export function expectMatchesOracle(got, expected) {
  eq(got.status, expected.status, 'status');
  eq(got.exposed, expected.exposed, 'exposed categories');
  eq(got.notExposed, expected.notExposed, 'not-exposed categories');
  eq(got.operators, expected.operators, 'operators');
}

/** The ways a NIR and a birth date could appear in a request, a log line or the DOM. */
export function variants(nir, birthDate) {
  const [y, m, d] = birthDate.split('-');
  const g = `${nir[0]} ${nir.slice(1, 3)} ${nir.slice(3, 5)} ${nir.slice(5, 7)} ${nir.slice(7, 10)} ${nir.slice(10, 13)} ${nir.slice(13)}`;
  return [nir, nir.slice(0, 13), g, g.replace(/ /g, '%20'), g.replace(/ /g, '+'), birthDate, `${y}${m}${d}`,
    `${d}/${m}/${y}`, `${d}${m}${y}`, `${Number(d)}/${Number(m)}/${y}`, `${d}-${m}-${y}`];
}

const AXE = readFileSync(join(ROOT, 'tests/node_modules/axe-core/axe.min.js'), 'utf8');
export async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await self.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/** Runs the registered tests in order (those whose name contains `filter`); returns {passed, failed}. */
export async function runTests(tests, filter = '') {
  let passed = 0;
  let failed = 0;
  for (const { name, fn } of tests) {
    if (filter && !name.includes(filter)) continue;
    const t0 = Date.now();
    try {
      await fn();
      passed += 1;
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${name} (${Date.now() - t0} ms)\n     ${String(error && error.stack || error).split('\n').slice(0, 4).join('\n     ')}`);
    }
  }
  return { passed, failed };
}
