// SPDX-License-Identifier: MPL-2.0
// BreachCheck.load / checker.check: the contract of docs/WIDGET.md. The header is fetched and verified and
// the engine warmed up at load time, so the only request that follows a check is the one bucket range (in
// hardened mode, preceded by one evaluation request that carries a blinded element and nothing else).
// Data problems never throw: they come back as statuses (`integrity_error`, `unavailable`) with codes.
import { createReader, ReadError } from './readers.js';
import { EngineClient, EngineError } from './engine-client.js';
import { requestEvaluation } from './oprf-request.js';

const FIXED_HEADER_SIZE = 112; // docs/FORMAT.md; the engine confirms it (Engine.fixedHeaderSize)

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

function failure(error) {
  if (error instanceof ReadError || error instanceof EngineError) return { status: error.status, code: error.code };
  return { status: 'unavailable', code: 'unexpected' };
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

export class Checker {
  constructor(options) {
    this.options = options;
    this.minVersion = parseMinVersion(options.minVersion); // before anything is read or started
    this.reader = createReader(options.dataset, options.readerOptions);
    this.client = null;
    this.status = 'loading'; // then 'ready' | 'integrity_error' | 'unavailable'
    this.error = null;
    this.dataset = null;
    this.catalog = null;
    this.insurers = [];
    this.queue = Promise.resolve();
  }

  // Loads and verifies the header; safe to call again after an `unavailable` failure (retry).
  async open() {
    if (this.status === 'ready' || this.status === 'integrity_error') return this.status;
    try {
      if (!this.client || this.client.failed) {
        if (this.client) this.client.terminate();
        this.client = new EngineClient();
      }
      const client = this.client;
      const [first] = await Promise.all([this.readHeader(0, FIXED_HEADER_SIZE), client.ready]);
      const sizes = await client.call('headerLength', { bytes: first }, [first.buffer]);
      if (!sizes.ok) throw new EngineError(sizes.error, 'integrity_error');
      if (this.reader.size !== undefined && this.reader.size !== sizes.fileSize) {
        throw new EngineError('file_size', 'integrity_error');
      }
      const header = await this.readHeader(0, sizes.headerLength);
      const keys = normalizeKeys(this.options.publisherKey);
      const opened = await client.call('open', {
        header,
        keys,
        minVersion: this.minVersion,
        allowWeakKdf: Boolean(this.options.allowWeakKdf),
        now: Math.floor(Date.now() / 1000),
        fileSize: this.reader.size === undefined ? -1 : this.reader.size,
      }, [header.buffer]);
      if (!opened.ok) throw new EngineError(opened.error, 'integrity_error');
      this.dataset = { ...opened.dataset, bucketCount: opened.bucketCount, bucketStride: opened.bucketStride,
        prefixBits: Math.round(Math.log2(opened.bucketCount)), kdf: opened.kdf,
        mode: opened.mode === 'oprf' ? 'oprf' : 'static' };
      if (this.dataset.mode === 'oprf') {
        // From the signed header: where each check's evaluation goes, and the key its proofs are checked against.
        this.dataset.oprf = { endpoints: [...opened.oprf.endpoints], keyFingerprint: opened.oprf.keyFingerprint };
      }
      this.catalog = opened.metadata.catalog;
      this.insurers = opened.metadata.insurers || [];
      this.status = 'ready';
      this.error = null;
      // Grow wasm memory and warm the Argon2id code now, before the person presses the button.
      client.call('warmUp').catch(() => {});
    } catch (error) {
      const { status, code } = failure(error);
      this.status = status;
      this.error = code;
    }
    return this.status;
  }

  async readHeader(offset, length) {
    try {
      return await this.reader.read(offset, length);
    } catch (error) {
      // A source too short to hold a header is a bad file, not a network problem.
      if (error instanceof ReadError && error.status === 'integrity_error') {
        throw new ReadError('header_truncated', 'integrity_error');
      }
      throw error;
    }
  }

  datasetSummary() {
    if (!this.dataset) return undefined;
    const { publisher, version, created, keyFingerprint, mode } = this.dataset;
    return { publisher, version, created, keyFingerprint, mode };
  }

  /** One check at a time, in order; resolves to a result object, never rejects for data problems. */
  check(input = {}) {
    const run = this.queue.then(() => this.runCheck(input));
    this.queue = run.catch(() => {});
    return run;
  }

  async runCheck(input) {
    const encoder = new TextEncoder();
    // Encode at once so the strings given by the caller are the only copies we do not control.
    const nir = encoder.encode(String(input.nir ?? ''));
    const birthDate = encoder.encode(String(input.birthDate ?? ''));
    const birthRank = encoder.encode(input.birthRank == null ? '' : String(input.birthRank));
    const wipe = () => { nir.fill(0); birthDate.fill(0); birthRank.fill(0); };

    if ((await this.open()) !== 'ready') {
      wipe();
      return this.withDataset({ status: this.status, errors: [this.error] });
    }
    const client = this.client;
    let prepared;
    try {
      // Transferred, not copied: after postMessage these buffers are detached here; the worker zeroes them.
      prepared = await client.call('prepare', {
        nir, birthDate, birthRank, beneficiary: Boolean(input.beneficiary), ...localToday(),
      }, [nir.buffer, birthDate.buffer, birthRank.buffer]);
    } catch (error) {
      wipe();
      return this.withDataset(this.failureResult(error));
    }
    if (!prepared.ok) {
      return this.withDataset({ status: prepared.status, errors: prepared.errors, warnings: prepared.warnings });
    }
    let range = prepared;
    if (prepared.oprf) {
      // Hardened mode: one evaluation, verified by the engine, gives the bucket. Any failure is `unavailable`
      // (never not_found: without a verified evaluation there is no answer) and wipes the engine's keys.
      range = await this.evaluate(client, prepared.oprf);
      if (!range.ok) {
        client.call('forget').catch(() => {});
        const failed = { status: 'unavailable', errors: range.errors, warnings: prepared.warnings };
        if (range.retryAfter !== undefined) failed.retryAfter = range.retryAfter;
        return this.withDataset(failed);
      }
    }
    let bucket;
    try {
      bucket = await this.reader.read(range.offset, range.length);
    } catch (error) {
      client.call('forget').catch(() => {});
      return this.withDataset({ ...this.failureResult(error), warnings: prepared.warnings });
    }
    try {
      const result = await client.call('lookup', { bucket }, [bucket.buffer]);
      return this.withDataset(clean(result));
    } catch (error) {
      return this.withDataset(this.failureResult(error));
    }
  }

  // The evaluation request, then the engine's proof check: {ok, offset, length} or {ok: false, errors, retryAfter?}.
  async evaluate(client, request) {
    const answer = await requestEvaluation(request.body, request.endpoints);
    if (!answer.ok) return { ok: false, errors: [answer.code], retryAfter: answer.retryAfter };
    let finished;
    try {
      finished = await client.call('finishOprf', { body: answer.text });
    } catch (error) {
      return { ok: false, errors: this.failureResult(error).errors };
    }
    if (!finished || !finished.ok || !Number.isSafeInteger(finished.offset) || !Number.isSafeInteger(finished.length)) {
      return { ok: false, errors: (finished && finished.errors) || [(finished && finished.error) || 'oprf_response'] };
    }
    return finished;
  }

  failureResult(error) {
    const { status, code } = failure(error);
    if (error instanceof EngineError && this.client && this.client.failed) this.status = 'unavailable';
    return { status, errors: [code] };
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
    if (this.client) this.client.terminate();
    this.client = null;
    this.status = 'closed';
  }
}

function clean(result) {
  // The engine's JSON is already the public shape; copy only the documented keys.
  const out = { status: result.status };
  for (const key of ['errors', 'warnings', 'exposed', 'notExposed', 'operators', 'dataset']) {
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
