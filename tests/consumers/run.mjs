#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Consumer tests: the npm package as an insurer's front-end team gets it. Packs web/ (npm pack),
// installs the tarball into a minimal Vite 6 app and a minimal webpack 5 app (each pinned by its lockfile,
// copied to a temporary directory), builds them with no package-specific configuration, serves the builds with
// scripts/serve.mjs (strict CSP, HTTP Range) and runs checks in Chromium: affected and not found, on a page at
// the root and one in a subdirectory. Also: `vite preview`, the dev servers (vite, webpack serve),
// `tsc --noEmit` (strict) over a TypeScript use of the API, the tarball's file list, importing the package in
// Node, the console warning when the engine cannot start, and the widget files served from another origin.
// Prints "consumers: N passed, M failed" last. Usage: node tests/consumers/run.mjs [name-filter]
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
// The build completes web/src (engine files, CSS module) before packing; its dist/ goes to the scratch dir.
run(process.execPath, [join(ROOT, 'web/tools/build.mjs'), wasmDir, '--out', join(work, 'site')]);
const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], { cwd: join(ROOT, 'web') }));
const tarball = join(work, packed[0].filename);
const packedFiles = packed[0].files.map((f) => f.path);

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

const apps = { vite: installApp('vite'), webpack: installApp('webpack') };
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
    'src/hardened.js', 'src/generated/styles-css.js']) {
    assert(packedFiles.includes(f), `${f} missing from the tarball (${packedFiles.length} files)`);
  }
});

test('importing the package in Node (server-side rendering) does not throw', async () => {
  const out = run(process.execPath, ['--input-type=module', '-e',
    "const m = await import('breachcheck-widget'); console.log(JSON.stringify({ v: m.BreachCheck.version, " +
    "element: typeof m.BreachCheck.Element, load: typeof m.default.load, html: typeof HTMLElement }));"],
  { cwd: apps.vite });
  eq(JSON.parse(out), { v: '0.1.0', element: 'undefined', load: 'function', html: 'undefined' }, 'Node import');
});

test('tsc --noEmit (strict) over a TypeScript use of the API', async () => {
  try {
    run('npx', ['--no-install', 'tsc', '--noEmit', '-p', '.'], { cwd: apps.vite });
  } catch (error) {
    throw new Error(`tsc: ${error.stdout || ''}${error.stderr || ''}`);
  }
});

test('Vite build: worker, engine and wasm emitted with content hashes; checks pass at / and in a subdirectory', async () => {
  const output = run('npx', ['--no-install', 'vite', 'build', '--logLevel', 'warn'], { cwd: apps.vite, stdio: ['ignore', 'pipe', 'pipe'] });
  assert(!/breachcheck-widget/.test(output), `vite warns about the package:\n${output}`);
  const files = listFiles(join(apps.vite, 'dist'));
  assert(files.some((f) => /^assets\/worker-[\w-]{8,}\.js$/.test(f)), `no hashed worker chunk in ${files.join(' ')}`);
  assert(files.some((f) => /^assets\/breachcheck-engine-[\w-]{8,}\.wasm$/.test(f)), `no hashed .wasm in ${files.join(' ')}`);
  await checkServedBuild(join(apps.vite, 'dist'));
});

test('vite preview of that build: checks pass at / and in a subdirectory', async () => {
  const port = await freePort();
  const server = await startProcess(...inDir(apps.vite, `node_modules/.bin/vite preview --port ${port} --strictPort --host 127.0.0.1`),
    /Local:/, { timeoutMs: 60000 });
  try {
    for (const path of PAGES) await checkPage(`http://127.0.0.1:${port}`, path);
  } finally {
    await stopProcess(server);
  }
});

test('webpack build: worker, engine and wasm emitted with content hashes; checks pass at / and in a subdirectory', async () => {
  const output = run('npx', ['--no-install', 'webpack', '--mode', 'production'], { cwd: apps.webpack });
  // Size hints about the .wasm are webpack's business; a warning about the package's code is not.
  assert(!/(WARNING|ERROR) in \.\/node_modules\/breachcheck-widget/.test(output), `webpack warns about the package:\n${output}`);
  const dist = join(apps.webpack, 'dist');
  const files = listFiles(dist);
  assert(files.some((f) => /^[0-9a-f]{16,}\.wasm$/.test(f)), `no hashed .wasm in ${files.join(' ')}`);
  assert(files.filter((f) => /\.[0-9a-f]{16,}\.js$/.test(f)).length >= 2, `no hashed worker chunk in ${files.join(' ')}`);
  writeData(dist);
  await checkServedBuild(dist);
});

test('Vite dev server (with the README\'s optimizeDeps.exclude line): checks pass at / and in a subdirectory', async () => {
  const port = await freePort();
  const server = await startProcess(...inDir(apps.vite, `node_modules/.bin/vite --port ${port} --strictPort --host 127.0.0.1`),
    /Local:/, { timeoutMs: 60000 });
  try {
    for (const path of PAGES) await checkPage(`http://127.0.0.1:${port}`, path);
  } finally {
    await stopProcess(server);
  }
});

test('webpack dev server: checks pass at / and in a subdirectory', async () => {
  const port = await freePort();
  const server = await startProcess(...inDir(apps.webpack,
    `node_modules/.bin/webpack serve --mode development --port ${port} --host 127.0.0.1`), /compiled (successfully|with)/,
  { timeoutMs: 90000 });
  try {
    for (const path of PAGES) await checkPage(`http://127.0.0.1:${port}`, path);
  } finally {
    await stopProcess(server);
  }
});

test('engine file missing: one console warning that names its URL, and engine_init', async () => {
  const dist = join(apps.vite, 'dist');
  const wasm = listFiles(dist).find((f) => f.endsWith('.wasm'));
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

test('widget files from another origin: the ES build (checked worker from a Blob) and the classic build both check', async () => {
  const site = join(work, 'site');
  writeData(site);
  const cdn = await startServer(site);
  const csp = `default-src 'self'; script-src 'self' ${cdn.origin} 'wasm-unsafe-eval'; worker-src blob:; ` +
    `connect-src 'self' ${cdn.origin}; style-src 'self'; img-src 'self'`;
  const element = `<breach-check dataset="${cdn.origin}/data/test.bcd" publisher-key="${config.publisherKey}" lang="en" allow-weak-kdf></breach-check>`;
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

const { passed, failed } = await runTests(tests, filter);
await context.close();
// The scratch directory holds two node_modules trees (~150 MB): removed unless asked to keep it.
if (process.env.KEEP_CONSUMERS_WORK) console.log(`consumers: scratch directory kept: ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`consumers: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed > 0 ? 1 : 0);
