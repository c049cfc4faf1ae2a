// SPDX-License-Identifier: MPL-2.0
// The page / engine contract on the real engine (the wasm build's glue and .wasm, run by Node): every Embind
// call and every worker operation answers one shape, EngineReply (web/src/engine/reply.js), on success and on
// failure; the list of calls is read from the engine itself, so a call added without a case here fails.
// Also: the load-time warm-up never runs a full-size Argon2id, and a check's lookup keys
// live only inside the `check` operation. Needs scripts/build-wasm.sh (BREACHCHECK_WASM_DIR, default
// build/wasm); the warm-up case also builds a data set with the publisher CLI (BREACHCHECK_CLI, default
// build/native/wasm/breachcheck), like tests/e2e/harness.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { engineOperations as oneListOperations, OPERATIONS as ONE_LIST_OPERATIONS } from '../../web/src/engine/engine-worker.js';
import { directoryOperations, DIRECTORY_OPERATIONS } from '../../web/src/engine/directory-operations.js';
import { readerIo, FIXED_HEADER_BYTES } from '../../web/src/api/checker.js';
import { BytesReader, ReadError } from '../../web/src/engine/readers.js';
import { directoryFixture, checkArgs as checkDirectoryArgs } from './directory-fixture.mjs';

// The directory engine's worker runs both sets of operations (web/src/worker-directory.js); a one-list worker
// only the first.
const OPERATIONS = [...ONE_LIST_OPERATIONS, ...DIRECTORY_OPERATIONS];
const engineOperations = (engine) => ({ ...oneListOperations(engine), ...directoryOperations(engine) });

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WASM_DIR = resolve(process.env.BREACHCHECK_WASM_DIR || join(ROOT, 'build/wasm'), 'wasm/bindings');
const CLI = resolve(process.env.BREACHCHECK_CLI || join(ROOT, 'build/native/wasm/breachcheck'));
const GOLDEN = join(ROOT, 'tests/golden');
const golden = readFileSync(join(GOLDEN, 'golden.bcd'));
const goldenKey = readFileSync(join(GOLDEN, 'publisher.pub'), 'utf8').trim();
const goldenChecks = JSON.parse(readFileSync(join(GOLDEN, 'checks.json'), 'utf8'));
const goldenNow = JSON.parse(readFileSync(join(GOLDEN, 'expected.json'), 'utf8')).header.created + 86400;
const OTHER_KEY = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
// The golden directory (docs/DIRECTORY.md): one list, the golden data set, signed with tests/golden/directory.key.
const goldenDirectory = readFileSync(join(GOLDEN, 'directory.bcdir'));
const goldenDirectoryKey = readFileSync(join(GOLDEN, 'directory.pub'), 'utf8').trim();
const goldenDirectoryContacts = readFileSync(join(GOLDEN, 'directory-contacts.bcdir'));

// Embind's own methods on every class handle; everything else on the prototypes is an engine call.
const EMBIND_BUILTINS = new Set(['constructor', 'isAliasOf', 'clone', 'delete', 'isDeleted', 'deleteLater']);

// `name`: breachcheck-engine (static data sets, no VOPRF code), breachcheck-engine-hardened, or
// breachcheck-engine-directory (the static one with the directory calls: wasm/bindings/CMakeLists.txt).
async function startEngine(name = 'breachcheck-engine') {
  const glue = join(WASM_DIR, `${name}.js`);
  assert.ok(existsSync(glue), `missing ${glue}: run scripts/build-wasm.sh (or set BREACHCHECK_WASM_DIR)`);
  const { default: createBreachcheckEngine } = await import(pathToFileURL(glue).href);
  let memory = null;
  const module = await createBreachcheckEngine({
    wasmBinary: readFileSync(join(WASM_DIR, `${name}.wasm`)),
    // Keeps the instance's memory, to measure the heap from outside the engine.
    instantiateWasm(imports, done) {
      WebAssembly.instantiate(readFileSync(join(WASM_DIR, `${name}.wasm`)), imports).then(({ instance }) => {
        memory = Object.values(instance.exports).find((v) => v instanceof WebAssembly.Memory)
          || Object.values(imports).flatMap((ns) => Object.values(ns)).find((v) => v instanceof WebAssembly.Memory);
        done(instance);
      });
      return {};
    },
    print: () => {},
    printErr: () => {},
  });
  return { module, heapBytes: () => memory.buffer.byteLength };
}

// The directory engine has every call of the static one and the directory calls: the contract covers them all.
const { module } = await startEngine('breachcheck-engine-directory');

function callsOf(prototype) {
  return Object.getOwnPropertyNames(prototype).filter((name) => !EMBIND_BUILTINS.has(name) && typeof prototype[name] === 'function');
}

// The shape, written out here rather than imported, so that changing reply.js cannot make this test agree.
function assertReply(reply, what, { ok } = {}) {
  assert.ok(reply && typeof reply === 'object', `${what}: an object`);
  if (reply.ok === true) {
    assert.deepEqual(Object.keys(reply).sort(), ['ok', 'value'], `${what}: {ok: true, value}`);
  } else {
    assert.equal(reply.ok, false, `${what}: ok is true or false`);
    assert.deepEqual(Object.keys(reply).filter((k) => k !== 'retryAfter').sort(), ['code', 'ok', 'status'],
      `${what}: {ok: false, status, code}`);
    assert.ok(['integrity_error', 'unavailable'].includes(reply.status), `${what}: a failure status (${reply.status})`);
    assert.match(reply.code, /^[a-z_]{1,40}$/, `${what}: a code`);
  }
  if (ok !== undefined) assert.equal(reply.ok, ok, `${what}: ${ok ? 'success' : 'failure'} (${JSON.stringify(reply).slice(0, 160)})`);
  return reply;
}

// Every Embind call goes through here: its text must parse to the shape; the test remembers which ran how.
const covered = new Map(); // "Class.call" -> Set of 'ok' / 'failure'
function embind(target, className, name, args, expectOk) {
  const reply = assertReply(JSON.parse(target[name](...args)), `${className}.${name}`, { ok: expectOk });
  if (!covered.has(`${className}.${name}`)) covered.set(`${className}.${name}`, new Set());
  covered.get(`${className}.${name}`).add(reply.ok ? 'ok' : 'failure');
  return reply;
}

const bytes = (text) => new TextEncoder().encode(text);
const identity = (c) => [bytes(c.nir), bytes(c.birthDate), bytes(c.birthRank || ''), Boolean(c.beneficiary), 2026, 11, 30];

function openGolden(engine, key = goldenKey) {
  const fixed = embind(engine, 'Engine', 'fixedHeaderSize', [], true).value;
  const sizes = embind(engine, 'Engine', 'headerLength', [golden.subarray(0, fixed)], true).value;
  return embind(engine, 'Engine', 'open', [golden.subarray(0, sizes.headerLength), [key], 0, true, goldenNow, golden.length],
    key === goldenKey);
}

test('every Embind call answers an EngineReply, on success and on failure', () => {
  const engine = new module.Engine();
  // Failures first, on an engine without a verified header.
  embind(engine, 'Engine', 'warmUp', [], false);
  embind(engine, 'Engine', 'warmUpTouch', [], false);
  embind(engine, 'Engine', 'headerLength', [new Uint8Array(112)], false);
  embind(engine, 'Engine', 'open', [golden.subarray(0, 112), [goldenKey], 0, true, goldenNow, -1], false);
  embind(engine, 'Engine', 'open', [golden, [goldenKey], Number.NaN, true, goldenNow, -1], false);
  const early = engine.startCheck(...identity(goldenChecks[0]));
  for (const [name, args] of [['next', []], ['evaluated', ['{}']], ['evaluationFailed', ['oprf_refused', 0]],
    ['bucketRead', [new Uint8Array(4)]], ['bucketUnreadable', ['unavailable', 'read_failed']]]) {
    assert.equal(embind(early, 'CheckSession', name, args, false).code, 'engine_failure');
  }
  early.delete();
  assert.equal(openGolden(engine, OTHER_KEY).status, 'integrity_error');

  // Then success: the finished description of the data set, and one whole check step by step.
  const opened = openGolden(engine).value;
  assert.deepEqual(Object.keys(opened).sort(), ['catalog', 'dataset', 'insurers']);
  const { dataset } = opened;
  assert.equal(dataset.prefixBits, 1); // from the header (tests/golden/expected.json), not from bucketCount
  assert.equal(dataset.bucketCount, 2);
  assert.equal(dataset.mode, 'static');
  assert.equal(dataset.fileSize, golden.length);
  assert.equal(dataset.headerLength + dataset.bucketCount * dataset.bucketStride, golden.length);
  embind(engine, 'Engine', 'warmUp', [], true);
  while (!embind(engine, 'Engine', 'warmUpTouch', [], true).value.done);

  const session = engine.startCheck(...identity(goldenChecks[0]));
  const step = embind(session, 'CheckSession', 'next', [], true).value;
  assert.equal(step.need, 'bucket');
  // A static data set's session needs no evaluation: an answer is ignored, a malformed failure code refused.
  assert.equal(embind(session, 'CheckSession', 'evaluated', ['{}'], true).value.need, 'bucket');
  embind(session, 'CheckSession', 'evaluationFailed', ['Not A Code', 0], false);
  assert.equal(embind(session, 'CheckSession', 'evaluationFailed', ['oprf_refused', 0], true).value.need, 'bucket');
  embind(session, 'CheckSession', 'bucketUnreadable', ['affected', 'read_failed'], false); // not a failure status
  const done = embind(session, 'CheckSession', 'bucketRead', [golden.subarray(step.offset, step.offset + step.length)], true).value;
  assert.equal(done.need, 'nothing');
  assert.equal(done.result.status, 'affected');
  session.delete();

  const unreadable = engine.startCheck(...identity(goldenChecks[0]));
  const ended = embind(unreadable, 'CheckSession', 'bucketUnreadable', ['unavailable', 'read_timeout'], true).value;
  assert.deepEqual([ended.need, ended.result.status, ended.result.errors], ['nothing', 'unavailable', ['read_timeout']]);
  unreadable.delete();

  // A directory of lists (docs/DIRECTORY.md): failures first, then its one list opened and checked.
  // No directory open: no session at all.
  assert.deepEqual(engine.startDirectoryCheck(...identity(goldenChecks[0])), []);
  embind(engine, 'Engine', 'openListHeader', [0, golden.subarray(0, 112), goldenNow, -1], false); // no directory open
  assert.equal(embind(engine, 'Engine', 'openDirectory', [goldenDirectory, [OTHER_KEY], 0, goldenNow, true], false).code,
    'directory_key');
  assert.equal(embind(engine, 'Engine', 'openDirectory', [goldenDirectory, [goldenDirectoryKey], 4, goldenNow, true], false).code,
    'directory_rollback');
  const directory = embind(engine, 'Engine', 'openDirectory', [goldenDirectory, [goldenDirectoryKey], 3, goldenNow, true], true).value;
  assert.deepEqual([directory.version, directory.incident, directory.lists.length], [3, 'golden-incident', 1]);
  assert.deepEqual(directory.lists[0].name, { en: 'Test list', fr: 'Liste de test' });
  assert.equal(directory.lists[0].publisherKeys[0], goldenKey);
  assert.equal(directory.lists[0].kdf.memKiB, 8);
  // The incident and the lists are the signed body's, as written (the body spliced in, not rewritten): a list's
  // index is its position (the worker operation adds it, engine/directory-operations.js).
  const bodyLength = goldenDirectory.readUInt32LE(64);
  const signedBody = JSON.parse(goldenDirectory.subarray(68, 68 + bodyLength).toString('utf8'));
  assert.deepEqual({ incident: directory.incident, lists: directory.lists }, signedBody);
  assert.deepEqual(Object.keys(directory).sort(), ['created', 'incident', 'lists', 'notAfter', 'version']);
  const header = golden.subarray(0, dataset.headerLength);
  embind(engine, 'Engine', 'openListHeader', [1, header, goldenNow, golden.length], false); // no such list
  assert.equal(embind(engine, 'Engine', 'openListHeader', [0, header, goldenNow, golden.length - 1], false).code, 'file_size');
  const listOpened = embind(engine, 'Engine', 'openListHeader', [0, header, goldenNow, golden.length], true).value;
  assert.deepEqual(listOpened, opened, 'a list opens to the same description as the data set opened alone');
  // One CheckSession per opened list, at its index, asking for that list's bucket as a one-list check does.
  const [multi, ...noMore] = engine.startDirectoryCheck(...identity(goldenChecks[0]));
  assert.equal(noMore.length, 0, 'one session per list of the directory');
  const bucket = embind(multi, 'CheckSession', 'next', [], true).value;
  assert.deepEqual([bucket.need, bucket.offset, bucket.length], ['bucket', step.offset, step.length]);
  embind(multi, 'CheckSession', 'bucketUnreadable', ['affected', 'read_failed'], false); // not a failure status
  const multiDone = embind(multi, 'CheckSession', 'bucketRead', [golden.subarray(step.offset, step.offset + step.length)], true).value;
  assert.deepEqual([multiDone.need, multiDone.result.status], ['nothing', 'affected']);
  multi.delete();
  const [multiUnreadable] = engine.startDirectoryCheck(...identity(goldenChecks[0]));
  const multiEnded = embind(multiUnreadable, 'CheckSession', 'bucketUnreadable', ['unavailable', 'read_timeout'], true).value;
  assert.deepEqual([multiEnded.need, multiEnded.result.status], ['nothing', 'unavailable']);
  multiUnreadable.delete();
  // Each list's publisher contact, signed in the directory (tests/golden/directory-contacts.bcdir): in the reply
  // when the entry has one, absent otherwise.
  const withContacts = embind(engine, 'Engine', 'openDirectory', [goldenDirectoryContacts, [goldenDirectoryKey], 4, goldenNow, true], true).value;
  assert.deepEqual(withContacts.lists.map((l) => ('contact' in l ? l.contact : null)),
    ['tel:01 99 00 12 34', 'https://publisher.example.org/contact', 'Service réclamations, 1 rue de l\u2019Exemple, 75000 Paris', null]);

  // Every call the engine exposes ran here, both ways where it can fail.
  for (const [className, prototype] of [['Engine', module.Engine.prototype], ['CheckSession', module.CheckSession.prototype]]) {
    for (const name of callsOf(prototype)) {
      // These return session handles, covered above.
      if (className === 'Engine' && (name === 'startCheck' || name === 'startDirectoryCheck')) continue;
      const seen = covered.get(`${className}.${name}`) || new Set();
      assert.ok(seen.has('ok'), `${className}.${name}: no success case`);
      if (name !== 'fixedHeaderSize') assert.ok(seen.has('failure'), `${className}.${name}: no failure case`);
    }
  }
  engine.delete();
});

let directoryOps = null; // the engine operations with a directory open (openDirectory's case), for checkDirectory's

test('every worker operation answers an EngineReply, on success and on failure', async () => {
  const reader = new BytesReader(golden);
  const args = { keys: [goldenKey], minVersion: 0, allowWeakKdf: true, now: goldenNow };
  const checkArgs = (c) => {
    const [nir, birthDate, birthRank, beneficiary, year, month, day] = identity(c);
    return { nir, birthDate, birthRank, beneficiary, year, month, day };
  };
  const cases = {
    open: async (ops) => {
      assertReply(await ops.open(args, null), 'open without io', { ok: false });
      const wrongKey = assertReply(await ops.open({ ...args, keys: [OTHER_KEY] }, readerIo(reader)), 'open, other key', { ok: false });
      assert.equal(wrongKey.status, 'integrity_error');
      const short = assertReply(await ops.open(args, readerIo(new BytesReader(golden.subarray(0, 100)))), 'open, short file', { ok: false });
      assert.deepEqual([short.status, short.code], ['integrity_error', 'header_truncated']);
      const sizeMismatch = assertReply(await ops.open(args, readerIo(new BytesReader(golden.subarray(0, golden.length - 1)))),
        'open, a byte short', { ok: false });
      assert.deepEqual([sizeMismatch.status, sizeMismatch.code], ['integrity_error', 'file_size']);
      const opened = assertReply(await ops.open(args, readerIo(reader)), 'open', { ok: true });
      assert.equal(opened.value.dataset.records, 8);
    },
    warmUp: async (ops, fresh) => {
      assertReply(await fresh.warmUp({}, null), 'warmUp before open', { ok: false });
      assertReply(await ops.warmUp({}, null), 'warmUp', { ok: true });
    },
    check: async (ops, fresh) => {
      assertReply(await fresh.check(checkArgs(goldenChecks[0]), readerIo(reader)), 'check before open', { ok: false });
      const noIo = checkArgs(goldenChecks[0]);
      assertReply(await ops.check(noIo, null), 'check without io', { ok: false });
      assert.ok(noIo.nir.every((b) => b === 0), 'the identifiers are zeroed even when nothing ran');
      // The golden checks (tests/golden/checks.json), each as one whole worker operation.
      for (const c of goldenChecks) {
        const input = checkArgs(c);
        const reply = assertReply(await ops.check(input, readerIo(reader)), `check ${c.status}`, { ok: true });
        assert.equal(reply.value.status, c.status, JSON.stringify(c));
        if (c.exposed) assert.deepEqual(reply.value.exposed, c.exposed);
        if (c.operators) assert.deepEqual(reply.value.operators, c.operators);
        assert.ok([input.nir, input.birthDate].every((a) => a.every((b) => b === 0)), 'identifiers zeroed');
      }
      // A reader that fails: the check still answers, with the reader's code, never a verdict.
      const failing = { size: golden.length, read: async (offset, length) => {
        if (offset === 0) return golden.slice(0, length);
        throw new ReadError('read_timeout');
      } };
      const ops2 = engineOperations(new module.Engine());
      assertReply(await ops2.open(args, readerIo(failing)), 'open, custom reader', { ok: true });
      const failed = assertReply(await ops2.check(checkArgs(goldenChecks[0]), readerIo(failing)), 'check, reader fails', { ok: true });
      assert.deepEqual([failed.value.status, failed.value.errors], ['unavailable', ['read_timeout']]);
    },
    // A directory of two lists (tests/js/directory-fixture.mjs); tests/js/directory-checker.test.mjs goes further.
    openDirectory: async (ops) => {
      const { directory, directoryKey, files } = directoryFixture();
      const io = { read: (offset, length, source) => readerIo(new BytesReader(files.get(source.url))).read(offset, length) };
      const dargs = { directory: directory.slice(), keys: [directoryKey], minVersion: 0, allowWeakKdf: true, now: Math.floor(Date.now() / 1000) };
      assertReply(await ops.openDirectory(dargs, null), 'openDirectory without io', { ok: false });
      const wrongKey = assertReply(await ops.openDirectory({ ...dargs, directory: directory.slice(), keys: [OTHER_KEY] }, io),
        'openDirectory, other key', { ok: false });
      assert.equal(wrongKey.status, 'integrity_error');
      const opened = assertReply(await ops.openDirectory({ ...dargs, directory: directory.slice() }, io), 'openDirectory', { ok: true });
      assert.deepEqual(opened.value.lists.map((l) => l.status), ['ready', 'ready']);
      assert.deepEqual(opened.value.lists.map((l) => l.index), [0, 1], 'each list\'s index, its position in the directory');
      assert.deepEqual(opened.value.lists.map((l) => l.contact), ['tel:01 99 00 12 34', 'https://almerys-demo.example.org/contact'],
        'each list\'s contact, signed in the directory');
      directoryOps = { ops, io };
    },
    checkDirectory: async (ops, fresh) => {
      const { samples } = directoryFixture();
      assertReply(await fresh.checkDirectory(checkDirectoryArgs(samples.inB), directoryOps.io), 'checkDirectory before openDirectory', { ok: false });
      const noIo = checkDirectoryArgs(samples.inB);
      assertReply(await directoryOps.ops.checkDirectory(noIo, null), 'checkDirectory without io', { ok: false });
      assert.ok(noIo.nir.every((b) => b === 0), 'the identifiers are zeroed even when nothing ran');
      const checked = assertReply(await directoryOps.ops.checkDirectory(checkDirectoryArgs(samples.inB), directoryOps.io), 'checkDirectory', { ok: true });
      assert.deepEqual(checked.value.results.map((r) => r.result.status), ['not_found', 'affected']);
    },
  };
  assert.deepEqual(Object.keys(cases).sort(), [...OPERATIONS].sort(), 'a case for every worker operation');
  const ops = engineOperations(new module.Engine());
  const fresh = engineOperations(new module.Engine());
  for (const op of OPERATIONS) await cases[op](ops, fresh);
});

test('a superseded check: its read is aborted and its keys are gone, the next check answers', async () => {
  const ops = engineOperations(new module.Engine());
  const reader = new BytesReader(golden);
  await ops.open({ keys: [goldenKey], minVersion: 0, allowWeakKdf: true, now: goldenNow }, readerIo(reader));
  // A reader whose bucket read waits until aborted, like a Range request that has not answered yet.
  let started;
  const pending = new Promise((r) => { started = r; });
  const slow = { size: golden.length, read: (offset, length, signal) => new Promise((done, fail) => {
    started();
    signal.addEventListener('abort', () => fail(signal.reason), { once: true });
  }) };
  const controller = new AbortController();
  const [nir, birthDate, birthRank, beneficiary, year, month, day] = identity(goldenChecks[0]);
  const first = ops.check({ nir, birthDate, birthRank, beneficiary, year, month, day }, readerIo(slow, controller.signal));
  await pending;
  controller.abort();
  const aborted = assertReply(await first, 'aborted check', { ok: true });
  assert.equal(aborted.value.status, 'unavailable', 'an aborted read is never a verdict');
  const [n2, d2, r2, b2, y2, m2, day2] = identity(goldenChecks[1]);
  const second = assertReply(await ops.check({ nir: n2, birthDate: d2, birthRank: r2, beneficiary: b2, year: y2, month: m2, day: day2 },
    readerIo(reader)), 'next check', { ok: true });
  assert.equal(second.value.status, 'affected');
});

// A signed data set of 20 synthetic records built by the publisher CLI in a temporary directory (removed after
// the test): its bytes, its publisher key and its first record's identity as check arguments.
function buildTestDataset(t, buildOptions, { hardened = false } = {}) {
  if (!existsSync(CLI)) assert.fail(`missing ${CLI}: build the native tree (cmake --preset native) or set BREACHCHECK_CLI`);
  const dir = mkdtempSync(join(tmpdir(), 'bc-contract-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args) => execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run('keygen', '--out', join(dir, 'keys'));
  if (hardened) run('keygen', '--oprf', '--out', join(dir, 'keys'));
  run('synth', '--count', '20', '--out', join(dir, 'records.csv'), '--seed', '7');
  run('build', '--records', join(dir, 'records.csv'), '--catalog', join(ROOT, 'wasm/catalog/viamedis-almerys-2024.json'),
    '--key', join(dir, 'keys/publisher.key'), '--out', join(dir, 'test.bcd'), '--k', '2', '--ops', '1', '--quiet',
    ...(hardened ? ['--oprf-key', join(dir, 'keys/oprf.key')] : []), ...buildOptions);
  const [first] = readFileSync(join(dir, 'records.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  return {
    file: readFileSync(join(dir, 'test.bcd')),
    key: readFileSync(join(dir, 'keys/publisher.pub'), 'utf8').trim(),
    firstCheck: () => ({ nir: bytes(first[0]), birthDate: bytes(first[1]), birthRank: bytes(first[2] || ''),
      beneficiary: false, year: 2026, month: 11, day: 30 }),
  };
}

test('warm-up: grows the heap for the data set, and its only Argon2id is a small one (never a full-size one)', async (t) => {
  const memMiB = 48; // more than the engine's initial 16 MiB: the warm-up must grow the heap
  const { file, key, firstCheck } = buildTestDataset(t, ['--mem', String(memMiB)]);

  const started = await startEngine();
  const ops = engineOperations(new started.module.Engine());
  const opened = assertReply(await ops.open({ keys: [key], minVersion: 0, allowWeakKdf: true, now: Math.floor(Date.now() / 1000) },
    readerIo(new BytesReader(file))), 'open', { ok: true });
  const { kdf } = opened.value.dataset;
  assert.equal(kdf.memKiB, memMiB * 1024);
  const before = started.heapBytes();
  assert.ok(before < kdf.memKiB * 1024, `the heap starts smaller than one derivation (${before} B)`);

  const warm = assertReply(await ops.warmUp({}, null), 'warmUp', { ok: true }).value;
  assert.ok(warm.kdf.memKiB * warm.kdf.ops <= 1024, `the warm-up's Argon2id is small (${JSON.stringify(warm.kdf)})`);
  assert.ok(warm.kdf.memKiB * warm.kdf.ops * 40 <= kdf.memKiB * kdf.ops, 'and far below the data set\'s');
  const grown = started.heapBytes();
  assert.equal(warm.heapBytes, grown, 'the engine reports the heap it has');
  assert.ok(grown >= kdf.memKiB * 1024, `the heap was grown for the data set's Argon2id (${grown} B)`);
  assert.ok(warm.reservedBytes >= kdf.memKiB * 1024, `the warm-up reserved the derivation's memory (${warm.reservedBytes} B)`);
  assert.equal(warm.touchedBytes, warm.reservedBytes, 'with no check sent, the warm-up wrote all of it');

  // The first check finds the memory ready: its Argon2id does not grow the heap again.
  const reply = assertReply(await ops.check(firstCheck(), readerIo(new BytesReader(file))), 'check', { ok: true });
  assert.ok(['affected', 'not_found', 'invalid_input'].includes(reply.value.status));
  assert.equal(started.heapBytes(), grown, 'no heap growth during the first check');
});

test('warm-up: a check sent while the warm-up writes its memory starts at once and ends the warm-up', async (t) => {
  const { file, key, firstCheck } = buildTestDataset(t, ['--mem', '48']);
  const started = await startEngine();
  const ops = engineOperations(new started.module.Engine());
  assertReply(await ops.open({ keys: [key], minVersion: 0, allowWeakKdf: true, now: Math.floor(Date.now() / 1000) },
    readerIo(new BytesReader(file))), 'open', { ok: true });

  // As the worker sees it when the person presses the button the moment `load` resolves: the warm-up's
  // message, then the check's, with no wait in between.
  const warming = ops.warmUp({}, null);
  const checking = ops.check(firstCheck(), readerIo(new BytesReader(file)));
  const warm = assertReply(await warming, 'warmUp', { ok: true }).value;
  const reply = assertReply(await checking, 'check', { ok: true });
  assert.ok(['affected', 'not_found', 'invalid_input'].includes(reply.value.status));
  assert.ok(warm.touchedBytes < warm.reservedBytes,
    `the check ended the warm-up: ${warm.touchedBytes} of ${warm.reservedBytes} B written before it, never all`);
  assert.ok(warm.touchedBytes <= 4 * 1024 * 1024, 'at most one slice was written before the check started');
});

test('two engines: the static one refuses a hardened data set at open (oprf_unavailable, never integrity), the hardened one asks for an evaluation', async (t) => {
  const { file, key, firstCheck } = buildTestDataset(t, ['--oprf-endpoint', 'http://127.0.0.1:9/v1/evaluate',
    '--oprf-allow-loopback', '--mem-kib', '8192'], { hardened: true });
  const asked = [];
  const io = { ...readerIo(new BytesReader(file)), evaluate: async (body) => {
    asked.push(body);
    return { ok: false, status: 'unavailable', code: 'oprf_unreachable' };
  } };
  const openArgs = { keys: [key], minVersion: 0, allowWeakKdf: true, now: Math.floor(Date.now() / 1000) };
  const opened = {};
  const replies = {};
  for (const name of ['breachcheck-engine', 'breachcheck-engine-hardened']) {
    const started = await startEngine(name);
    const engine = new started.module.Engine();
    assert.equal(JSON.parse(engine.fixedHeaderSize()).value, FIXED_HEADER_BYTES, 'the page reads as many bytes first as the engine');
    assert.equal(file[10], 1, 'the mode byte the page reads first says hardened (docs/FORMAT.md)');
    const ops = engineOperations(engine);
    opened[name] = await ops.open(openArgs, readerIo(new BytesReader(file)));
    if (opened[name].ok) replies[name] = assertReply(await ops.check(firstCheck(), io), `check (${name})`, { ok: true }).value;
  }
  // The static engine has no reader of the header's "oprf" object (wasm/bindings/hardened_mode_off.cpp).
  assertReply(opened['breachcheck-engine'], 'open (static engine)', { ok: false });
  assert.deepEqual([opened['breachcheck-engine'].status, opened['breachcheck-engine'].code], ['unavailable', 'oprf_unavailable'],
    'not an integrity error, and never a verdict');
  assert.equal(assertReply(opened['breachcheck-engine-hardened'], 'open (hardened engine)', { ok: true }).value.dataset.mode, 'oprf');
  const asking = replies['breachcheck-engine-hardened'];
  assert.deepEqual([asking.status, asking.errors], ['unavailable', ['oprf_unreachable']]);
  assert.equal(asked.length, 1, 'only the hardened engine asked for an evaluation');
});

// A one-list page downloads breachcheck-engine (or -hardened), never the directory calls' code: only the
// directory engine registers them, and it has every call of the static one besides (wasm/bindings/CMakeLists.txt).
test('the one-list engines have no directory calls; the directory engine has them and every one-list call', async () => {
  const DIRECTORY_CALLS = ['openDirectory', 'openListHeader', 'startDirectoryCheck'];
  const calls = (started) => callsOf(started.module.Engine.prototype).sort();
  const directoryCalls = calls({ module });
  for (const call of DIRECTORY_CALLS) assert.ok(directoryCalls.includes(call), `the directory engine has ${call}`);
  for (const name of ['breachcheck-engine', 'breachcheck-engine-simd128', 'breachcheck-engine-hardened',
    'breachcheck-engine-hardened-simd128']) {
    const started = await startEngine(name);
    assert.deepEqual(calls(started), directoryCalls.filter((call) => !DIRECTORY_CALLS.includes(call)), `${name}: its calls`);
  }
});

// Two lists of one incident built by the publisher CLI with one shared --kdf-salt and two publisher keys, and
// their signed directory (docs/DIRECTORY.md, docs/PUBLISHER-GUIDE.md): the engine opens the directory and
// both headers, and one check asks for one bucket of each list (the same request pattern whoever is checked),
// then names each list's answer. `listBKey`: the key the directory pins for list B.
function buildTwoListDirectory(t, { listBKey } = {}) {
  if (!existsSync(CLI)) assert.fail(`missing ${CLI}: build the native tree (cmake --preset native) or set BREACHCHECK_CLI`);
  const dir = mkdtempSync(join(tmpdir(), 'bc-directory-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args) => execFileSync(CLI, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const salt = '5d4b44460000000000000000000000a1';
  const lists = ['a', 'b'].map((name, i) => {
    run('keygen', '--out', join(dir, `keys-${name}`));
    run('synth', '--count', '20', '--out', join(dir, `${name}.csv`), '--seed', String(40 + i));
    run('build', '--records', join(dir, `${name}.csv`), '--catalog', join(ROOT, 'wasm/catalog/viamedis-almerys-2024.json'),
      '--key', join(dir, `keys-${name}/publisher.key`), '--out', join(dir, `${name}.bcd`), '--k', '2', '--ops', '1',
      '--mem-kib', '8', '--kdf-salt', salt, '--quiet');
    const [first] = readFileSync(join(dir, `${name}.csv`), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    return { file: readFileSync(join(dir, `${name}.bcd`)), key: readFileSync(join(dir, `keys-${name}/publisher.pub`), 'utf8').trim(), first };
  });
  run('keygen', '--out', join(dir, 'keys-directory'));
  const entry = (id, operator, key) => ({ id, name: { fr: `${id} (démo)`, en: `${id} (demo)` }, url: `${id}.bcd`,
    publisherKeys: [key], minVersion: 1, operators: [operator], kdf: { ops: 1, memKiB: 8, salt } });
  const body = { incident: 'viamedis-almerys-2024',
    lists: [entry('a', 'viamedis', lists[0].key), entry('b', 'almerys', listBKey || lists[1].key)] };
  writeFileSync(join(dir, 'lists.json'), JSON.stringify(body));
  run('directory', 'build', '--lists', join(dir, 'lists.json'), '--key', join(dir, 'keys-directory/publisher.key'),
    '--version', '2', '--out', join(dir, 'demo.bcdir'));
  return { lists, directory: readFileSync(join(dir, 'demo.bcdir')),
    directoryKey: readFileSync(join(dir, 'keys-directory/publisher.pub'), 'utf8').trim() };
}

function openTwoLists(engine, built) {
  const now = Math.floor(Date.now() / 1000);
  const reply = JSON.parse(engine.openDirectory(built.directory, [built.directoryKey], 2, now, true));
  assert.equal(reply.ok, true, JSON.stringify(reply));
  return built.lists.map(({ file }, index) => {
    const fixed = JSON.parse(engine.fixedHeaderSize()).value;
    const { headerLength } = JSON.parse(engine.headerLength(file.subarray(0, fixed))).value;
    return JSON.parse(engine.openListHeader(index, file.subarray(0, headerLength), now, file.length));
  });
}

// One check over the open lists: the requests it made, and each list's status by index.
function checkAll(engine, built, [nir, birthDate, birthRank]) {
  const sessions = engine.startDirectoryCheck(bytes(nir), bytes(birthDate), bytes(birthRank || ''), false, 2026, 11, 30);
  try {
    const pattern = [];
    const statuses = {};
    for (const [index, session] of sessions.entries()) {
      if (!session) continue; // a list that did not open
      const step = JSON.parse(session.next()).value;
      assert.equal(step.need, 'bucket');
      pattern.push([index, step.length]);
      const last = JSON.parse(session.bucketRead(built.lists[index].file.subarray(step.offset, step.offset + step.length))).value;
      assert.equal(last.need, 'nothing');
      statuses[index] = last.result.status;
    }
    return { pattern, statuses };
  } finally {
    for (const session of sessions) if (session) session.delete();
  }
}

test('a directory of two lists: one bucket of each, every time, and each list answers for itself', async (t) => {
  const built = buildTwoListDirectory(t);
  const engine = new module.Engine();
  const opened = openTwoLists(engine, built);
  assert.deepEqual(opened.map((r) => r.ok), [true, true]);
  const none = ['185057800608491', '1985-05-12', '1'];
  const inA = checkAll(engine, built, built.lists[0].first);
  const inB = checkAll(engine, built, built.lists[1].first);
  const inNeither = checkAll(engine, built, none);
  assert.deepEqual(inA.statuses, { 0: 'affected', 1: 'not_found' });
  assert.deepEqual(inB.statuses, { 0: 'not_found', 1: 'affected' });
  assert.deepEqual(inNeither.statuses, { 0: 'not_found', 1: 'not_found' });
  assert.deepEqual(inA.pattern, inB.pattern, 'the same lists and lengths are read whoever is checked');
  assert.deepEqual(inA.pattern, inNeither.pattern);
  assert.equal(inA.pattern.length, 2);
  assertReply(JSON.parse(engine.warmUp()), 'warmUp with a directory open', { ok: true });
  engine.delete();
});

test('a directory whose list B is signed by a key it does not pin: B is refused, A still answers', async (t) => {
  const built = buildTwoListDirectory(t, { listBKey: OTHER_KEY });
  const engine = new module.Engine();
  const opened = openTwoLists(engine, built);
  assert.equal(opened[0].ok, true);
  assert.deepEqual([opened[1].ok, opened[1].status, opened[1].code], [false, 'integrity_error', 'publisher_key']);
  const inA = checkAll(engine, built, built.lists[0].first);
  assert.deepEqual(inA.statuses, { 0: 'affected' }, 'list B is absent, never "not found"');
  assert.deepEqual(inA.pattern.map(([index]) => index), [0]);
  engine.delete();
});
