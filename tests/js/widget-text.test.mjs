// SPDX-License-Identifier: MPL-2.0
// Unit tests for the widget's pure helpers: NIR grouping, date composition, language files, pre-check search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatNir, reformatWithCaret, nirSignificant } from '../../web/src/ui/nir-format.js';
import { composeDate } from '../../web/src/ui/view-form.js';
import { findInsurers } from '../../web/src/ui/view-precheck.js';
import { fr } from '../../web/src/i18n/fr.js';
import { en } from '../../web/src/i18n/en.js';
import { frHardened } from '../../web/src/i18n/fr-hardened.js';
import { enHardened } from '../../web/src/i18n/en-hardened.js';
import { frDirectory } from '../../web/src/i18n/fr-directory.js';
import { enDirectory } from '../../web/src/i18n/en-directory.js';
import { waitText, addHardenedTexts, addDirectoryTexts } from '../../web/src/ui/text.js';
import { LANGUAGES } from '../../web/src/i18n/languages.js';
import { TABLES } from '../../web/src/i18n/tables.js';
import { HARDENED_TABLES } from '../../web/src/i18n/hardened-tables.js';
import { DIRECTORY_TABLES } from '../../web/src/i18n/directory-tables.js';

test('NIR is grouped 1 2 2 2 3 3 2 as typed; other characters stay visible for the engine to report', () => {
  assert.equal(formatNir('185057800608436'), '1 85 05 78 006 084 36');
  assert.equal(formatNir('1.85-05 78'), '1 85 05 78');
  assert.equal(formatNir('2a'), '2 A');
  assert.equal(formatNir('18505780060843699'), '1 85 05 78 006 084 36 99');
  assert.equal(nirSignificant('1 85/05'), '185/05');
});

test('reformatting keeps the caret after the same character', () => {
  assert.deepEqual(reformatWithCaret('18505', 5), { value: '1 85 05', caret: 7 });
  assert.deepEqual(reformatWithCaret('1 85 05', 3), { value: '1 85 05', caret: 3 });
  assert.deepEqual(reformatWithCaret('1 8X5 05', 4), { value: '1 8X 50 5', caret: 4 });
});

test('day, month, year compose to YYYY-MM-DD, or to what was typed so the engine names the problem', () => {
  assert.equal(composeDate('7', '5', '1985'), '1985-05-07');
  assert.equal(composeDate('', '', ''), '');
  assert.equal(composeDate('7', '5', '85'), '85-05-07');
  assert.equal(composeDate('', '5', '1985'), '1985-05-');
});

function shape(value) {
  if (typeof value === 'function') return 'function';
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape(value[k])]));
  return typeof value;
}

test('every registry language\'s files have the same keys and shapes as French', () => {
  for (const { tag } of LANGUAGES) {
    assert.deepEqual(shape(TABLES[tag]), shape(fr), `${tag}.js`);
    assert.deepEqual(shape(HARDENED_TABLES[tag]), shape(frHardened), `${tag}-hardened.js`);
    assert.deepEqual(shape(DIRECTORY_TABLES[tag]), shape(frDirectory), `${tag}-directory.js`);
  }
  // The hardened-mode and directory tables only add keys: none replaces a key of the main tables when merged.
  for (const [base, extra] of LANGUAGES.flatMap(({ tag }) => [[TABLES[tag], HARDENED_TABLES[tag]], [TABLES[tag], DIRECTORY_TABLES[tag]]])) {
    assert.deepEqual(Object.keys(extra).filter((key) => Object.hasOwn(base, key)), [], `${base.lang}: a key in both tables`);
  }
});

// A key written twice in an object literal is legal JavaScript: the second silently replaces the first (the form's
// "Pour moi" was shown as the verdict line's "Pour vous"). The tables are read as source for that reason.
test('no strings table names a key twice at the same level', () => {
  for (const file of LANGUAGES.flatMap(({ tag }) => [`${tag}.js`, `${tag}-hardened.js`, `${tag}-directory.js`])) {
    const source = readFileSync(new URL(`../../web/src/i18n/${file}`, import.meta.url), 'utf8');
    const seen = new Map(); // indentation -> keys met since the enclosing object opened
    const repeated = [];
    for (const line of source.split('\n')) {
      const m = /^( +)([A-Za-z_$][\w$]*|'[^']+'):/.exec(line);
      if (!m) continue;
      const depth = m[1].length;
      for (const d of [...seen.keys()]) if (d > depth) seen.delete(d);
      if (!seen.has(depth)) seen.set(depth, new Set());
      if (seen.get(depth).has(m[2])) repeated.push(`${file}: ${m[2]}`);
      seen.get(depth).add(m[2]);
    }
    assert.deepEqual(repeated, []);
  }
  assert.equal(fr.whoSelf, 'Pour moi');
  assert.equal(en.whoSelf, 'For me');
});

// Every code's FR and EN text: tests/js/error-codes.test.mjs, against the registry.
test('directory of lists: its texts are not in the one-list tables (a one-list page never downloads them); they join when its code loads', () => {
  assert.equal(fr.directory, undefined, 'the directory texts are not in the main French table');
  assert.equal(en.directory, undefined, 'nor in the English one');
  addDirectoryTexts({ directoryTexts: { fr: frDirectory, en: enDirectory } });
  assert.equal(fr.directory.inList('Almérys'), 'Dans la liste d\u2019Almérys', 'French typesetting and elision applied');
  assert.equal(fr.directory.listContact, 'Contact de l\u2019éditeur de cette liste\u202f:');
  assert.equal(en.directory.noneOf(2), 'You are in none of the 2 lists checked');
});

test('hardened mode: its texts join the tables when its code loads; waits in seconds or minutes', () => {
  assert.equal(fr.rateLimitedText, undefined, 'the hardened-mode texts are not in the main French table');
  addHardenedTexts({ hardenedTexts: { fr: frHardened, en: enHardened } });
  assert.equal(fr.aboutOprf.length, en.aboutOprf.length);
  assert.match(fr.oprfProblems.oprf_unreachable, /serveur de vérification/);
  assert.ok(fr.oprfProblems.oprf_unreachable.includes('\u202f:'), 'French typesetting applied (narrow no-break space)');
  assert.equal(waitText(45, fr), '45 secondes');
  assert.equal(waitText(1, fr), '1 seconde');
  assert.equal(waitText(90, en), '90 seconds');
  assert.equal(waitText(91, en), '2 minutes');
  assert.equal(waitText(3600, fr), '60 minutes');
  assert.equal(waitText(undefined, fr), '');
  assert.match(fr.rateLimitedText(waitText(45, fr)), /réessayez dans 45 secondes\.$/);
  assert.match(en.rateLimitedText(waitText(120, en)), /try again in 2 minutes\.$/);
  assert.match(fr.rateLimitedText(''), /réessayez dans quelques minutes\.$/);
  assert.match(en.rateLimitedText(''), /try again in a few minutes\.$/);
});

test('insurer search ignores case and accents, prefers an exact name', () => {
  const list = [{ name: 'Mutuelle Générale' }, { name: 'Mutuelle Générale du Sud' }, { name: 'Caisse Été' }];
  assert.deepEqual(findInsurers(list, 'mutuelle generale').map((i) => i.name), ['Mutuelle Générale']);
  assert.deepEqual(findInsurers(list, 'mutuelle').length, 2);
  assert.deepEqual(findInsurers(list, 'ete').map((i) => i.name), ['Caisse Été']);
  assert.deepEqual(findInsurers(list, '  '), []);
});

// ------------------------------------------------------------------ the answer at a glance (docs/WIDGET.md)
import { frenchSpacing, deName } from '../../web/src/ui/typography.js';
import { bornAfterIncident, nirBirth } from '../../web/src/ui/view-form.js';
import { startCountdown } from '../../web/src/ui/countdown.js';
import { longDate, monthYear } from '../../web/src/ui/text.js';

// Every string a strings table can produce (functions called with sample arguments).
function allTexts(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'function') allTexts(value('Almérys', 'Viamedis', 'x'), out), allTexts(value({ fromNir: 'avril 1941', typed: 'avril 1950', incident: 'février 2024' }), out);
  else if (Array.isArray(value)) value.forEach((v) => allTexts(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => allTexts(v, out));
  return out;
}

test('French typography: narrow no-break space before ? ! ; : and inside numbers, never a plain space', () => {
  assert.equal(frenchSpacing('Sources : a ; b ? c !'), 'Sources\u202F: a\u202F; b\u202F? c\u202F!');
  assert.equal(frenchSpacing('1 800 de ses 45 000 adhérents'), '1\u202F800 de ses 45\u202F000 adhérents');
  assert.equal(frenchSpacing('« carte Vitale »'), '«\u202Fcarte Vitale\u202F»');
  assert.equal(frenchSpacing('1 000 000 et 12 345'), '1\u202F000\u202F000 et 12\u202F345');
  // A key fingerprint is data to compare with a letter: its groups are never retouched.
  assert.equal(frenchSpacing('empreinte ab12 3456 c7d8 9012'), 'empreinte ab12 3456 c7d8 9012');
  assert.equal(frenchSpacing('clé 0f12 345a'), 'clé 0f12 345a');
  assert.equal(frenchSpacing('(8 Kio au lieu de 64 Mio), de 9 h à 18 h'), '(8\u202FKio au lieu de 64\u202FMio), de 9\u202Fh à 18\u202Fh');
  assert.equal(frenchSpacing('1 homme'), '1 homme', 'a word starting like a unit is not a unit');
  assert.equal(frenchSpacing('https://www.cnil.fr/'), 'https://www.cnil.fr/');
  assert.equal(frenchSpacing('né en 1985 à 12:30'), 'né en 1985 à 12:30');
  for (const text of allTexts(fr)) assert.doesNotMatch(text, /[ \u00A0][?!;:»]/, text);
  for (const text of allTexts(fr)) assert.doesNotMatch(text, /\bde [AEIOUÉaeiouyé]/, `"de" before a vowel: ${text}`);
});

test('"de" is elided before a vowel: d\'Almérys, de Viamedis (one helper, used by every French template)', () => {
  assert.equal(deName('Almérys'), 'd\'Almérys');
  assert.equal(deName('Viamedis'), 'de Viamedis');
  // Typeset: the typographic apostrophe.
  assert.equal(fr.viaOperator('Almérys'), 'Par l’intermédiaire d’Almérys');
  assert.equal(fr.notFoundTitle(false, 'Assurance Exemple'), 'Vous n’êtes pas dans la liste d’Assurance Exemple');
  assert.equal(en.notFoundTitle(false, 'Mutuelle Démo'), 'You are not in the list from Mutuelle Démo');
});

test('French texts use the typographic apostrophe (’), never the typewriter one', () => {
  for (const text of allTexts(fr)) assert.doesNotMatch(text, /'/, text);
  assert.equal(frenchSpacing("l'Assurance Maladie : d'accord"), 'l’Assurance Maladie\u202F: d’accord');
});

test('verdict headings open with the yes/no sentence; no "enregistrement", no possessive publisher in English', () => {
  assert.match(fr.affectedTitle(false), /^Oui\u202F: vos données figurent dans cette fuite$/);
  assert.match(en.affectedTitle(false), /^Yes: your data is in this breach$/);
  for (const text of allTexts(fr)) assert.doesNotMatch(text, /enregistrement/i, text);
  for (const text of allTexts(en)) assert.doesNotMatch(text, /Almérys's|Viamedis's/, text);
});

test('a birth after the incident (but not in the future) is refused before the engine runs', () => {
  const today = new Date(2026, 10, 30);
  assert.equal(bornAfterIncident('2024-02-06', '2024-02-05', today), true);
  assert.equal(bornAfterIncident('2024-02-05', '2024-02-05', today), false);
  assert.equal(bornAfterIncident('1985-05-17', '2024-02-05', today), false);
  assert.equal(bornAfterIncident('2027-01-01', '2024-02-05', today), false, 'the future is the engine\'s dob_future');
  assert.equal(bornAfterIncident('2025-02-30', '2024-02-05', today), false, 'not a date: the engine names it');
  assert.equal(bornAfterIncident('2025-01-01', '', today), false, 'no incident date in the catalog');
});

test('the mismatch message names both months: the one the NIR encodes and the one typed', () => {
  assert.equal(nirBirth('1 41 04 75 123 456 78', '1950', 'fr', 2026), 'avril 1941');
  assert.equal(nirBirth('2 10 12 75', '2011', 'en', 2026), 'December 2010');
  assert.equal(nirBirth('1 20 04', '1921', 'fr', 2026), 'avril 1920');
  assert.equal(nirBirth('1 85 30 75', '1985', 'fr', 2026), '1985', 'incomplete-record month: year only');
  assert.equal(nirBirth('9 85', '1985', 'fr', 2026), '');
  assert.equal(fr.errors.dob_nir_mismatch({ fromNir: 'avril 1941', typed: 'avril 1950' }).split('.')[0],
    'Votre numéro indique une naissance en avril 1941\u202F; vous avez saisi avril 1950');
  assert.equal(monthYear(1985, 5, 'fr'), 'mai 1985');
  assert.equal(longDate('2024-07', 'fr'), 'juillet 2024');
});

test('rate limit: the countdown ticks every second and ends once, when a retry can work', () => {
  let now = 0;
  let handler = null;
  const clock = { now: () => now, setInterval: (fn) => { handler = fn; return 1; }, clearInterval: () => { handler = null; } };
  const ticks = [];
  let done = 0;
  startCountdown(3, { onTick: (left) => ticks.push(left), onDone: () => { done += 1; } }, clock);
  for (let i = 1; i <= 5 && handler; i += 1) { now = i * 1000; handler(); }
  assert.deepEqual(ticks, [2, 1]);
  assert.equal(done, 1);
  assert.equal(handler, null, 'the timer is cleared');
});

// Links are made for https: addresses only (ui/dom.js); anything else is null, without a thrown exception.
import { safeHttpsUrl } from '../../web/src/ui/dom.js';

test('safeHttpsUrl: an https address, as the URL parser writes it; anything else null', () => {
  assert.equal(safeHttpsUrl('https://www.cnil.fr/fr/x'), 'https://www.cnil.fr/fr/x');
  assert.equal(safeHttpsUrl('  HTTPS://Example.org'), 'https://example.org/', 'leading spaces and case, as the parser takes them');
  for (const refused of ['', null, undefined, 'http://example.org', 'javascript:alert(1)', 'data:text/html,x', 'https:', 'https://',
    'mairie de Paris', 'tel:0123456789', '//example.org', 'ht\ttps://example.org']) {
    assert.equal(safeHttpsUrl(refused), null, JSON.stringify(refused));
  }
});

// A category label inside the "what was exposed" sentence (ui/view-result.js).
import { inSentence } from '../../web/src/ui/view-result.js';

test('inSentence: a label\'s first word lowered inside a sentence, a one-letter word included; acronyms kept', () => {
  assert.equal(inSentence('Date of birth'), 'date of birth');
  assert.equal(inSentence('État civil'), 'état civil');
  assert.equal(inSentence('A file number used by Almérys'), 'a file number used by Almérys');
  assert.equal(inSentence('À jour'), 'à jour');
  assert.equal(inSentence('NIR'), 'NIR');
  assert.equal(inSentence('NIR (social security number)'), 'NIR (social security number)');
  assert.equal(inSentence('X'), 'X', 'one capital alone: left as it is');
});
