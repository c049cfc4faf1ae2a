#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Browser benchmark of the widget: in headless Chromium (Debian's, driven by
// playwright-core from tests/node_modules), over scripts/serve.mjs on a free loopback port, it prints markdown
// tables of
//   1. transfer size of every file the widget loads (raw, gzip -9, brotli -q 11), recorded from the network
//      requests of a real load + check, with the ES-build total against the 110 KB brotli target;
//   2. first-check time including engine start, repeat-check time, Argon2id alone in the same worker, and
//      the part of a check that is not Argon2id (target <= 50 ms on loopback),
// for the default KDF (Argon2id 64 MiB, t=3) and a light one (8 MiB, t=1), on data sets it builds with the
// publisher CLI. Several repetitions, medians.
//
// Run from the repository root after the native and wasm builds, scripts/build-web.sh (or only the wasm
// build: the site is built here into a temporary directory) and `cd tests && npm ci`:
//   node tests/bench/browser-bench.mjs [--reps 5] [--checks 6] [--records-default 300] [--data-dir DIR]
// --reps N          fresh browser contexts per KDF and per first-check variant (default 5)
// --checks N        repeat checks per page (default 6; alternately affected and not found)
// --data-dir DIR    keep the built data sets there and reuse them next time (default: a temporary dir)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ROOT, findTools, nirKey, startServer, stopServer } from '../e2e/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const REPS = Number(option('--reps', 5));
const CHECKS = Number(option('--checks', 6));
const RECORDS_DEFAULT = Number(option('--records-default', 300));
const DATA_DIR = option('--data-dir', null);

const KDFS = [
  { name: 'default', label: 'Argon2id 64 MiB, t=3', mem: '64', ops: '3', records: RECORDS_DEFAULT, k: '5' },
  { name: 'light', label: 'Argon2id 8 MiB, t=1', mem: '8', ops: '1', records: 2000, k: '10' },
];
const CATALOG = join(ROOT, 'wasm/catalog/viamedis-almerys-2024.json');

const run = (cmd, argv) => execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a');
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const br = (buf) => brotliCompressSync(buf, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
  [zlibConstants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;

// ------------------------------------------------------------------------------------------- data sets
const { cli, wasmDir } = findTools();
const work = mkdtempSync(join(tmpdir(), 'bc-browser-bench-'));
const dataDir = resolve(DATA_DIR || join(work, 'data'));
mkdirSync(dataDir, { recursive: true });
if (!existsSync(join(dataDir, 'keys/publisher.key'))) run(cli, ['keygen', '--out', join(dataDir, 'keys')]);
const publicKey = readFileSync(join(dataDir, 'keys/publisher.pub'), 'utf8').trim();

function buildDataset(kdf) {
  const csv = join(dataDir, `${kdf.name}-${kdf.records}.csv`);
  const bcd = join(dataDir, `${kdf.name}-${kdf.records}.bcd`);
  if (!existsSync(csv)) run(cli, ['synth', '--count', String(kdf.records), '--out', csv, '--seed', '20240207']);
  if (!existsSync(bcd)) {
    const t0 = Date.now();
    run(cli, ['build', '--records', csv, '--catalog', CATALOG, '--key', join(dataDir, 'keys/publisher.key'),
      '--out', bcd, '--k', kdf.k, '--ops', kdf.ops, '--mem', kdf.mem, '--threads', '2',
      '--publisher', 'Browser bench', '--quiet']);
    console.error(`browser-bench: built ${kdf.name} data set (${kdf.records} records, ${kdf.label}) in ` +
      `${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  // An affected identity (the card holder, birth date matching the NIR) and a valid NIR that is not listed.
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).map((line) => {
    const [nir, birthDate, birthRank] = line.split(',');
    return { nir, birthDate, birthRank };
  });
  const listed = new Set(rows.map((r) => r.nir.slice(0, 13)));
  const self = rows.find((r) => r.birthDate.slice(2, 4) === r.nir.slice(1, 3)
    && r.birthDate.slice(5, 7) === r.nir.slice(3, 5) && r.birthRank !== '2' && /^[12]\d{14}$/.test(r.nir));
  if (!self) throw new Error(`no suitable identity in ${csv}`);
  let other = null;
  for (let order = 1; order < 999 && !other; order += 1) {
    const nir13 = `${self.nir.slice(0, 10)}${String(order).padStart(3, '0')}`;
    if (!listed.has(nir13)) other = { ...self, nir: `${nir13}${nirKey(nir13)}` };
  }
  return { ...kdf, bcd, affected: self, notFound: other, bytes: statSync(bcd).size };
}

const datasets = KDFS.map(buildDataset);

// ------------------------------------------------------------------------------------------------ site
// The site built into a temporary root (the repository's public/ is never touched), as the e2e suite does.
const site = join(work, 'site');
cpSync(join(ROOT, 'public'), site, { recursive: true, filter: (src) => !/\/public\/(dist|data)(\/|$)/.test(src) });
const buildOut = run(process.execPath, [join(ROOT, 'web/tools/build.mjs'), wasmDir, '--out', site]);
const minified = !/UNMINIFIED/.test(buildOut);
mkdirSync(join(site, 'data'), { recursive: true });
mkdirSync(join(site, 'bench'), { recursive: true });
for (const d of datasets) cpSync(d.bcd, join(site, 'data', `${d.name}.bcd`));
// A page with no script of its own: everything is driven from the test (page.evaluate), under the strict CSP.
writeFileSync(join(site, 'bench/blank.html'),
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>' +
  '<link rel="icon" href="../icon.svg" type="image/svg+xml"></head><body></body></html>\n');

const server = await startServer(site);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: CHROMIUM_ARGS });

async function freshPage() {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  context.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${server.origin}/bench/blank.html`);
  return { context, page, requests, errors };
}

// In the page: import the ES module, BreachCheck.load, then checks. Worker round trips are timed by wrapping
// the checker's engine client (prepare = validation + Argon2id; lookup = bucket verification + scan +
// decrypt; warmUp = one Argon2id run with the data set's parameters on a dummy identity, i.e. the KDF alone).
const PAGE_HELPERS = `
  window.__bench = {
    async open(dataset, publisherKey) {
      const t0 = performance.now();
      const { BreachCheck } = await import('/dist/breachcheck.mjs');
      const t1 = performance.now();
      const checker = await BreachCheck.load({ dataset, publisherKey });
      const t2 = performance.now();
      if (checker.status !== 'ready') throw new Error('load: ' + checker.status + ' ' + checker.error);
      const ops = [];
      const client = checker.client;
      const call = client.call.bind(client);
      client.call = (op, a, transfer) => {
        const start = performance.now();
        const p = call(op, a, transfer);
        p.then(() => ops.push({ op, ms: performance.now() - start }), () => {});
        return p;
      };
      this.checker = checker; this.ops = ops; this.client = client;
      return { importMs: t1 - t0, loadMs: t2 - t1, loadStart: t1 };
    },
    async check(identity) {
      this.ops.length = 0;
      const t = performance.now();
      const r = await this.checker.check(identity);
      const total = performance.now() - t;
      const op = (name) => this.ops.filter((o) => o.op === name).reduce((s, o) => s + o.ms, 0);
      return { status: r.status, total, end: performance.now(), prepare: op('prepare'), lookup: op('lookup') };
    },
    // Resolves when the worker has finished everything queued before (the load-time warm-up included).
    async idle() { await this.client.call('forget'); return performance.now(); },
    async kdfAlone() { const t = performance.now(); await this.client.call('warmUp'); return performance.now() - t; },
  };`;

const identity = (r) => ({ nir: r.nir, birthDate: r.birthDate, birthRank: r.birthRank, beneficiary: false });

async function openInFreshPage(d) {
  const fresh = await freshPage();
  await fresh.page.evaluate(PAGE_HELPERS);
  const url = `${server.origin}/data/${d.name}.bcd`;
  const opened = await fresh.page.evaluate(([u, k]) => window.__bench.open(u, k), [url, publicKey]);
  return { ...fresh, opened };
}

const expectStatus = (got, want, what) => {
  if (got.status !== want) throw new Error(`${what}: status ${got.status}, expected ${want}`);
};

const results = {};
let sizeRequests = null;
const chromiumVersion = browser.version();
try {
  for (const d of datasets) {
    const r = { importMs: [], loadMs: [], firstImmediate: [], warmDone: [], firstAfterWarm: [], repeat: [], kdf: [],
      notKdf: [], prepare: [], lookup: [], fetchEtc: [] };
    for (let rep = 0; rep < REPS; rep += 1) {
      // A: the person presses "Check" as soon as the widget is ready: the check waits for the load-time warm-up.
      {
        const a = await openInFreshPage(d);
        const got = await a.page.evaluate((id) => window.__bench.check(id), identity(d.affected));
        expectStatus(got, 'affected', 'first check');
        r.importMs.push(a.opened.importMs);
        r.loadMs.push(a.opened.loadMs);
        r.firstImmediate.push(got.end - a.opened.loadStart);
        if (!sizeRequests) sizeRequests = [...a.requests];
        // Then repeat checks on the same page, each between two Argon2id runs alone in the same worker.
        let kdfBefore = await a.page.evaluate(() => window.__bench.kdfAlone());
        for (let i = 0; i < CHECKS; i += 1) {
          const who = i % 2 ? d.notFound : d.affected;
          const c = await a.page.evaluate((id) => window.__bench.check(id), identity(who));
          const kdfAfter = await a.page.evaluate(() => window.__bench.kdfAlone());
          expectStatus(c, i % 2 ? 'not_found' : 'affected', 'repeat check');
          const kdf = (kdfBefore + kdfAfter) / 2;
          kdfBefore = kdfAfter;
          r.repeat.push(c.total);
          r.kdf.push(kdf);
          r.notKdf.push(c.total - kdf);
          r.prepare.push(c.prepare);
          r.lookup.push(c.lookup);
          r.fetchEtc.push(c.total - c.prepare - c.lookup);
        }
        if (a.errors.length) throw new Error(`page errors: ${a.errors.join('; ')}`);
        await a.context.close();
      }
      // B: the person takes a few seconds to type: the warm-up has finished before the first check.
      {
        const b = await openInFreshPage(d);
        const idle = await b.page.evaluate(() => window.__bench.idle());
        const got = await b.page.evaluate((id) => window.__bench.check(id), identity(d.affected));
        expectStatus(got, 'affected', 'first check after warm-up');
        r.warmDone.push(idle - b.opened.loadStart);
        r.firstAfterWarm.push(got.total);
        if (b.errors.length) throw new Error(`page errors: ${b.errors.join('; ')}`);
        await b.context.close();
      }
    }
    results[d.name] = r;
  }
} finally {
  await browser.close();
  await stopServer(server);
}

// --------------------------------------------------------------------------------------------- output
const out = [];
const p = (line = '') => out.push(line);
p('## Widget in the browser');
p();
p(`Headless Chromium ${chromiumVersion}, ${cpus().length} cores, load average ` +
  `${loadavg().map((x) => x.toFixed(1)).join(' ')} at the end (a shared machine: times are noisy).`);
p();
p('Command: `node tests/bench/browser-bench.mjs' + (args.length ? ` ${args.join(' ')}` : '') + '`. Site built by ' +
  `web/tools/build.mjs from ${wasmDir.replace(`${ROOT}/`, '')} (widget ${minified ? 'minified with terser' : 'NOT minified'}), ` +
  'served by scripts/serve.mjs on 127.0.0.1 (strict CSP, no compression, no cache).');
p();

// Sizes: the files requested while loading the ES module and running a check, from disk.
const dist = join(site, 'dist');
const fromUrl = (u) => new URL(u).pathname;
const seen = [...new Set(sizeRequests.map(fromUrl))].filter((path) => path.startsWith('/dist/'));
const dataRequests = sizeRequests.map(fromUrl).filter((path) => path.endsWith('.bcd')).length;
const rows = seen.map((path) => {
  const buf = readFileSync(join(site, path));
  return { path: path.slice(1), raw: buf.length, gzip: gz(buf), brotli: br(buf) };
});
const total = rows.reduce((s, x) => ({ raw: s.raw + x.raw, gzip: s.gzip + x.gzip, brotli: s.brotli + x.brotli }),
  { raw: 0, gzip: 0, brotli: 0 });
p('### Transfer size: what a page with the ES module (`dist/breachcheck.mjs`) loads over http(s)');
p();
p(`Files requested during \`BreachCheck.load\` + one check in a fresh context (styles are inlined in the module; ` +
  `the data set is excluded: ${dataRequests} Range requests to it, 2 for the header and 1 for the bucket).`);
p();
p('| file | raw | gzip -9 | brotli -q 11 |');
p('|---|---:|---:|---:|');
for (const x of rows) p(`| ${x.path} | ${x.raw} B | ${x.gzip} B | ${x.brotli} B |`);
p(`| **total (engine + glue + widget + styles)** | **${kb(total.raw)}** | **${kb(total.gzip)}** | ` +
  `**${kb(total.brotli)}** (${(total.brotli / 1024).toFixed(1)} KiB; target <= 110 KB: ` +
  `${total.brotli <= 110000 ? 'met' : 'NOT met'}) |`);
p();
const classic = readFileSync(join(dist, 'breachcheck.classic.js'));
p(`Classic build (file:// and classic-script pages; one self-contained file with the single-file engine, wasm in ` +
  `base64): breachcheck.classic.js ${classic.length} B raw, ${gz(classic)} B gzip -9, ${br(classic)} B brotli -q 11.`);
p();

p('### Check times (medians)');
p();
p(`Per KDF: ${REPS} fresh browser contexts where the check is issued as soon as \`BreachCheck.load\` resolves, ` +
  `${REPS} where it is issued after the load-time warm-up has finished, and ${CHECKS} repeat checks on each of ` +
  'the first pages (alternately affected / not found), each between two Argon2id runs alone in the same ' +
  'worker (the engine\'s `warmUp`: the data set\'s parameters on a dummy identity). Times from `performance.now()` ' +
  'in the page.');
p();
p('| KDF | records (data set) | module import | `load` (engine start + header) | first check, pressed at once ' +
  '(from `load`) | warm-up done (from `load`) | first check after warm-up | repeat check | Argon2id alone | ' +
  'not Argon2id (target <= 50 ms) |');
p('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const d of datasets) {
  const r = results[d.name];
  p(`| ${d.label} | ${d.records} (${kb(d.bytes)}) | ${ms(median(r.importMs))} | ${ms(median(r.loadMs))} | ` +
    `${ms(median(r.firstImmediate))} | ${ms(median(r.warmDone))} | ${ms(median(r.firstAfterWarm))} | ` +
    `${ms(median(r.repeat))} | ${ms(median(r.kdf))} | **${ms(median(r.notKdf))}** |`);
}
p();
p('Breakdown of a repeat check (worker round trips timed in the page):');
p();
p('| KDF | prepare (validation + Argon2id) | bucket fetch + main thread | lookup (verify + scan + decrypt) | ' +
  'outside prepare | prepare minus Argon2id alone | not Argon2id, min / max |');
p('|---|---:|---:|---:|---:|---:|---:|');
for (const d of datasets) {
  const r = results[d.name];
  p(`| ${d.label} | ${ms(median(r.prepare))} | ${ms(median(r.fetchEtc))} | ${ms(median(r.lookup))} | ` +
    `${ms(median(r.repeat.map((t, i) => t - r.prepare[i])))} | ` +
    `${ms(median(r.prepare.map((t, i) => t - r.kdf[i])))} | ` +
    `${ms(Math.min(...r.notKdf))} / ${ms(Math.max(...r.notKdf))} |`);
}
p();
p('"Not Argon2id" = repeat check minus the mean of the Argon2id runs just before and after it in the same ' +
  'worker (median of the differences): input validation, postMessage round trips, the one Range request on ' +
  'loopback, bucket verification, scan and payload decryption. "Outside prepare" measures the part after the ' +
  'Argon2id round trip directly (not affected by Argon2id\'s noise); the validation inside prepare is the ' +
  'light KDF\'s "prepare minus Argon2id alone".');
console.log(out.join('\n'));

rmSync(work, { recursive: true, force: true }); // with --data-dir, the data sets live outside it
