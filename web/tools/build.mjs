#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Builds the widget's deployable files with esbuild (a pinned devDependency of web/): see docs/EMBEDDING.md.
//   node web/tools/build.mjs WASM_BUILD_DIR [--out PUBLIC_DIR] [--demo-dataset F.bcd --demo-pubkey F.pub]
//                            [--demo-directory F.bcdir --demo-directory-key F.pub --demo-directory-min-version N]
//                            [--public-origin https://publisher.example] [--no-minify]
// First it completes web/src for the npm package (both gitignored): src/engine/ (the engine glue, an ES
// module, and its .wasm, from the wasm build) and src/generated/styles-css.js (ui/styles.css as a JS string).
// Then it writes into PUBLIC_DIR/dist/ (default public/dist, gitignored):
//   breachcheck.mjs          ES module: web/src/index.js bundled (one request, one SRI hash); starts worker.js
//   worker.js                the engine's module worker, with the engine glue bundled in (static data sets)
//   engine/breachcheck-engine.wasm           (scalar Argon2 block function; and engine/breachcheck-engine-simd128.wasm,
//                            its WebAssembly SIMD twin, which the worker compiles instead where the browser has SIMD)
//   worker-hardened.js       the same over the engine with the VOPRF client, started instead of worker.js
//   engine/breachcheck-engine-hardened.wasm   for a data set in hardened mode (and its -simd128 twin), with
//   worker-directory.js      the same over the engine with the directory calls, started instead of worker.js by a
//                            page given a directory of lists (and engine/breachcheck-engine-directory.wasm, its
//                            -simd128 twin): a one-list page downloads no directory code
//   hardened.mjs             hardened mode's page code and texts (web/src/hardened.js), imported by
//                            breachcheck.mjs only for such a data set
//   directory.mjs            a directory of lists' checker and verdict view (web/src/directory.js), imported by
//                            breachcheck.mjs only for a page given a directory
//   breachcheck.classic.js   classic script, self-contained: widget + styles + worker with the single-file
//                            engine, started from a Blob; defines window.BreachCheck, works from file://
//   embed.js, frame.js       the third-party one-line embed and the frame's height reporter
//   sri.json, sw-manifest.js
// and copies the same files (not sw-manifest.js) into web/dist/, which the npm package ships for CDN use.
// What a page loads after breachcheck.mjs is checked against SHA-256 hashes built in (docs/EMBEDDING.md, "What
// is verified, and by whom"): src/generated/engine-integrity.js gives each worker its .wasm's hash, and the
// module build (web/tools/module-assets.js in place of src/assets.js) gets the hashes of worker.js,
// worker-hardened.js and hardened.mjs as written below, so it is bundled after them.
// The bundles are minified by terser (also pinned): it still wins bytes over esbuild's own minifier (brotli:
// breachcheck.mjs 18,210 vs 18,447; worker.js, closure-minified glue inside, 9,266 vs 9,847). Without
// it, or with --no-minify, esbuild's output is written unminified and a warning says so. The engine glue is
// already minified by closure at link time (wasm/bindings/CMakeLists.txt).
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIRECTORY_FILES, HARDENED_FILES, STATIC_FILES, STATIC_FILES_SCALAR, STATIC_TARGET_BYTES, brotliSize, downloadTotals } from './download-size.mjs';
import { LANGUAGES, DEFAULT_LANGUAGE } from '../src/i18n/languages.js';

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(WEB, '..');
const SRC = join(WEB, 'src');
const TOOLS = join(WEB, 'tools');

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
const demoDirectory = option('--demo-directory', null); // with --demo-directory-key and --demo-directory-min-version
const demoDirectoryKey = option('--demo-directory-key', null);
const demoDirectoryMinVersion = Number(option('--demo-directory-min-version', '0'));
const demoPubkey = option('--demo-pubkey', null);
// The deployment's origin (the oEmbed answers and the printed snippets name it): --public-origin, or the
// BREACHCHECK_PUBLIC_ORIGIN environment variable. No default: a guessed one would ship in oembed.json.
const publicOrigin = option('--public-origin', process.env.BREACHCHECK_PUBLIC_ORIGIN || '');
if (publicOrigin && !/^https?:\/\/[^/?#\s]+\/?$/.test(publicOrigin)) {
  console.error(`build-web: --public-origin must be an origin such as https://publisher.example, not ${publicOrigin}`);
  process.exit(1);
}
// The deployment's own words before any list is open (the signed catalog says the rest): its pages' title per
// language, {"title": {"fr": "...", "en": "..."}} (docs/CATALOG.md, "Before the list is open"). Used for the
// oEmbed answers and handed to the pages in demo-config.js.
const contentFile = option('--content', join(ROOT, 'public/content.json'));
const content = existsSync(contentFile) ? JSON.parse(readFileSync(contentFile, 'utf8')) : {};
const noMinify = args.includes('--no-minify');
if (noMinify) args.splice(args.indexOf('--no-minify'), 1);
const wasmDir = resolve(args[0] || join(ROOT, 'build/wasm'));

const fail = (message) => { console.error(`build-web: ${message}`); process.exit(1); };
const bindings = join(wasmDir, 'wasm/bindings');
// The static data sets' engine, the hardened data sets' engine (with the VOPRF client), the classic build's one.
// Each split engine's WebAssembly SIMD twin (wasm/sodium-simd) comes with the same glue, checked below.
// The engine with the directory calls, for a page given a directory of lists (no VOPRF client: a directory has
// no hardened list).
const engineFiles = ['breachcheck-engine.js', 'breachcheck-engine.wasm', 'breachcheck-engine-hardened.js',
  'breachcheck-engine-hardened.wasm', 'breachcheck-engine-directory.js', 'breachcheck-engine-directory.wasm',
  'breachcheck-engine.single.js', 'breachcheck-engine-simd128.js', 'breachcheck-engine-simd128.wasm',
  'breachcheck-engine-hardened-simd128.js', 'breachcheck-engine-hardened-simd128.wasm',
  'breachcheck-engine-directory-simd128.js', 'breachcheck-engine-directory-simd128.wasm'];
for (const f of engineFiles) {
  if (!existsSync(join(bindings, f))) fail(`missing ${join(bindings, f)}: build the wasm targets first (scripts/build-wasm.sh)`);
}
if (!/^export default createBreachcheckEngine/m.test(readFileSync(join(bindings, engineFiles[0]), 'utf8'))) {
  fail(`${join(bindings, engineFiles[0])} is not an ES module: rebuild the wasm targets (scripts/build-wasm.sh)`);
}
// One glue per worker serves both of its .wasm builds, so the SIMD link must have produced the same glue (same
// imports and exports, same minified names) but for its default .wasm file name, which the worker never uses
// (it hands the glue the checked bytes); otherwise the worker could not switch builds.
for (const [scalar, simd] of [['breachcheck-engine.js', 'breachcheck-engine-simd128.js'],
  ['breachcheck-engine-hardened.js', 'breachcheck-engine-hardened-simd128.js'],
  ['breachcheck-engine-directory.js', 'breachcheck-engine-directory-simd128.js']]) {
  const simdGlue = readFileSync(join(bindings, simd), 'utf8').replaceAll(simd.replace(/\.js$/, '.wasm'), scalar.replace(/\.js$/, '.wasm'));
  if (readFileSync(join(bindings, scalar), 'utf8') !== simdGlue) {
    fail(`${simd} differs from ${scalar}: the SIMD and scalar engines must share their glue (wasm/bindings/CMakeLists.txt)`);
  }
}
const wasmFiles = ['breachcheck-engine.wasm', 'breachcheck-engine-hardened.wasm', 'breachcheck-engine-directory.wasm',
  'breachcheck-engine-simd128.wasm', 'breachcheck-engine-hardened-simd128.wasm', 'breachcheck-engine-directory-simd128.wasm'];

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  fail('esbuild not installed: run scripts/setup-npm.sh (npm ci in web/)');
}

// 1. The npm package's generated files.
mkdirSync(join(SRC, 'engine'), { recursive: true });
// Each worker's glue and both of its .wasm builds (not the single file, which only the classic build bundles).
const glueFiles = ['breachcheck-engine.js', 'breachcheck-engine-hardened.js', 'breachcheck-engine-directory.js'];
for (const f of [...glueFiles, ...wasmFiles]) copyFileSync(join(bindings, f), join(SRC, 'engine', f));
const css = readFileSync(join(SRC, 'ui/styles.css'), 'utf8').replace(/\/\*[^]*?\*\//g, '').replace(/\n\s*/g, '\n').trim();
mkdirSync(join(SRC, 'generated'), { recursive: true });
// SHA-256 in SRI form ("sha256-" and base64): what verified-bytes.js and a <script integrity> compare.
const sha256 = (bytes) => `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
const wasmIntegrity = {
  ENGINE_WASM_INTEGRITY: sha256(readFileSync(join(bindings, 'breachcheck-engine.wasm'))),
  ENGINE_HARDENED_WASM_INTEGRITY: sha256(readFileSync(join(bindings, 'breachcheck-engine-hardened.wasm'))),
  ENGINE_SIMD_WASM_INTEGRITY: sha256(readFileSync(join(bindings, 'breachcheck-engine-simd128.wasm'))),
  ENGINE_HARDENED_SIMD_WASM_INTEGRITY: sha256(readFileSync(join(bindings, 'breachcheck-engine-hardened-simd128.wasm'))),
  ENGINE_DIRECTORY_WASM_INTEGRITY: sha256(readFileSync(join(bindings, 'breachcheck-engine-directory.wasm'))),
  ENGINE_DIRECTORY_SIMD_WASM_INTEGRITY: sha256(readFileSync(join(bindings, 'breachcheck-engine-directory-simd128.wasm'))),
};
writeFileSync(join(SRC, 'generated/engine-integrity.js'),
  `// Generated by web/tools/build.mjs from the wasm build: each .wasm's SHA-256, checked by its worker before the\n` +
  `// engine glue compiles it (engine/worker-loop.js). Bundlers rename the .wasm but keep its bytes.\n` +
  Object.entries(wasmIntegrity).map(([name, hash]) => `export const ${name} = ${JSON.stringify(hash)};\n`).join(''));
writeFileSync(join(SRC, 'generated/styles-css.js'),
  `// Generated by web/tools/build.mjs from src/ui/styles.css (edit that file): the widget's CSS as a string.\n` +
  `export default ${JSON.stringify(css)};\n`);

// 2. Bundles. Minification: identifiers mangled, dead code dropped, comments gone except the /*! banner;
// strings (i18n, CSS, the embedded engine) are kept as they are.
const banner = '/*! breachcheck widget (MPL-2.0) - see docs/WIDGET.md. Generated by web/tools/build.mjs: edit web/src. */';
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
    toplevel: true,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: /^!/ },
  });
  return `${out.code}\n`;
}

// esbuild resolves, orders and scopes the modules; `replace` swaps a module for a build's stand-in (module-assets.js,
// classic-assets.js, classic-engine-integrity.js).
async function bundle(entry, { format, define = {}, replace = {} }) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format,
    target: 'es2020',
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'error',
    define,
    plugins: [{
      name: 'replace-modules',
      setup(build) {
        build.onResolve({ filter: /.*/ }, (resolveArgs) => {
          const target = resolve(resolveArgs.resolveDir, resolveArgs.path);
          return replace[target] ? { path: replace[target] } : undefined;
        });
      },
    }],
  });
  return result.outputFiles[0].text;
}

// The hardened-mode code is its own file, loaded by the widget only for a data set in hardened mode
// (module-assets.js, loadHardenedCode). The classic build (one file, for file://) keeps it inline: esbuild's
// IIFE output inlines a dynamic import.
const hardened = await bundle(join(SRC, 'hardened.js'), { format: 'esm' });
// Likewise the directory code (a page given a directory of lists: loadDirectoryCode).
const directoryCode = await bundle(join(SRC, 'directory.js'), { format: 'esm' });
const worker = await bundle(join(SRC, 'worker.js'), { format: 'esm' });
const hardenedWorker = await bundle(join(SRC, 'worker-hardened.js'), { format: 'esm' });
const directoryWorker = await bundle(join(SRC, 'worker-directory.js'), { format: 'esm' });
// The classic worker: the same worker.js over the single-file glue, as one classic script for a Blob. Its wasm
// is inline (covered by the classic script's SRI), so it has no .wasm hash to check.
const classicWorker = await bundle(join(SRC, 'worker.js'), {
  format: 'iife',
  define: { 'import.meta.url': 'self.location.href' },
  replace: { [join(SRC, 'engine/breachcheck-engine.js')]: join(bindings, 'breachcheck-engine.single.js'),
    [join(SRC, 'generated/engine-integrity.js')]: join(TOOLS, 'classic-engine-integrity.js') },
});
const classic = await bundle(join(TOOLS, 'classic-entry.js'), {
  format: 'iife',
  define: { BREACHCHECK_EMBEDDED_WORKER: JSON.stringify(await minify(classicWorker)) },
  replace: { [join(SRC, 'assets.js')]: join(TOOLS, 'classic-assets.js') },
});

const dist = join(outRoot, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'engine'), { recursive: true });
const loadedByModule = {
  'worker.js': await minify(`${banner}\n${worker}`, { module: true }),
  'worker-hardened.js': await minify(`${banner}\n${hardenedWorker}`, { module: true }),
  'worker-directory.js': await minify(`${banner}\n${directoryWorker}`, { module: true }),
  'hardened.mjs': await minify(`${banner}\n${hardened}`, { module: true }),
  'directory.mjs': await minify(`${banner}\n${directoryCode}`, { module: true }),
};
const assetIntegrity = Object.fromEntries(Object.entries(loadedByModule).map(([f, code]) => [f, sha256(code)]));
for (const [file, code] of Object.entries(loadedByModule)) writeFileSync(join(dist, file), code);
const esm = await bundle(join(SRC, 'index.js'), {
  format: 'esm',
  define: { BREACHCHECK_ASSET_INTEGRITY: JSON.stringify(assetIntegrity) },
  replace: { [join(SRC, 'assets.js')]: join(TOOLS, 'module-assets.js') },
});
writeFileSync(join(dist, 'breachcheck.mjs'), await minify(`${banner}\n${esm}`, { module: true }));
writeFileSync(join(dist, 'breachcheck.classic.js'), await minify(`${banner}\n${classic}`));
// The embed and the frame script: classic scripts, bundled with the language registry they read.
for (const file of ['embed.js', 'frame.js']) writeFileSync(join(dist, file), await bundle(join(SRC, 'embed', file), { format: 'iife' }));
for (const f of wasmFiles) copyFileSync(join(bindings, f), join(dist, 'engine', f));

// Demo configuration: the data set URL and the publisher key, as a classic script so that the same pages
// work over http(s) and from file:// (where fetch() of a local JSON file is blocked).
let demoConfig = null;
if (demoDataset) {
  if (!demoPubkey) fail('--demo-dataset needs --demo-pubkey');
  mkdirSync(join(outRoot, 'data'), { recursive: true });
  copyFileSync(demoDataset, join(outRoot, 'data', 'demo.bcd'));
  const keyText = readFileSync(demoPubkey, 'utf8').trim();
  // Header bytes 24..31: Argon2id passes and memory in KiB (docs/FORMAT.md). Below the browsers' default floor
  // (8 MiB, and 64 MiB x passes: wasm/core/check/header_verifier.h) the demo pages must opt in explicitly, and the widget then
  // says so on screen.
  const header = readFileSync(demoDataset);
  const ops = header.readUInt32LE(24);
  const memKiB = header.readUInt32LE(28);
  // Bytes 72..75: dataset_version. The pages pin it as their minimum, so an older (rolled-back) list is refused.
  const minVersion = header.readUInt32LE(72);
  const config = { dataset: 'data/demo.bcd', publisherKey: keyText, minVersion,
    allowWeakKdf: memKiB < 8192 || memKiB * ops < 65536, content };
  // A directory of lists (scripts/demo.sh): the .bcdir and the lists beside it (its relative URLs) go to
  // data/directory/; the frame (and so the article embed) checks every list at once.
  if (demoDirectory) {
    if (!demoDirectoryKey) fail('--demo-directory needs --demo-directory-key');
    mkdirSync(join(outRoot, 'data', 'directory'), { recursive: true });
    for (const name of readdirSync(dirname(demoDirectory)).filter((n) => /\.(bcd|bcdir)$/.test(n))) {
      copyFileSync(join(dirname(demoDirectory), name), join(outRoot, 'data', 'directory', name));
    }
    Object.assign(config, { directory: `data/directory/${basename(demoDirectory)}`,
      directoryKey: readFileSync(demoDirectoryKey, 'utf8').trim(), directoryMinVersion: demoDirectoryMinVersion });
  }
  demoConfig = config;
  writeFileSync(join(outRoot, 'data', 'demo-config.js'),
    `// Generated by web/tools/build.mjs for the demo. Real publishers write these in the HTML attributes.\n` +
    `self.BREACHCHECK_CONFIG = ${JSON.stringify(config, null, 2)};\n`);
}

// Subresource Integrity for every artefact, and the service worker's precache list.
const sri = (file) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const hashes = {};
for (const file of walk(dist)) hashes[relative(outRoot, file)] = sri(file);
// Who checks each file before it runs (docs/EMBEDDING.md, "What is verified, and by whom"): a hash in sri.json
// is enforced only where a tag carries it; the widget's own checks use the SHA-256 built into its files.
const bySriTag = (tag) => `the browser (Subresource Integrity), when the page's ${tag} carries this file's hash from "files" as integrity, with crossorigin`;
const byWidget = (checker, hash, when) => `${checker}, before ${when}: SHA-256 built in (${hash}); a mismatch is widget_integrity`;
const enforcedBy = {
  'dist/breachcheck.mjs': bySriTag('<script type="module">'),
  'dist/breachcheck.classic.js': `${bySriTag('<script>')}; its worker, engine and wasm are inside it`,
  'dist/embed.js': bySriTag('<script>'),
  'dist/worker.js': byWidget('dist/breachcheck.mjs', assetIntegrity['worker.js'], 'starting it (from a Blob of those bytes when it is on another origin than the page)'),
  'dist/worker-hardened.js': byWidget('dist/breachcheck.mjs', assetIntegrity['worker-hardened.js'], 'starting it (likewise)'),
  'dist/worker-directory.js': byWidget('dist/breachcheck.mjs', assetIntegrity['worker-directory.js'], 'starting it (likewise)'),
  'dist/hardened.mjs': byWidget('dist/breachcheck.mjs', assetIntegrity['hardened.mjs'], 'running it (a module <script> with that integrity)'),
  'dist/directory.mjs': byWidget('dist/breachcheck.mjs', assetIntegrity['directory.mjs'], 'running it (likewise)'),
  'dist/engine/breachcheck-engine.wasm': byWidget('dist/worker.js', wasmIntegrity.ENGINE_WASM_INTEGRITY, 'compiling it'),
  'dist/engine/breachcheck-engine-hardened.wasm': byWidget('dist/worker-hardened.js', wasmIntegrity.ENGINE_HARDENED_WASM_INTEGRITY, 'compiling it'),
  'dist/engine/breachcheck-engine-simd128.wasm': byWidget('dist/worker.js', wasmIntegrity.ENGINE_SIMD_WASM_INTEGRITY, 'compiling it'),
  'dist/engine/breachcheck-engine-hardened-simd128.wasm': byWidget('dist/worker-hardened.js', wasmIntegrity.ENGINE_HARDENED_SIMD_WASM_INTEGRITY, 'compiling it'),
  'dist/engine/breachcheck-engine-directory.wasm': byWidget('dist/worker-directory.js', wasmIntegrity.ENGINE_DIRECTORY_WASM_INTEGRITY, 'compiling it'),
  'dist/engine/breachcheck-engine-directory-simd128.wasm': byWidget('dist/worker-directory.js', wasmIntegrity.ENGINE_DIRECTORY_SIMD_WASM_INTEGRITY, 'compiling it'),
  'dist/frame.js': 'nobody: embed/frame.html, on the publisher\'s own origin, loads it',
  'dist/sw-manifest.js': 'nobody: the publisher\'s own service worker (public/sw.js) loads it from its origin',
};
writeFileSync(join(dist, 'sri.json'), `${JSON.stringify({ files: hashes, enforcedBy }, null, 2)}\n`);

// The insurer's page (public/embed/insurer.html) opens offline too: its page, style and script are in the shell.
const shell = ['./', 'index.html', 'app.js', 'app.css', 'manifest.webmanifest', 'icon.svg', 'data/demo-config.js',
  'dist/breachcheck.mjs', 'dist/worker.js', 'dist/engine/breachcheck-engine.wasm', 'dist/engine/breachcheck-engine-simd128.wasm',
  'embed/insurer.html', 'embed/insurer.css', 'embed/insurer.js'].filter((f) => f === './' || existsSync(join(outRoot, f)));
const datasets = existsSync(join(outRoot, 'data/demo.bcd')) ? ['data/demo.bcd'] : [];
const version = createHash('sha256').update(JSON.stringify(hashes))
  .update(datasets.map((d) => sri(join(outRoot, d))).join()).digest('hex').slice(0, 16);
writeFileSync(join(dist, 'sw-manifest.js'),
  `// Generated by web/tools/build.mjs: what public/sw.js precaches. A new build changes this file, which\n` +
  `// makes the browser install the new service worker.\nself.BC_MANIFEST = ${JSON.stringify({ version, shell, datasets })};\n`);

// 3. The npm package's prebuilt copy (web/dist/, gitignored): the same files, for a CDN serving the tarball
// (unpkg, jsDelivr) or a page with no build step. Not the service worker's list, which is this site's own.
const packageDist = join(WEB, 'dist');
if (resolve(packageDist) !== resolve(dist)) {
  rmSync(packageDist, { recursive: true, force: true });
  cpSync(dist, packageDist, { recursive: true, filter: (src) => !src.endsWith('sw-manifest.js') });
}

// oEmbed: a rich embed whose HTML is the plain iframe on the publisher's origin, one answer per registry language
// (oembed.json in the default language, French; oembed.<tag>.json for the others), each titled in its frame's
// language: the deployment's title (public/content.json), the iframe named by the registry's neutral name. The iframe is no
// taller than a phone screen (640 px): the frame scrolls inside. Written only when the deployment's origin is
// known (above): a consumer pastes this HTML on another site, so its address must be absolute and right.
const origin = (publicOrigin || 'https://publisher.example').replace(/\/$/, '');
const PLAIN_FRAME_HEIGHT = 640;
const FRAME_TITLES = Object.fromEntries(LANGUAGES.map(({ tag, frameTitle }) => [tag,
  { tool: (content.title && content.title[tag]) || frameTitle, frame: frameTitle }]));
const SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox';
const plainIframe = (lang) => {
  const src = new URL('embed/frame.html', `${origin}/`);
  if (lang !== DEFAULT_LANGUAGE) src.searchParams.set('lang', lang);
  return `<iframe src="${src.href}" title="${FRAME_TITLES[lang].frame}" width="100%" height="${PLAIN_FRAME_HEIGHT}" ` +
    `loading="lazy" referrerpolicy="no-referrer" sandbox="${SANDBOX}"></iframe>`;
};
for (const [lang, file] of LANGUAGES.map(({ tag }) => [tag, tag === DEFAULT_LANGUAGE ? 'oembed.json' : `oembed.${tag}.json`])) {
  rmSync(join(outRoot, file), { force: true });
  if (!publicOrigin) continue;
  writeFileSync(join(outRoot, file), `${JSON.stringify({
    version: '1.0', type: 'rich', provider_name: 'breachcheck', provider_url: `${origin}/`,
    title: FRAME_TITLES[lang].tool, html: plainIframe(lang), width: 720, height: PLAIN_FRAME_HEIGHT, cache_age: 86400,
  }, null, 2)}\n`);
}

// What to paste, with the hashes.
const tag = (f) => hashes[f];
// The element as the demo's own pages configure it (its real key, floor and test policy); without a demo data
// set there is no key to print, and the snippet says where one goes.
const elementSnippet = demoConfig
  ? `<breach-check src="${origin}/data/demo.bcd" publisher-key="${demoConfig.publisherKey}" ` +
    `min-version="${demoConfig.minVersion}" lang="fr"${demoConfig.allowWeakKdf ? ' allow-weak-kdf' : ''}></breach-check>`
  : `<breach-check src="${origin}/data/LIST.bcd" publisher-key="BASE64_PUBLIC_KEY" lang="fr"></breach-check>`;
console.log(`build-web: wrote ${relative(ROOT, dist) || dist}`);
for (const f of ['dist/breachcheck.mjs', 'dist/breachcheck.classic.js', 'dist/embed.js']) {
  console.log(`  ${f.padEnd(30)} ${String(statSync(join(outRoot, f)).size).padStart(8)} B  ${tag(f)}`);
}
// What an http(s) page with the ES module downloads to check someone (data set excluded; list and budget in
// download-size.mjs). Full table in the browser bench: node tests/bench/browser-bench.mjs
const sizes = downloadTotals(dist);
const verdict = (bytes) => (bytes <= STATIC_TARGET_BYTES ? 'met' : 'NOT met');
console.log(`  static data set's check (${STATIC_FILES.join(' + ')}): ${sizes.static} B brotli -q 11 ` +
  `(target <= ${STATIC_TARGET_BYTES} B: ${verdict(sizes.static)})${terser ? '' : ' (UNMINIFIED widget)'}`);
console.log(`  the same without WebAssembly SIMD (${STATIC_FILES_SCALAR.join(' + ')}): ${sizes.staticScalar} B brotli -q 11 ` +
  `(target: ${verdict(sizes.staticScalar)})`);
console.log(`  hardened data set's check (${HARDENED_FILES.join(' + ')}): ${sizes.hardened} B brotli -q 11; ` +
  `without SIMD ${sizes.hardenedScalar} B`);
console.log(`  directory's check (${DIRECTORY_FILES.join(' + ')}): ${sizes.directory} B brotli -q 11; ` +
  `without SIMD ${sizes.directoryScalar} B`);
const brotli = (f) => brotliSize(readFileSync(join(dist, f)));
console.log(`  classic build (breachcheck.classic.js): ${brotli('breachcheck.classic.js')} B brotli -q 11`);
console.log(`
Publisher's own pages (custom element, ES module):
  <script type="module" src="${origin}/dist/breachcheck.mjs" integrity="${tag('dist/breachcheck.mjs')}" crossorigin="anonymous"></script>
  ${elementSnippet}

Publisher's own pages (classic, self-contained, also from file://):
  <script src="${origin}/dist/breachcheck.classic.js" integrity="${tag('dist/breachcheck.classic.js')}" crossorigin="anonymous"></script>

Third-party pages, one line (inserts and sizes an iframe from ${origin}; never renders the form in the host page):
  <script src="${origin}/dist/embed.js" integrity="${tag('dist/embed.js')}" crossorigin="anonymous" data-lang="fr" async></script>
  (add data-top-offset="45" if the page has a 45 px sticky header: the verdict is then shown below it)

Third-party pages, plain iframe (add ?top-offset=45 to its address for a 45 px sticky header):
  ${plainIframe('fr')}
${publicOrigin ? `oEmbed: ${origin}/oembed.json (French), ${origin}/oembed.en.json (English)`
    : 'oEmbed: not written (no --public-origin or BREACHCHECK_PUBLIC_ORIGIN); the snippets above use a placeholder origin'}`);
