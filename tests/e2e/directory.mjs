#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// A directory of two lists in the browser (docs/WIDGET.md, "A directory of lists"), on the article embed
// (public/embed/article.html: the one-line embed's frame checks every list of the deployment's directory).
// Fixtures: scripts/demo-directory.mjs over 1,200 synthetic records ("Viamedis (démo)" and "Almérys (démo)", own
// keys, one shared KDF salt, a few records in both), the site built with the directory as its demo config.
// Cases, FR and EN: an identity in list A only, in B only, in both, in neither; list B unreachable from the start
// and list B failing at check time (named as unchecked, never "not found"). For every case: the requests after
// the press (one per opened list, its length the bucket's, all started together) have the same shape whatever the
// outcome; axe-core finds nothing; at 360 px the verdict is on screen. Each list found shows its own publisher's
// contact (signed in the directory), never the page's publisher-contact, which only a list without one falls back
// to. And an altered dist/directory.mjs (the directory code, loaded only by such a page) is refused before it runs;
// such a page fetches the engine built with the directory calls, never the one-list engine. Prints
// "directory: N passed, M failed".
//   node tests/e2e/directory.mjs [name-filter]
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findTools, run, startServer, stopServer, launch, ROOT } from './harness.mjs';
import { W, assert, eq, watchConsole, fill, markSeen, waitOutcome, axe, runTests } from './widget-page.mjs';
import { buildDemoDirectory, demoSamples } from '../../scripts/demo-directory.mjs';
import { DIRECTORY_FILES, downloadTotals } from '../../web/tools/download-size.mjs';

const filter = process.argv[2] || '';
const started = Date.now();
// SCREENSHOTS=DIR (scripts/screenshots.sh): the article page with the directory's verdict, desktop and 360 px.
const SHOTS = process.env.SCREENSHOTS ? resolve(process.env.SCREENSHOTS) : null;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const shot = (page, name) => (SHOTS ? page.screenshot({ path: join(SHOTS, `${name}.png`) }) : null);
const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const tests = [];
const test = (name, fn) => tests.push({ name, fn });

console.log('directory: building fixtures (two lists, a directory, the site)…');
const { cli, wasmDir } = findTools();
const dir = mkdtempSync(join(tmpdir(), 'bc-e2e-directory-'));
run(cli, ['synth', '--count', '1200', '--out', join(dir, 'records.csv'), '--seed', '20240207']);
const built = buildDemoDirectory(cli, join(dir, 'records.csv'), join(dir, 'directory'), { ops: 1, memKiB: 8192, k: 10 });
const samples = demoSamples(cli, built);
const [listA, listB] = built.lists;
const stride = (list) => JSON.parse(run(cli, ['inspect', '--dataset', list.file])).bucketBytes;
const strides = { [listA.id]: stride(listA), [listB.id]: stride(listB) };
// The site as scripts/demo.sh builds it: the directory and its lists in data/directory/ (web/tools/build.mjs
// --demo-directory), list A as the one-list pages' data set.
const site = join(dir, 'site');
cpSync(join(ROOT, 'public'), site, { recursive: true, filter: (src) => !/\/public\/(dist|data)(\/|$)/.test(src) });
run(process.execPath, [join(ROOT, 'web/tools/build.mjs'), wasmDir, '--out', site, '--demo-dataset', listA.file, '--demo-pubkey', listA.pub,
  '--demo-directory', built.directory, '--demo-directory-key', built.directoryPub, '--demo-directory-min-version', String(built.version)]);
const config = JSON.parse(/self\.BREACHCHECK_CONFIG = (\{[^]*\});/.exec(readFileSync(join(site, 'data/demo-config.js'), 'utf8'))[1]);
eq([config.directory, config.directoryKey], ['data/directory/demo.bcdir', built.directoryKey], 'the demo config names the directory');
const server = await startServer(site);
const context = await launch({ serviceWorkers: 'block' });

// The same directory with list B's contact left out (same key, same version): B's entry falls back to the page's.
const withoutB = JSON.parse(readFileSync(built.listsJson, 'utf8'));
delete withoutB.lists[1].contact;
writeFileSync(join(dir, 'lists-without-b-contact.json'), JSON.stringify(withoutB));
run(cli, ['directory', 'build', '--lists', join(dir, 'lists-without-b-contact.json'), '--key', built.directorySecretKey,
  '--version', String(built.version), '--out', join(dir, 'without-b-contact.bcdir')]);
const directoryWithoutBContact = readFileSync(join(dir, 'without-b-contact.bcdir'));

const LISTS = { a: listA.id, b: listB.id };
// Each list's contact as signed (scripts/demo-directory.mjs) and as the verdict shows it; the page's own
// publisher-contact, set on the frame's element by every test page.
const PAGE_CONTACT = 'mailto:aide@page-publisher.example.org';
const SHOWN = {
  a: { href: 'tel:0199001234', text: '01 99 00 12 34' },
  b: { href: 'https://almerys-demo.example.org/contact', text: 'almerys-demo.example.org/contact' },
  page: { href: PAGE_CONTACT, text: 'aide@page-publisher.example.org' },
};
eq([listA.contact, listB.contact], ['tel:01 99 00 12 34', 'https://almerys-demo.example.org/contact'], 'the demo lists\' contacts');
const LABELS = {
  fr: { list: 'Contact de l’éditeur de cette liste\u202f:', page: 'Contact\u202f:' },
  en: { list: 'Contact of this list’s publisher:', page: 'Contact:' },
};
// Each list's answer, keyed by list id in id order (the verdict shows found lists first).
const answers = (a, b) => Object.fromEntries([[LISTS.a, a], [LISTS.b, b]].sort(([x], [y]) => x.localeCompare(y)));
const NAMES = { fr: { a: 'Viamedis (démo)', b: 'Almérys (démo)' }, en: { a: 'Viamedis (demo)', b: 'Almérys (demo)' } };

// Opens the article (its one-line embed) at `width`; `routeB`: 'down' (every request for list B fails) or
// 'buckets' (its header answers, its bucket reads fail). Records every request for a list, with its range.
// `directory`: other directory bytes served in place of the deployment's.
async function openArticle({ lang = 'fr', width = 1000, routeB = null, directory = null } = {}) {
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.setViewportSize({ width, height: width < 500 ? 740 : 900 });
  // The page's own contact, as a deployment would write it on the frame's element.
  await page.route('**/embed/frame.html*', async (route) => {
    const original = await route.fetch();
    const html = (await original.text()).replace('<breach-check ', `<breach-check publisher-contact="${PAGE_CONTACT}" `);
    await route.fulfill({ response: original, body: html });
  });
  if (directory) await page.route('**/data/directory/demo.bcdir', (route) => route.fulfill({ status: 200, body: directory }));
  const requests = [];
  page.on('request', (req) => {
    const path = new URL(req.url()).pathname;
    if (/\.(bcd|bcdir)$/.test(path)) requests.push({ path, range: req.headers().range || '', at: Date.now() });
  });
  if (routeB) {
    await page.route(`**/data/directory/${LISTS.b}.bcd`, (route) => {
      const range = /bytes=(\d+)-/.exec(route.request().headers().range || '');
      // Header reads start at byte 0; a bucket read never does.
      if (routeB === 'down' || (range && Number(range[1]) > 0)) return route.abort('connectionrefused');
      return route.continue();
    });
  }
  // The article's text is in French; its one-line embed's language is its data-lang, set here as an English
  // article would (the frame is inserted once, in that language).
  if (lang === 'en') {
    await page.route('**/embed/article.html', async (route) => {
      const original = await route.fetch();
      await route.fulfill({ response: original, body: (await original.text()).replace('data-lang="fr"', 'data-lang="en"') });
    });
  }
  await page.goto(`${server.origin}/embed/article.html`);
  const frameElement = await page.waitForSelector('iframe.breachcheck-frame');
  const frame = await frameElement.contentFrame();
  await frame.waitForURL(lang === 'en' ? /lang=en/ : /lang=fr/);
  await frame.waitForSelector(`${W} >> form.check`, { timeout: 30000 });
  return { page, frame, errors, requests };
}

// Presses "Check" for `identity` and returns the outcome, the requests made after the press and the lists' states.
async function check(opened, identity) {
  const { frame, requests } = opened;
  await fill(frame, identity);
  await markSeen(frame);
  const before = requests.length;
  await frame.click(`${W} >> button.primary[type=submit]`);
  const got = await waitOutcome(frame);
  const entries = await frame.evaluate(() => [...document.querySelector('breach-check').shadowRoot
    .querySelectorAll('.verdicts > .result:last-child .directory-list')].map((li) => {
    const contact = li.querySelector('.contact');
    const link = contact && contact.querySelector('a');
    return [li.dataset.list, li.dataset.listStatus, contact
      ? { text: contact.textContent, href: link && link.getAttribute('href'), linkText: link && link.textContent,
        target: link && link.getAttribute('target'), rel: link && link.getAttribute('rel') }
      : null];
  }).sort(([x], [y]) => x.localeCompare(y)));
  const lists = Object.fromEntries(entries.map(([id, status]) => [id, status]));
  const contacts = Object.fromEntries(entries.map(([id, , contact]) => [id, contact]));
  return { ...got, lists, contacts, after: requests.slice(before) };
}

// What the host of the list learns, reduced to what must not depend on the outcome: which files, how many bytes,
// and that every read started together (within 250 ms of the first, before any answer could steer the next).
function shape(after) {
  const first = after.length ? after[0].at : 0;
  return after.map((r) => {
    const m = /^bytes=(\d+)-(\d+)$/.exec(r.range);
    return { path: r.path, length: m ? Number(m[2]) - Number(m[1]) + 1 : -1, together: r.at - first <= 250 };
  }).sort((x, y) => x.path.localeCompare(y.path));
}

// The contact line of a found list: its label (the list's publisher, or the page's) and a safe link.
function expectContact(contact, shown, label, what) {
  assert(contact, `${what}: a contact line`);
  eq([contact.href, contact.linkText], [shown.href, shown.text], `${what}: the link`);
  const apostrophes = (text) => text.replace(/\u2019/g, "'");
  eq(apostrophes(contact.text), apostrophes(`${label} ${shown.text}`), `${what}: the line`);
  if (shown.href.startsWith('https:')) eq([contact.target, contact.rel], ['_blank', 'noopener noreferrer'], `${what}: a new tab, no opener`);
}

const expectedShape = (ids) => ids.map((id) => ({ path: `/data/directory/${id}.bcd`, length: strides[id], together: true }))
  .sort((x, y) => x.path.localeCompare(y.path));

async function verdictInView(frame, page) {
  await page.waitForTimeout(600);
  const box = await frame.evaluate(() => {
    const root = document.querySelector('breach-check').shadowRoot;
    const heading = [...root.querySelectorAll('.verdicts > .result')].pop().querySelector('.verdict');
    const r = heading.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, focused: root.activeElement === heading };
  });
  const frameBox = await (await page.$('iframe.breachcheck-frame')).boundingBox();
  const viewport = page.viewportSize();
  const top = frameBox.y + box.top;
  const bottom = frameBox.y + box.bottom;
  return { ...box, onScreen: top >= 0 && bottom <= viewport.height && box.top >= 0 && box.bottom <= frameBox.height };
}

const CASES = [
  { name: 'in A only', who: samples.inA, status: 'affected', lists: { a: 'affected', b: 'not_found' } },
  { name: 'in B only', who: samples.inB, status: 'affected', lists: { a: 'not_found', b: 'affected' } },
  { name: 'in both', who: samples.inBoth, status: 'affected', lists: { a: 'affected', b: 'affected' } },
  { name: 'in neither', who: samples.neither, status: 'not_found', lists: { a: 'not_found', b: 'not_found' } },
];

for (const lang of ['fr', 'en']) {
  test(`${lang}: in A, in B, in both, in neither: each list named with its own answer; one request per list, the same shape every time; axe clean`, async () => {
    const shapes = [];
    for (const c of CASES) {
      const opened = await openArticle({ lang });
      try {
        const got = await check(opened, c.who);
        eq(got.status, c.status, `${c.name}: status`);
        eq(got.lists, answers(c.lists.a, c.lists.b), `${c.name}: each list's answer`);
        const names = NAMES[lang];
        const heading = await opened.frame.evaluate(() => [...document.querySelector('breach-check').shadowRoot
          .querySelectorAll('.verdicts > .result')].pop().querySelector('.verdict').textContent);
        if (c.status === 'affected') {
          assert(/^(Oui|Yes)/.test(heading), `${c.name}: a yes: ${heading}`);
          for (const key of ['a', 'b']) {
            assert(heading.includes(names[key]) === (c.lists[key] === 'affected'), `${c.name}: the heading names exactly the lists found: ${heading}`);
          }
          if (lang === 'fr' && c.name === 'in B only') eq(heading, 'Oui\u202F: vos données figurent dans la liste d’Almérys (démo)', 'the sentence');
          if (lang === 'en' && c.name === 'in B only') eq(heading, 'Yes: your data are in the list from Almérys (demo)', 'the sentence');
          assert(got.exposed.length > 0, `${c.name}: the exposed categories of the list found`);
          // Each list found: its own publisher's contact, not the page's; a list not found shows none.
          for (const key of ['a', 'b']) {
            if (c.lists[key] === 'affected') expectContact(got.contacts[LISTS[key]], SHOWN[key], LABELS[lang].list, `${c.name}: list ${key}'s contact`);
            else eq(got.contacts[LISTS[key]], null, `${c.name}: no contact line for list ${key}, not found`);
          }
          assert(!Object.values(got.contacts).some((x) => x && x.text.includes(SHOWN.page.text)), `${c.name}: never the page's contact in a list`);
        } else {
          eq(heading, lang === 'fr' ? 'Vous n’êtes dans aucune des 2 listes vérifiées' : 'You are in none of the 2 lists checked', 'none of the lists');
          assert(got.text.includes(names.a) && got.text.includes(names.b), 'both lists named');
        }
        eq(opened.errors, [], `${c.name}: console`);
        shapes.push([c.name, shape(got.after)]);
        await shot(opened.page, `directory-${slug(c.name)}-${lang}-desktop`);
        if (c.name === 'in both' || c.name === 'in neither') eq(await axe(opened.frame), [], `${c.name}: axe-core in the frame`);
      } finally {
        await opened.page.close();
      }
    }
    for (const [name, s] of shapes) eq(s, expectedShape([LISTS.a, LISTS.b]), `${name}: one bucket request per list, all together`);
  });

  test(`${lang}: a list whose entry gives no contact: its verdict falls back to the page's contact, labelled as the page's`, async () => {
    const opened = await openArticle({ lang, directory: directoryWithoutBContact });
    try {
      const got = await check(opened, samples.inBoth);
      eq(got.lists, answers('affected', 'affected'), 'found in both');
      expectContact(got.contacts[LISTS.a], SHOWN.a, LABELS[lang].list, 'list A: its own contact');
      expectContact(got.contacts[LISTS.b], SHOWN.page, LABELS[lang].page, 'list B: the page\'s contact');
      eq(opened.errors, [], 'console');
      eq(await axe(opened.frame), [], 'axe-core');
    } finally {
      await opened.page.close();
    }
  });

  test(`${lang}: list B unreachable from the start: named as not checked before and after the check, never "not found"; A still answers`, async () => {
    const shapes = [];
    for (const c of [CASES[0], CASES[3]]) {
      const opened = await openArticle({ lang, routeB: 'down' });
      try {
        const atLoad = await opened.frame.evaluate(() => [...document.querySelector('breach-check').shadowRoot
          .querySelectorAll('.directory-at-load li')].map((li) => [li.dataset.list, li.dataset.listStatus]));
        eq(atLoad, [[LISTS.b, 'unavailable']], 'B named as not checked at load');
        const got = await check(opened, c.who);
        eq(got.lists, answers(c.lists.a, 'unavailable'), `${c.name}: A answers, B unchecked`);
        eq(got.status, c.status === 'affected' ? 'affected' : 'incomplete', `${c.name}: never not_found with a list unchecked`);
        assert(!/aucune des|none of the/.test(got.text), `${c.name}: not counted as "not found"`);
        assert(got.text.includes(NAMES[lang].b), `${c.name}: B named`);
        shapes.push([c.name, shape(got.after)]);
        await shot(opened.page, `directory-${slug(c.name)}-${lang}-desktop`);
        eq(await axe(opened.frame), [], `${c.name}: axe-core`);
      } finally {
        await opened.page.close();
      }
    }
    for (const [name, s] of shapes) eq(s, expectedShape([LISTS.a]), `${name}: one request, to A only, whatever the outcome`);
  });

  test(`${lang}: list B failing at check time: named as not checked, never "not found"; the same requests as when it answers`, async () => {
    for (const c of [CASES[0], CASES[3]]) {
      const opened = await openArticle({ lang, routeB: 'buckets' });
      try {
        const got = await check(opened, c.who);
        eq(got.lists, answers(c.lists.a, 'unavailable'), `${c.name}: B unchecked`);
        eq(got.status, c.status === 'affected' ? 'affected' : 'incomplete', `${c.name}: status`);
        assert(!/aucune des|none of the/.test(got.text), `${c.name}: not counted as "not found"`);
        eq(shape(got.after), expectedShape([LISTS.a, LISTS.b]), `${c.name}: the request to B is made all the same`);
      } finally {
        await opened.page.close();
      }
    }
  });

  test(`${lang}: at 360 px, the verdict is on screen with the focus, in each outcome`, async () => {
    for (const c of [CASES[1], CASES[3]]) {
      const opened = await openArticle({ lang, width: 360 });
      try {
        const got = await check(opened, c.who);
        eq(got.status, c.status, `${c.name}: status`);
        const seen = await verdictInView(opened.frame, opened.page);
        assert(seen.focused, `${c.name}: the verdict has the focus`);
        assert(seen.onScreen, `${c.name}: the verdict on screen at 360 px: ${JSON.stringify(seen)}`);
        await shot(opened.page, `directory-${slug(c.name)}-${lang}-phone`);
      } finally {
        await opened.page.close();
      }
    }
  });
}

// The engine with the directory calls is its own build (wasm/bindings/CMakeLists.txt): a directory page fetches it
// and its worker, never the one-list engine, which holds no directory code (its size: tests/e2e/run.mjs).
test('a directory page fetches the directory engine and its worker (first, while the directory code loads), never the one-list engine; its total printed', async () => {
  const fetched = [];
  const onRequest = (req) => fetched.push(new URL(req.url()).pathname);
  context.on('request', onRequest);
  const opened = await openArticle();
  try {
    eq((await check(opened, samples.inA)).status, 'affected', 'status');
  } finally {
    context.off('request', onRequest);
    await opened.page.close();
  }
  // The embed and its frame script are the article's own (one-line embed), not the check's.
  const dist = [...new Set(fetched.filter((path) => path.startsWith('/dist/')).map((path) => path.slice('/dist/'.length)))]
    .filter((file) => file !== 'embed.js' && file !== 'frame.js');
  eq(dist.sort(), [...DIRECTORY_FILES].sort(), 'the widget files a directory check fetched');
  // The engine starts while the directory code loads (api/checker.js, loadDirectory): its worker is asked for
  // first, not once directory.mjs has arrived.
  const first = (file) => fetched.indexOf(`/dist/${file}`);
  assert(first('worker-directory.js') >= 0 && first('worker-directory.js') < first('directory.mjs'),
    `the directory engine's worker is requested before the directory code: ${fetched.filter((p) => p.startsWith('/dist/')).join(', ')}`);
  const totals = downloadTotals(join(site, 'dist'));
  console.log(`    directory check: ${totals.directory} B brotli, without SIMD ${totals.directoryScalar} B ` +
    `(one-list check: ${totals.static} B, ${totals.staticScalar} B)`);
  assert(totals.static < totals.directory, 'the one-list download is smaller than the directory one');
});

// The directory chunk, its engine's worker and .wasm are checked like the one-list engine's
// (web/tools/module-assets.js: each script's SHA-256 before it runs; the worker: its .wasm's before compiling it).
// An altered script calls home first thing: no such request may arrive.
for (const [file, alter] of [
  ['directory.mjs', (body) => `fetch('/__tampered__/directory.mjs').catch(() => {});\n${body.toString('utf8')}`],
  ['worker-directory.js', (body) => `fetch('/__tampered__/worker-directory.js').catch(() => {});\n${body.toString('utf8')}`],
  ['engine/breachcheck-engine-directory-simd128.wasm', (body) => Buffer.concat([body, Buffer.from([0, 10, 1, 0x78, ...Buffer.from('tampered')])])],
]) {
  test(`an altered dist/${file} is refused before it runs (widget_integrity): no verdict`, async () => {
    const page = await context.newPage();
    const tampered = [];
    page.on('request', (req) => { if (req.url().includes('/__tampered__')) tampered.push(req.url()); });
    await page.route(`**/dist/${file}`, async (route) => {
      const original = await route.fetch();
      await route.fulfill({ response: original, body: alter(await original.body()) });
    });
    await page.goto(`${server.origin}/embed/frame.html`);
    const got = await waitOutcome(page);
    eq(got.status, 'unavailable', 'no verdict: the page cannot check');
    assert(got.code.includes('widget_integrity'), `the code: ${got.code}`);
    await page.waitForTimeout(300);
    eq(tampered, [], 'the altered code never ran');
    await page.close();
  });
}

const { passed, failed } = await runTests(tests, filter);
await context.close();
await stopServer(server);
console.log(`directory: total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`directory: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
