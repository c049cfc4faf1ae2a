// SPDX-License-Identifier: MPL-2.0
// The rollback floor (docs/SECURITY.md, finding 8): `min-version` / `minVersion` is a decimal integer 0..4294967295 or
// absent; anything else is a configuration error, never a silent 0 (which would accept any old list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, Checker, parseMinVersion, ConfigError } from '../../web/src/api/checker.js';
import { fr } from '../../web/src/i18n/fr.js';
import { en } from '../../web/src/i18n/en.js';

const MALFORMED = ['abc', '-1', '1.5', '1e3', '', ' 2', '2 ', '+1', '0x10', '4294967296', '12345678901', '٣', '２',
  '1_000', -1, 1.5, NaN, Infinity, 4294967296, true, {}, [2], 2n];

test('absent means no floor; decimal integers 0..4294967295 are accepted as numbers or digit strings', () => {
  assert.equal(parseMinVersion(undefined), 0);
  assert.equal(parseMinVersion(null), 0); // getAttribute() of a missing attribute
  for (const [value, want] of [['0', 0], ['1', 1], ['007', 7], ['4294967295', 4294967295], [0, 0], [3, 3],
    [4294967295, 4294967295]]) {
    assert.equal(parseMinVersion(value), want, `${JSON.stringify(value)}`);
  }
});

test('a malformed value throws ConfigError min_version_invalid', () => {
  for (const value of MALFORMED) {
    assert.throws(() => parseMinVersion(value), (error) => error instanceof ConfigError && error.code === 'min_version_invalid'
      && error.name === 'ConfigError', `${String(value)} must be refused`);
  }
});

test('BreachCheck.load rejects a malformed minVersion before reading anything or starting the engine', async () => {
  for (const minVersion of ['abc', '-1', '1.5', '1e3']) {
    const reads = [];
    const reader = { size: 1000, read: async (offset, length) => { reads.push([offset, length]); return new Uint8Array(length); } };
    // In Node there is no Worker: getting as far as the engine would fail with another error than ConfigError.
    await assert.rejects(load({ dataset: reader, publisherKey: 'AAAA', minVersion }),
      (error) => error instanceof ConfigError && error.code === 'min_version_invalid', minVersion);
    assert.deepEqual(reads, [], `${minVersion}: nothing read`);
    assert.throws(() => new Checker({ dataset: reader, minVersion }), ConfigError);
  }
});

test('the configuration error has a message in both languages', () => {
  for (const t of [fr, en]) {
    assert.ok(t.configTitle, `${t.lang} configTitle`);
    assert.ok(t.configProblems.min_version_invalid.includes('min-version'), `${t.lang} names the setting`);
  }
});
