// SPDX-License-Identifier: MPL-2.0
// BreachCheck.load / checker.check: the contract of docs/WIDGET.md. The header is read and verified and the
// engine warmed up at load time, so the only request that follows a check is the one bucket range (in
// hardened mode, preceded by one evaluation request that carries a blinded element and nothing else).
// The engine's worker runs each step (engine-worker.js); this side keeps the reader and the network and turns
// the worker's replies into the public results. Data problems never throw: they come back as statuses
// (`integrity_error`, `unavailable`) with codes.
import { createReader, RangeReader, BlobReader, BytesReader, throwIfAborted } from '../engine/readers.js';
import { EngineClient } from '../engine/engine-client.js';
import { okReply, failureReply, failureFrom } from '../engine/reply.js';
import { addDirectoryTexts, addHardenedTexts } from '../ui/text.js';
import { loadHardenedCode, loadDirectoryCode } from '../assets.js';
import { ALTERED, warnAltered } from '../engine/verified-bytes.js';

const MAX_DATASET_VERSION = 4294967295; // dataset_version is a u32 (docs/FORMAT.md)

/** A page or integration mistake (not a data or network problem): `load` rejects with it. */
export class ConfigError extends Error {
  constructor(code) {
    super(code);
    this.name = 'ConfigError';
    this.code = code;
  }
}

/**
 * The minimum data set version a page pins: absent (undefined, null) means 0; otherwise a decimal integer
 * 0..4294967295, as a number or a string of ASCII digits. Anything else ("abc", "-1", "1.5", "1e3", "",
 * " 2") throws ConfigError('min_version_invalid'): a typo must not silently turn the rollback floor off.
 */
export function parseMinVersion(value) {
  if (value === undefined || value === null) return 0;
  const number = typeof value === 'string' && /^[0-9]{1,10}$/.test(value) ? Number(value)
    : typeof value === 'number' ? value : NaN;
  if (!Number.isInteger(number) || number < 0 || number > MAX_DATASET_VERSION) throw new ConfigError('min_version_invalid');
  return number;
}

function normalizeKeys(publisherKey) {
  const keys = (Array.isArray(publisherKey) ? publisherKey : [publisherKey])
    .filter((k) => typeof k === 'string' && k.trim() !== '').map((k) => k.trim());
  return keys;
}

function localToday() {
  const d = new Date();
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

// The readers built in here hand over buffers of their own; a custom reader's bytes are copied before they move
// to the worker, so its own buffers are never detached.
function ownBytes(reader, bytes) {
  const builtIn = reader instanceof RangeReader || reader instanceof BlobReader || reader instanceof BytesReader;
  if (bytes instanceof Uint8Array) return builtIn ? bytes : bytes.slice();
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes.slice(0));
  return null;
}

// Aborts when any of the signals does (AbortSignal.any is too recent for the browsers the widget supports).
export function anySignal(signals) {
  const controller = new AbortController();
  for (const signal of signals) {
    if (!signal) continue;
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true, signal: controller.signal });
  }
  return controller.signal;
}

// The hardened-mode code (the evaluation request and its texts, web/src/hardened.js) is fetched only when a
// data set asks for it: a static data set's page never downloads it. The module build checks its hash before
// it runs (loadHardenedCode, web/tools/module-assets.js). One import per page; a failed one may
// be tried again (a retry after `unavailable`).
let hardenedModule = null;
export function loadHardenedMode() {
  if (!hardenedModule) {
    hardenedModule = loadHardenedCode().then((module) => {
      addHardenedTexts(module);
      return module;
    }, (error) => {
      hardenedModule = null;
      throw error;
    });
  }
  return hardenedModule;
}

/**
 * What the worker may ask of the page while an operation runs: bytes from `reader`, and (with `hardened`, the
 * loaded hardened-mode module) the evaluation request. Never rejects: failures (and aborts, through `signal`)
 * are FailureReplies that the worker turns into the result.
 * @returns {import('../engine/engine-worker.js').PageIo}
 */
export function readerIo(reader, signal, hardened = null, { firstBytes = null } = {}) {
  let prefetched = firstBytes; // the page's own first read (Checker.open), handed over once instead of read again
  return {
    read: async (offset, length) => {
      if (prefetched && offset === 0 && length <= prefetched.length) {
        const bytes = prefetched.slice(0, length);
        prefetched = null;
        return okReply({ bytes, size: reader.size });
      }
      prefetched = null;
      try {
        const bytes = ownBytes(reader, await reader.read(offset, length, signal));
        return bytes ? okReply({ bytes, size: reader.size }) : failureReply('unavailable', 'read_failed');
      } catch (error) {
        // A ReadError (or a custom reader's error shaped like one) keeps its code; an abort is read_failed.
        return failureFrom(error, 'unavailable', 'read_failed');
      }
    },
    evaluate: async (body, endpoints) => {
      if (!hardened) return failureReply('unavailable', 'oprf_unavailable'); // never asked of a static data set
      try {
        const answer = await hardened.requestEvaluation(body, endpoints, { signal });
        if (answer.ok) return okReply({ text: answer.text });
        const failed = failureReply('unavailable', answer.code);
        if (answer.retryAfter !== undefined) failed.retryAfter = answer.retryAfter;
        return failed;
      } catch {
        return failureReply('unavailable', 'oprf_unreachable'); // aborted: the check's result is dropped anyway
      }
    },
  };
}

// The directory code (web/src/directory.js) is fetched only for a page given a directory of lists; the module
// build checks its hash first, as for the hardened-mode code. One import per page; a failed one may be tried again.
let directoryModule = null;
export function loadDirectoryMode() {
  if (!directoryModule) {
    directoryModule = loadDirectoryCode().then((module) => {
      addDirectoryTexts(module);
      return { ...module, DirectoryChecker: module.directoryCheckerClass({ Checker, readerIo, anySignal }) };
    }, (error) => {
      directoryModule = null;
      throw error;
    });
  }
  return directoryModule;
}

/**
 * BreachCheck.load({ directory, directoryKey, minVersion }): resolves to a DirectoryChecker whatever the
 * directory's state (checker.status, checker.lists); rejects with a ConfigError for a malformed option, before
 * any request. A missing or malformed directory key is the engine's integrity_error `directory_key`, as a data
 * set's is. Directory code that does not load gives a checker that says so (unavailable), never a verdict.
 */
export async function loadDirectory(options = {}) {
  parseMinVersion(options.minVersion);
  // The directory's engine (its worker, its .wasm) starts while the directory code loads: both are on the way
  // to the first verdict, and one after the other they were most of what a directory added to it.
  let engine = null;
  try {
    engine = new EngineClient({ hardened: false, directory: true });
  } catch {
    engine = null; // no Worker here: the checker says so when it opens
  }
  let DirectoryChecker;
  try {
    ({ DirectoryChecker } = await loadDirectoryMode());
  } catch (error) {
    if (engine) engine.terminate();
    if (error && error.code === ALTERED) warnAltered(error.url);
    const code = error && error.code === ALTERED ? ALTERED : 'engine_init';
    return { status: 'unavailable', error: code, lists: [], dataset: null, catalog: null, insurers: [],
      check: async () => ({ status: 'unavailable', errors: [code] }), close() {} };
  }
  const checker = new DirectoryChecker(options);
  checker.client = engine; // taken by engineFor(false, true) when it works, replaced otherwise
  await checker.open();
  return checker;
}

// Like the engine's own start failures (engine-client.js): the integrator learns which file did not load.
function warnHardenedCodeMissing() {
  console.warn('breachcheck-widget: this data set is in hardened mode, and its code (hardened.mjs next to ' +
    'breachcheck.mjs, or the chunk your bundler emitted) did not load. Check that the file is served and allowed ' +
    'by the page\'s Content-Security-Policy (README, "Hosting").');
}

// The fixed header's size and its mode byte (docs/FORMAT.md, "Fixed header"): the page reads these bytes first,
// to start the engine the data set needs (a static data set's engine has no VOPRF code: worker.js, or
// worker-hardened.js). Only a hint for choosing an engine: that engine verifies the signed header and says
// which mode it is, and a disagreement starts the other engine (Checker.open). A contract test pins the size
// to the engine's fixedHeaderSize.
export const FIXED_HEADER_BYTES = 112;
const DERIVATION_MODE_OFFSET = 10;
const DERIVATION_MODE_HARDENED = 1;

export class Checker {
  constructor(options) {
    this.options = options;
    this.minVersion = parseMinVersion(options.minVersion); // before anything is read or started
    this.reader = this.sourceReader(options);
    this.client = null;
    this.status = 'loading'; // then 'ready' | 'integrity_error' | 'unavailable'
    this.error = null;
    this.dataset = null;
    this.catalog = null;
    this.insurers = [];
    this.hardened = null; // the hardened-mode module, once a hardened data set has been opened
    this.queue = Promise.resolve();
    this.closing = new AbortController(); // close() stops every read still running
  }

  // The data set's reader (a directory's checker reads each list through a reader of its own instead).
  sourceReader(options) {
    return createReader(options.dataset, options.readerOptions);
  }

  pageIo(signal, options) {
    return readerIo(this.reader, signal, this.hardened, options);
  }

  // The first FIXED_HEADER_BYTES of the data set, or null when they cannot be read: the engine's own `open`
  // then reads again and reports why, as it would have.
  async readFirstBytes() {
    try {
      const bytes = ownBytes(this.reader, await this.reader.read(0, FIXED_HEADER_BYTES, this.closing.signal));
      return bytes && bytes.length === FIXED_HEADER_BYTES ? bytes : null;
    } catch {
      return null;
    }
  }

  // The engine client for a data set in hardened mode or not, or for a directory of lists (its own engine,
  // api/directory-checker.js): the current one if it fits and works.
  engineFor(hardened, directory = false) {
    if (this.client && !this.client.failed && this.client.hardened === hardened &&
        this.client.directory === directory) return this.client;
    if (this.client) this.client.terminate();
    try {
      this.client = new EngineClient({ hardened, directory });
    } catch {
      this.client = null; // no Worker here, or one refused for a reason other than its origin
    }
    return this.client;
  }

  // Loads and verifies the header; safe to call again after an `unavailable` failure (retry).
  async open() {
    if (this.status === 'ready' || this.status === 'integrity_error') return this.status;
    if (this.closing.signal.aborted) this.closing = new AbortController(); // used again after close()
    const firstBytes = await this.readFirstBytes();
    let hardened = Boolean(firstBytes) && firstBytes[DERIVATION_MODE_OFFSET] === DERIVATION_MODE_HARDENED;
    if (hardened) loadHardenedMode().catch(() => {}); // fetched while the engine starts; awaited below
    let opened;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const client = this.engineFor(hardened);
      if (!client) {
        this.status = 'unavailable';
        this.error = 'unexpected';
        return this.status;
      }
      opened = await client.call('open', {
        keys: normalizeKeys(this.options.publisherKey),
        minVersion: this.minVersion,
        allowWeakKdf: Boolean(this.options.allowWeakKdf),
        now: Math.floor(Date.now() / 1000),
      }, { io: this.pageIo(this.closing.signal, { firstBytes: attempt === 0 ? firstBytes : null }) });
      // The verified header's mode decides: a file that changed between the two reads (a new version
      // published meanwhile) gets the other engine once. The static engine says so by refusing the hardened
      // header it cannot read (oprf_unavailable, wasm/bindings/hardened_mode_off.cpp).
      const otherEngine = opened.ok ? (opened.value.dataset.mode === 'oprf') !== hardened
        : !hardened && opened.code === 'oprf_unavailable';
      if (!otherEngine) break;
      hardened = !hardened;
    }
    if (!opened.ok) {
      this.status = opened.status;
      this.error = opened.code;
      return this.status;
    }
    if ((opened.value.dataset.mode === 'oprf') !== hardened) { // changed again: refuse rather than guess
      this.status = 'unavailable';
      this.error = 'read_failed';
      return this.status;
    }
    if (hardened && !this.hardened) {
      try {
        this.hardened = await loadHardenedMode();
      } catch (error) {
        // An altered hardened.mjs was refused before it ran, and named on the console (verified-bytes.js).
        if (error && error.code === ALTERED) warnAltered(error.url);
        else warnHardenedCodeMissing();
        this.status = 'unavailable';
        this.error = error && error.code === ALTERED ? ALTERED : 'engine_init';
        return this.status;
      }
    }
    // The engine's description, as is: prefix bits, mode, sizes, KDF limits, evaluation endpoints.
    ({ dataset: this.dataset, catalog: this.catalog, insurers: this.insurers } = opened.value);
    this.status = 'ready';
    this.error = null;
    // Grow wasm memory and compile the Argon2id code now, before the person presses the button.
    this.client.call('warmUp');
    return this.status;
  }

  datasetSummary() {
    if (!this.dataset) return undefined;
    const { publisher, version, created, keyFingerprint, mode } = this.dataset;
    return { publisher, version, created, keyFingerprint, mode };
  }

  /**
   * One check at a time, in order; resolves to a result object, never rejects for data problems. With
   * `signal`, aborting it stops the check's reads and requests and rejects with the signal's reason.
   */
  check(input = {}, { signal } = {}) {
    const run = this.queue.then(() => this.runCheck(input, signal));
    this.queue = run.catch(() => {});
    if (!signal) return run;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason ?? new DOMException('The check was aborted', 'AbortError'));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      run.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  async runCheck(input, signal) {
    throwIfAborted(signal);
    const encoder = new TextEncoder();
    // Encode at once so the strings given by the caller are the only copies we do not control.
    const nir = encoder.encode(String(input.nir ?? ''));
    const birthDate = encoder.encode(String(input.birthDate ?? ''));
    const birthRank = encoder.encode(input.birthRank == null ? '' : String(input.birthRank));
    // (A transferred buffer is detached here: nothing left to zero, and fill() would throw.)
    const wipe = () => { for (const a of [nir, birthDate, birthRank]) if (a.buffer.byteLength > 0) a.fill(0); };

    if ((await this.open()) !== 'ready') {
      wipe();
      return this.withDataset({ status: this.status, errors: [this.error] });
    }
    const client = this.client;
    // Transferred, not copied: after postMessage these buffers are detached here; the worker zeroes them.
    const reply = await client.call('check', {
      nir, birthDate, birthRank, beneficiary: Boolean(input.beneficiary), ...localToday(),
    }, { transfer: [nir.buffer, birthDate.buffer, birthRank.buffer], io: this.pageIo(anySignal([signal, this.closing.signal])) });
    wipe(); // only if they never left (a worker that had already failed)
    if (!reply.ok) {
      if (client.failed) this.status = 'unavailable'; // the next check starts a new worker
      return this.withDataset({ status: reply.status, errors: [reply.code] });
    }
    return this.withDataset(clean(reply.value));
  }

  withDataset(result) {
    const out = { ...result };
    if (!out.warnings || out.warnings.length === 0) delete out.warnings;
    if (!out.errors || out.errors.length === 0) delete out.errors;
    const summary = this.datasetSummary();
    if (summary) out.dataset = { ...summary, ...(out.dataset || {}) };
    return out;
  }

  close() {
    this.closing.abort();
    if (this.client) this.client.terminate();
    this.client = null;
    this.status = 'closed';
  }
}

function clean(result) {
  // The engine's result is already the public shape; copy only the documented keys.
  const out = { status: result.status };
  for (const key of ['errors', 'warnings', 'exposed', 'notExposed', 'operators', 'retryAfter', 'dataset']) {
    if (result[key] !== undefined) out[key] = result[key];
  }
  return out;
}

/**
 * BreachCheck.load(options): resolves to a Checker whatever the data set's state (see checker.status);
 * rejects with a ConfigError only for a malformed option (`min_version_invalid`), before any request.
 */
export async function load(options = {}) {
  const checker = new Checker(options);
  await checker.open();
  return checker;
}
