// SPDX-License-Identifier: MPL-2.0
// The element's public surface, said in three places, kept equal: the attributes web/src/ui/element.js reads,
// web/custom-elements.json (generated from that source by web/tools/manifest.mjs, committed: it must be what the
// generator gives today) and web/breachcheck.d.ts (hand-written: attributes, properties, events).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate, propertyOf } from '../../web/tools/manifest.mjs';

const web = fileURLToPath(new URL('../../web/', import.meta.url));
const committed = readFileSync(`${web}custom-elements.json`, 'utf8');
const element = JSON.parse(committed).modules.flatMap((m) => m.declarations || []).find((d) => d.tagName === 'breach-check');
const dts = readFileSync(`${web}breachcheck.d.ts`, 'utf8');
const sorted = (list) => [...list].sort();

// The quoted or bare keys of `export interface NAME { ... }` in the .d.ts.
function interfaceKeys(name) {
  const body = new RegExp(`export (?:interface|declare class) ${name}\\b[^{]*\\{([^]*?)\\n\\}`).exec(dts);
  assert.ok(body, `web/breachcheck.d.ts has no ${name}`);
  return [...body[1].matchAll(/^\s+'?([\w:-]+)'?\??:/gm)].map((m) => m[1]);
}

// The attributes element.js reads: its observedAttributes (two arrays of string literals) and the one it reads
// only when a check ends (result-event).
function elementAttributes() {
  const source = readFileSync(`${web}src/ui/element.js`, 'utf8');
  return ['RELOAD_ATTRIBUTES', 'RENDER_ATTRIBUTES', 'READ_ON_USE_ATTRIBUTES'].flatMap((name) => {
    const list = new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(source);
    assert.ok(list, `element.js has no ${name}`);
    return [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
  });
}

test('custom-elements.json is what web/tools/manifest.mjs generates from the source today', () => {
  assert.equal(committed, generate(), 'run: node web/tools/manifest.mjs');
});

test('attributes: those element.js reads = custom-elements.json = BreachCheckAttributes in the .d.ts', () => {
  const observed = sorted(elementAttributes());
  assert.deepEqual(sorted(element.attributes.map((a) => a.name)), observed);
  assert.deepEqual(sorted(interfaceKeys('BreachCheckAttributes')), observed);
});

test('properties: one per attribute but dataset (camelCase), in the manifest, the .d.ts interface and its class', () => {
  const expected = sorted(elementAttributes().filter((a) => a !== 'dataset').map(propertyOf));
  const fields = element.members.filter((m) => m.kind === 'field');
  assert.deepEqual(sorted(fields.map((m) => m.name)), expected);
  for (const field of fields) assert.equal(propertyOf(field.attribute), field.name, `${field.name} names its attribute`);
  assert.deepEqual(sorted(interfaceKeys('BreachCheckProperties')), expected);
  assert.deepEqual(sorted(interfaceKeys('BreachCheckPropertyValues')), expected);
  assert.deepEqual(sorted(interfaceKeys('BreachCheckElement').filter((k) => k !== 'setDataset')), expected);
});

test('events: the manifest and HTMLElementEventMap in the .d.ts name the same two result events', () => {
  const map = /interface HTMLElementEventMap \{([^}]*)\}/.exec(dts);
  const typed = [...map[1].matchAll(/^\s+'?([\w:-]+)'?:/gm)].map((m) => m[1]);
  assert.deepEqual(sorted(element.events.map((e) => e.name)), ['breachcheck:result', 'breachcheckresult']);
  assert.deepEqual(sorted(typed), ['breachcheck:result', 'breachcheckresult']);
});
