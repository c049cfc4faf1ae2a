#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Generates web/custom-elements.json (the Custom Elements Manifest that IDEs, Storybook and framework tooling read,
// named by package.json "customElements") from the element's source, with @custom-elements-manifest/analyzer
// (a pinned devDependency): attributes, events, slots, CSS parts and properties come from the JSDoc tags on the
// class in src/ui/element.js and from its accessors.
//   node web/tools/manifest.mjs           writes custom-elements.json
//   node web/tools/manifest.mjs --check   exits 1 if the committed file differs from a fresh one
// One step after the analyzer: the manifest's public surface is the attributes and their properties, plus
// setDataset (the analyzer also lists the class's internal fields and methods, which are not an API), and each
// property names its attribute.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, ts } from '@custom-elements-manifest/analyzer/index.js';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['src/ui/element.js', 'src/element.js', 'src/define.js'];
const OUT = join(WEB, 'custom-elements.json');
const PUBLIC_METHODS = ['setDataset'];

// 'publisher-key' -> 'publisherKey'
export const propertyOf = (attribute) => attribute.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

export function generate() {
  const modules = SOURCES.map((path) => ts.createSourceFile(path, readFileSync(join(WEB, path), 'utf8'), ts.ScriptTarget.ES2022, true));
  const manifest = create({ modules, plugins: [], context: { dev: false } });
  for (const module of manifest.modules) {
    module.declarations = (module.declarations || []).filter((d) => d.kind !== 'variable');
    // customElements.define(name, …) takes the tag as a parameter (default 'breach-check', defined with the class
    // itself; another name gets an anonymous subclass): name the tag and the class.
    const element = module.declarations.find((d) => d.customElement);
    for (const entry of module.exports || []) {
      if (entry.kind !== 'custom-element-definition' || !element) continue;
      entry.name = element.tagName;
      entry.declaration = { name: element.name, module: module.path };
    }
    for (const declaration of module.declarations) {
      if (!declaration.customElement) continue;
      // `dataset` is an attribute only: the property is HTMLElement's own (the data-* map).
      const properties = new Map(declaration.attributes.filter((a) => a.name !== 'dataset').map((a) => [propertyOf(a.name), a]));
      declaration.members = declaration.members.filter((m) => (m.kind === 'field' && properties.has(m.name))
        || (m.kind === 'method' && PUBLIC_METHODS.includes(m.name)));
      for (const member of declaration.members) {
        if (member.kind !== 'field') continue;
        const attribute = properties.get(member.name);
        member.attribute = attribute.name;
        attribute.fieldName = member.name;
        if (!member.type) member.type = attribute.type;
      }
    }
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const fresh = generate();
  if (process.argv.includes('--check')) {
    let committed = '';
    try { committed = readFileSync(OUT, 'utf8'); } catch { /* missing: differs */ }
    if (committed !== fresh) {
      console.error('manifest: web/custom-elements.json is not what src/ui/element.js gives: run node web/tools/manifest.mjs');
      process.exit(1);
    }
    console.log('manifest: web/custom-elements.json is up to date');
  } else {
    writeFileSync(OUT, fresh);
    console.log(`manifest: wrote ${OUT}`);
  }
}
