// SPDX-License-Identifier: MPL-2.0
// What every mode of tests/bench/browser-bench.mjs shares: signed data sets built with the publisher CLI, the
// site built into a temporary directory (the repository's public/ is never touched), scripts/serve.mjs on a
// free loopback port, headless Chromium with the e2e suite's flags, fresh contexts, and the page helpers that
// open the widget's API and time its worker round trips.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, ROOT, findTools, nirKey, startServer, stopServer } from '../../e2e/harness.mjs';

export { ROOT };

export function optionReader(args) {
  return (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
}

export const run = (cmd, argv) => execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
export const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : 'n/a');
export const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
export const gz = (buf) => gzipSync(buf, { level: 9 }).length;
export const br = (buf) => brotliCompressSync(buf, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
  [zlibConstants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;

/** "AMD EPYC 7B13, 2 cores" and the load average now: printed before and after every run. */
export function machineLine() {
  const model = (/^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8')) || [])[1] || cpus()[0].model;
  return { cpu: `${model.trim()}, ${cpus().length} cores`, load: loadavg().map((x) => x.toFixed(2)).join(' ') };
}

export const KDFS = {
  // k = 50 entries per bucket, as a production list is built (buckets of 1.4-2.1 KB); k = 5 before, 320 B.
  default: { name: 'default', label: 'Argon2id 64 MiB, t=3', mem: '64', ops: '3', k: '50' },
  light: { name: 'light', label: 'Argon2id 8 MiB, t=1', mem: '8', ops: '1', records: 2000, k: '50' },
};
const CATALOG = join(ROOT, 'wasm/catalog/viamedis-almerys-2024.json');

/** Keys and data sets in `dataDir` (reused when they are there already). */
export function prepareData(dataDir) {
  const { cli, wasmDir } = findTools();
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(join(dataDir, 'keys/publisher.key'))) run(cli, ['keygen', '--out', join(dataDir, 'keys')]);
  const publicKey = readFileSync(join(dataDir, 'keys/publisher.pub'), 'utf8').trim();

  function buildDataset(kdf) {
    const csv = join(dataDir, `${kdf.name}-${kdf.records}.csv`);
    const bcd = join(dataDir, `${kdf.name}-${kdf.records}-k${kdf.k}.bcd`);
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
  return { cli, wasmDir, publicKey, buildDataset };
}

/** The site in `work`/site with the data sets under data/NAME.bcd and a blank page in its "bench" folder. */
export function buildBenchSite(work, wasmDir, datasets) {
  const site = join(work, 'site');
  cpSync(join(ROOT, 'public'), site, { recursive: true, filter: (src) => !/\/public\/(dist|data)(\/|$)/.test(src) });
  const buildOut = run(process.execPath, [join(ROOT, 'web/tools/build.mjs'), wasmDir, '--out', site]);
  mkdirSync(join(site, 'data'), { recursive: true });
  mkdirSync(join(site, 'bench'), { recursive: true });
  for (const d of datasets) cpSync(d.bcd, join(site, 'data', `${d.name}.bcd`));
  // "Argon2id alone" (engine-kdf-worker.js): the engine glue and .wasm the widget's worker runs, unbundled.
  mkdirSync(join(site, 'bench/engine'), { recursive: true });
  for (const f of ['breachcheck-engine.js', 'breachcheck-engine.wasm', 'breachcheck-engine-simd128.wasm']) {
    cpSync(join(wasmDir, 'wasm/bindings', f), join(site, 'bench/engine', f));
  }
  cpSync(join(ROOT, 'tests/bench/browser/engine-kdf-worker.js'), join(site, 'bench/engine-kdf-worker.js'));
  // A page with no script of its own: everything is driven from the test (page.evaluate), under the strict CSP.
  writeFileSync(join(site, 'bench/blank.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>' +
    '<link rel="icon" href="../icon.svg" type="image/svg+xml"></head><body></body></html>\n');
  return { site, buildOut, minified: !/UNMINIFIED/.test(buildOut) };
}

export async function startBench(site) {
  const server = await startServer(site);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: CHROMIUM_ARGS });
  async function freshPage(path = '/bench/blank.html') {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    context.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
    await page.goto(`${server.origin}${path}`);
    return { context, page, requests, errors };
  }
  async function stop() {
    await browser.close();
    await stopServer(server);
  }
  return { server, browser, freshPage, stop };
}

// In the page, evaluated before the module is imported. Timing from the outside of the widget, never a bench
// entry in it:
// - every message the page posts to a worker with an `op` (the widget's engine client: open, warmUp, check) is
//   timed from postMessage to its reply (`window.__workerOps`), so the bench knows when the load-time warm-up
//   has finished without asking the worker for anything;
// - the checker's page IO is wrapped: the moment the worker asks for the bucket splits a check into "until the
//   bucket request" (the message to the worker, identity validation, Argon2id, the request back) and the rest
//   (the Range read, the lookup in the worker, the verdict's way back);
// - "Argon2id alone" runs in a second worker of the same page (engine-kdf-worker.js): the same glue and .wasm,
//   the engine's own `startCheck` timed inside that worker, after the same warm-up as the widget's.
// `window.__makeBench(modulePath)` makes another such object for a second build of the widget in the same page.
export const PAGE_HELPERS = `
  if (!window.__workerOps) {
    window.__workerOps = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (message && typeof message.op === 'string' && typeof message.id === 'number') {
        if (!this.__timed) {
          this.__timed = true;
          this.addEventListener('message', (event) => {
            const { id } = event.data || {};
            const entry = window.__workerOps.find((o) => o.worker === this && o.id === id && !o.answered);
            if (entry) { entry.answered = performance.now(); entry.resolve(entry.answered); }
          });
        }
        const entry = { worker: this, id: message.id, op: message.op, sent: performance.now() };
        entry.done = new Promise((resolve) => { entry.resolve = resolve; });
        window.__workerOps.push(entry);
      }
      return post.call(this, message, ...rest);
    };
  }
  window.__makeBench = (modulePath = '/dist/breachcheck.mjs') => ({
    async open(dataset, publisherKey, allowWeakKdf = false) {
      const t0 = performance.now();
      const { BreachCheck } = await import(modulePath);
      const t1 = performance.now();
      const checker = await BreachCheck.load({ dataset, publisherKey, allowWeakKdf });
      const t2 = performance.now();
      if (checker.status !== 'ready') throw new Error('load: ' + checker.status + ' ' + checker.error);
      const reads = [];
      const pageIo = checker.pageIo.bind(checker);
      checker.pageIo = (signal) => {
        const io = pageIo(signal);
        return { ...io, async read(offset, length) {
          const asked = performance.now();
          const got = await io.read(offset, length);
          reads.push({ offset, length, asked, answered: performance.now() });
          return got;
        } };
      };
      this.checker = checker; this.reads = reads;
      this.warmUp = window.__workerOps.find((o) => o.worker === checker.client.worker && o.op === 'warmUp');
      this.kdf = { dataset, publisherKey, allowWeakKdf };
      return { importMs: t1 - t0, loadMs: t2 - t1, loadStart: t1, loadEnd: t2 };
    },
    // One check: untilBucket = pressed -> the worker asks for the bucket; read = the page's Range read;
    // afterBucket = the read's answer -> the verdict.
    async check(identity) {
      this.reads.length = 0;
      const t = performance.now();
      const r = await this.checker.check(identity);
      const end = performance.now();
      const read = this.reads[0];
      if (this.reads.length !== 1) throw new Error('a check read ' + this.reads.length + ' ranges, not 1');
      return { status: r.status, total: end - t, end, untilBucket: read.asked - t, read: read.answered - read.asked,
        afterBucket: end - read.answered, offset: read.offset, length: read.length };
    },
    // The engine's Argon2id as a check runs it, timed from the page like the peers' workers: a whole check,
    // of which the time until the worker asks for the bucket; the bucket it asks for, for the bench to verify.
    async argon2id(identity) {
      const c = await this.check(identity);
      const { headerLength, bucketStride } = this.checker.dataset;
      return { ms: c.untilBucket, whole: c.total, bucket: (c.offset - headerLength) / bucketStride, offset: c.offset,
        length: c.length };
    },
    // Resolves when the load-time warm-up has answered (at that time, from performance.now()).
    idle() { return this.warmUp.done; },
    warmUpMs() { return this.warmUp.answered - this.warmUp.sent; },
    // Argon2id alone: engine-kdf-worker.js started on the same data set (the first call starts it), over the
    // engine's WebAssembly SIMD build (build "simd128") or its scalar one (any other value), one worker each.
    async kdfAlone(identity, build = 'scalar') {
      this.kdfWorkers = this.kdfWorkers || {};
      if (!this.kdfWorkers[build]) {
        const worker = new Worker('/bench/engine-kdf-worker.js?build=' + build, { type: 'module' });
        let next = 1;
        const waiting = new Map();
        worker.onmessage = (event) => { const m = event.data; waiting.get(m.kdfId)(m); waiting.delete(m.kdfId); };
        const ask = (message, transfer = []) => new Promise((resolve, reject) => {
          const kdfId = next++;
          waiting.set(kdfId, (m) => (m.error ? reject(new Error('engine-kdf-worker: ' + m.error)) : resolve(m)));
          worker.postMessage({ kdfId, ...message }, transfer);
        });
        const file = await (await fetch(this.kdf.dataset)).arrayBuffer();
        const keys = Array.isArray(this.kdf.publisherKey) ? this.kdf.publisherKey : [this.kdf.publisherKey];
        await ask({ open: { file, keys, allowWeakKdf: this.kdf.allowWeakKdf, now: Math.floor(Date.now() / 1000) } },
          [file]);
        await ask({ warmUp: true });
        this.kdfWorkers[build] = { worker, ask };
      }
      const d = new Date();
      return this.kdfWorkers[build].ask({ derive: { nir: identity.nir, birthDate: identity.birthDate,
        birthRank: identity.birthRank || '', year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() } });
    },
  });
  window.__bench = window.__makeBench();`;

export const identity = (r) => ({ nir: r.nir, birthDate: r.birthDate, birthRank: r.birthRank, beneficiary: false });
export const expectStatus = (got, want, what) => {
  if (got.status !== want) throw new Error(`${what}: status ${got.status}, expected ${want}`);
};

/** Opens the widget's API on a data set in a fresh context: {context, page, requests, errors, opened}. */
export async function openInFreshPage(bench, d, publicKey, modulePath = null, page = null) {
  const fresh = page || await bench.freshPage(); // `page`: one the caller prepared (e.g. CPU-throttled)
  await fresh.page.evaluate(PAGE_HELPERS);
  if (modulePath) await fresh.page.evaluate((m) => { window.__bench = window.__makeBench(m); }, modulePath);
  const url = `${bench.server.origin}/data/${d.name}.bcd`;
  // Below the browsers' default floor (Argon2id memory x passes < 64 MiB, wasm/core/check/header_verifier.h) a page must opt in.
  const weak = Number(d.mem) * Number(d.ops) < 64;
  const opened = await fresh.page.evaluate(([u, k, w]) => window.__bench.open(u, k, w), [url, publicKey, weak]);
  return { ...fresh, opened };
}
