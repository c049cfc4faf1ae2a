#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Browser suite: a widget that knows no incident (docs/CATALOG.md, "widget"). A second, fictional incident
// (tests/e2e/catalogs/fictional-breach.json: other operators, categories, advice, title, pre-check question)
// is built into a signed data set with the publisher CLI and deployed with its own content file, with no code
// change; the widget must then speak of that incident only: its title, question, advice order and not-found
// reasons come from that catalog, and no state of the page (loaded, pre-check answered, affected with every
// fold open, not found, a list that fails its checks), in French or English, names Viamedis, Almérys or the
// CNIL. Usage: node tests/e2e/second-incident.mjs [name-filter]
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, findTools, run, nirKey, startServer, stopServer, launch } from './harness.mjs';
import { W, assert, eq, fill, submit, runTests } from './widget-page.mjs';

const filter = process.argv[2] || '';
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const started = Date.now();

const CATALOG = join(ROOT, 'tests/e2e/catalogs/fictional-breach.json');
const catalog = JSON.parse(readFileSync(CATALOG, 'utf8'));
// What the first incident would leave on a page whose code still knew it.
const FIRST_INCIDENT = /Viamedis|Alm[ée]rys|CNIL|tiers payant|scam_calls|if_bank_details_given/i;

console.log('e2e second incident: building the fictional data set and its site…');
const { cli, wasmDir } = findTools();
const dir = mkdtempSync(join(tmpdir(), 'bc-e2e-second-'));
run(cli, ['keygen', '--out', join(dir, 'keys')]);
// Customers of the fictional operators (at least --k per bucket), with valid NIRs whose year and month agree
// with the birth date; the first one is checked in the browser.
const person = (nir13, birthDate, operator, categories) => ({ nir: `${nir13}${nirKey(nir13)}`, birthDate, operator, categories });
const people = [person('1850575123456', '1985-05-12', 'nimbus', 'account_name;birth_date;nir;booking_history;loyalty_number')];
for (let i = 0; i < 79; i += 1) {
  const year = 1940 + (i % 60);
  const month = String(1 + (i % 12)).padStart(2, '0');
  const nir13 = `${1 + (i % 2)}${String(year % 100).padStart(2, '0')}${month}69${String(100 + i).padStart(3, '0')}${String(200 + i).padStart(3, '0')}`;
  people.push(person(nir13, `${year}-${month}-${String(1 + (i % 28)).padStart(2, '0')}`, i % 3 ? 'nimbus' : 'orion',
    i % 2 ? 'account_name;birth_date;nir' : 'account_name;nir;booking_history'));
}
writeFileSync(join(dir, 'records.csv'), ['nir,birth_date,birth_rank,operator,categories,insurer',
  ...people.map((p) => `${p.nir},${p.birthDate},1,${p.operator},${p.categories},Club Fictif`)].join('\n') + '\n');
const dataset = join(dir, 'fictional.bcd');
run(cli, ['build', '--records', join(dir, 'records.csv'), '--catalog', CATALOG, '--key', join(dir, 'keys/publisher.key'),
  '--out', dataset, '--k', '10', '--ops', '1', '--mem', '8', '--publisher', 'Club Fictif (tests)', '--quiet']);
const oracle = (nir, birthDate) => JSON.parse(run(cli, ['check', '--dataset', dataset, '--pubkey', join(dir, 'keys/publisher.pub'),
  '--allow-weak-kdf', '--nir', nir, '--birth-date', birthDate]));
const affected = people[0];
eq(oracle(affected.nir, affected.birthDate).status, 'affected', 'oracle: the first customer is in the list');
const missing = person('1850575123999', '1985-05-12', 'nimbus', '');
eq(oracle(missing.nir, missing.birthDate).status, 'not_found', 'oracle: a valid number that is not in the list');

// The deployment: the repository's pages, built with this incident's data set and content file.
const site = join(dir, 'site');
cpSync(join(ROOT, 'public'), site, { recursive: true, filter: (src) => !/\/public\/(dist|data)(\/|$)/.test(src) });
const contentFile = join(dir, 'content.json');
writeFileSync(contentFile, JSON.stringify({ title: { fr: 'Club Fictif : votre compte est-il concerné ?',
  en: 'Club Fictif: is your account affected?' } }));
run(process.execPath, [join(ROOT, 'web/tools/build.mjs'), wasmDir, '--out', site, '--demo-dataset', dataset,
  '--demo-pubkey', join(dir, 'keys/publisher.pub'), '--content', contentFile, '--public-origin', 'https://club-fictif.example']);
mkdirSync(join(site, 'test'), { recursive: true });
cpSync(join(ROOT, 'tests/e2e/fixtures'), join(site, 'test'), { recursive: true });

const server = await startServer(site);
const context = await launch({ serviceWorkers: 'block' });

async function openPage(path, lang) {
  const page = await context.newPage();
  const sep = path.includes('?') ? '&' : '?';
  await page.goto(`${server.origin}${path}${sep}lang=${lang}`);
  await page.waitForSelector('form.check, .result', { timeout: 20000 });
  return page;
}

// Everything on the page: the document (its title too) and the widget's shadow tree, folds included.
const everything = (page) => page.evaluate(() => {
  const widget = document.querySelector('breach-check');
  return `${document.title}\n${document.documentElement.outerHTML}\n${widget ? widget.shadowRoot.innerHTML : ''}`;
});
const openFolds = (page) => page.evaluate(() => {
  for (const d of document.querySelector('breach-check').shadowRoot.querySelectorAll('details')) d.open = true;
});
async function assertNeutral(page, state) {
  const text = await everything(page);
  const hit = FIRST_INCIDENT.exec(text);
  assert(!hit, `${state}: the page names the first incident ("${hit && text.slice(Math.max(0, hit.index - 60), hit.index + 40)}")`);
}
const shadowText = (page, selector) => page.evaluate((s) => [...document.querySelector('breach-check').shadowRoot
  .querySelectorAll(s)].map((e) => e.textContent.trim()), selector);

for (const lang of ['fr', 'en']) {
  const words = (text) => text[lang];
  test(`${lang}: the title, introduction and pre-check question are the fictional catalog's`, async () => {
    for (const path of ['/test/widget.html', '/index.html']) {
      const page = await openPage(path, lang);
      const title = (await shadowText(page, '.title'))[0];
      eq(title.replace(/\s/g, ' '), words(catalog.widget.title).replace(/\s/g, ' '), `${path}: the widget's title`);
      const lead = (await shadowText(page, '.lead')).join(' ');
      assert(lead.includes(words(catalog.widget.intro[0]).slice(0, 30)), `${path}: the introduction: ${lead}`);
      await page.click(`${W} >> .precheck > summary`);
      const legend = (await shadowText(page, '.precheck legend'))[0];
      assert(legend.replace(/\s/g, ' ').startsWith(words(catalog.widget.precheck.question).slice(0, 20)), `${path}: the question: ${legend}`);
      const choices = await shadowText(page, '.precheck .choice label');
      assert(choices[0].includes('Nimbus Loisirs') && choices[1].includes('Orion Voyages') && choices.length === 4,
        `${path}: one "yes" per operator, then no and I don't know: ${choices}`);
      await page.check(`${W} >> .precheck input[value=nimbus]`);
      const answer = (await shadowText(page, '.precheck > .answer'))[0];
      assert(answer.includes(words(catalog.widget.precheck.yes).slice(0, 20)), `${path}: the catalog's answer: ${answer}`);
      if (path === '/index.html') eq(await page.title(), words({ fr: 'Club Fictif : votre compte est-il concerné ?', en: 'Club Fictif: is your account affected?' }), 'the page title from the content file');
      await assertNeutral(page, `${path} loaded, pre-check answered`);
      await page.close();
    }
  });

  test(`${lang}: affected: the fictional advice first, in the catalog's order; every fold open names no other incident`, async () => {
    const page = await openPage('/test/widget.html', lang);
    await fill(page, affected);
    const outcome = await submit(page);
    eq(outcome.status, 'affected', 'verdict');
    eq(outcome.exposed, affected.categories.split(';'), 'exposed categories of the fictional catalog');
    eq(await page.evaluate(() => [...document.querySelector('breach-check').shadowRoot.querySelectorAll('.result ol.priority > li')]
      .map((li) => li.dataset.advice)), catalog.widget.priority_advice, 'priority advice, in order');
    const reassure = (await shadowText(page, '.result .reassure'))[0] || '';
    const plain = (text) => text.replace(/’/g, "'").replace(/\s/g, ' ');
    assert(plain(reassure).includes(plain(words(catalog.widget.assessment_by))), `the reassurance names the catalog's authority: ${reassure}`);
    await openFolds(page);
    await assertNeutral(page, 'affected');
    await page.close();
  });

  test(`${lang}: not found: the catalog's reasons and advice`, async () => {
    const page = await openPage('/test/widget.html', lang);
    await fill(page, missing);
    const outcome = await submit(page);
    eq(outcome.status, 'not_found', 'verdict');
    await openFolds(page);
    const text = (await shadowText(page, '.result.not-found'))[0].replace(/\s/g, ' ');
    assert(text.includes(words(catalog.widget.not_found_reasons[0]).slice(0, 30)), `the fictional reason: ${text}`);
    assert(text.includes(words(catalog.advice.find((a) => a.id === 'letter_from_operator').text).slice(0, 20)), `the not-found advice: ${text}`);
    await assertNeutral(page, 'not found');
    await page.close();
  });

  test(`${lang}: a list that fails its checks: neutral advice, no incident named`, async () => {
    const page = await context.newPage();
    // Another key than the list's: the header's signature fails, so no catalog is shown at all.
    await page.goto(`${server.origin}/test/widget.html?lang=${lang}&key=${encodeURIComponent(Buffer.alloc(32, 7).toString('base64'))}`);
    await page.waitForSelector(`${W} >> .result`, { timeout: 20000 });
    eq((await shadowText(page, '.result'))[0] ? (await page.evaluate(() => document.querySelector('breach-check').shadowRoot
      .querySelector('.result').dataset.status)) : '', 'integrity_error', 'status');
    eq((await shadowText(page, '.result ol.priority li')).length > 0, true, 'advice still in view');
    await assertNeutral(page, 'integrity error');
    await page.close();
  });
}

test('the frame and the oEmbed answers: the content file\'s title and the registry\'s neutral frame name', async () => {
  for (const [lang, file] of [['fr', 'oembed.json'], ['en', 'oembed.en.json']]) {
    const oembed = JSON.parse(readFileSync(join(site, file), 'utf8'));
    assert(!FIRST_INCIDENT.test(JSON.stringify(oembed)), `${file} names no other incident: ${oembed.title}`);
    assert(oembed.title.includes('Club Fictif'), `${file}: the deployment's title: ${oembed.title}`);
    const page = await context.newPage();
    await page.goto(`${server.origin}/embed/frame.html${lang === 'fr' ? '' : `?lang=${lang}`}`);
    await page.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
    await assertNeutral(page, `frame (${lang})`);
    await page.close();
  }
});

const { passed, failed } = await runTests(tests, filter);
await context.close();
await stopServer(server);
console.log(`e2e second incident: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed ? 1 : 0);
