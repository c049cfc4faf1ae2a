// SPDX-License-Identifier: MPL-2.0
// The error-code registry (wasm/core/util/error_codes.h, printed by tests/tools/print_error_codes.cpp) against the
// widget: every code a page can meet is in web/breachcheck.d.ts under the right type, every code shown with its
// own text has a French and an English one (BreachCheck.message), and no text or type exists for a code the
// registry does not know. docs/ERRORS.md is checked against the same registry by the Catch2 suite
// (tests/unit/test_hostile_input.cpp). Needs the native build: PRINT_ERROR_CODES names the tool (CTest sets it),
// else build/native/tests/print_error_codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { message } from '../../web/src/api/api.js';
import { fr } from '../../web/src/i18n/fr.js';
import { en } from '../../web/src/i18n/en.js';
import { addHardenedTexts } from '../../web/src/ui/text.js';
import * as hardenedMode from '../../web/src/hardened.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tool = process.env.PRINT_ERROR_CODES || `${root}build/native/tests/print_error_codes`;

function registry() {
  assert.ok(existsSync(tool), `no ${tool}: build the native tests first (cmake --build --preset native)`);
  return JSON.parse(execFileSync(tool, ['--json'], { encoding: 'utf8' }));
}

// The hardened-mode texts, as the widget has them once a hardened data set is open (api/checker.js).
addHardenedTexts(hardenedMode);

const codes = registry();
const byCode = new Map(codes.map((entry) => [entry.code, entry]));
const sorted = (list) => [...new Set(list)].sort();
const select = (predicate) => sorted(codes.filter(predicate).map((entry) => entry.code));

test('the registry lists each code once, with a known category, status and text kind', () => {
  assert.ok(codes.length >= 100, `only ${codes.length} codes`);
  assert.equal(byCode.size, codes.length, 'a code is listed twice');
  for (const entry of codes) {
    assert.match(entry.code, /^[a-z][a-z0-9_]*$/, entry.code);
    assert.ok(['identity', 'csv', 'command', 'dataset', 'oprf', 'reader', 'page_config'].includes(entry.category), entry.code);
    assert.ok(['', 'invalid_input', 'integrity_error', 'unavailable'].includes(entry.status), entry.code);
    assert.ok(['own', 'status', 'console', 'advice'].includes(entry.text), entry.code);
    // A code shown by its status must have one; a warning never has one (it goes with any status).
    if (entry.text === 'status') assert.ok(['integrity_error', 'unavailable'].includes(entry.status), entry.code);
    if (entry.severity === 'warning') assert.equal(entry.status, '', entry.code);
  }
});

// `export type Name = 'a' | 'b' ...;` -> ['a', 'b', ...]
function unionOf(source, name) {
  const match = new RegExp(`export type ${name} =([^;]*);`).exec(source);
  assert.ok(match, `web/breachcheck.d.ts has no type ${name}`);
  return [...match[1].matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

test('web/breachcheck.d.ts types exactly the codes a page can meet, each under its kind', () => {
  const dts = readFileSync(`${root}web/breachcheck.d.ts`, 'utf8');
  const page = (entry) => entry.origin !== 'cli';
  const expected = {
    InputErrorCode: select((e) => e.category === 'identity' && e.severity === 'error' && e.origin !== 'widget'),
    FormErrorCode: select((e) => e.category === 'identity' && e.origin === 'widget'),
    WarningCode: select((e) => e.category === 'identity' && e.severity === 'warning'),
    OprfErrorCode: select((e) => e.category === 'oprf' && page(e)),
    ConfigErrorCode: select((e) => e.category === 'page_config'),
  };
  for (const [name, want] of Object.entries(expected)) assert.deepEqual(sorted(unionOf(dts, name)), want, name);
  // Data set and reader codes share two types (a reader can report a short file as bucket_truncated).
  const typed = [...unionOf(dts, 'DatasetErrorCode'), ...unionOf(dts, 'ReaderErrorCode')];
  assert.equal(new Set(typed).size, typed.length, 'a code is in both DatasetErrorCode and ReaderErrorCode');
  assert.deepEqual(sorted(typed), select((e) => ['dataset', 'reader'].includes(e.category) && page(e)));
  // Every status a code comes with is a CheckStatus.
  const statuses = unionOf(dts, 'CheckStatus');
  for (const entry of codes) if (entry.status) assert.ok(statuses.includes(entry.status), entry.code);
});

test('every code with its own text has it in French and in English, and the others have their status text', () => {
  for (const entry of codes) {
    if (entry.text === 'own') {
      const texts = ['fr', 'en'].map((lang) => message(entry.code, lang));
      for (const text of texts) assert.ok(text !== entry.code && text.length >= 20, `${entry.code}: no text`);
      assert.notEqual(texts[0], texts[1], `${entry.code}: the same text in both languages`);
    } else if (entry.text === 'status') {
      const key = entry.status === 'integrity_error' ? 'integrityText' : 'unavailableText';
      for (const t of [fr, en]) assert.ok(typeof t[key] === 'string' && t[key].length >= 20, `${t.lang} ${key}`);
    } else {
      // Publisher-side codes are not for the widget: no text there (it would be a second, unchecked copy).
      assert.equal(message(entry.code, 'fr'), entry.code, `${entry.code} is publisher-side but has a widget text`);
    }
  }
});

test('no widget text exists for a code the registry does not know, or under the wrong kind', () => {
  const tables = {
    errors: (e) => e.category === 'identity' && e.severity === 'error',
    warnings: (e) => e.category === 'identity' && e.severity === 'warning',
    oprfProblems: (e) => e.category === 'oprf',
    configProblems: (e) => e.category === 'page_config',
  };
  for (const t of [fr, en]) {
    for (const [table, belongs] of Object.entries(tables)) {
      for (const code of Object.keys(t[table])) {
        const entry = byCode.get(code);
        assert.ok(entry, `${t.lang}.${table}.${code}: not in the registry`);
        assert.ok(belongs(entry) && entry.text === 'own', `${t.lang}.${table}.${code}: a ${entry.category} code`);
      }
    }
  }
});
