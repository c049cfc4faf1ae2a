// SPDX-License-Identifier: MPL-2.0
// The language registry (web/src/i18n/languages.js): every surface iterates it, so a language added in a scratch
// copy of web/src (its strings files, one registry entry, one import line in tables.js, hardened-tables.js and
// directory-tables.js,
// nothing else) reaches the element's strings and `lang`, the one-line embed, the frame, the demo page's
// language buttons and the generated types. And the widget's code names no incident: its words come from the
// signed catalog (docs/CATALOG.md, "widget").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import vm from 'node:vm';

import { LANGUAGES, DEFAULT_LANGUAGE } from '../../web/src/i18n/languages.js';
import { TABLES } from '../../web/src/i18n/tables.js';
import { HARDENED_TABLES } from '../../web/src/i18n/hardened-tables.js';
import { DIRECTORY_TABLES } from '../../web/src/i18n/directory-tables.js';
import { languagesTypes, OUT as TYPES_FILE } from '../../web/tools/languages-types.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = join(ROOT, 'web');
const esbuild = createRequire(join(WEB, 'package.json'))('esbuild');

const keysOf = (table) => Object.keys(table).sort();

test('the registry: unique tags of 2-3 lowercase letters, French first, each with its strings and hardened strings', () => {
  const tags = LANGUAGES.map((l) => l.tag);
  assert.equal(DEFAULT_LANGUAGE, 'fr');
  assert.equal(new Set(tags).size, tags.length);
  for (const language of LANGUAGES) {
    assert.match(language.tag, /^[a-z]{2,3}$/);
    assert.ok(language.name && language.locale && language.frameTitle, `${language.tag}: name, locale, frame title`);
    assert.ok(TABLES[language.tag], `${language.tag}: strings in tables.js`);
    assert.ok(HARDENED_TABLES[language.tag], `${language.tag}: hardened strings in hardened-tables.js`);
    assert.ok(DIRECTORY_TABLES[language.tag], `${language.tag}: directory strings in directory-tables.js`);
    assert.equal(TABLES[language.tag].lang, language.tag);
    // Keys the loaded hardened-mode or directory strings may have added to the tables (other tests add them).
    const own = (k) => !(k in HARDENED_TABLES.fr) && !(k in DIRECTORY_TABLES.fr);
    assert.deepEqual(keysOf(TABLES[language.tag]).filter(own), keysOf(TABLES.fr).filter(own), `${language.tag}: the same keys as fr.js`);
  }
  assert.deepEqual(Object.keys(TABLES).sort(), [...tags].sort(), 'no table outside the registry');
});

test('web/types/languages.d.ts is generated from the registry and up to date', () => {
  assert.equal(readFileSync(TYPES_FILE, 'utf8'), languagesTypes(LANGUAGES),
    'run node web/tools/languages-types.mjs');
  const dts = readFileSync(join(WEB, 'breachcheck.d.ts'), 'utf8');
  assert.doesNotMatch(dts, /'fr' \| 'en'/, 'breachcheck.d.ts names languages through the generated Language type');
});

// ------------------------------------------------------------------------------------------ a third language

const THIRD = { tag: 'de', locale: 'de-DE', name: 'Deutsch', frameTitle: 'Prüfen, ob meine Daten in der veröffentlichten Liste stehen' };

/** A scratch copy of web/src with a third language added the documented way; returns its path and what changed. */
function scratchWithThirdLanguage() {
  const dir = mkdtempSync(join(tmpdir(), 'bc-lang-'));
  const src = join(dir, 'src');
  cpSync(join(WEB, 'src'), src, { recursive: true });
  // What web/tools/build.mjs generates (gitignored), when no build has run here: only imported, never used.
  mkdirSync(join(src, 'generated'), { recursive: true });
  if (!existsSync(join(src, 'generated/styles-css.js'))) writeFileSync(join(src, 'generated/styles-css.js'), 'export default "";\n');
  if (!existsSync(join(src, 'generated/engine-integrity.js'))) {
    writeFileSync(join(src, 'generated/engine-integrity.js'), 'export const ENGINE_WASM_INTEGRITY = "";\nexport const ENGINE_HARDENED_WASM_INTEGRITY = "";\n');
  }
  const i18n = join(src, 'i18n');
  const before = new Map(walk(src).map((f) => [f, readFileSync(f, 'utf8')]));
  // The fixture's strings: the English tables under the third language's tag (their words do not matter here).
  writeFileSync(join(i18n, 'de.js'), readFileSync(join(i18n, 'en.js'), 'utf8')
    .replace('export const en = {', 'export const de = {').replace("lang: 'en',", "lang: 'de',"));
  writeFileSync(join(i18n, 'de-hardened.js'), readFileSync(join(i18n, 'en-hardened.js'), 'utf8')
    .replace('export const enHardened = {', 'export const deHardened = {'));
  writeFileSync(join(i18n, 'de-directory.js'), readFileSync(join(i18n, 'en-directory.js'), 'utf8')
    .replace('export const enDirectory = {', 'export const deDirectory = {'));
  const registry = join(i18n, 'languages.js');
  writeFileSync(registry, readFileSync(registry, 'utf8').replace(/\n\];/, `\n  ${JSON.stringify(THIRD)},\n];`));
  const tables = join(i18n, 'tables.js');
  writeFileSync(tables, readFileSync(tables, 'utf8').replace("import { en } from './en.js';", "import { en } from './en.js';\nimport { de } from './de.js';")
    .replace('{ fr, en }', '{ fr, en, de }'));
  const hardened = join(i18n, 'hardened-tables.js');
  writeFileSync(hardened, readFileSync(hardened, 'utf8')
    .replace("import { enHardened } from './en-hardened.js';", "import { enHardened } from './en-hardened.js';\nimport { deHardened } from './de-hardened.js';")
    .replace('en: enHardened }', 'en: enHardened, de: deHardened }'));
  const directory = join(i18n, 'directory-tables.js');
  writeFileSync(directory, readFileSync(directory, 'utf8')
    .replace("import { enDirectory } from './en-directory.js';", "import { enDirectory } from './en-directory.js';\nimport { deDirectory } from './de-directory.js';")
    .replace('en: enDirectory }', 'en: enDirectory, de: deDirectory }'));
  const changed = walk(src).filter((f) => before.get(f) !== readFileSync(f, 'utf8')).map((f) => relative(src, f)).sort();
  return { src, changed };
}

function walk(dir) {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

const scratch = scratchWithThirdLanguage();
const scratchImport = (path) => import(pathToFileURL(join(scratch.src, path)).href);
const bundle = async (path) => (await esbuild.build({ entryPoints: [join(scratch.src, path)], bundle: true, write: false,
  format: 'iife', platform: 'browser', logLevel: 'error' })).outputFiles[0].text;

test('a third language is its strings files, one registry entry and two import lines, all in web/src/i18n', () => {
  assert.deepEqual(scratch.changed, ['i18n/de-directory.js', 'i18n/de-hardened.js', 'i18n/de.js', 'i18n/directory-tables.js',
    'i18n/hardened-tables.js', 'i18n/languages.js', 'i18n/tables.js']);
});

test('third language: the element\'s strings, lang and hardened strings', async () => {
  const text = await scratchImport('ui/text.js');
  assert.equal(text.pickLang('de'), 'de');
  assert.equal(text.pickLang('de-AT'), 'de');
  assert.equal(text.strings('de').lang, 'de');
  assert.equal(text.pickLang('xx'), 'fr', 'an unknown language falls back to the default');
  assert.equal(text.loc({ fr: 'Bonjour', en: 'Hello', de: 'Hallo' }, 'de'), 'Hallo', 'the catalog\'s text in that language');
  assert.equal(text.loc({ fr: 'Bonjour', en: 'Hello' }, 'de'), 'Bonjour', 'a catalog without it: French');
  assert.equal(text.monthYear(1985, 5, 'de'), 'Mai 1985', 'dates in the registry\'s locale');
  const { hardenedTexts } = await scratchImport('hardened.js');
  text.addHardenedTexts({ hardenedTexts });
  for (const key of Object.keys(hardenedTexts.de)) assert.ok(key in text.strings('de'), `hardened key ${key}`);
  const { directoryTexts } = await scratchImport('directory.js');
  text.addDirectoryTexts({ directoryTexts });
  for (const key of Object.keys(directoryTexts.de)) assert.ok(key in text.strings('de'), `directory key ${key}`);
});

test('third language: the element class lists it for the pages', async () => {
  // Only what the class's module needs at import time: a base class to extend.
  globalThis.HTMLElement ??= class {};
  const { BreachCheckElement } = await scratchImport('ui/element.js');
  assert.deepEqual(BreachCheckElement.languages.map((l) => l.tag), ['fr', 'en', 'de']);
});

/** A browser-like global for running a bundled page script in a vm context. */
function fakePage({ search = '', scriptDataset = {}, config = {}, elementLang = null } = {}) {
  const made = [];
  const attributes = new Map(elementLang ? [['lang', elementLang]] : []);
  const element = { getAttribute: (k) => attributes.get(k) ?? null, setAttribute: (k, v) => attributes.set(k, String(v)),
    hasAttribute: (k) => attributes.has(k), addEventListener() {}, append() {}, attributes };
  const oembed = { href: 'https://pub.example/oembed.json', title: '' };
  const script = { src: 'https://pub.example/dist/embed.js', dataset: scriptDataset, after: (node) => made.push(node) };
  const document = {
    currentScript: script, title: 'Vérification', documentElement: { lang: 'fr' },
    querySelector: (s) => (s === 'breach-check' ? element : s.includes('oembed') ? oembed : null),
    querySelectorAll: () => [],
    createElement: (tag) => ({ tag, style: {}, dataset: {}, setAttribute(k, v) { this[k] = v; } }),
  };
  const window = { addEventListener() {} };
  window.parent = window;
  const context = { document, window, self: { BREACHCHECK_CONFIG: config }, location: { search, origin: 'https://news.example',
    href: `https://pub.example/embed/frame.html${search}` }, URL, URLSearchParams };
  context.self = Object.assign(context.self, context);
  return { context, element, oembed, made };
}

test('third language: the one-line embed passes it to the frame and names the iframe in it', async () => {
  const code = await bundle('embed/embed.js');
  const page = fakePage({ scriptDataset: { lang: 'de' } });
  vm.runInNewContext(code, page.context);
  const iframe = page.made[0];
  assert.equal(new URL(iframe.src).searchParams.get('lang'), 'de');
  assert.equal(iframe.title, THIRD.frameTitle);
  const titled = fakePage({ scriptDataset: { lang: 'de', title: 'Der Artikel' } });
  vm.runInNewContext(code, titled.context);
  assert.equal(titled.made[0].title, 'Der Artikel', 'the page\'s own data-title');
});

test('third language: the frame sets it on the element, the page and the oEmbed link', async () => {
  const code = await bundle('embed/frame.js');
  const page = fakePage({ search: '?lang=de' });
  vm.runInNewContext(code, page.context);
  assert.equal(page.element.getAttribute('lang'), 'de');
  assert.equal(page.context.document.documentElement.lang, 'de');
  assert.equal(page.context.document.title, THIRD.frameTitle);
  assert.match(page.oembed.href, /oembed\.de\.json$/);
  const deployed = fakePage({ search: '?lang=de', config: { content: { title: { de: 'Club: Daten betroffen?' } } } });
  vm.runInNewContext(code, deployed.context);
  assert.equal(deployed.context.document.title, 'Club: Daten betroffen?', 'the deployment\'s title in that language');
});

test('third language: the stand-alone page adds its button and follows ?lang=', async () => {
  const { BreachCheckElement } = await scratchImport('ui/element.js');
  const buttons = [];
  const nav = { querySelector: (s) => buttons.find((b) => s.includes(`"${b.dataset.lang}"`)) || null, append: (b) => buttons.push(b) };
  const page = fakePage({ search: '?lang=de', elementLang: 'fr' });
  const { document } = page.context;
  document.querySelector = (s) => (s === 'breach-check' ? page.element : s === 'nav.langs' ? nav : s === 'link' ? null : null);
  document.createElement = (tag) => ({ tag, dataset: {}, setAttribute(k, v) { this[k] = v; }, addEventListener() {} });
  document.getElementById = () => ({ hidden: true, addEventListener() {} });
  document.head = { append() {} };
  let defined;
  Object.assign(page.context, {
    CSS: { escape: (s) => s }, navigator: {},
    customElements: { whenDefined: () => new Promise((r) => { defined = r; }), get: () => BreachCheckElement },
  });
  page.context.window.addEventListener = () => {};
  page.context.location.protocol = 'https:';
  vm.runInNewContext(readFileSync(join(ROOT, 'public/app.js'), 'utf8'), page.context);
  defined();
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(buttons.map((b) => [b.dataset.lang, b.textContent]), [['fr', 'Français'], ['en', 'English'], ['de', 'Deutsch']]);
  assert.equal(page.element.getAttribute('lang'), 'de', '?lang=de once the element knows it');
});

test('third language: the generated types name it', async () => {
  const { LANGUAGES: withThird } = await scratchImport('i18n/languages.js');
  assert.match(languagesTypes(withThird), /export type Language = 'fr' \| 'en' \| 'de';/);
});

// ------------------------------------------------------------------------------------------ no incident in code

test('the widget\'s code names no incident: Viamedis, Almérys, the CNIL and the advice ids are in the catalog', () => {
  const FIRST_INCIDENT = /Viamedis|Alm[ée]rys|CNIL|scam_calls|scam_sms|scam_email|if_bank_details_given|individual_information|tiers_payant_card_logo|depends_on_contract|bank_details|medical_data/;
  const files = [...walk(join(WEB, 'src')).filter((f) => f.endsWith('.js') && !/\/(engine|generated)\//.test(f)),
    join(ROOT, 'public/app.js'), join(ROOT, 'public/index.html'), join(ROOT, 'public/embed/frame.html'),
    join(WEB, 'tools/build.mjs')];
  const hits = [];
  for (const file of files) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      // Comments may explain with an example; strings and code may not name the incident.
      const code = line.replace(/^\s*(\/\/|\*|\/\*).*$/, '').replace(/\s\/\/\s.*$/, '').replace(/<!--.*?-->/g, '');
      if (FIRST_INCIDENT.test(code)) hits.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim().slice(0, 100)}`);
    });
  }
  assert.deepEqual(hits, []);
});
