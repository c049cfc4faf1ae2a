// SPDX-License-Identifier: MPL-2.0
// Peers mode of tests/bench/browser-bench.mjs: the engine's Argon2id against other Argon2id
// libraries for the web, each in its own Web Worker in the same headless Chromium page, interleaved round by
// round (the order rotates every round), and native libsodium (engine_bench, the same C++ as the engine)
// between the rounds. Steady state: `--warmups` rounds thrown away, then `--rounds` rounds; each round gives
// one ratio per pair, and the table shows the median of those paired ratios (a shared machine's load moves
// all of a round's times together, so ratios from one round are far steadier than times).
// Cold start: `--cold` rounds of two fresh browser contexts, in alternating order: (a) the widget's
// `BreachCheck.load` resolves, "Check" is pressed at once, time to the verdict (target 1); (b) a
// fresh module worker with libsodium-wrappers-sumo: its first crypto_pwhash (after sodium.ready).
// Every implementation's output is checked: the peers' 32-byte hashes must be equal, and the engine's bucket
// and the record's fingerprint (derived from the peers' hash with crypto_kdf, docs/FORMAT.md) must be the ones
// the native builder wrote into the data set.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers-sumo';
import { ROOT, expectStatus, identity, median, ms, openInFreshPage, startBench } from './setup.mjs';

const TESTS = join(ROOT, 'tests');
const PEERS = [
  { name: 'sumo', label: 'libsodium-wrappers-sumo 0.8.4', entry: 'sumo.js', format: 'esm' },
  { name: 'argon2-browser', label: 'argon2-browser 1.18.0 (SIMD build)', entry: 'argon2-browser.js', format: 'iife' },
  { name: 'hash-wasm', label: 'hash-wasm 4.13.0', entry: 'hash-wasm.js', format: 'esm' },
];
const packageVersion = (name) => JSON.parse(readFileSync(join(TESTS, 'node_modules', name, 'package.json'), 'utf8')).version;

// Bundles the peer workers into SITE/bench/peers/ with esbuild (web/'s pinned devDependency), the libraries
// resolved from tests/node_modules.
async function buildPeerWorkers(site) {
  const esbuild = await import(join(ROOT, 'web/node_modules/esbuild/lib/main.js'));
  const out = join(site, 'bench/peers');
  mkdirSync(join(out, 'argon2-browser'), { recursive: true });
  for (const peer of PEERS) {
    await esbuild.build({
      entryPoints: [join(ROOT, 'tests/bench/browser/peer-workers', peer.entry)],
      bundle: true, format: peer.format, target: 'es2020', platform: 'browser', outfile: join(out, peer.entry),
      nodePaths: [join(TESTS, 'node_modules')], external: ['crypto', 'fs', 'path'], logLevel: 'error',
    });
  }
  const a2 = join(TESTS, 'node_modules/argon2-browser');
  cpSync(join(a2, 'lib/argon2.js'), join(out, 'argon2-browser/argon2-loader.js'));
  cpSync(join(a2, 'dist/argon2.js'), join(out, 'argon2-browser/argon2.js'));
  cpSync(join(a2, 'dist/argon2-simd.wasm'), join(out, 'argon2-browser/argon2-simd.wasm'));
}

// In the page: start peer workers and hash with them. Times are page-side round trips (as for the engine: a
// check until its worker asks for the bucket) and, separately, the hash call timed inside the worker.
const PEER_HELPERS = `
  window.__peers = {
    workers: {}, nextId: 1,
    start(name, url, type) {
      const t0 = performance.now();
      const worker = new Worker(url, { type, name });
      const pending = new Map();
      const ready = new Promise((resolve, reject) => {
        worker.onmessage = (event) => {
          const m = event.data;
          if (m.loaded) { resolve(performance.now() - t0); return; }
          const entry = pending.get(m.id);
          pending.delete(m.id);
          if (m.error) entry.reject(new Error(name + ': ' + m.error)); else entry.resolve(m);
        };
        worker.onerror = (e) => reject(new Error(name + ': worker error ' + (e.message || '')));
      });
      this.workers[name] = { worker, pending, ready };
      return ready;
    },
    async hash(name, password, salt, ops, memKiB) {
      const w = this.workers[name];
      await w.ready;
      const id = this.nextId++;
      const t = performance.now();
      const answer = await new Promise((resolve, reject) => {
        w.pending.set(id, { resolve, reject });
        w.worker.postMessage({ id, password: new Uint8Array(password), salt: new Uint8Array(salt), ops, memKiB });
      });
      return { ms: performance.now() - t, inWorkerMs: answer.ms, hash: answer.hash };
    },
  };`;

// "bc-id-v1" || NIR without its key (13) || YYYYMMDD || rank: the canonical identity (docs/FORMAT.md).
function canonicalIdentity(who) {
  return [...Buffer.from(`bc-id-v1${who.nir.slice(0, 13)}${who.birthDate.replaceAll('-', '')}${who.birthRank || '1'}`)];
}

function nativeArgon2id(benchBin, ops, memKiB) {
  const line = execFileSync(benchBin, ['kdf', String(ops), String(memKiB), '1'], { encoding: 'utf8', cwd: ROOT });
  return JSON.parse(line.trim().split('\n').pop());
}

const ratio = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const spread = (xs) => `${ratio(Math.min(...xs))}-${ratio(Math.max(...xs))}`;

export async function runPeers({ site, siteB, minified, d, publicKey, option }) {
  const engineB = Boolean(siteB);
  if (engineB) cpSync(join(siteB, 'dist'), join(site, 'dist-b'), { recursive: true });
  const WARMUPS = Number(option('--warmups', 2));
  const ROUNDS = Number(option('--rounds', 15));
  const COLD = Number(option('--cold', 7));
  // "Typed first": the engine (or sumo's worker) started, the person types for TYPED_DELAY ms, then presses.
  const TYPED = Number(option('--typed-first', 3));
  const TYPED_DELAY = Number(option('--typed-delay', 8000));
  // The CPU throttle rates the typed-first rounds run at (DevTools Emulation.setCPUThrottlingRate, from the
  // page's opening to the answer, on both sides alike): each round runs once at every rate.
  const TYPED_THROTTLES = String(option('--typed-throttle', '1,4')).split(',').map(Number).filter((r) => r >= 1);
  const benchBin = option('--native-bench', join(ROOT, 'build/native/tests/engine_bench'));
  if (!existsSync(benchBin)) throw new Error(`${benchBin} not found: build the native tree (target engine_bench)`);
  for (const peer of PEERS) {
    const pkg = peer.label.split(' ')[0];
    if (!peer.label.includes(packageVersion(pkg))) throw new Error(`${pkg}: installed ${packageVersion(pkg)}, not as labelled`);
  }
  await sodium.ready;
  await buildPeerWorkers(site);

  const bcd = readFileSync(d.bcd);
  const ops = bcd.readUInt32LE(24);
  const memKiB = bcd.readUInt32LE(28);
  const salt = [...bcd.subarray(32, 48)];
  const password = canonicalIdentity(d.affected);
  const who = identity(d.affected);

  const bench = await startBench(site);
  const chromiumVersion = bench.browser.version();
  const steady = { engine: [], engineWhole: [], engineB: [], native: [], engineInWorker: [], engineScalarInWorker: [],
    sumoInWorker: [] };
  for (const peer of PEERS) steady[peer.name] = [];
  const cold = { engineLoadToVerdict: [], engineStartToVerdict: [], engineImportToVerdict: [], sumoFirstHash: [],
    sumoStartToHash: [], engineBLoadToVerdict: [] };
  const typed = Object.fromEntries(TYPED_THROTTLES.map((rate) => [rate, { engine: [], sumo: [] }]));
  const hashes = new Map();
  let engineBucket = null;
  try {
    // ---- steady state: one page, the engine (after its load-time warm-up) and the three peer workers.
    const a = await openInFreshPage(bench, d, publicKey);
    await a.page.evaluate(() => window.__bench.idle());
    await a.page.evaluate(PEER_HELPERS);
    if (engineB) {
      await a.page.evaluate(([u, k]) => { window.__benchB = window.__makeBench('/dist-b/breachcheck.mjs');
        return window.__benchB.open(u, k); }, [`${bench.server.origin}/data/${d.name}.bcd`, publicKey]);
      await a.page.evaluate(() => window.__benchB.idle());
    }
    for (const peer of PEERS) {
      await a.page.evaluate(([n, u, t]) => window.__peers.start(n, u, t),
        [peer.name, `/bench/peers/${peer.entry}`, peer.format === 'esm' ? 'module' : 'classic']);
    }
    const names = ['engine', ...(engineB ? ['engineB'] : []), ...PEERS.map((p) => p.name)];
    for (let round = 0; round < WARMUPS + ROUNDS; round += 1) {
      const times = {};
      // Rotate the order every round, so no implementation always runs right after another one.
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const name of order) {
        if (name === 'engine') {
          const r = await a.page.evaluate((id) => window.__bench.argon2id(id), who);
          times.engine = r.ms;
          times.engineWhole = r.whole; // the whole check: Check -> verdict back on the page (bucket read and lookup too)
          engineBucket = r;
          // The same derivation timed inside a worker (engine-kdf-worker.js), against sumo's in-worker time:
          // the engine's WebAssembly SIMD build and its scalar build, one after the other, in the order of the round.
          const builds = round % 2 ? ['scalar', 'simd128'] : ['simd128', 'scalar'];
          for (const build of builds) {
            const alone = await a.page.evaluate(([id, b]) => window.__bench.kdfAlone(id, b), [who, build]);
            if (alone.offset !== r.offset) throw new Error(`Argon2id alone (${build}) chose another bucket`);
            times[build === 'simd128' ? 'engineInWorker' : 'engineScalarInWorker'] = alone.ms;
          }
        } else if (name === 'engineB') {
          const r = await a.page.evaluate((id) => window.__benchB.argon2id(id), who);
          if (r.bucket !== engineBucket.bucket) throw new Error('the second build found another bucket');
          times.engineB = r.ms;
        } else {
          const r = await a.page.evaluate(([n, p, s, o, m]) => window.__peers.hash(n, p, s, o, m),
            [name, password, salt, ops, memKiB]);
          times[name] = r.ms;
          if (name === 'sumo') times.sumoInWorker = r.inWorkerMs;
          if (!hashes.has(name)) hashes.set(name, new Set());
          hashes.get(name).add(r.hash);
        }
      }
      times.native = nativeArgon2id(benchBin, ops, memKiB).medianMs;
      if (round >= WARMUPS) for (const [k, v] of Object.entries(times)) steady[k].push(v);
    }
    if (a.errors.length) throw new Error(`page errors: ${a.errors.join('; ')}`);
    await a.context.close();

    // ---- cold start: fresh contexts, the engine and sumo alternately first.
    for (let round = 0; round < COLD; round += 1) {
      const engineCold = async (b = false) => {
        const e = await openInFreshPage(bench, d, publicKey, b ? '/dist-b/breachcheck.mjs' : null);
        const got = await e.page.evaluate((id) => window.__bench.check(id), who);
        expectStatus(got, 'affected', 'cold check');
        if (b) {
          cold.engineBLoadToVerdict.push(got.end - e.opened.loadEnd);
        } else {
          cold.engineLoadToVerdict.push(got.end - e.opened.loadEnd);
          cold.engineStartToVerdict.push(got.end - e.opened.loadStart);
          // From the page asking for the widget (import of breachcheck.mjs, then load), as sumo's figure starts
          // when the page asks for its worker: both include their downloads and their start.
          cold.engineImportToVerdict.push(got.end - (e.opened.loadStart - e.opened.importMs));
        }
        if (e.errors.length) throw new Error(`page errors: ${e.errors.join('; ')}`);
        await e.context.close();
      };
      const sumoCold = async () => {
        const s = await bench.freshPage();
        await s.page.evaluate(PEER_HELPERS);
        const startMs = await s.page.evaluate(() => window.__peers.start('sumo', '/bench/peers/sumo.js', 'module'));
        const r = await s.page.evaluate(([p, sa, o, m]) => window.__peers.hash('sumo', p, sa, o, m),
          [password, salt, ops, memKiB]);
        hashes.get('sumo').add(r.hash);
        cold.sumoFirstHash.push(r.inWorkerMs);
        cold.sumoStartToHash.push(startMs + r.ms);
        if (s.errors.length) throw new Error(`page errors: ${s.errors.join('; ')}`);
        await s.context.close();
      };
      if (round % 2) { await sumoCold(); await engineCold(); } else { await engineCold(); await sumoCold(); }
      if (engineB) await engineCold(true);
    }

    // ---- typed first: a fresh page, the engine loaded (sumo: its worker started), TYPED_DELAY ms of typing,
    // then the check (the hash): press -> verdict (hash back on the page).
    const throttle = async (fresh, rate) => {
      if (rate === 1) return;
      const cdp = await fresh.context.newCDPSession(fresh.page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    };
    for (let round = 0; round < TYPED; round += 1) {
      for (const rate of TYPED_THROTTLES) {
        const engineTyped = async () => {
          const fresh = await bench.freshPage();
          await throttle(fresh, rate);
          const e = await openInFreshPage(bench, d, publicKey, null, fresh);
          await e.page.waitForTimeout(TYPED_DELAY);
          const got = await e.page.evaluate((id) => window.__bench.check(id), who);
          expectStatus(got, 'affected', 'typed-first check');
          typed[rate].engine.push(got.total);
          await e.context.close();
        };
        const sumoTyped = async () => {
          const s = await bench.freshPage();
          await throttle(s, rate);
          await s.page.evaluate(PEER_HELPERS);
          await s.page.evaluate(() => window.__peers.start('sumo', '/bench/peers/sumo.js', 'module'));
          await s.page.waitForTimeout(TYPED_DELAY);
          const r = await s.page.evaluate(([pw, sa, o, m]) => window.__peers.hash('sumo', pw, sa, o, m),
            [password, salt, ops, memKiB]);
          hashes.get('sumo').add(r.hash);
          typed[rate].sumo.push(r.ms);
          await s.context.close();
        };
        if (round % 2) { await sumoTyped(); await engineTyped(); } else { await engineTyped(); await sumoTyped(); }
      }
    }
  } finally {
    await bench.stop();
  }

  // ---- outputs: every peer gave one and the same hash; the engine's bucket and the record's fingerprint agree.
  const all = new Set([...hashes.values()].flatMap((s) => [...s]));
  if (all.size !== 1) throw new Error(`the peers disagree: ${[...hashes].map(([n, s]) => `${n}: ${[...s]}`).join('; ')}`);
  const seed = Buffer.from([...all][0], 'hex');
  const tag = Buffer.from(sodium.crypto_kdf_derive_from_key(32, 1, 'bchk-v01', seed));
  const prefixBits = bcd[11];
  const bucket = prefixBits === 0 ? 0 : tag.readUInt32BE(0) >>> (32 - prefixBits);
  if (bucket !== engineBucket.bucket) throw new Error(`engine bucket ${engineBucket.bucket}, peers' hash gives ${bucket}`);
  const bucketBytes = bcd.subarray(engineBucket.offset, engineBucket.offset + engineBucket.length);
  if (bucketBytes.indexOf(tag.subarray(4, 12)) < 0) throw new Error('the fingerprint from the peers\' hash is not in the bucket');

  const pairs = (x, y) => steady[x].map((t, i) => t / steady[y][i]);
  const out = [];
  const p = (line = '') => out.push(line);
  p(`### Argon2id in the browser: the engine and its peers (${d.label})`);
  p();
  p(`Headless Chromium ${chromiumVersion}; site built by web/tools/build.mjs (widget ${minified ? 'minified' : 'NOT minified'}). ` +
    `Each implementation in its own Web Worker of one page; ${WARMUPS} warm-up rounds, then ${ROUNDS} rounds, the ` +
    'order rotating every round; times are page-side worker round trips (the engine: a whole check through the ' +
    'widget\'s worker, timed from `check` to the worker asking for the bucket, i.e. the message, input ' +
    'validation, Argon2id and the request back). Native: `engine_bench kdf` (same C++ as the engine, Debian libsodium 1.0.18), its second ' +
    'call, once per round. Outputs checked: the three peers gave the same 32-byte hash in every round, and the ' +
    'engine\'s bucket and the builder\'s fingerprint (native libsodium) are the ones that hash gives.');
  p();
  p('| implementation | median time | engine / it: median of the paired ratios | paired ratios, min-max |');
  p('|---|---:|---:|---:|');
  p(`| **the engine** (breachcheck wasm, Emscripten 3.1.6) | ${ms(median(steady.engine))} | 1 | |`);
  for (const peer of PEERS) {
    const r = pairs('engine', peer.name);
    p(`| ${peer.label} | ${ms(median(steady[peer.name]))} | **${ratio(median(r))}** | ${spread(r)} |`);
  }
  if (engineB) {
    const rb = pairs('engine', 'engineB');
    p(`| the engine built from ${option('--engine-b', '')} (\`--engine-b\`) | ${ms(median(steady.engineB))} | **${ratio(median(rb))}** | ${spread(rb)} |`);
    const rbs = pairs('engineB', 'sumo');
    p(`| (that build / sumo) | | ${ratio(median(rbs))} | ${spread(rbs)} |`);
  }
  const whole = pairs('engineWhole', 'sumo');
  p(`| the engine's whole check (\`check\` -> verdict back on the page, bucket read and lookup included) / sumo's hash round trip | ` +
    `${ms(median(steady.engineWhole))} / ${ms(median(steady.sumo))} | **${ratio(median(whole))}** | ${spread(whole)} |`);
  const inWorker = pairs('engineInWorker', 'sumoInWorker');
  const scalarInWorker = pairs('engineScalarInWorker', 'sumoInWorker');
  const simdOverScalar = pairs('engineInWorker', 'engineScalarInWorker');
  p(`| timed inside the workers: the engine's \`startCheck\`, WebAssembly SIMD build / sumo's crypto_pwhash | ` +
    `${ms(median(steady.engineInWorker))} / ${ms(median(steady.sumoInWorker))} | **${ratio(median(inWorker))}** | ${spread(inWorker)} |`);
  p(`| timed inside the workers: the engine's \`startCheck\`, scalar build / sumo's crypto_pwhash | ` +
    `${ms(median(steady.engineScalarInWorker))} / ${ms(median(steady.sumoInWorker))} | **${ratio(median(scalarInWorker))}** | ${spread(scalarInWorker)} |`);
  p(`| timed inside the workers: SIMD build / scalar build | | **${ratio(median(simdOverScalar))}** | ${spread(simdOverScalar)} |`);
  const nr = pairs('engine', 'native');
  p(`| native libsodium 1.0.18 (engine_bench, same machine) | ${ms(median(steady.native))} | **${ratio(median(nr))}** | ${spread(nr)} |`);
  p();
  const target3 = median(pairs('engine', 'sumo'));
  p(`Steady state (target <= 0.8 x sumo): engine (the widget's check, SIMD build in this browser) / sumo = **${ratio(target3)}**, ${target3 <= 0.8 ? 'met' : 'not met'}.`);
  p();
  p(`Cold start, ${COLD} rounds of fresh browser contexts (engine and sumo alternately first):`);
  p();
  const coldPairs = cold.engineLoadToVerdict.map((t, i) => t / cold.sumoFirstHash[i]);
  p('| | median | min-max |');
  p('|---|---:|---:|');
  p(`| engine: \`load\` resolves -> Check pressed at once -> verdict | ${ms(median(cold.engineLoadToVerdict))} | ${ms(Math.min(...cold.engineLoadToVerdict))}-${ms(Math.max(...cold.engineLoadToVerdict))} |`);
  p(`| engine: \`load\` called -> verdict (engine start, header, check) | ${ms(median(cold.engineStartToVerdict))} | ${ms(Math.min(...cold.engineStartToVerdict))}-${ms(Math.max(...cold.engineStartToVerdict))} |`);
  p(`| sumo: first crypto_pwhash in a fresh worker (after sodium.ready) | ${ms(median(cold.sumoFirstHash))} | ${ms(Math.min(...cold.sumoFirstHash))}-${ms(Math.max(...cold.sumoFirstHash))} |`);
  p(`| sumo: worker start -> first hash answered | ${ms(median(cold.sumoStartToHash))} | ${ms(Math.min(...cold.sumoStartToHash))}-${ms(Math.max(...cold.sumoStartToHash))} |`);
  const target1 = median(coldPairs);
  p(`| **engine load->verdict / sumo first hash** (paired by round; target 1: <= 1.1) | **${ratio(target1)}** (${target1 <= 1.1 ? 'met' : 'not met'}) | ${spread(coldPairs)} |`);
  const samePairs = cold.engineImportToVerdict.map((t, i) => t / cold.sumoStartToHash[i]);
  p(`| engine: the page asks for it (import of breachcheck.mjs, \`load\`) -> Check pressed at once -> verdict back on the page | ${ms(median(cold.engineImportToVerdict))} | ${ms(Math.min(...cold.engineImportToVerdict))}-${ms(Math.max(...cold.engineImportToVerdict))} |`);
  const sameStart = median(samePairs);
  p(`| **the same start and end on both sides: engine (page asks for it -> verdict) / sumo (page asks for its worker -> hash back)** (target <= 0.9) | **${ratio(sameStart)}** (${sameStart <= 0.9 ? 'met' : 'not met'}) | ${spread(samePairs)} |`);
  if (TYPED) {
    for (const rate of TYPED_THROTTLES) {
      const { engine, sumo } = typed[rate];
      const at = rate === 1 ? '' : `, CPU throttled ${rate}x`;
      const typedPairs = engine.map((t, i) => t / sumo[i]);
      p(`| typed first (${TYPED} rounds, ${TYPED_DELAY / 1000} s after the start${at}): engine, Check pressed -> verdict | ${ms(median(engine))} | ${ms(Math.min(...engine))}-${ms(Math.max(...engine))} |`);
      p(`| typed first${at}: sumo, hash asked -> hash back | ${ms(median(sumo))} | ${ms(Math.min(...sumo))}-${ms(Math.max(...sumo))} |`);
      p(`| typed first${at}: engine / sumo (paired) | ${ratio(median(typedPairs))} | ${spread(typedPairs)} |`);
    }
  }
  if (engineB) {
    const bPairs = cold.engineBLoadToVerdict.map((t, i) => t / cold.sumoFirstHash[i]);
    p(`| the \`--engine-b\` build: load resolves -> verdict (after the same round's sumo) | ${ms(median(cold.engineBLoadToVerdict))} | ` +
      `${ms(Math.min(...cold.engineBLoadToVerdict))}-${ms(Math.max(...cold.engineBLoadToVerdict))} |`);
    p(`| the \`--engine-b\` build: load->verdict / sumo first hash | ${ratio(median(bPairs))} | ${spread(bPairs)} |`);
  }
  return out;
}
