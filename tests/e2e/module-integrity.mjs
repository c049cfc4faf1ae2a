// SPDX-License-Identifier: MPL-2.0
// The module build runs only the files it has checked (docs/SECURITY.md, Findings, "a copy of the module build on
// a CDN"; web/tools/module-assets.js, web/src/engine/verified-bytes.js). A page on one origin loads
// breachcheck.mjs under its correct SRI hash from a second origin (a CDN: a small static server here, with CORS,
// that records every path asked of it) hosting copies of dist/: one intact, and one each with worker.js,
// engine/breachcheck-engine-simd128.wasm (the build this Chromium compiles) or hardened.mjs altered. The intact copy checks someone (static data set) and
// opens a hardened one; each altered copy is refused at load with `widget_integrity` and a console line naming
// the file, and the altered code never runs (the worker and hardened.mjs copies call home to the CDN first
// thing: no such request may arrive). Registered into tests/e2e/run.mjs, which provides the fixtures.
import { cpSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { ROOT, findTools, run } from './harness.mjs';
import { W, assert, eq, watchConsole, fill, submit, waitOutcome } from './widget-page.mjs';

const MIME = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

// A CDN: dist/ copies under `root`, CORS for every origin, and the list of paths it was asked for.
function startCdn(root) {
  const asked = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://cdn').pathname);
    asked.push(path);
    const file = normalize(join(root, path));
    let body;
    try {
      if (!file.startsWith(root)) throw new Error('outside');
      body = readFileSync(file);
    } catch {
      return res.writeHead(404, { 'Access-Control-Allow-Origin': '*' }).end();
    }
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] || 'application/octet-stream',
      'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1',
    () => resolve({ server, asked, origin: `http://127.0.0.1:${server.address().port}` })));
}

// The publisher's page on a third origin: its CSP allows the CDN for scripts and fetches, and Blob workers (a
// cross-origin worker URL is refused by browsers); the data sets come from the publisher's own server.
function startPages(pages) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://page').pathname;
    if (path === '/favicon.ico') return res.writeHead(204).end(); // no 404 line in the console
    const page = pages.get(path);
    if (!page) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': page.csp }).end(page.html);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1',
    () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

export function registerModuleIntegrityTests({ test, fx, context, publisherOrigin }) {
  let setup = null;
  async function prepare() {
    if (setup) return setup;
    const root = mkdtempSync(join(tmpdir(), 'bc-e2e-cdn-'));
    const cdn = await startCdn(root);
    const callHome = (file) => `fetch(${JSON.stringify(`${cdn.origin}/__tampered__/${file}`)}).catch(() => {});\n`;
    for (const copy of ['intact', 'worker', 'wasm', 'hardened']) cpSync(join(fx.site, 'dist'), join(root, copy, 'dist'), { recursive: true });
    const prepend = (file, text) => writeFileSync(file, text + readFileSync(file, 'utf8'));
    prepend(join(root, 'worker/dist/worker.js'), callHome('worker.js'));
    prepend(join(root, 'hardened/dist/hardened.mjs'), callHome('hardened.mjs'));
    // A custom section (id 0, name "x", 8 bytes): still a valid module that compiles and runs as before.
    // The SIMD build: the one this Chromium compiles (web/src/engine/wasm-simd.js).
    appendFileSync(join(root, 'wasm/dist/engine/breachcheck-engine-simd128.wasm'), Buffer.from([0, 10, 1, 0x78, ...Buffer.from('tampered')]));

    // A data set in hardened mode: opening it needs hardened.mjs and worker-hardened.js (no evaluation
    // request is made before a check, so its evaluation server need not exist).
    const { cli } = findTools();
    const keys = join(root, 'keys');
    run(cli, ['keygen', '--out', keys]);
    run(cli, ['keygen', '--oprf', '--out', keys]);
    run(cli, ['build', '--records', join(fx.dir, 'records.csv'), '--catalog', join(ROOT, 'wasm/catalog/viamedis-almerys-2024.json'),
      '--key', join(keys, 'publisher.key'), '--oprf-key', join(keys, 'oprf.key'), '--oprf-endpoint', 'https://oprf.invalid/v1/evaluate',
      '--out', join(fx.site, 'data/module-integrity-hardened.bcd'), '--k', '10', '--ops', '1', '--mem-kib', '8192',
      '--publisher', 'Mutuelle Démo (tests)', '--quiet']);
    const hardenedKey = readFileSync(join(keys, 'publisher.pub'), 'utf8').trim();

    const sri = JSON.parse(readFileSync(join(fx.site, 'dist/sri.json'), 'utf8')).files['dist/breachcheck.mjs'];
    const csp = `default-src 'self'; script-src 'self' ${cdn.origin} 'wasm-unsafe-eval'; worker-src blob:; ` +
      `connect-src 'self' ${cdn.origin} ${publisherOrigin()}; style-src 'self'; img-src 'self'`;
    const pages = new Map();
    for (const copy of ['intact', 'worker', 'wasm', 'hardened']) {
      for (const [mode, dataset, key] of [['static', 'data/demo.bcd', fx.publicKey], ['hardened', 'data/module-integrity-hardened.bcd', hardenedKey]]) {
        pages.set(`/${copy}/${mode}`, { csp, html: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CDN copy</title>' +
          `<script type="module" src="${cdn.origin}/${copy}/dist/breachcheck.mjs" integrity="${sri}" crossorigin="anonymous"></script>` +
          `</head><body><main><breach-check src="${publisherOrigin()}/${dataset}" publisher-key="${key}" lang="en" allow-weak-kdf>` +
          '</breach-check></main></body></html>' });
      }
    }
    const site = await startPages(pages);
    setup = { cdn, site };
    return setup;
  }

  async function open(path) {
    const { site } = await prepare();
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${site.origin}${path}`);
    await page.waitForSelector('form.check, .result', { timeout: 20000 }); // CSS selectors pierce the shadow root
    return { page, problems };
  }

  test('module build from another origin, intact copy: a static check and a hardened data set both work', async () => {
    const { cdn } = await prepare();
    const { page, problems } = await open('/intact/static');
    await fill(page, fx.ids.self);
    eq((await submit(page)).status, 'affected', 'static: affected');
    await page.close();
    const hardened = await open('/intact/hardened');
    await hardened.page.waitForSelector(`${W} >> form.check`, { timeout: 20000 });
    await hardened.page.close();
    eq([...problems, ...hardened.problems], [], 'console warnings and errors');
    for (const file of ['worker.js', 'engine/breachcheck-engine-simd128.wasm', 'worker-hardened.js', 'engine/breachcheck-engine-hardened-simd128.wasm', 'hardened.mjs']) {
      assert(cdn.asked.includes(`/intact/dist/${file}`), `${file} was loaded from the CDN`);
    }
  });

  for (const [copy, mode, file] of [['worker', 'static', 'worker.js'], ['wasm', 'static', 'engine/breachcheck-engine-simd128.wasm'],
    ['hardened', 'hardened', 'hardened.mjs']]) {
    test(`module build from another origin: an altered ${file} is refused before it runs (widget_integrity, console names it)`, async () => {
      const { cdn } = await prepare();
      const asked = cdn.asked.length; // what this page asks of the CDN from here on
      const { page, problems } = await open(`/${copy}/${mode}`); // the form or a result: the engine started or not
      const ran = cdn.asked.slice(asked).filter((path) => path.startsWith('/__tampered__/'));
      eq(ran, [], 'calls home from the altered code (it ran)');
      const got = await waitOutcome(page);
      eq([got.status, got.code.includes('widget_integrity')], ['unavailable', true], `outcome (${got.code})`);
      eq(await page.locator(`${W} >> input.nir`).count(), 0, 'no form: nothing can be typed');
      const url = `${cdn.origin}/${copy}/dist/${file}`;
      const named = problems.filter((line) => line.startsWith('error: breachcheck-widget: refused') && line.includes(url));
      eq(named.length, 1, `one console line names ${url} (${problems.join(' | ')})`);
      eq(cdn.asked.slice(asked).filter((path) => path.startsWith('/__tampered__/')), [], 'calls home from the altered code, later');
      assert(!(await page.evaluate(() => document.documentElement.outerHTML)).includes('tampered'), 'nothing of the altered file on the page');
      await page.close();
    });
  }

  return { close: async () => { if (setup) { setup.cdn.server.close(); setup.site.server.close(); } } };
}
