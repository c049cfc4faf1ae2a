// SPDX-License-Identifier: MPL-2.0
// Engine benchmark (issue: engine and signed data set). Run from the repository root after scripts/test.sh
// (or the native and wasm builds):   node tests/bench/engine-bench.mjs [--quick]
// Prints markdown tables: Argon2id native vs wasm under Node (same source, same run), build throughput
// against the ideal (cores / single-hash time), bytes per record, and lookup time once the bucket is in memory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const quick = process.argv.includes('--quick');
const native = 'build/native/tests/engine_bench';
const wasm = 'build/wasm/tests/engine_bench.js';
const cli = 'build/native/wasm/breachcheck';
const catalog = 'wasm/catalog/viamedis-almerys-2024.json';
const cores = cpus().length;

const run = (cmd, args) => execFileSync(cmd, args, { maxBuffer: 1 << 26 }).toString();
const json = (text) => JSON.parse(text.trim().split('\n').pop());
const kdfNative = (ops, mem, reps) => json(run(native, ['kdf', ops, mem, reps].map(String)));
const kdfWasm = (ops, mem, reps) => json(run('node', ['--no-experimental-fetch', wasm, 'kdf', ...[ops, mem, reps].map(String)]));

console.log(`# Engine benchmark (${cores} cores, ${new Date().toISOString().slice(0, 10)})\n`);
console.log('## Argon2id (crypto_pwhash, one lane), native vs wasm in Node, same run\n');
console.log('| parameters | native median | wasm median | wasm / native | wasm first call |');
console.log('|---|---:|---:|---:|---:|');
for (const [ops, memKiB, reps] of [[3, 65536, quick ? 3 : 7], [2, 16384, quick ? 5 : 15], [1, 8192, quick ? 5 : 25]]) {
  const n = kdfNative(ops, memKiB, reps);
  const w = kdfWasm(ops, memKiB, reps);
  console.log(`| ${memKiB / 1024} MiB, t=${ops}${memKiB === 65536 ? ' (default)' : ''} | ${n.medianMs.toFixed(1)} ms | ${w.medianMs.toFixed(1)} ms | ${(w.medianMs / n.medianMs).toFixed(2)} | ${w.firstMs.toFixed(1)} ms |`);
}

const work = mkdtempSync(join(tmpdir(), 'bc-bench-'));
try {
  run(cli, ['keygen', '--out', join(work, 'keys')]);
  const build = (records, opsMem, threads, k = 50) => {
    const csv = join(work, `r${records}.csv`);
    run(cli, ['synth', '--count', String(records), '--out', csv, '--seed', '3']);
    return json(run(cli, ['build', '--records', csv, '--catalog', catalog, '--key', join(work, 'keys/publisher.key'),
      '--out', join(work, 'set.bcd'), '--quiet', '--threads', String(threads), '--k', String(k), ...opsMem]));
  };

  console.log('\n## Build throughput against the ideal (cores / single-hash time)\n');
  console.log('| KDF setting | single hash | ideal | measured (hashing stage) | share of ideal | non-KDF work per record |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [ops, memKiB, records] of [[1, 1024, quick ? 4000 : 20000], [1, 8192, quick ? 1000 : 4000]]) {
    const single = kdfNative(ops, memKiB, 30).medianMs;
    const ideal = (cores * 1000) / single;
    const report = build(records, ['--ops', String(ops), '--mem-kib', String(memKiB)], cores);
    const measured = report.records / report.hashSeconds;
    const overheadUs = ((report.totalSeconds - report.hashSeconds) * 1e6) / report.records;
    console.log(`| ${memKiB} KiB, t=${ops}, ${report.records} records | ${single.toFixed(2)} ms | ${ideal.toFixed(0)} rec/s | ${measured.toFixed(0)} rec/s | ${((100 * measured) / ideal).toFixed(1)} % | ${overheadUs.toFixed(1)} µs |`);
  }

  console.log('\n## Data set size (light KDF 8 KiB, t=1; size does not depend on the KDF)\n');
  console.log('| records | P | buckets | capacity | real per bucket min / mean / max | file | bytes per record |');
  console.log('|---:|---:|---:|---:|---|---:|---:|');
  for (const records of quick ? [100000] : [100000, 1000000]) {
    const r = build(records, ['--ops', '1', '--mem-kib', '8'], cores);
    console.log(`| ${r.records} | ${r.prefixBits} | ${r.buckets} | ${r.bucketCapacity} | ${r.realPerBucket.min} / ${r.realPerBucket.mean.toFixed(1)} / ${r.realPerBucket.max} | ${(r.fileBytes / 1e6).toFixed(2)} MB | ${r.bytesPerRecord.toFixed(2)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log('\n## Lookup once the bucket is in memory (signature check + constant-time scan + decrypt)\n');
console.log('| build | records | bucket entries | bucket bytes | median |');
console.log('|---|---:|---:|---:|---:|');
for (const [label, cmd, pre] of [['native', native, []], ['wasm (Node)', 'node', ['--no-experimental-fetch', wasm]]]) {
  const r = json(run(cmd, [...pre, 'lookup', '60000', '6']));
  console.log(`| ${label} | ${r.records} | ${r.bucketCapacity} | ${r.bucketBytes} | ${(r.medianUs / 1000).toFixed(3)} ms |`);
}

console.log('\n## Hardened mode: the VOPRF steps (one check = blind + finalize in the browser, one server evaluation)\n');
console.log('| build | client blind | client finalize (proof verified) | server evaluation (with proof) | builder direct evaluation |');
console.log('|---|---:|---:|---:|---:|');
const oprfRows = {};
for (const [label, cmd, pre] of [['native', native, []], ['wasm (Node)', 'node', ['--no-experimental-fetch', wasm]]]) {
  const r = json(run(cmd, [...pre, 'oprf', quick ? '50' : '300']));
  oprfRows[label] = r;
  console.log(`| ${label} | ${r.blindUs.toFixed(0)} us | ${r.finalizeUs.toFixed(0)} us | ${r.serverEvaluateUs.toFixed(0)} us | ${r.directEvaluateUs.toFixed(0)} us |`);
}
const ratio = (k) => (oprfRows['wasm (Node)'][k] / oprfRows.native[k]).toFixed(2);
console.log(`| wasm / native | ${ratio('blindUs')} | ${ratio('finalizeUs')} | ${ratio('serverEvaluateUs')} | ${ratio('directEvaluateUs')} |`);
