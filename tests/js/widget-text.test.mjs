// SPDX-License-Identifier: MPL-2.0
// Unit tests for the widget's pure helpers: NIR grouping, date composition, language files, pre-check search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNir, reformatWithCaret, nirSignificant } from '../../web/src/nir-format.js';
import { composeDate } from '../../web/src/view-form.js';
import { findInsurers } from '../../web/src/view-precheck.js';
import { fr } from '../../web/src/i18n/fr.js';
import { en } from '../../web/src/i18n/en.js';
import { waitText } from '../../web/src/text.js';

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

test('French and English files have the same keys and shapes', () => {
  assert.deepEqual(shape(en), shape(fr));
});

test('every engine code has a message in both languages', () => {
  const codes = ['nir_missing', 'nir_length', 'nir_format', 'nir_key', 'dob_missing', 'dob_format', 'dob_invalid',
    'dob_too_early', 'dob_future', 'dob_nir_mismatch', 'rank_invalid'];
  for (const t of [fr, en]) {
    for (const c of codes) assert.ok(t.errors[c], `${t.lang} ${c}`);
    for (const w of ['nir_provisional', 'nir_unusual_sex']) assert.ok(t.warnings[w], `${t.lang} ${w}`);
  }
});

test('hardened mode: every evaluation-server code has a message in both languages; waits in seconds or minutes', () => {
  for (const t of [fr, en]) {
    for (const c of ['oprf_unreachable', 'oprf_refused', 'oprf_response', 'oprf_proof']) assert.ok(t.oprfProblems[c], `${t.lang} ${c}`);
    assert.equal(t.aboutOprf.length, en.aboutOprf.length);
  }
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
