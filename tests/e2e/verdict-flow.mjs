#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Browser suite for the verdict flow (docs/WIDGET.md "Quick fixes and retries", docs/EMBEDDING.md
// "Where the verdict appears"): quick fixes and retries never submit; the verdict lands where the person is
// looking in every embed (one-line script, plain iframe, the element on the publisher's page) on a host page
// with a 45 px sticky header, at desktop (1280x900) and phone (390x844) sizes, the form started at several
// scroll positions, while the host page still learns nothing; the error summary's short links and the page
// title; a language switch that keeps the place; oEmbed from the deployment's origin in the frame's language;
// the insurer page offline. FR and EN; axe-core in every state touched. With SCREENSHOTS=DIR, one PNG per new
// state. Usage: node tests/e2e/verdict-flow.mjs [name-filter]
import { mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildFixtures, startServer, stopServer, launch, freePort, findTools, run, ROOT } from './harness.mjs';
import { W, assert, eq, watchConsole, fill, submit, markSeen, waitOutcome, axe, runTests } from './widget-page.mjs';

const filter = process.argv[2] || '';
const SHOTS = process.env.SCREENSHOTS ? resolve(process.env.SCREENSHOTS) : null;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const started = Date.now();

console.log('e2e verdict-flow: building fixtures (data set, site)…');
const fx = buildFixtures();
const server = await startServer(fx.site);
const context = await launch({ serviceWorkers: 'block' });
const valid = fx.ids.self;
const SIZES = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
const LANGS = ['fr', 'en'];
const EVERY = LANGS.flatMap((lang) => Object.keys(SIZES).map((size) => [lang, size]));
const HEADER = 45; // the host page's sticky header

const widgetEval = (page, fn, arg) => page.evaluate(([source, a]) => {
  // eslint-disable-next-line no-new-func
  const f = new Function('root', 'arg', `return (${source})(root, arg);`);
  return f(document.querySelector('breach-check').shadowRoot, a);
}, [fn.toString(), arg]);

async function shot(page, name, lang, size) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}-${lang}-${size}.png`) });
}

async function openPage(path, { lang = 'fr', size = 'desktop' } = {}) {
  const page = await context.newPage();
  await page.setViewportSize(SIZES[size]);
  const errors = watchConsole(page);
  const sep = path.includes('?') ? '&' : '?';
  await page.goto(`${server.origin}${path}${sep}lang=${lang}`);
  await page.waitForSelector(`${W} >> form.check`, { timeout: 15000 });
  return { page, errors };
}

// Every request for the data set from now on (a check reads one bucket range; a quick fix must read none).
function countListReads(page) {
  const reads = [];
  page.on('request', (request) => { if (/\.bcd(\?|$)/.test(request.url())) reads.push(request.url()); });
  return reads;
}

// Fills the form from whatever state it is in: after a verdict ("Run another check"), in same-card mode
// ("Change card"), in beneficiary mode when the input is for the person themself.
async function fillFresh(page, input) {
  if (await page.isVisible(`${W} >> .after-verdict button.again`)) await page.click(`${W} >> .after-verdict button.again`);
  if (await page.isVisible(`${W} >> .same-card button.change-card`)) await page.click(`${W} >> .same-card button.change-card`);
  if (!input.beneficiary) await page.check(`${W} >> input[value=self]`);
  await fill(page, input);
}

// The same person's month of birth, one month off: the number and the date disagree (dob_nir_mismatch).
const mismatch = { nir: valid.nir, day: '1', month: valid.birthDate.slice(5, 7) === '01' ? '2' : '1', year: valid.birthDate.slice(0, 4) };

// ---------------------------------------------------------------------------------------------- quick fix
test('quick fix: "check for a beneficiary" after a mismatch never submits; it switches the mode, relabels and focuses the number', async () => {
  for (const [lang, size] of EVERY) {
    const { page, errors } = await openPage('/', { lang, size });
    await fill(page, mismatch);
    eq((await submit(page)).status, 'invalid_input', 'the mismatch first');
    const before = await widgetEval(page, (root) => ({
      nirLabel: root.querySelector('label[for^="nir"]').textContent, dobLegend: root.querySelector('.dob legend').textContent }));
    const reads = countListReads(page);
    await page.click(`${W} >> button.beneficiary-fix`);
    await page.waitForTimeout(1500); // a check of this fixture takes well under a second
    const after = await widgetEval(page, (root) => ({
      results: root.querySelectorAll('.result').length,
      busy: root.querySelector('form.check').getAttribute('aria-busy'),
      beneficiary: root.querySelector('input[value=beneficiary]').checked,
      nirLabel: root.querySelector('label[for^="nir"]').textContent,
      dobLegend: root.querySelector('.dob legend').textContent,
      focused: root.activeElement && root.activeElement.className,
      errors: [...root.querySelectorAll('.field-error:not([hidden])')].length,
      summary: root.querySelector('.error-summary').hidden,
      fixShown: !root.querySelector('button.beneficiary-fix').hidden,
      note: (() => {
        const nir = root.querySelector('input.nir');
        const ids = nir.getAttribute('aria-describedby').split(' ');
        return ids.map((id) => root.getElementById(id)).filter((el) => el && el.classList.contains('mode-note') && !el.hidden).length;
      })(),
      typed: [...root.querySelectorAll('input.input')].filter((i) => i.value).length,
    }));
    eq(after.results, 0, `${lang} ${size}: no result (nothing was submitted)`);
    eq(reads, [], `${lang} ${size}: the list was not read`);
    assert(after.busy !== 'true', 'not busy');
    assert(after.beneficiary, 'beneficiary mode chosen');
    assert(after.nirLabel !== before.nirLabel && after.dobLegend !== before.dobLegend, `relabelled: ${after.nirLabel} / ${after.dobLegend}`);
    eq(after.focused, 'input nir', 'focus on the number (now: the policyholder\'s)');
    eq([after.errors, after.summary, after.fixShown], [0, true, false], 'the mismatch no longer applies: error, summary and fix gone');
    eq(after.note, 1, 'what the fields now mean is read with the number field');
    assert(after.typed >= 4, 'what was typed is kept');
    eq(await axe(page), [], `axe: after the quick fix ${lang} ${size}`);
    await shot(page, 'quick-fix', lang, size);
    // The person presses Check: now, and only now, the beneficiary check runs (and reads the list once).
    const got = await submit(page);
    eq(got.status, fx.oracle(mismatch.nir, `${mismatch.year}-${mismatch.month.padStart(2, '0')}-01`, { beneficiary: true }).status, 'the beneficiary check, once asked');
    eq(reads.length, 1, 'one bucket read, after Check');
    eq(errors.filter((e) => !/Service Worker registration blocked/.test(e)), [], 'console');
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------- retries
async function retries(page) {
  return widgetEval(page, (root) => {
    const result = [...root.querySelectorAll('.verdicts > .result')].pop();
    const box = result.querySelector('.retries');
    return box ? { title: box.querySelector('p').textContent, items: [...box.querySelectorAll('li')].map((li) => li.textContent) } : null;
  });
}

test('not found: lists the retries that apply (date, someone on the plan, twins), the same whatever the list holds; each opens the form without submitting', async () => {
  // A second not-found: the listed person's own number with another day of birth (same month: no mismatch).
  const day = Number(valid.birthDate.slice(8, 10));
  const sameNumberOtherDay = { nir: valid.nir, day: String(day === 28 ? 27 : day + 1), month: String(Number(valid.birthDate.slice(5, 7))), year: valid.birthDate.slice(0, 4) };
  const otherIso = `${sameNumberOtherDay.year}-${sameNumberOtherDay.month.padStart(2, '0')}-${sameNumberOtherDay.day.padStart(2, '0')}`;
  eq(fx.oracle(valid.nir, otherIso).status, 'not_found', 'oracle: the listed number with another day is not found');
  // Each retry opens the form, in the right mode, on the first field to fill; nothing is submitted.
  const expected = [
    { beneficiary: false, focus: 'input dob-day', nirShown: false },
    { beneficiary: true, focus: 'input nir', nirShown: true },
    { beneficiary: false, focus: 'input dob-day', nirShown: false },
  ];
  for (const [lang, size] of EVERY) {
    let first = null;
    for (let i = 0; i < 3; i += 1) {
      const { page } = await openPage('/', { lang, size });
      await fill(page, fx.ids.notFound);
      eq((await submit(page)).status, 'not_found', 'not found (a number the list does not hold)');
      const listed = await retries(page);
      assert(listed && listed.items.length === 3, `three retries for a check for oneself without birth order: ${JSON.stringify(listed)}`);
      if (i === 0) {
        first = listed;
        eq(await axe(page), [], `axe: not found with retries ${lang} ${size}`);
        await page.evaluate(() => document.querySelector('breach-check').shadowRoot.querySelector('.verdicts > .result:last-child .retries').scrollIntoView({ block: 'center' }));
        await shot(page, 'not-found-retries', lang, size);
      }
      const reads = countListReads(page);
      await page.click(`${W} >> .verdicts > .result:last-child .retries li:nth-child(${i + 1}) button`);
      await page.waitForTimeout(800);
      const state = await widgetEval(page, (root) => ({
        formShown: !root.querySelector('section.form').hidden,
        beneficiary: root.querySelector('input[value=beneficiary]').checked,
        focus: root.activeElement && root.activeElement.className,
        nirShown: !root.querySelector('input.nir').closest('.field').hidden,
        results: root.querySelectorAll('.verdicts > .result').length,
      }));
      eq(reads, [], `retry ${i + 1}: nothing submitted`);
      eq(state, { formShown: true, ...expected[i], results: 1 }, `retry ${i + 1} ${lang} ${size}`);
      eq(await axe(page), [], `axe: form opened by retry ${i + 1} ${lang} ${size}`);
      if (i === 1) await shot(page, 'retry-opened', lang, size);
      await page.close();
    }
    // What the list holds changes nothing: a listed number with another day gets the same retries.
    const { page } = await openPage('/', { lang, size });
    await fill(page, sameNumberOtherDay);
    eq((await submit(page)).status, 'not_found', 'not found (a number the list holds, another date)');
    eq(await retries(page), first, 'the retries say nothing about the list: identical for both');
    // Checked for someone on the plan with a birth order: the policyholder's number, no twins line.
    await fillFresh(page, { ...fx.ids.notFound, beneficiary: true, rank: '1' });
    eq((await submit(page)).status, 'not_found', 'not found, for a beneficiary with a birth order');
    const ben = await retries(page);
    eq(ben.items.length, 2, `date and the policyholder's number only: ${JSON.stringify(ben.items)}`);
    assert(ben.items[1] !== first.items[1], 'the number retry speaks of the policyholder\'s number');
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------- error summary
test('error summary: short link texts (the detail stays at the field), page title "Erreur : …" / "Error: …" while errors show', async () => {
  const badKey = `${valid.nir.slice(0, 13)}${valid.nir.slice(13) === '01' ? '02' : '01'}`;
  for (const [lang, size] of EVERY) {
    const { page } = await openPage('/', { lang, size });
    const title = await page.title();
    await fill(page, { nir: badKey, day: '', month: '', year: '' });
    eq((await submit(page)).status, 'invalid_input', 'errors');
    const shown = await widgetEval(page, (root) => ({
      links: [...root.querySelectorAll('.error-summary li button')].map((b) => b.textContent),
      details: [...root.querySelectorAll('.field-error:not([hidden])')].map((e) => e.textContent),
    }));
    eq(shown.links.length, 2, 'two errors, two links');
    for (const [i, link] of shown.links.entries()) {
      const words = (link.match(/[\p{L}\p{N}'’]+/gu) || []).length;
      assert(words <= 8, `short link text (${words} words): ${link}`);
      assert(shown.details[i].length > link.length && shown.details[i] !== link, `the detail is at the field: ${shown.details[i]}`);
    }
    const prefix = lang === 'fr' ? 'Erreur\u202F: ' : 'Error: ';
    eq(await page.title(), `${prefix}${title}`, 'page title while errors show');
    // Each link puts the focus on its field.
    for (const [i, want] of [[1, 'input nir'], [2, 'input dob-day']]) {
      await page.click(`${W} >> .error-summary li:nth-child(${i}) button`);
      eq(await widgetEval(page, (root) => root.activeElement.className), want, `link ${i} focuses its field`);
    }
    eq(await axe(page), [], `axe: error summary ${lang} ${size}`);
    await page.evaluate(() => document.querySelector('breach-check').shadowRoot.querySelector('.error-summary').scrollIntoView());
    await shot(page, 'error-summary', lang, size);
    // A date that contradicts the number: the link goes to the box that holds the mistake (the month here).
    await fill(page, mismatch);
    eq((await submit(page)).status, 'invalid_input', 'mismatch');
    await page.click(`${W} >> .error-summary li button`);
    eq(await widgetEval(page, (root) => root.activeElement && root.activeElement.className), 'input dob-month', 'summary link: the month');
    await fill(page, valid);
    eq((await submit(page)).status, 'affected', 'corrected');
    eq(await page.title(), title, 'title restored once the errors are gone');
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------- language switch
test('language switch after a verdict keeps the place on the screen and the focus (stand-alone page)', async () => {
  for (const size of Object.keys(SIZES)) {
    const { page } = await openPage('/', { lang: 'fr', size });
    await fill(page, valid);
    eq((await submit(page)).status, 'affected', 'verdict');
    // The person reads on: the verdict is 120 px from the top of the screen. The language buttons are activated
    // as a keyboard or screen-reader user does (no scrolling to them first).
    await page.evaluate(() => {
      const verdict = document.querySelector('breach-check').shadowRoot.querySelector('.verdicts > .result:last-child');
      window.scrollBy(0, verdict.getBoundingClientRect().top - 120);
    });
    for (const lang of ['en', 'fr']) {
      const before = await widgetEval(page, (root) => ({
        top: root.querySelector('.verdicts > .result:last-child').getBoundingClientRect().top,
        focused: root.activeElement && root.activeElement.classList.contains('verdict') }));
      await page.evaluate((l) => document.querySelector(`button.lang[data-lang=${l}]`).click(), lang);
      await page.waitForFunction((l) => document.querySelector('breach-check').shadowRoot.querySelector('.widget').lang === l, lang);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const after = await widgetEval(page, (root) => ({
        top: root.querySelector('.verdicts > .result:last-child').getBoundingClientRect().top,
        focused: root.activeElement && root.activeElement.classList.contains('verdict') }));
      assert(Math.abs(after.top - before.top) <= 2, `${size} → ${lang}: the verdict stays in place (${Math.round(before.top)} → ${Math.round(after.top)} px)`);
      eq(after.focused, before.focused, `${size} → ${lang}: the focus stays on the verdict`);
      eq(await axe(page), [], `axe: after switching to ${lang} (${size})`);
    }
    await page.close();
  }
});

// ---------------------------------------------------------------------------------------------- verdict in view
// Host pages with a 45 px sticky header, on another origin than the publisher, in three forms: the one-line
// embed (data-top-offset="45"), the plain iframe (640 px, ?top-offset=45), and the element on the publisher's
// own page (html { scroll-padding-top: 45px }, the page's own setting for its sticky header).
const SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox';
function hostPage({ lang, embed, css = 'host.css', icon = 'icon.svg', scripts = '' }) {
  const before = Array.from({ length: 6 }, (_, i) => `<p>Paragraphe ${i + 1} avant l'outil : le contexte de l'article, assez long pour que le lecteur fasse défiler la page avant d'arriver au formulaire.</p>`).join('\n');
  const after = Array.from({ length: 40 }, (_, i) => `<p>Paragraphe ${i + 1} après l'outil.</p>`).join('\n');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Article</title><link rel="icon" href="${icon}">
<link rel="stylesheet" href="${css}">${scripts}</head>
<body><header class="sticky">Le Quotidien Fictif</header><main><h1>Article</h1>
${before}
${embed}
${after}
</main></body></html>`;
}
const HOST_CSS = `body { margin: 0; font: 16px/1.5 Georgia, serif; }
header.sticky { position: sticky; top: 0; height: ${HEADER}px; box-sizing: border-box; padding: 10px 16px; background: #222; color: #fff; z-index: 10; }
main { max-width: 44rem; margin: 0 auto; padding: 0 12px; }
iframe { display: block; width: 100%; border: 0; }
`;

function recordHost() {
  window.__messages = [];
  window.addEventListener('message', (event) => window.__messages.push(JSON.stringify(event.data)));
}

test('verdict in view: every embed, 45 px sticky header, desktop and phone, the form started at several scroll positions; the host learns nothing', async () => {
  const hostDir = join(fx.dir, 'sticky-host');
  mkdirSync(hostDir, { recursive: true });
  const publisher = server.origin;
  writeFileSync(join(hostDir, 'host.css'), HOST_CSS);
  writeFileSync(join(hostDir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
  for (const lang of LANGS) {
    writeFileSync(join(hostDir, `one-line-${lang}.html`), hostPage({ lang,
      embed: `<script src="${publisher}/dist/embed.js" data-lang="${lang}" data-top-offset="${HEADER}" async></script>` }));
    writeFileSync(join(hostDir, `plain-${lang}.html`), hostPage({ lang,
      embed: `<iframe src="${publisher}/embed/frame.html?lang=${lang}&amp;top-offset=${HEADER}" title="Vérification" height="640" loading="lazy" referrerpolicy="no-referrer" sandbox="${SANDBOX}"></iframe>` }));
  }
  // The publisher's own page: the element itself, same origin as the list.
  writeFileSync(join(fx.site, 'test/host.css'), `${HOST_CSS}html { scroll-padding-top: ${HEADER}px; }\n`);
  writeFileSync(join(fx.site, 'test/sticky-element.html'), hostPage({ lang: 'fr', icon: '../icon.svg', embed: '<breach-check></breach-check>',
    scripts: '<script src="../data/demo-config.js"></script><script src="widget.js"></script><script type="module" src="../dist/breachcheck.mjs"></script>' }));
  const host = await startServer(hostDir, ['--allow-origin', publisher]);
  const hostOrigin = host.origin.replace('127.0.0.1', 'localhost'); // another origin (and site) than the frame
  const results = [];
  try {
    for (const [lang, size] of EVERY) {
      const viewport = SIZES[size];
      const positions = [{ name: 'top', y: HEADER + 70 }, { name: 'middle', y: Math.round(viewport.height / 2) }, { name: 'bottom', y: viewport.height - 60 }];
      for (const form of ['one-line', 'plain', 'element']) {
        for (const position of positions) {
          const identity = position.name === 'middle' ? fx.ids.notFound : valid;
          const page = await context.newPage();
          const errors = watchConsole(page);
          await page.setViewportSize(viewport);
          await page.addInitScript(recordHost);
          try {
            const url = form === 'element' ? `${server.origin}/test/sticky-element.html?lang=${lang}` : `${hostOrigin}/${form}-${lang}.html`;
            await page.goto(url);
            let frame = page;
            if (form !== 'element') {
              const frameEl = await page.waitForSelector('iframe');
              frame = await frameEl.contentFrame();
            }
            await frame.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
            if (form === 'one-line') await page.waitForFunction(() => document.querySelector('iframe').style.height !== '900px', null, { timeout: 10000 });
            await page.waitForTimeout(300);
            await fill(frame, identity);
            await markSeen(frame);
            // The submit button at this position of the host's screen, then a click there (as a person would).
            const button = await frame.$(`${W} >> button.primary[type=submit]`);
            await button.scrollIntoViewIfNeeded(); // inside the plain iframe's own scroll, too
            const b = await button.boundingBox();
            await page.evaluate((dy) => window.scrollBy(0, dy), Math.round(b.y + b.height / 2 - position.y));
            await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
            const c = await button.boundingBox();
            assert(Math.abs(c.y + c.height / 2 - position.y) <= 2, `${form} ${size} ${position.name}: button placed (${Math.round(c.y + c.height / 2)} vs ${position.y})`);
            const hostBefore = await page.evaluate(() => ({ scroll: window.scrollY, frame: (document.querySelector('iframe') || {}).offsetHeight || 0, messages: window.__messages.length }));
            await page.mouse.click(c.x + c.width / 2, c.y + c.height / 2);
            const got = await waitOutcome(frame).catch(async (e) => {
              if (process.env.DEBUG_SHOTS) await page.screenshot({ path: `/tmp/vf-debug-${form}-${size}-${position.name}.png` });
              throw e;
            });
            eq(got.status, identity.expected.status, `${form} ${size} ${position.name}: outcome`);
            await page.waitForTimeout(600); // the frame's own scroll follows the focus within a frame or two
            const verdict = await frame.evaluate(() => {
              const root = document.querySelector('breach-check').shadowRoot;
              const heading = [...root.querySelectorAll('.verdicts > .result')].pop().querySelector('.verdict');
              const r = heading.getBoundingClientRect();
              return { top: r.top, bottom: r.bottom, focused: root.activeElement === heading, text: heading.textContent };
            });
            const hostAfter = await page.evaluate(() => ({ scroll: window.scrollY, frame: (document.querySelector('iframe') || {}).offsetHeight || 0,
              frameTop: document.querySelector('iframe') ? document.querySelector('iframe').getBoundingClientRect().top + document.querySelector('iframe').clientTop : 0,
              messages: window.__messages.length }));
            const onScreen = { top: hostAfter.frameTop + verdict.top, bottom: hostAfter.frameTop + verdict.bottom };
            const label = `${form} ${lang} ${size} ${position.name}`;
            assert(verdict.focused, `${label}: the verdict has the focus`);
            assert(onScreen.top >= HEADER && onScreen.bottom <= viewport.height,
              `${label}: the "${verdict.text.slice(0, 20)}…" line on screen, below the header (${Math.round(onScreen.top)}..${Math.round(onScreen.bottom)}, header ${HEADER}, screen ${viewport.height})`);
            if (form !== 'element') {
              eq(hostAfter.scroll, hostBefore.scroll, `${label}: the host page did not scroll`);
              eq(hostAfter.frame, hostBefore.frame, `${label}: the frame kept its size`);
              eq(hostAfter.messages, hostBefore.messages, `${label}: no message after the person acted`);
            }
            eq(errors.filter((e) => !/Service Worker registration blocked/.test(e)), [], `${label}: console`);
            results.push(`${form} ${lang} ${size} ${position.name}: ${Math.round(onScreen.top)}`);
            if (position.name === 'bottom') {
              if (form !== 'element') eq(await axe(frame), [], `axe in the frame: ${label}`);
              await shot(page, `in-view-${form}`, lang, size);
            }
          } finally {
            await page.close();
          }
        }
      }
    }
    console.log(`     verdict line at host screen y: ${results.join('; ')}`);
  } finally {
    await stopServer(host);
  }
});

// ---------------------------------------------------------------------------------------------- oEmbed, plain iframe
test('oEmbed: from the deployment\'s origin only (none guessed), titled in the frame\'s language; the plain iframe is at most 640 px tall', async () => {
  // The suite's site was built without an origin: no oEmbed answer naming a guessed one.
  for (const file of ['oembed.json', 'oembed.en.json']) {
    eq((await fetch(`${server.origin}/${file}`)).status, 404, `${file}: not written without the deployment's origin`);
  }
  // A deployment: built for the origin it is served from.
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const site = join(fx.dir, 'deployed');
  cpSync(join(ROOT, 'public'), site, { recursive: true, filter: (src) => !/\/public\/(dist|data)(\/|$)/.test(src) });
  const { wasmDir } = findTools();
  run(process.execPath, [join(ROOT, 'web/tools/build.mjs'), wasmDir, '--out', site, '--demo-dataset', fx.dataset,
    '--demo-pubkey', join(fx.dir, 'keys/publisher.pub'), '--public-origin', origin]);
  const deployed = await startServer(site, [], port);
  try {
    const page = await context.newPage();
    for (const lang of LANGS) {
      await page.goto(`${origin}/embed/frame.html${lang === 'en' ? '?lang=en' : ''}`);
      await page.waitForSelector(`${W} >> form.check`, { timeout: 15000 });
      const link = await page.evaluate(() => document.querySelector('link[type="application/json+oembed"]').href);
      eq(link, `${origin}/${lang === 'en' ? 'oembed.en.json' : 'oembed.json'}`, `${lang}: discovery link on the frame page`);
      const response = await fetch(link);
      eq(response.status, 200, `${lang}: oEmbed answer`);
      const oembed = await response.json();
      const src = /<iframe src="([^"]+)"/.exec(oembed.html)[1];
      const iframeTitle = /title="([^"]+)"/.exec(oembed.html)[1];
      assert(src.startsWith(`${origin}/embed/frame.html`), `${lang}: the frame from the deployment's origin: ${src}`);
      eq(new URL(src).searchParams.get('lang') || 'fr', lang, `${lang}: the frame's language`);
      const french = /données|Vérifier/;
      assert(lang === 'fr' ? french.test(oembed.title) && french.test(iframeTitle) : !french.test(oembed.title) && /Check|breach/.test(iframeTitle),
        `${lang}: titles in the frame's language: ${oembed.title} / ${iframeTitle}`);
      const height = Number(/height="(\d+)"/.exec(oembed.html)[1]);
      assert(height <= 640 && oembed.height <= 640, `${lang}: no taller than a phone screen (${height}, ${oembed.height})`);
      eq(oembed.provider_url, `${origin}/`, `${lang}: provider`);
    }
    // The article's plain iframe, as pasted: the frame scrolls inside.
    await page.setViewportSize(SIZES.phone);
    await page.goto(`${origin}/embed/article.html`);
    const plain = await page.waitForSelector('iframe.plain');
    const box = await plain.boundingBox();
    assert(box.height <= 640, `article page: plain iframe ${box.height} px`);
    await page.close();
  } finally {
    await stopServer(deployed);
  }
});

// ---------------------------------------------------------------------------------------------- insurer offline
test('insurer page offline: opens and checks with no network once visited (service worker)', async () => {
  for (const [lang, size] of [['fr', 'phone'], ['en', 'desktop']]) {
    const swContext = await launch();
    try {
      const page = await swContext.newPage();
      await page.setViewportSize(SIZES[size]);
      await page.goto(`${server.origin}/embed/insurer.html`);
      const registered = await page.evaluate(() => Promise.race([navigator.serviceWorker.ready.then(() => true),
        new Promise((r) => { setTimeout(() => r(false), 15000); })]));
      assert(registered, `${lang} ${size}: the insurer page registers the service worker`);
      await page.reload();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 });
      await swContext.setOffline(true);
      await page.reload();
      await page.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
      await page.evaluate((l) => document.querySelector('breach-check').setAttribute('lang', l), lang);
      await page.waitForFunction(() => /[0-9a-f]{4} /.test(document.getElementById('fingerprint').textContent), null, { timeout: 15000 });
      await fill(page, valid);
      const got = await submit(page);
      eq(got.status, 'affected', `${lang} ${size}: checked offline`);
      eq(await axe(page), [], `axe: insurer page offline ${lang} ${size}`);
      await shot(page, 'insurer-offline', lang, size);
    } finally {
      await swContext.close();
    }
  }
});

// ---------------------------------------------------------------------------------------------- runner
const { passed, failed } = await runTests(tests, filter);
await context.close();
await stopServer(server);
console.log(`e2e verdict-flow: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`e2e verdict-flow: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
