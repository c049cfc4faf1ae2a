// SPDX-License-Identifier: MPL-2.0
// --mode directory of tests/bench/browser-bench.mjs: one check across a directory of two lists that share one
// Argon2id setting (scripts/demo-directory.mjs: own keys, one --kdf-salt, the same limits) against the same check
// on one of those lists alone, in fresh browser contexts, the two interleaved (the order alternates), medians of
// the paired ratios. Times run from calling `BreachCheck.load` to the verdict, the check pressed as soon as
// `load` resolves. The download counts what the check fetched: the widget's files (brotli -q 11 of the bytes on
// disk, as a compressing server would send them) and the data (the directory file and every byte range read).
// Targets: first verdict <= 1.15x, download <= 1.05x.
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemoDirectory, demoSamples } from '../../../scripts/demo-directory.mjs';
import { buildBenchSite, br, kb, median, ms, run, startBench, PAGE_HELPERS, identity } from './setup.mjs';

export async function runDirectory({ work, cli, wasmDir, dataDir, option, args }) {
  const reps = Number(option('--reps', 5));
  const records = Number(option('--records-default', 300));
  const memKiB = Number(option('--mem-kib', 65536));
  const ops = Number(option('--ops', 3));
  const csv = join(dataDir, `directory-${records}.csv`);
  run(cli, ['synth', '--count', String(records), '--out', csv, '--seed', '20240207']);
  const t0 = Date.now();
  const built = buildDemoDirectory(cli, csv, join(dataDir, `directory-${records}-${ops}-${memKiB}`), { ops, memKiB, k: 50 });
  console.error(`browser-bench: built the two lists and the directory (${records} records, Argon2id ${memKiB} KiB t=${ops}) in ` +
    `${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const samples = demoSamples(cli, built);
  const { site, minified } = buildBenchSite(work, wasmDir, []);
  mkdirSync(join(site, 'data/directory'), { recursive: true });
  for (const list of built.lists) cpSync(list.file, join(site, 'data/directory', `${list.id}.bcd`));
  cpSync(built.directory, join(site, 'data/directory/demo.bcdir'));
  const weak = memKiB < 8192 || memKiB * ops < 65536;
  const bench = await startBench(site);
  const [listA] = built.lists;
  const one = { dataset: '/data/directory/viamedis-demo.bcd', publisherKey: listA.publisherKey, allowWeakKdf: weak };
  const two = { directory: '/data/directory/demo.bcdir', directoryKey: built.directoryKey, allowWeakKdf: weak };
  const who = identity({ ...samples.inA, birthRank: '' });

  // One fresh context: load and check at once; what was fetched.
  async function firstVerdict(options) {
    const fresh = await bench.freshPage();
    await fresh.page.evaluate(PAGE_HELPERS);
    const data = [];
    fresh.page.on('request', (req) => {
      const path = new URL(req.url()).pathname;
      if (!path.startsWith('/data/')) return;
      const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers().range || '');
      data.push(range ? Number(range[2]) - Number(range[1]) + 1 : -1);
    });
    const got = await fresh.page.evaluate(async ([o, id]) => {
      const t = performance.now();
      const { BreachCheck } = await import('/dist/breachcheck.mjs');
      const loadStart = performance.now();
      const checker = await BreachCheck.load(o);
      if (checker.status !== 'ready') throw new Error(`load: ${checker.status} ${checker.error}`);
      const r = await checker.check(id);
      const end = performance.now();
      checker.close();
      return { status: r.status, fromImport: end - t, fromLoad: end - loadStart };
    }, [options, who]);
    if (got.status !== 'affected') throw new Error(`first verdict: ${got.status}`);
    if (fresh.errors.length) throw new Error(`page errors: ${fresh.errors.join('; ')}`);
    const files = [...new Set(fresh.requests.map((u) => new URL(u).pathname))].filter((p) => p.startsWith('/dist/'));
    const code = files.reduce((sum, p) => sum + br(readFileSync(join(site, p))), 0);
    // The directory file is read whole (no range): its size on disk.
    const whole = data.filter((n) => n < 0).length * readFileSync(built.directory).length;
    await fresh.context.close();
    return { ...got, code, data: data.filter((n) => n > 0).reduce((s, n) => s + n, 0) + whole, requests: data.length, files };
  }

  const pairs = [];
  try {
    for (let rep = 0; rep < reps; rep += 1) {
      // Alternate which goes first, so neither always meets a warmer machine.
      const pair = {};
      for (const key of rep % 2 ? ['two', 'one'] : ['one', 'two']) pair[key] = await firstVerdict(key === 'one' ? one : two);
      pairs.push(pair);
    }
  } finally {
    await bench.stop();
  }
  const ratio = (f) => median(pairs.map((p) => f(p.two) / f(p.one)));
  const total = (x) => x.code + x.data;
  const timeRatio = ratio((x) => x.fromLoad);
  const downloadRatio = ratio(total);
  const last = pairs[pairs.length - 1];
  const out = [];
  const p = (line = '') => out.push(line);
  p('## One check across a directory of two lists');
  p();
  p(`Command: \`node tests/bench/browser-bench.mjs ${args.join(' ')}\`. Headless Chromium ${bench.browser.version()}; ` +
    `widget ${minified ? 'minified with terser' : 'NOT minified'}. Two lists built by scripts/demo-directory.mjs from ${records} ` +
    `synthetic records split by operator (${built.lists.map((l) => `${l.id}: ${l.rows.length}`).join(', ')}; k=50, production ` +
    `bucket sizes), format version 2, Argon2id ${memKiB} KiB t=${ops} with one shared --kdf-salt; the one-list check is ` +
    `${listA.id} alone. ${reps} fresh contexts each, interleaved; an identity in ${listA.id} (affected in both runs).`);
  p();
  p('| | first verdict from `load` | from the module import | download: widget files (brotli) | download: data | requests to the data | download total |');
  p('|---|---:|---:|---:|---:|---:|---:|');
  for (const [name, key] of [['one list', 'one'], ['directory of two lists', 'two']]) {
    const xs = pairs.map((x) => x[key]);
    p(`| ${name} | ${ms(median(xs.map((x) => x.fromLoad)))} | ${ms(median(xs.map((x) => x.fromImport)))} | ` +
      `${kb(median(xs.map((x) => x.code)))} | ${kb(median(xs.map((x) => x.data)))} | ${last[key].requests} | ${kb(median(xs.map(total)))} |`);
  }
  p(`| **ratio (median of paired ratios)** | **${timeRatio.toFixed(3)}** (target <= 1.15: ${timeRatio <= 1.15 ? 'met' : 'NOT met'}) | ` +
    `${ratio((x) => x.fromImport).toFixed(3)} | ${ratio((x) => x.code).toFixed(3)} | ${ratio((x) => x.data).toFixed(3)} | | ` +
    `**${downloadRatio.toFixed(3)}** (target <= 1.05: ${downloadRatio <= 1.05 ? 'met' : 'NOT met'}) |`);
  p();
  p(`Widget files fetched: ${last.two.files.join(', ')}.`);
  return out;
}
