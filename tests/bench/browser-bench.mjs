#!/usr/bin/env node
// SPDX-License-Identifier: MPL-2.0
// Browser benchmark of the widget: in headless Chromium (Debian's, driven by playwright-core from
// tests/node_modules), over scripts/serve.mjs on a free loopback port, on signed data sets it builds with the
// publisher CLI. Three modes, each printing markdown tables (docs/PERFORMANCE.md quotes them) headed by the CPU
// model and the load average before and after the run:
//   --mode checks (default): transfer size of every file the widget loads (raw, gzip -9, brotli -q 11),
//     recorded from the network; first-check time including engine start, the warm-up, repeat-check time,
//     Argon2id alone (the same engine in a second worker) and the part of a check that is not Argon2id, for
//     the default KDF (64 MiB, t=3) and a light one (8 MiB, t=1). Several fresh contexts, medians.
//   --mode peers: the engine's Argon2id against libsodium-wrappers-sumo, argon2-browser and hash-wasm
//     in Web Workers of the same page, interleaved, medians of paired ratios; native libsodium in the same run;
//     cold starts (load -> verdict vs sumo's first hash). See tests/bench/browser/peers.mjs.
//   --mode main-thread: long tasks from the widget's import to the painted verdict (load, typing, check) with the
//     CPU throttled 4x and one core kept busy, each attributed to what ran (tests/bench/browser/main-thread.mjs).
//   --mode directory: one check across a directory of two lists sharing one Argon2id setting against the same
//     check on one list: first verdict and download, ratios in one run (tests/bench/browser/directory.mjs).
//
// Run from the repository root after the native and wasm builds (the site is built here into a temporary
// directory) and `cd tests && npm ci`:
//   node tests/bench/browser-bench.mjs [--mode checks|peers|main-thread|directory] [--data-dir DIR] [--out FILE]
// checks:       [--reps 5] [--checks 6] [--records-default 300]
// peers:        [--warmups 2] [--rounds 15] [--cold 7] [--records-default 100] [--engine-b WASM_BUILD_DIR]
//               [--native-bench build/native/tests/engine_bench] [--typed-first 3] [--typed-delay 8000]
//               [--typed-throttle 1,4]
// main-thread:  [--reps 5] [--throttle 4] [--busy-core 1]
// directory:    [--reps 5] [--records-default 300] [--ops 3] [--mem-kib 65536]
// --data-dir DIR    keep the built data sets there and reuse them next time (default: a temporary dir)
// --out FILE        also write the tables to FILE
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  KDFS, br, buildBenchSite, expectStatus, gz, identity, kb, machineLine, median, ms, openInFreshPage, optionReader,
  prepareData, startBench,
} from './browser/setup.mjs';
import { ROOT, findTools } from '../e2e/harness.mjs';
import { STATIC_TARGET_BYTES } from '../../web/tools/download-size.mjs';

const args = process.argv.slice(2);
const option = optionReader(args);
const MODE = option('--mode', 'checks');
const REPS = Number(option('--reps', 5));
const CHECKS = Number(option('--checks', 6));
const RECORDS_DEFAULT = Number(option('--records-default', 300));
const DATA_DIR = option('--data-dir', null);
const OUT = option('--out', null);
const MODES = ['checks', 'peers', 'main-thread', 'directory'];
if (!MODES.includes(MODE)) throw new Error(`--mode: one of ${MODES.join(', ')}`);

const work = mkdtempSync(join(tmpdir(), 'bc-browser-bench-'));
const dataDir = resolve(DATA_DIR || join(work, 'data'));
mkdirSync(dataDir, { recursive: true });
const { wasmDir, publicKey, buildDataset } = prepareData(dataDir);
const machineBefore = machineLine();

// Writes the markdown to stdout (and to --out FILE), then removes the temporary directory.
function finish(lines) {
  const after = machineLine();
  const text = [`Machine: ${machineBefore.cpu}. Load average (1, 5, 15 min) before: ${machineBefore.load}; ` +
    `after: ${after.load}. A shared machine: compare ratios measured in this run, not times across runs.`, '',
  ...lines].join('\n');
  console.log(text);
  if (OUT) writeFileSync(OUT, `${text}\n`);
  rmSync(work, { recursive: true, force: true }); // with --data-dir, the data sets live outside it
}

if (MODE === 'peers') {
  const { runPeers } = await import('./browser/peers.mjs');
  const d = buildDataset({ ...KDFS.default, records: Number(option('--records-default', 100)) });
  const { site, minified } = buildBenchSite(work, wasmDir, [d]);
  // --engine-b WASM_BUILD_DIR: a second build of the engine, timed in the same page (A/B of build options).
  const engineB = option('--engine-b', null);
  const siteB = engineB ? buildBenchSite(join(work, 'b'), resolve(engineB), []).site : null;
  finish(await runPeers({ site, siteB, minified, d, publicKey, args, option }));
  process.exit(0);
}
if (MODE === 'directory') {
  const { runDirectory } = await import('./browser/directory.mjs');
  const { cli } = findTools();
  finish(await runDirectory({ work, cli, wasmDir, dataDir, option, args }));
  process.exit(0);
}
if (MODE === 'main-thread') {
  const { runMainThread } = await import('./browser/main-thread.mjs');
  const d = buildDataset(KDFS.light);
  const { site, minified } = buildBenchSite(work, wasmDir, [d]);
  finish(await runMainThread({ site, minified, d, publicKey, args, option }));
  process.exit(0);
}

// ------------------------------------------------------------------------------------------- checks mode
const datasets = [{ ...KDFS.default, records: RECORDS_DEFAULT }, KDFS.light].map(buildDataset);
const { site, minified } = buildBenchSite(work, wasmDir, datasets);
const bench = await startBench(site);
const chromiumVersion = bench.browser.version();
const results = {};
let sizeRequests = null;
try {
  for (const d of datasets) {
    const r = { importMs: [], loadMs: [], firstImmediate: [], warmDone: [], warmUpMs: [], firstAfterWarm: [],
      repeat: [], kdf: [], notKdf: [], untilBucket: [], read: [], afterBucket: [] };
    for (let rep = 0; rep < REPS; rep += 1) {
      // A: the person presses "Check" as soon as the widget is ready (the load-time warm-up may still run).
      {
        const a = await openInFreshPage(bench, d, publicKey);
        const got = await a.page.evaluate((id) => window.__bench.check(id), identity(d.affected));
        expectStatus(got, 'affected', 'first check');
        r.importMs.push(a.opened.importMs);
        r.loadMs.push(a.opened.loadMs);
        r.firstImmediate.push(got.end - a.opened.loadStart);
        if (!sizeRequests) sizeRequests = [...a.requests];
        // Then repeat checks on the same page, each between two Argon2id runs alone (engine-kdf-worker.js).
        const kdfAlone = (who) => a.page.evaluate((id) => window.__bench.kdfAlone(id), identity(who));
        let kdfBefore = (await kdfAlone(d.affected)).ms;
        for (let i = 0; i < CHECKS; i += 1) {
          const who = i % 2 ? d.notFound : d.affected;
          const c = await a.page.evaluate((id) => window.__bench.check(id), identity(who));
          const after = await kdfAlone(who);
          expectStatus(c, i % 2 ? 'not_found' : 'affected', 'repeat check');
          // The derivation timed alone must be the check's: the same bucket.
          if (after.offset !== c.offset || after.length !== c.length) throw new Error('Argon2id alone chose another bucket');
          const kdf = (kdfBefore + after.ms) / 2;
          kdfBefore = after.ms;
          r.repeat.push(c.total);
          r.kdf.push(kdf);
          r.notKdf.push(c.total - kdf);
          r.untilBucket.push(c.untilBucket);
          r.read.push(c.read);
          r.afterBucket.push(c.afterBucket);
        }
        if (a.errors.length) throw new Error(`page errors: ${a.errors.join('; ')}`);
        await a.context.close();
      }
      // B: the person takes a few seconds to type: the warm-up has finished before the first check.
      {
        const b = await openInFreshPage(bench, d, publicKey);
        const idle = await b.page.evaluate(() => window.__bench.idle());
        r.warmUpMs.push(await b.page.evaluate(() => window.__bench.warmUpMs()));
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
  await bench.stop();
}

// --------------------------------------------------------------------------------------------- output
const out = [];
const p = (line = '') => out.push(line);
p('## Widget in the browser');
p();
p(`Headless Chromium ${chromiumVersion}.`);
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
  `**${kb(total.brotli)}** (${(total.brotli / 1024).toFixed(1)} KiB; target <= ${kb(STATIC_TARGET_BYTES)}: ` +
  `${total.brotli <= STATIC_TARGET_BYTES ? 'met' : 'NOT met'}) |`);
p();
const classic = readFileSync(join(dist, 'breachcheck.classic.js'));
p(`Classic build (file:// and classic-script pages; one self-contained file with the single-file engine, wasm in ` +
  `base64): breachcheck.classic.js ${classic.length} B raw, ${gz(classic)} B gzip -9, ${br(classic)} B brotli -q 11.`);
p();

p('### Check times (medians)');
p();
p(`Per KDF: ${REPS} fresh browser contexts where the check is issued as soon as \`BreachCheck.load\` resolves, ` +
  `${REPS} where it is issued after the load-time warm-up has answered, and ${CHECKS} repeat checks on each of ` +
  'the first pages (alternately affected / not found), each between two runs of "Argon2id alone": the same ' +
  'engine (glue and .wasm) in a second worker of the page, its `startCheck` (identity validation, Argon2id with ' +
  'the data set\'s parameters, the key derivations after it) timed inside that worker, checked to select the ' +
  'same bucket as the check. Times from `performance.now()` in the page; the worker operations and the page\'s ' +
  'reads are timed from the outside (tests/bench/browser/setup.mjs).');
p();
p('| KDF | records (data set) | module import | `load` (engine start + header) | first check, pressed at once ' +
  '(from calling `load`) | warm-up (memory reserved and written) | warm-up done (from calling `load`) | first check after ' +
  'warm-up | repeat check | Argon2id alone | not Argon2id (target <= 10 ms) |');
p('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const d of datasets) {
  const r = results[d.name];
  p(`| ${d.label} | ${d.records} (${kb(d.bytes)}) | ${ms(median(r.importMs))} | ${ms(median(r.loadMs))} | ` +
    `${ms(median(r.firstImmediate))} | ${ms(median(r.warmUpMs))} | ${ms(median(r.warmDone))} | ` +
    `${ms(median(r.firstAfterWarm))} | ${ms(median(r.repeat))} | ${ms(median(r.kdf))} | **${ms(median(r.notKdf))}** |`);
}
p();
p('Breakdown of a repeat check:');
p();
p('| KDF | until the worker asks for the bucket | bucket read (page) | read answered -> verdict | ' +
  'after the bucket request (read + lookup + verdict) | until the bucket request minus Argon2id alone | ' +
  'not Argon2id, min / max |');
p('|---|---:|---:|---:|---:|---:|---:|');
for (const d of datasets) {
  const r = results[d.name];
  p(`| ${d.label} | ${ms(median(r.untilBucket))} | ${ms(median(r.read))} | ${ms(median(r.afterBucket))} | ` +
    `${ms(median(r.repeat.map((t, i) => t - r.untilBucket[i])))} | ` +
    `${ms(median(r.untilBucket.map((t, i) => t - r.kdf[i])))} | ` +
    `${ms(Math.min(...r.notKdf))} / ${ms(Math.max(...r.notKdf))} |`);
}
p();
p('"Not Argon2id" = repeat check minus the mean of the Argon2id-alone runs just before and after it (median of ' +
  'the differences): the messages to and from the worker, input validation, the one Range request on loopback, ' +
  'bucket verification, scan and payload decryption, the verdict\'s way back. "After the bucket request" ' +
  'measures the part after Argon2id directly (no Argon2id noise in it); "until the bucket request minus ' +
  'Argon2id alone" is the rest: the messages and the validation before and after Argon2id.');
finish(out);
