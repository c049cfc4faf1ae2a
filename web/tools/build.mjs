#!/usr/bin/env node
// Builds the widget's deployable files with plain Node (no bundler): see docs/EMBEDDING.md.
//   node web/tools/build.mjs WASM_BUILD_DIR [--out PUBLIC_DIR] [--demo-dataset F.bcd --demo-pubkey F.pub]
//                            [--public-origin https://publisher.example]
// Writes into PUBLIC_DIR/dist/ (default public/dist, gitignored):
//   breachcheck.mjs          ES module: the widget sources concatenated (one request, one SRI hash)
//   breachcheck.classic.js   classic script, self-contained: widget + styles + single-file engine + worker,
//                            defines window.BreachCheck, works from file:// (one SRI hash covers everything)
//   worker.js, engine/breachcheck-engine.{js,wasm}, styles.css   loaded by the ES module over http(s)
//   embed.js, frame.js       the third-party one-line embed and the frame's height reporter
//   sri.json, sw-manifest.js
// and copies the engine into web/src/engine/ so the npm package (web/) is complete.
// The widget code (ES module, classic script, worker) is minified with terser, a pinned devDependency of web/
// (`npm ci` in web/, done by scripts/setup-npm.sh); without it, or with --no-minify, the files are written
// unminified and a warning says so. The engine glue is already minified by closure at link time
// (wasm/bindings/CMakeLists.txt).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(WEB, '..');
const SRC = join(WEB, 'src');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const outRoot = resolve(option('--out', join(ROOT, 'public')));
const demoDataset = option('--demo-dataset', null);
const demoPubkey = option('--demo-pubkey', null);
const publicOrigin = option('--public-origin', 'http://127.0.0.1:8080');
const noMinify = args.includes('--no-minify');
if (noMinify) args.splice(args.indexOf('--no-minify'), 1);
const wasmDir = resolve(args[0] || join(ROOT, 'build/wasm'));

const fail = (message) => { console.error(`build-web: ${message}`); process.exit(1); };
const bindings = join(wasmDir, 'wasm/bindings');
const engineFiles = ['breachcheck-engine.js', 'breachcheck-engine.wasm', 'breachcheck-engine.single.js'];
for (const f of engineFiles) {
  if (!existsSync(join(bindings, f))) fail(`missing ${join(bindings, f)}: build the wasm targets first (scripts/build-wasm.sh)`);
}

// Module order for concatenation: every module after the ones it imports.
const MODULES = ['dom.js', 'nir-format.js', 'typography.js', 'i18n/fr.js', 'i18n/en.js', 'text.js', 'readers.js',
  'engine-client.js', 'oprf-request.js', 'checker.js', 'styles.js', 'countdown.js', 'view-sources.js', 'view-publisher.js',
  'view-precheck.js', 'view-form.js', 'view-result.js', 'view-about.js', 'element.js', 'index.js'];

function stripModule(name) {
  const text = readFileSync(join(SRC, name), 'utf8');
  const lines = text.split('\n').filter((line) => !/^import .* from '.*';$/.test(line))
    .filter((line) => !/^export (\{|default )/.test(line))
    .map((line) => line.replace(/^export (const|let|function|async function|class) /, '$1 '));
  if (lines.some((line) => /^(import|export)\b/.test(line))) fail(`${name}: unsupported import/export form`);
  // Whole-line comments go (they are for readers of web/src); code lines are kept exactly as written.
  const code = lines.join('\n').replace(/^[ \t]*\/\*\*?[^]*?\*\/[ \t]*\n/gm, '').split('\n')
    .filter((line) => !/^\s*\/\/(?!\s*global)/.test(line));
  return `// ---- ${name}\n${code.join('\n')}`;
}

// All modules share one scope once concatenated: refuse duplicate top-level names rather than shadowing.
function checkTopLevelNames(parts) {
  const seen = new Map();
  for (const [name, code] of parts) {
    for (const m of code.matchAll(/^(?:const|let|function|async function|class) ([A-Za-z_$][\w$]*)/gm)) {
      if (seen.has(m[1])) fail(`top-level name ${m[1]} defined in both ${seen.get(m[1])} and ${name}`);
      seen.set(m[1], name);
    }
  }
}

const parts = MODULES.map((name) => [name, stripModule(name)]);
checkTopLevelNames(parts);
const body = parts.map(([, code]) => code).join('\n\n');
const css = readFileSync(join(SRC, 'styles.css'), 'utf8').replace(/\/\*[^]*?\*\//g, '').replace(/\n\s*/g, '\n').trim();
const workerSource = readFileSync(join(SRC, 'worker.js'), 'utf8').split('\n')
  .filter((line) => !/^\s*\/\/(?!\s*global)/.test(line)).join('\n');
const singleEngine = readFileSync(join(bindings, 'breachcheck-engine.single.js'), 'utf8');
const banner = '/*! breachcheck widget - https://github.com/ (see docs/WIDGET.md). Generated by web/tools/build.mjs: edit web/src. */\n';

// Minification: identifiers mangled, dead branches dropped (in the ES build the empty EMBEDDED_WORKER_SOURCE
// removes the Blob-worker path), whitespace and comments gone except the /*! banner. Strings (i18n, CSS, the
// embedded engine) are kept as they are.
async function loadTerser() {
  if (noMinify) return null;
  try {
    return (await import('terser')).minify;
  } catch {
    console.warn('build-web: terser not installed (npm ci in web/, or scripts/setup-npm.sh): files left unminified');
    return null;
  }
}
const terser = await loadTerser();
async function minify(code, { module = false } = {}) {
  if (!terser) return code;
  const out = await terser(code, {
    ecma: 2020,
    module,
    toplevel: module,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: /^!/ },
  });
  return `${out.code}\n`;
}
const worker = await minify(workerSource);

const esm = `${banner}${'// ---- assets (ES build)\n'}const ASSET_BASE = new URL('./', import.meta.url).href;\n` +
  `const EMBEDDED_WORKER_SOURCE = '';\nconst INLINE_CSS = ${JSON.stringify(css)};\n\n${body}\n\n` +
  'export { BreachCheck, BreachCheckElement };\nexport default BreachCheck;\n';

const classic = `${banner}(function () {\n'use strict';\n` +
  '// ---- assets (classic build): files next to this script; engine and worker embedded for file://\n' +
  "const ASSET_BASE = new URL('./', (document.currentScript && document.currentScript.src) || location.href).href;\n" +
  `const INLINE_CSS = ${JSON.stringify(css)};\n` +
  `const EMBEDDED_WORKER_SOURCE = ${JSON.stringify(`${singleEngine}\n;\n${worker}`)};\n\n${body}\n\n` +
  'window.BreachCheck = BreachCheck;\n})();\n';

const dist = join(outRoot, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'engine'), { recursive: true });
writeFileSync(join(dist, 'breachcheck.mjs'), await minify(esm, { module: true }));
writeFileSync(join(dist, 'breachcheck.classic.js'), await minify(classic));
writeFileSync(join(dist, 'worker.js'), worker);
copyFileSync(join(SRC, 'styles.css'), join(dist, 'styles.css'));
copyFileSync(join(SRC, 'embed/embed.js'), join(dist, 'embed.js'));
copyFileSync(join(SRC, 'embed/frame.js'), join(dist, 'frame.js'));
for (const f of engineFiles.slice(0, 2)) copyFileSync(join(bindings, f), join(dist, 'engine', f));
// The npm package (web/) resolves the engine next to its sources.
mkdirSync(join(SRC, 'engine'), { recursive: true });
for (const f of engineFiles.slice(0, 2)) copyFileSync(join(bindings, f), join(SRC, 'engine', f));

// Demo configuration: the data set URL and the publisher key, as a classic script so that the same pages
// work over http(s) and from file:// (where fetch() of a local JSON file is blocked).
if (demoDataset) {
  if (!demoPubkey) fail('--demo-dataset needs --demo-pubkey');
  mkdirSync(join(outRoot, 'data'), { recursive: true });
  copyFileSync(demoDataset, join(outRoot, 'data', 'demo.bcd'));
  const keyText = readFileSync(demoPubkey, 'utf8').trim();
  // Header bytes 24..31: Argon2id passes and memory in KiB (docs/FORMAT.md). Below the browsers' default floor
  // (8 MiB, and 64 MiB x passes: wasm/core/dataset.h) the demo pages must opt in explicitly, and the widget then
  // says so on screen.
  const header = readFileSync(demoDataset);
  const ops = header.readUInt32LE(24);
  const memKiB = header.readUInt32LE(28);
  // Bytes 72..75: dataset_version. The pages pin it as their minimum, so an older (rolled-back) list is refused.
  const minVersion = header.readUInt32LE(72);
  const config = { dataset: 'data/demo.bcd', publisherKey: keyText, minVersion,
    allowWeakKdf: memKiB < 8192 || memKiB * ops < 65536 };
  writeFileSync(join(outRoot, 'data', 'demo-config.js'),
    `// Generated by web/tools/build.mjs for the demo. Real publishers write these in the HTML attributes.\n` +
    `self.BREACHCHECK_CONFIG = ${JSON.stringify(config, null, 2)};\n`);
}

// Subresource Integrity for every artefact, and the service worker's precache list.
const sri = (file) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const hashes = {};
for (const file of walk(dist)) hashes[relative(outRoot, file)] = sri(file);
writeFileSync(join(dist, 'sri.json'), `${JSON.stringify(hashes, null, 2)}\n`);

const shell = ['./', 'index.html', 'app.js', 'app.css', 'manifest.webmanifest', 'icon.svg', 'data/demo-config.js',
  'dist/breachcheck.mjs', 'dist/worker.js', 'dist/engine/breachcheck-engine.js', 'dist/engine/breachcheck-engine.wasm',
  'dist/styles.css'].filter((f) => f === './' || existsSync(join(outRoot, f)));
const datasets = existsSync(join(outRoot, 'data/demo.bcd')) ? ['data/demo.bcd'] : [];
const version = createHash('sha256').update(JSON.stringify(hashes))
  .update(datasets.map((d) => sri(join(outRoot, d))).join()).digest('hex').slice(0, 16);
writeFileSync(join(dist, 'sw-manifest.js'),
  `// Generated by web/tools/build.mjs: what public/sw.js precaches. A new build changes this file, which\n` +
  `// makes the browser install the new service worker.\nself.BC_MANIFEST = ${JSON.stringify({ version, shell, datasets })};\n`);

// oEmbed: a rich embed whose HTML is the plain iframe on the publisher's origin.
const frameUrl = new URL('embed/frame.html', `${publicOrigin.replace(/\/$/, '')}/`).href;
writeFileSync(join(outRoot, 'oembed.json'), `${JSON.stringify({
  version: '1.0', type: 'rich', provider_name: 'breachcheck', provider_url: `${publicOrigin}/`,
  title: 'Viamedis / Almérys: am I affected? (self-check)',
  html: `<iframe src="${frameUrl}" title="Vérifier si mes données font partie de la fuite Viamedis / Almérys" width="100%" height="900" loading="lazy" referrerpolicy="no-referrer" sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"></iframe>`,
  width: 720, height: 900, cache_age: 86400,
}, null, 2)}\n`);

// What to paste, with the hashes.
const origin = publicOrigin.replace(/\/$/, '');
const tag = (f) => hashes[f];
console.log(`build-web: wrote ${relative(ROOT, dist) || dist}`);
for (const f of ['dist/breachcheck.mjs', 'dist/breachcheck.classic.js', 'dist/embed.js']) {
  console.log(`  ${f.padEnd(30)} ${String(statSync(join(outRoot, f)).size).padStart(8)} B  ${tag(f)}`);
}
// What an http(s) page with the ES module downloads (styles are inlined in the module; data set excluded).
// Target: <= 110 KB brotli (issue 3). Full table in the browser bench: node tests/bench/browser-bench.mjs
const brotli = (f) => brotliCompressSync(readFileSync(join(dist, f)), {
  params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const esFiles = ['breachcheck.mjs', 'worker.js', 'engine/breachcheck-engine.js', 'engine/breachcheck-engine.wasm'];
const esBrotli = esFiles.reduce((sum, f) => sum + brotli(f), 0);
console.log(`  ES build total (${esFiles.join(' + ')}): ${esBrotli} B brotli -q 11` +
  `${terser ? '' : ' (UNMINIFIED widget)'}`);
console.log(`
Publisher's own pages (custom element, ES module):
  <script type="module" src="${origin}/dist/breachcheck.mjs" integrity="${tag('dist/breachcheck.mjs')}" crossorigin="anonymous"></script>
  <breach-check dataset="${origin}/data/demo.bcd" publisher-key="BASE64_PUBLIC_KEY" lang="fr"></breach-check>

Publisher's own pages (classic, self-contained, also from file://):
  <script src="${origin}/dist/breachcheck.classic.js" integrity="${tag('dist/breachcheck.classic.js')}" crossorigin="anonymous"></script>

Third-party pages, one line (inserts and sizes an iframe from ${origin}; never renders the form in the host page):
  <script src="${origin}/dist/embed.js" integrity="${tag('dist/embed.js')}" crossorigin="anonymous" data-lang="fr" async></script>

Third-party pages, plain iframe:
  <iframe src="${frameUrl}" title="Vérifier si mes données font partie de la fuite Viamedis / Almérys" width="100%" height="900" loading="lazy" referrerpolicy="no-referrer" sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox"></iframe>`);
