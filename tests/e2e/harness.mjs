// SPDX-License-Identifier: MPL-2.0
// Test fixtures for the browser suite: a small signed data set built with the publisher CLI, the site built
// into a temporary directory (the repository's public/ is never touched), static servers, and Chromium.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function firstExisting(paths) {
  return paths.find((p) => p && existsSync(p));
}

export function findTools() {
  const cli = firstExisting([process.env.BREACHCHECK_CLI, join(ROOT, 'build/native/wasm/breachcheck')]);
  const wasmDir = firstExisting([process.env.BREACHCHECK_WASM_DIR, join(ROOT, 'build/wasm')]
    .map((d) => d && existsSync(join(d, 'wasm/bindings/breachcheck-engine.single.js')) ? d : null));
  if (!cli) throw new Error('publisher CLI not found: build it (cmake --preset native) or set BREACHCHECK_CLI');
  if (!wasmDir) throw new Error('wasm build not found: run scripts/build-wasm.sh or set BREACHCHECK_WASM_DIR');
  return { cli, wasmDir };
}

export function run(cmd, args, options = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

// NIR key: 97 - (N mod 97), Corsica 2A -> 19, 2B -> 18 (docs/ERRORS.md).
export function nirKey(nir13) {
  const n = BigInt(nir13.replace('2A', '19').replace('2B', '18'));
  return String(97n - (n % 97n)).padStart(2, '0');
}

function parseCsv(text) {
  // The synthetic file quotes some insurer names; only the first five columns matter here.
  return text.trim().split('\n').slice(1).map((line) => {
    const [nir, birthDate, birthRank, operator] = line.split(',');
    return { nir, birthDate, birthRank, operator };
  });
}

// Identities chosen from the synthetic records, each confirmed by the CLI oracle: self (NIR and date agree),
// beneficiary (they do not), twin (rank 2), notFound (a valid NIR that is not in the list).
export function chooseIdentities(recordsCsv, oracle, { only } = {}) {
  const rows = parseCsv(readFileSync(recordsCsv, 'utf8'));
  const matchesNir = (r) => r.birthDate.slice(2, 4) === r.nir.slice(1, 3) && r.birthDate.slice(5, 7) === r.nir.slice(3, 5);
  const self = rows.find((r) => matchesNir(r) && r.birthRank !== '2' && /^[12]/.test(r.nir));
  const ids = { self: { ...self, expected: oracle(self.nir, self.birthDate) } };
  if (!only || only.includes('beneficiary')) {
    const beneficiary = rows.find((r) => !matchesNir(r) && r.birthRank !== '2' && /^\d{15}$/.test(r.nir));
    ids.beneficiary = { ...beneficiary, expected: oracle(beneficiary.nir, beneficiary.birthDate, { beneficiary: true }) };
  }
  if (!only || only.includes('twin')) {
    const twin = rows.find((r) => r.birthRank === '2' && matchesNir(r))
      || rows.find((r) => r.birthRank === '2');
    ids.twin = { ...twin, twinIsBeneficiary: !matchesNir(twin),
      expected: oracle(twin.nir, twin.birthDate, { rank: 2, beneficiary: !matchesNir(twin) }) };
  }
  // Not found: the same person with another order number (a valid NIR that is not in the list).
  const base = self.nir.slice(0, 10);
  for (let order = 1; order < 999; order += 1) {
    const nir13 = `${base}${String(order).padStart(3, '0')}`;
    const nir = `${nir13}${nirKey(nir13)}`;
    if (rows.some((r) => r.nir === nir)) continue;
    const expected = oracle(nir, self.birthDate);
    if (expected.status === 'not_found') { ids.notFound = { nir, birthDate: self.birthDate, expected }; break; }
  }
  for (const [name, id] of Object.entries(ids)) {
    const want = name === 'notFound' ? 'not_found' : 'affected';
    if (id.expected.status !== want) throw new Error(`oracle: ${name} is ${id.expected.status}, expected ${want}`);
  }
  return ids;
}

// The site, built into DIR/site (the repository's public/ is never touched) with DATASET as its demo data set
// and the test pages under test/. `config` is merged into the generated demo-config.js.
export function buildSite(dir, dataset, pubkeyFile, wasmDir, config = null) {
  const site = join(dir, 'site');
  cpSync(join(ROOT, 'public'), site, { recursive: true, filter: (src) => !/\/public\/(dist|data)(\/|$)/.test(src) });
  // What the build prints (the snippets to paste) is kept for tests/e2e/element-api.mjs.
  writeFileSync(join(dir, 'build-web.log'), run(process.execPath, [join(ROOT, 'web/tools/build.mjs'), wasmDir, '--out', site,
    '--demo-dataset', dataset, '--demo-pubkey', pubkeyFile]));
  mkdirSync(join(site, 'test'), { recursive: true });
  cpSync(join(ROOT, 'tests/e2e/fixtures'), join(site, 'test'), { recursive: true });
  if (config) {
    const file = join(site, 'data/demo-config.js');
    const current = JSON.parse(/self\.BREACHCHECK_CONFIG = (\{[^]*\});/.exec(readFileSync(file, 'utf8'))[1]);
    writeFileSync(file, `self.BREACHCHECK_CONFIG = ${JSON.stringify({ ...current, ...config }, null, 2)};\n`);
  }
  return site;
}

/**
 * The suites' signed test data set in `dir`: a new key pair (keys/), `count` synthetic records from a fixed seed,
 * built with the light KDF (8 MiB, 1 pass: pages opt in with allow-weak-kdf). Returns {dataset, pubkeyFile}.
 */
export function buildSignedDataset(cli, dir, count) {
  run(cli, ['keygen', '--out', join(dir, 'keys')]);
  run(cli, ['synth', '--count', String(count), '--out', join(dir, 'records.csv'), '--seed', '20240207']);
  const dataset = join(dir, 'test.bcd');
  run(cli, ['build', '--records', join(dir, 'records.csv'), '--catalog', join(ROOT, 'wasm/catalog/viamedis-almerys-2024.json'),
    '--key', join(dir, 'keys/publisher.key'), '--out', dataset, '--k', '10', '--ops', '1', '--mem', '8',
    '--publisher', 'Mutuelle Démo (tests)', '--quiet']);
  return { dataset, pubkeyFile: join(dir, 'keys/publisher.pub') };
}

export const PUBLISHER_FIELDS = { contact: 'tel:01 23 45 67 89', legal: 'https://mutuelle-demo.example/mentions-legales' };

export function buildFixtures() {
  const { cli, wasmDir } = findTools();
  const dir = mkdtempSync(join(tmpdir(), 'bc-e2e-'));
  const { dataset, pubkeyFile } = buildSignedDataset(cli, dir, 2000);
  const publicKey = readFileSync(pubkeyFile, 'utf8').trim();
  const info = JSON.parse(run(cli, ['inspect', '--dataset', dataset]));

  // The fixture's light Argon2id (8 MiB, 1 pass) is below the default floor: the oracle opts in, as the pages do.
  const oracle = (nir, birthDate, { rank, beneficiary } = {}) => JSON.parse(run(cli, ['check', '--dataset', dataset,
    '--pubkey', pubkeyFile, '--allow-weak-kdf', '--nir', nir, '--birth-date', birthDate,
    ...(rank ? ['--birth-rank', String(rank)] : []), ...(beneficiary ? ['--beneficiary'] : [])]));

  const ids = chooseIdentities(join(dir, 'records.csv'), oracle);
  // The deployment's publisher fields (public/app.js): contact and legal notice, shown first in the page header.
  const site = buildSite(dir, dataset, pubkeyFile, wasmDir, { publisher: PUBLISHER_FIELDS });
  const bytes = readFileSync(dataset);
  const headerLength = bytes.length - info.buckets * info.bucketBytes;
  const bucketTampered = Buffer.from(bytes);
  for (let i = 0; i < info.buckets; i += 1) bucketTampered[headerLength + i * info.bucketBytes + 3] ^= 0x01;
  writeFileSync(join(site, 'data/tampered-bucket.bcd'), bucketTampered);
  const headerTampered = Buffer.from(bytes);
  headerTampered[200] ^= 0x20; // inside the signed metadata JSON
  writeFileSync(join(site, 'data/tampered-header.bcd'), headerTampered);

  return { dir, site, dataset, publicKey, info, ids, headerLength, oracle };
}

// Every process a suite starts is killed when the suite's process exits, however it exits (a failed assertion,
// an exception, Ctrl-C): no server or redis-server outlives the tests.
const children = new Set();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A TCP port that was free on 127.0.0.1 a moment ago (for servers that must know their peers' ports). */
export function freePort() {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePromise(port));
    });
  });
}

/** Starts CMD and resolves once its output (stdout or stderr) matches READY; rejects if it exits first. */
export function startProcess(cmd, args, ready, { timeoutMs = 15000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = track(spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      child.kill('SIGKILL');
      reject(new Error(`${cmd} not ready after ${timeoutMs} ms: ${out}`));
    }, timeoutMs);
    const onData = (chunk) => {
      // Without colour codes: tools colour their output when CI is set (Vite's "Local:" comes out bold).
      out += String(chunk).replace(/\x1b\[[0-9;]*m/g, '');
      if (!done && ready.test(out)) {
        done = true;
        clearTimeout(timer);
        resolvePromise({ child, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`${cmd} exited (${code ?? signal}): ${out}`));
    });
  });
}

/** Stops a process started with startProcess (SIGTERM, then SIGKILL after `graceMs`). */
export function stopProcess(proc, graceMs = 5000) {
  return new Promise((resolvePromise) => {
    const { child } = proc;
    if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(timer); resolvePromise(); });
    child.kill('SIGTERM');
  });
}

export function startServer(root, extraArgs = [], port = 0) {
  return new Promise((resolvePromise, reject) => {
    const child = track(spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--root', root, '--port', String(port), ...extraArgs],
      { stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolvePromise({ child, port: Number(m[1]), origin: `http://127.0.0.1:${m[1]}`, output: () => out });
    });
    child.stderr.on('data', (chunk) => { out += chunk; });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

export function stopServer(server) {
  return new Promise((r) => {
    if (server.child.exitCode !== null) return r();
    server.child.removeAllListeners('exit');
    server.child.once('exit', () => r());
    server.child.kill('SIGTERM');
  });
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'bc-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1000, height: 900 },
    ...options,
  });
}
