#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Consumer tests: the npm package as an insurer's front-end team gets it. Packs web/ (npm pack), installs the
// tarball into minimal apps (each pinned by its lockfile, copied to a temporary directory, installed only when a
// test selected by the filter needs it): Vite 6, webpack 5, React 19 and Preact (client-rendered, a conditional
// render, props set as properties), esbuild and Rollup (with the two build lines web/README.md gives, read from the
// README and run as written), Next.js 16 (app router: `next build` with its type check, then `next start`), and
// a type-only app for the Preact, Vue and Svelte typings. Builds them, serves the builds (scripts/serve.mjs:
// strict CSP, HTTP Range, or the framework's own server) and runs checks in Chromium to the verdict: affected
// and not found. Also: `vite preview`, the dev servers (vite, webpack serve), `tsc --noEmit` (strict), the
// tarball's file list and package.json fields, importing the package in Node, the console warning when the
// engine cannot start, and the tarball's prebuilt dist/ served from another origin (a CDN), with no build.
// Prints "consumers: N passed, M failed" last. Usage: node tests/consumers/run.mjs [name-filter]
// (CONSUMERS_TARBALL=FILE.tgz tests that tarball instead of packing web/.)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, findTools, run, buildSignedDataset, chooseIdentities, startServer, stopServer, startProcess, stopProcess, freePort,
  launch } from '../e2e/harness.mjs';
import { assert, eq, watchConsole, fill, submit, waitOutcome, runTests } from '../e2e/widget-page.mjs';

const filter = process.argv[2] || '';
const started = Date.now();
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const work = mkdtempSync(join(tmpdir(), 'bc-consumers-'));

// ------------------------------------------------------------------------------------------------- fixtures
console.log('consumers: building the package and a data set…');
const { cli, wasmDir } = findTools();
// The build completes web/src (engine files, CSS module) and writes web/dist/ (the prebuilt files the tarball
// ships) before packing; the site's own copy goes to the scratch dir.
run(process.execPath, [join(ROOT, 'web/tools/build.mjs'), wasmDir, '--out', join(work, 'site')]);
// CONSUMERS_TARBALL: test that tarball instead (e.g. an earlier version's, to see a test fail on it).
let tarball = process.env.CONSUMERS_TARBALL;
if (!tarball) {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], { cwd: join(ROOT, 'web') }));
  tarball = join(work, packed[0].filename);
}
const packedFiles = run('tar', ['-tzf', tarball]).split('\n').filter((f) => f && !f.endsWith('/')).map((f) => f.replace(/^package\//, ''));
// The tarball as a CDN (unpkg, jsDelivr) serves it: extracted, its package/ directory.
run('tar', ['-xzf', tarball, '-C', work]);
const extracted = join(work, 'package');

const { dataset, pubkeyFile } = buildSignedDataset(cli, work, 500);
const oracle = (nir, birthDate) => JSON.parse(run(cli, ['check', '--dataset', dataset, '--pubkey', pubkeyFile,
  '--allow-weak-kdf', '--nir', nir, '--birth-date', birthDate]));
const ids = chooseIdentities(join(work, 'records.csv'), oracle, { only: [] });
const config = { dataset: '/data/test.bcd', publisherKey: run('cat', [pubkeyFile]).trim() };
// The same records in hardened mode, whose one evaluation server is a closed loopback port: a check there needs
// the bundler's chunks for the hardened engine's worker and the hardened-mode code, and then ends
// "unavailable" with oprf_unreachable (the static engine would say oprf_unavailable; a missing chunk, engine_init).
run(cli, ['keygen', '--oprf', '--out', join(work, 'keys')]);
const hardenedDataset = join(work, 'hardened.bcd');
run(cli, ['build', '--records', join(work, 'records.csv'), '--catalog', join(ROOT, 'wasm/catalog/viamedis-almerys-2024.json'),
  '--key', join(work, 'keys/publisher.key'), '--oprf-key', join(work, 'keys/oprf.key'),
  '--oprf-endpoint', 'http://127.0.0.1:9/v1/evaluate', '--oprf-allow-loopback',
  '--out', hardenedDataset, '--k', '10', '--ops', '1', '--mem', '8', '--quiet']);

function writeData(dir) {
  mkdirSync(join(dir, 'data'), { recursive: true });
  cpSync(dataset, join(dir, 'data/test.bcd'));
  cpSync(hardenedDataset, join(dir, 'data/hardened.bcd'));
  writeFileSync(join(dir, 'data/config.json'), JSON.stringify(config));
  // The pages name a same-origin icon, so Chromium's /favicon.ico request does not put a 404 in the console.
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n');
}

// An app directory copied to the scratch dir, its pinned dependencies installed, then the tarball.
function installApp(name) {
  const dir = join(work, name);
  cpSync(join(ROOT, 'tests/consumers', name), dir, { recursive: true,
    filter: (src) => !/\/(node_modules|dist)(\/|$)/.test(src) });
  try {
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: dir });
  } catch (error) {
    throw new Error(`consumers: npm could not install the ${name} app's pinned dependencies (the npm registry must ` +
      `be reachable, or its packages in npm's cache): ${String(error.stderr || error.message).trim().split('\n').pop()}`);
  }
  writeData(join(dir, 'public'));
  return dir;
}

// Each app is installed the first time a test needs it (a filtered run installs only its own).
const installed = {};
const app = (name) => (installed[name] ??= installApp(name));
const context = await launch({ serviceWorkers: 'block' });
const PAGES = ['/', '/espace-adherent/verifier/'];

// Waits for the form; on a timeout, says what the element and the console show instead.
async function waitForForm(page, problems) {
  try {
    await page.waitForSelector('breach-check >> input.nir', { timeout: 20000 });
  } catch {
    const shown = await page.evaluate(() => {
      const el = document.querySelector('breach-check');
      return el && el.shadowRoot ? el.shadowRoot.textContent.replace(/\s+/g, ' ').slice(0, 300) : 'no element';
    });
    throw new Error(`no form after 20 s; the element shows: ${shown}; console: ${problems.join(' | ')}`);
  }
}

// Opens PAGE, checks each identity through the element, and returns the console's warnings and errors.
async function checkPage(origin, path) {
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${origin}${path}`);
  for (const [name, want] of [['self', 'affected'], ['notFound', 'not_found']]) {
    await waitForForm(page, problems);
    await fill(page, ids[name]);
    const got = await submit(page);
    eq(got.status, want, `${path}: ${name}`);
    eq(got.status, ids[name].expected.status, `${path}: ${name} agrees with the CLI`);
    await page.reload();
  }
  await page.close();
  eq(problems, [], `${path}: console warnings and errors`);
}

// The app's page with its config pointing at the hardened data set (see hardenedDataset).
async function checkHardenedPage(origin) {
  const page = await context.newPage();
  await page.route('**/data/config.json', (route) => route.fulfill({ contentType: 'application/json',
    body: JSON.stringify({ ...config, dataset: '/data/hardened.bcd' }) }));
  const problems = watchConsole(page);
  await page.goto(`${origin}/`);
  await waitForForm(page, problems);
  await fill(page, ids.self);
  const got = await submit(page);
  const code = await page.evaluate(() => document.querySelector('breach-check').shadowRoot
    .querySelector('.result .explain')?.dataset.code);
  await page.close();
  eq([got.status, code], ['unavailable', 'oprf_unreachable'], `hardened data set (console: ${problems.join(' | ')})`);
}

async function checkServedBuild(dist) {
  const server = await startServer(dist);
  try {
    for (const path of PAGES) await checkPage(server.origin, path);
    await checkHardenedPage(server.origin);
  } finally {
    await stopServer(server);
  }
}

// startProcess runs in the suite's directory: a shell that enters DIR and replaces itself with COMMAND (so
// stopping it stops the server). DIR is a mkdtemp path and COMMAND a fixed string: nothing to quote.
const inDir = (dir, command) => ['sh', ['-c', `cd '${dir}' && exec ${command}`]];

function listFiles(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory()
    ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

// --------------------------------------------------------------------------------------------------- tests
test('the tarball holds README, LICENSE, types, sources and engine files', async () => {
  for (const f of ['README.md', 'LICENSE', 'package.json', 'breachcheck.d.ts', 'src/index.js', 'src/server.js',
    'src/worker.js', 'src/engine/breachcheck-engine.js', 'src/engine/breachcheck-engine.wasm',
    'src/worker-hardened.js', 'src/engine/breachcheck-engine-hardened.js', 'src/engine/breachcheck-engine-hardened.wasm',
    'src/engine/breachcheck-engine-simd128.wasm', 'src/engine/breachcheck-engine-hardened-simd128.wasm',
    'src/worker-directory.js', 'src/engine/breachcheck-engine-directory.js', 'src/engine/breachcheck-engine-directory.wasm',
    'src/engine/breachcheck-engine-directory-simd128.wasm',
    'src/hardened.js', 'src/generated/styles-css.js']) {
    assert(packedFiles.includes(f), `${f} missing from the tarball (${packedFiles.length} files)`);
  }
});

test('the tarball: prebuilt dist/ with its SRI list, entry points, typings, manifest, changelog, package fields', async () => {
  const dist = ['dist/breachcheck.mjs', 'dist/breachcheck.classic.js', 'dist/embed.js', 'dist/frame.js', 'dist/worker.js',
    'dist/worker-hardened.js', 'dist/hardened.mjs', 'dist/engine/breachcheck-engine.wasm',
    'dist/engine/breachcheck-engine-hardened.wasm', 'dist/engine/breachcheck-engine-simd128.wasm',
    'dist/engine/breachcheck-engine-hardened-simd128.wasm', 'dist/worker-directory.js',
    'dist/engine/breachcheck-engine-directory.wasm', 'dist/engine/breachcheck-engine-directory-simd128.wasm', 'dist/sri.json'];
  for (const f of [...dist, 'src/element.js', 'src/define.js', 'src/server-element.js', 'types/element.d.ts',
    'types/jsx-react.d.ts', 'types/jsx-preact.d.ts', 'types/vue.d.ts', 'types/svelte.d.ts', 'custom-elements.json', 'CHANGELOG.md']) {
    assert(packedFiles.includes(f), `${f} missing from the tarball (${packedFiles.length} files)`);
  }
  // Every prebuilt file but the list itself is in sri.json, with the hash of the bytes shipped.
  const sri = JSON.parse(readFileSync(join(extracted, 'dist/sri.json'), 'utf8')).files;
  eq(Object.keys(sri).sort(), packedFiles.filter((f) => f.startsWith('dist/') && f !== 'dist/sri.json').sort(),
    'sri.json lists the prebuilt files');
  for (const [file, hash] of Object.entries(sri)) {
    eq(`sha384-${createHash('sha384').update(readFileSync(join(extracted, file))).digest('base64')}`, hash, `${file}: SRI`);
  }
  const manifest = JSON.parse(readFileSync(join(extracted, 'package.json'), 'utf8'));
  eq([manifest.unpkg, manifest.jsdelivr, manifest.customElements], ['./dist/breachcheck.classic.js',
    './dist/breachcheck.classic.js', './custom-elements.json'], 'CDN and manifest fields');
  for (const field of ['repository', 'homepage', 'bugs', 'engines', 'license']) assert(manifest[field], `package.json has no ${field}`);
  for (const entry of ['.', './element', './define', './jsx/react', './jsx/preact', './vue', './svelte', './dist/*']) {
    assert(manifest.exports[entry], `package.json exports has no ${entry}`);
  }
  // Each field names a file the tarball has.
  for (const file of [manifest.unpkg, manifest.customElements, manifest.types]) {
    assert(existsSync(join(extracted, file)), `${file} (named in package.json) is not in the tarball`);
  }
});

test('the element entry has no side effect; define and the main entry define <breach-check>; Node gets no element', async () => {
  // In Node ("node" condition): all three import without a DOM.
  const out = run(process.execPath, ['--input-type=module', '-e',
    "const e = await import('breachcheck-widget/element'); const d = await import('breachcheck-widget/define'); " +
    "console.log(JSON.stringify({ element: typeof e.BreachCheckElement, define: typeof e.defineBreachCheckElement, " +
    "defined: typeof d.BreachCheckElement }));"], { cwd: app('vite') });
  eq(JSON.parse(out), { element: 'undefined', define: 'function', defined: 'undefined' }, 'Node imports');
  // In the browser, through Vite's dev server (the package's own modules as they are).
  const port = await freePort();
  const server = await startProcess(...inDir(app('vite'), `node_modules/.bin/vite --port ${port} --strictPort --host 127.0.0.1`),
    /Local:/, { timeoutMs: 60000 });
  try {
    const page = await context.newPage();
    await page.route('**/src/main.ts', (route) => route.fulfill({ contentType: 'text/javascript', body: '' }));
    await page.goto(`http://127.0.0.1:${port}/`);
    const got = await page.evaluate(async () => {
      const element = await import('/node_modules/breachcheck-widget/src/element.js');
      const afterElement = Boolean(customElements.get('breach-check'));
      element.defineBreachCheckElement('breach-check-renamed');
      const renamed = customElements.get('breach-check-renamed').prototype instanceof element.BreachCheckElement;
      await import('/node_modules/breachcheck-widget/src/define.js');
      return { afterElement, renamed, afterDefine: customElements.get('breach-check') === element.BreachCheckElement };
    });
    eq(got, { afterElement: false, renamed: true, afterDefine: true }, 'browser imports');
    await page.close();
  } finally {
    await stopProcess(server);
  }
});

test('importing the package in Node (server-side rendering) does not throw', async () => {
  const out = run(process.execPath, ['--input-type=module', '-e',
    "const m = await import('breachcheck-widget'); console.log(JSON.stringify({ v: m.BreachCheck.version, " +
    "element: typeof m.BreachCheck.Element, load: typeof m.default.load, html: typeof HTMLElement }));"],
  { cwd: app('vite') });
  eq(JSON.parse(out), { v: '0.1.0', element: 'undefined', load: 'function', html: 'undefined' }, 'Node import');
});

test('tsc --noEmit (strict) over a TypeScript use of the API', async () => {
  try {
    run('npx', ['--no-install', 'tsc', '--noEmit', '-p', '.'], { cwd: app('vite') });
  } catch (error) {
    throw new Error(`tsc: ${error.stdout || ''}${error.stderr || ''}`);
  }
});

test('Vite build: worker, engine and wasm emitted with content hashes; checks pass at / and in a subdirectory', async () => {
  const output = run('npx', ['--no-install', 'vite', 'build', '--logLevel', 'warn'], { cwd: app('vite'), stdio: ['ignore', 'pipe', 'pipe'] });
  assert(!/breachcheck-widget/.test(output), `vite warns about the package:\n${output}`);
  const files = listFiles(join(app('vite'), 'dist'));
  assert(files.some((f) => /^assets\/worker-[\w-]{8,}\.js$/.test(f)), `no hashed worker chunk in ${files.join(' ')}`);
  assert(files.some((f) => /^assets\/breachcheck-engine-[\w-]{8,}\.wasm$/.test(f)), `no hashed .wasm in ${files.join(' ')}`);
  await checkServedBuild(join(app('vite'), 'dist'));
});

test('vite preview of that build: checks pass at / and in a subdirectory', async () => {
  const port = await freePort();
  const server = await startProcess(...inDir(app('vite'), `node_modules/.bin/vite preview --port ${port} --strictPort --host 127.0.0.1`),
    /Local:/, { timeoutMs: 60000 });
  try {
    for (const path of PAGES) await checkPage(`http://127.0.0.1:${port}`, path);
  } finally {
    await stopProcess(server);
  }
});

test('webpack build: worker, engine and wasm emitted with content hashes; checks pass at / and in a subdirectory', async () => {
  const output = run('npx', ['--no-install', 'webpack', '--mode', 'production'], { cwd: app('webpack') });
  // Size hints about the .wasm are webpack's business; a warning about the package's code is not.
  assert(!/(WARNING|ERROR) in \.\/node_modules\/breachcheck-widget/.test(output), `webpack warns about the package:\n${output}`);
  const dist = join(app('webpack'), 'dist');
  const files = listFiles(dist);
  assert(files.some((f) => /^[0-9a-f]{16,}\.wasm$/.test(f)), `no hashed .wasm in ${files.join(' ')}`);
  assert(files.filter((f) => /\.[0-9a-f]{16,}\.js$/.test(f)).length >= 2, `no hashed worker chunk in ${files.join(' ')}`);
  writeData(dist);
  await checkServedBuild(dist);
});

test('Vite dev server (with the README\'s optimizeDeps.exclude line): checks pass at / and in a subdirectory', async () => {
  const port = await freePort();
  const server = await startProcess(...inDir(app('vite'), `node_modules/.bin/vite --port ${port} --strictPort --host 127.0.0.1`),
    /Local:/, { timeoutMs: 60000 });
  try {
    for (const path of PAGES) await checkPage(`http://127.0.0.1:${port}`, path);
  } finally {
    await stopProcess(server);
  }
});

test('webpack dev server: checks pass at / and in a subdirectory', async () => {
  const port = await freePort();
  const server = await startProcess(...inDir(app('webpack'),
    `node_modules/.bin/webpack serve --mode development --port ${port} --host 127.0.0.1`), /compiled (successfully|with)/,
  { timeoutMs: 90000 });
  try {
    for (const path of PAGES) await checkPage(`http://127.0.0.1:${port}`, path);
  } finally {
    await stopProcess(server);
  }
});

test('engine file missing: one console warning that names its URL, and engine_init', async () => {
  const dist = join(app('vite'), 'dist');
  // The engine's WebAssembly SIMD build: the .wasm this Chromium compiles (web/src/engine/wasm-simd.js).
  const wasm = listFiles(dist).find((f) => /breachcheck-engine-simd128[^/]*\.wasm$/.test(f));
  assert(wasm, 'run the Vite build test first');
  rmSync(join(dist, wasm));
  const server = await startServer(dist);
  try {
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.origin}/`);
    // The element gives up at load time: no form, the "could not run" result with the code.
    const got = await waitOutcome(page);
    eq([got.status, got.code.includes('engine_init')], ['unavailable', true], 'result without an engine');
    const warnings = problems.filter((p) => p.startsWith('warning: breachcheck-widget:'));
    eq(warnings.length, 1, `one warning (${problems.join(' | ')})`);
    assert(warnings[0].includes(`${server.origin}/${wasm}`), `the warning names the file: ${warnings[0]}`);
    for (const secret of [ids.self.nir, ids.self.birthDate]) assert(!problems.join(' ').includes(secret), 'no input in the console');
    await page.close();
  } finally {
    await stopServer(server);
  }
});

// A page on one origin, the built dist/ (scripts/build-web.sh) on another, as from a CDN.
function startPageServer(html, csp) {
  return new Promise((resolvePromise) => {
    const server = createServer((req, res) => {
      if (req.url !== '/') return res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp }).end(html);
    });
    server.listen(0, '127.0.0.1', () => resolvePromise({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

test('the tarball\'s prebuilt dist/ from another origin (a CDN, no build): the ES build (checked worker from a Blob) and the classic build both check', async () => {
  const site = extracted;
  writeData(site);
  const cdn = await startServer(site);
  const csp = `default-src 'self'; script-src 'self' ${cdn.origin} 'wasm-unsafe-eval'; worker-src blob:; ` +
    `connect-src 'self' ${cdn.origin}; style-src 'self'; img-src 'self'`;
  const element = `<breach-check src="${cdn.origin}/data/test.bcd" publisher-key="${config.publisherKey}" lang="en" allow-weak-kdf></breach-check>`;
  const pages = {
    es: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CDN (ES)</title><link rel="icon" href="${cdn.origin}/favicon.svg">` +
      `<script type="module" src="${cdn.origin}/dist/breachcheck.mjs" crossorigin></script></head><body><main>${element}</main></body></html>`,
    classic: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CDN (classic)</title><link rel="icon" href="${cdn.origin}/favicon.svg">` +
      `<script src="${cdn.origin}/dist/breachcheck.classic.js" crossorigin></script></head><body><main>${element}</main></body></html>`,
  };
  try {
    for (const [name, html] of Object.entries(pages)) {
      const pageServer = await startPageServer(html, csp.replace("img-src 'self'", `img-src ${cdn.origin}`));
      try {
        const page = await context.newPage();
        const problems = watchConsole(page);
        await page.goto(`${pageServer.origin}/`);
        await waitForForm(page, problems);
        await fill(page, ids.self);
        eq((await submit(page)).status, 'affected', `${name}: affected`);
        eq(problems, [], `${name}: console warnings and errors`);
        await page.close();
      } finally {
        pageServer.server.close();
      }
    }
  } finally {
    await stopServer(cdn);
  }
});

// ------------------------------------------------------------------------------------- frameworks, bundlers
// Opens the app's page at ORIGIN, checks the affected and the not-found identity through the element, and returns
// what the page itself saw of the opt-in result event (#last-status, when the app shows it) after each.
async function checkApp(origin, { path = '/', statusShown = false } = {}) {
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.goto(`${origin}${path}`);
  for (const [name, want] of [['self', 'affected'], ['notFound', 'not_found']]) {
    await waitForForm(page, problems);
    await fill(page, ids[name]);
    eq((await submit(page)).status, want, `${path}: ${name}`);
    if (statusShown) eq(await page.textContent('#last-status'), want, `${path}: the app's handler got the result event`);
    await page.reload();
  }
  await page.close();
  eq(problems, [], `${path}: console warnings and errors`);
}

// The shell lines under the README heading HEADING (the first ```sh block after it), as the README gives them.
function readmeRecipe(heading) {
  const readme = readFileSync(join(ROOT, 'web/README.md'), 'utf8');
  const start = readme.indexOf(`\n${heading}\n`);
  assert(start >= 0, `web/README.md has no "${heading}" section`);
  const block = /```sh\n([^]*?)```/.exec(readme.slice(start));
  assert(block, `no sh block under "${heading}" in web/README.md`);
  return block[1];
}

function runRecipe(dir, heading) {
  try {
    return run('sh', ['-ec', readmeRecipe(heading)], { cwd: dir });
  } catch (error) {
    throw new Error(`${heading}: ${error.stdout || ''}${error.stderr || error.message}`);
  }
}

// The app's index.html at / and in a subdirectory of its output directory, with the data.
function pageAndData(appDir, dist) {
  const html = readFileSync(join(appDir, 'index.html'), 'utf8');
  writeFileSync(join(dist, 'index.html'), html);
  mkdirSync(join(dist, 'espace-adherent/verifier'), { recursive: true });
  writeFileSync(join(dist, 'espace-adherent/verifier/index.html'), html);
  writeData(dist);
}

// A client-rendered framework app (React 19, Preact): vite build, verdicts in Chromium, then tsc with the package's
// JSX typings (after the browser, so that a package the browser check fails on says so first).
async function checkJsxApp(name) {
  const dir = app(name);
  run('npx', ['--no-install', 'vite', 'build', '--logLevel', 'warn'], { cwd: dir });
  const server = await startServer(join(dir, 'dist'));
  try {
    await checkApp(server.origin, { statusShown: true });
  } finally {
    await stopServer(server);
  }
  try {
    run('npx', ['--no-install', 'tsc', '--noEmit', '-p', '.'], { cwd: dir });
  } catch (error) {
    throw new Error(`tsc: ${error.stdout || ''}${error.stderr || ''}`);
  }
}

test('React 19 (client-rendered, conditional render, props as properties): vite build, verdicts and the onbreachcheckresult prop, then tsc with the JSX typings',
  () => checkJsxApp('react'));

test('Preact (client-rendered, conditional render, props as properties): vite build, verdicts and the onbreachcheckresult prop, then tsc with the JSX typings',
  () => checkJsxApp('preact'));

test('esbuild: the README\'s two build lines, verdicts at / and in a subdirectory, hardened data set', async () => {
  const dir = app('esbuild');
  runRecipe(dir, '### esbuild');
  const dist = join(dir, 'dist');
  pageAndData(dir, dist);
  await checkServedBuild(dist);
});

test('Rollup: the README\'s two build lines, verdicts at / and in a subdirectory, hardened data set', async () => {
  const dir = app('rollup');
  runRecipe(dir, '### Rollup');
  const dist = join(dir, 'dist');
  pageAndData(dir, dist);
  await checkServedBuild(dist);
});

test('typings: Preact JSX, Vue GlobalComponents and Svelte elements accept <breach-check> and refuse a wrong value; /element and /define are typed (tsc)', async () => {
  try {
    run('npx', ['--no-install', 'tsc', '--noEmit', '-p', '.'], { cwd: app('types') });
  } catch (error) {
    throw new Error(`tsc: ${error.stdout || ''}${error.stderr || ''}`);
  }
});

test('Next.js 16 (app router): next build with its type check, then next start: verdicts and the result event', async () => {
  const dir = app('next');
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  try {
    run('npx', ['--no-install', 'next', 'build'], { cwd: dir, env });
  } catch (error) {
    throw new Error(`next build: ${error.stdout || ''}${error.stderr || ''}`);
  }
  const port = await freePort();
  const server = await startProcess('sh', ['-c', `cd '${dir}' && NEXT_TELEMETRY_DISABLED=1 exec node_modules/.bin/next start --port ${port} --hostname 127.0.0.1`],
    /Ready|started server/i, { timeoutMs: 60000 });
  try {
    await checkApp(`http://127.0.0.1:${port}`, { statusShown: true });
  } finally {
    await stopProcess(server);
  }
});

const { passed, failed } = await runTests(tests, filter);
await context.close();
// The scratch directory holds two node_modules trees (~150 MB): removed unless asked to keep it.
if (process.env.KEEP_CONSUMERS_WORK) console.log(`consumers: scratch directory kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`consumers: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed > 0 ? 1 : 0);
