// SPDX-License-Identifier: MPL-2.0
// BreachCheck.load({ directory, directoryKey }): one check across every list of a signed directory
// (docs/DIRECTORY.md, docs/WIDGET.md "A directory of lists"). One worker and one engine hold every list's
// verified header; a check runs Argon2id once per KDF setting and reads one bucket from every opened list, all
// at once. The answer names each list: found, not found, or unchecked (unreachable, integrity error, expired),
// and an unchecked list is never counted as "not found".
// Loaded only by a page that gives a directory (web/src/directory.js, dist/directory.mjs: a one-list page never
// downloads it): it imports only modules without state of their own, and gets the checker's pieces from the
// widget that loaded it (api/checker.js, loadDirectory), so both share one engine client and one set of hashes,
// and its list readers are the widget's own code (Checker's sourceReader), not a second copy in this file (only
// ReadError's few lines are: readDirectoryBytes throws it).
import { ReadError } from '../engine/readers.js';

export const MAX_DIRECTORY_BYTES = 68 + 65536 + 64; // the largest directory: fixed header, body, signature (docs/DIRECTORY.md)

function normalizeKeys(value) {
  return (Array.isArray(value) ? value : String(value ?? '').split(/[\s,]+/))
    .filter((k) => typeof k === 'string' && k.trim() !== '').map((k) => k.trim());
}

/**
 * The directory's bytes: an https URL (one plain GET, no cookie, no referrer, refused above MAX_DIRECTORY_BYTES),
 * a File/Blob, or bytes. Rejects with a ReadError (`read_failed`, `http_not_found`; `directory_format` for a file
 * larger than any directory can be).
 */
export async function readDirectoryBytes(source, { fetchImpl = globalThis.fetch.bind(globalThis), signal } = {}) {
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    const bytes = ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source);
    if (bytes.length > MAX_DIRECTORY_BYTES) throw new ReadError('directory_format', 'integrity_error');
    return bytes.slice();
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    if (source.size > MAX_DIRECTORY_BYTES) throw new ReadError('directory_format', 'integrity_error');
    return new Uint8Array(await source.arrayBuffer());
  }
  let response;
  try {
    response = await fetchImpl(String(source), { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-cache',
      redirect: 'follow', mode: 'cors', signal });
  } catch {
    throw new ReadError('read_failed');
  }
  if (!response.ok) throw new ReadError(response.status === 404 ? 'http_not_found' : 'http_error');
  const declared = Number(response.headers.get('Content-Length'));
  if (declared > MAX_DIRECTORY_BYTES) throw new ReadError('directory_format', 'integrity_error');
  // Read piece by piece, so a server that lies about (or omits) its length cannot make the page hold more.
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_DIRECTORY_BYTES) {
      reader.cancel().catch(() => {});
      throw new ReadError('directory_format', 'integrity_error');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

// The combined status of a directory check: affected when any list found the person; not_found only when every
// list was checked and none did; `incomplete` when none found them but some list could not be checked.
export function directoryStatus(lists) {
  if (lists.some((l) => l.status === 'affected')) return 'affected';
  if (lists.length > 0 && lists.every((l) => l.status === 'not_found')) return 'not_found';
  if (lists.some((l) => l.status === 'not_found')) return 'incomplete';
  return lists.some((l) => l.status === 'integrity_error') ? 'integrity_error' : 'unavailable';
}

// A page IO answer (engine/reply.js's FailureReply) for a read or request that cannot be made.
const unavailable = (code) => ({ ok: false, status: 'unavailable', code });

/** The DirectoryChecker class over the loading widget's `Checker` (and its `readerIo`, `anySignal`). */
export function directoryCheckerClass({ Checker, readerIo, anySignal }) {
  return class DirectoryChecker extends Checker {
    constructor(options) {
      super(options);
      this.directoryKeys = normalizeKeys(options.directoryKey);
      const base = typeof document !== 'undefined' ? document.baseURI : undefined;
      // Relative list URLs are resolved against the directory's own URL (bytes or a file: the page's address).
      this.baseUrl = typeof options.directory === 'string' || options.directory instanceof URL
        ? new URL(String(options.directory), base).href : (options.baseUrl || base);
      this.listReaders = new Map(); // list index -> reader, made when the worker first names the list
      this.directory = null; // { version, created, notAfter, incident }
      this.lists = []; // per list: { index, id, name, url, operators, status, errors?, dataset? }
    }

    sourceReader() {
      return null; // the directory is read whole (readDirectoryBytes), each list through a reader of its own
    }

    readerForList(source) {
      if (!source || !Number.isInteger(source.list)) return null;
      if (!this.listReaders.has(source.list)) {
        const own = this.options.listReader ? this.options.listReader(source.url) : null;
        this.listReaders.set(source.list, own || super.sourceReader({ dataset: new URL(String(source.url), this.baseUrl).href,
          readerOptions: this.options.readerOptions }));
      }
      return this.listReaders.get(source.list);
    }

    pageIo(signal) {
      return {
        read: (offset, length, source) => {
          let reader;
          try {
            reader = this.readerForList(source);
          } catch {
            reader = null;
          }
          return reader ? readerIo(reader, signal).read(offset, length) : Promise.resolve(unavailable('read_failed'));
        },
        evaluate: async () => unavailable('directory_oprf_list'), // never asked: no hardened list in a directory
      };
    }

    async open() {
      if (this.status === 'ready' || this.status === 'integrity_error') return this.status;
      if (this.closing.signal.aborted) this.closing = new AbortController();
      // The engine starts (worker, wasm) while the directory is fetched.
      const client = this.engineFor(false, true); // the engine with the directory calls (worker-directory.js)
      let bytes;
      try {
        const { directory } = this.options;
        const source = typeof directory === 'string' || directory instanceof URL ? this.baseUrl : directory;
        bytes = await readDirectoryBytes(source, { fetchImpl: this.options.readerOptions && this.options.readerOptions.fetchImpl,
          signal: this.closing.signal });
      } catch (error) {
        // readDirectoryBytes' own refusals keep their code; anything else (a stream that broke, an abort) is
        // read_failed.
        ({ status: this.status, code: this.error } = error instanceof ReadError ? error : unavailable('read_failed'));
        return this.status;
      }
      if (!client) {
        this.status = 'unavailable';
        this.error = 'unexpected';
        return this.status;
      }
      this.listReaders = new Map(); // a retry reads every list again
      const opened = await client.call('openDirectory', {
        directory: bytes, keys: this.directoryKeys, minVersion: this.minVersion, now: Math.floor(Date.now() / 1000),
        allowWeakKdf: Boolean(this.options.allowWeakKdf),
      }, { transfer: [bytes.buffer], io: this.pageIo(this.closing.signal) });
      if (!opened.ok) {
        this.status = opened.status;
        this.error = opened.code;
        return this.status;
      }
      const { lists, ...directory } = opened.value;
      this.directory = directory;
      this.lists = lists.map(({ opened: description, ...list }) => (description
        ? { ...list, dataset: description.dataset, catalog: description.catalog, insurers: description.insurers }
        : list));
      const first = this.lists.find((l) => l.status === 'ready');
      if (!first) {
        // Not one list could be opened: nothing to check against, said as the first list's problem.
        const failed = this.lists[0] || { status: 'unavailable', errors: ['read_failed'] };
        this.status = failed.status === 'integrity_error' ? 'integrity_error' : 'unavailable';
        this.error = (failed.errors || [])[0] || 'read_failed';
        return this.status;
      }
      // The views describe the incident and the method from the first opened list (every list of a directory
      // covers one incident).
      ({ dataset: this.dataset, catalog: this.catalog, insurers: this.insurers } = first);
      this.status = 'ready';
      this.error = null;
      this.client.call('warmUp');
      return this.status;
    }

    /** Each list as the public results name it (no header detail beyond the publisher's summary). */
    listSummary(list) {
      const out = { id: list.id, name: list.name, operators: list.operators };
      if (list.contact) out.contact = list.contact;
      if (list.dataset) {
        const { publisher, version, created, keyFingerprint, mode } = list.dataset;
        out.dataset = { publisher, version, created, keyFingerprint, mode };
      }
      return out;
    }

    async runCheck(input, signal) {
      const encoder = new TextEncoder();
      const nir = encoder.encode(String(input.nir ?? ''));
      const birthDate = encoder.encode(String(input.birthDate ?? ''));
      const birthRank = encoder.encode(input.birthRank == null ? '' : String(input.birthRank));
      const wipe = () => { for (const a of [nir, birthDate, birthRank]) if (a.buffer.byteLength > 0) a.fill(0); };
      if (signal && signal.aborted) {
        wipe();
        throw signal.reason ?? new DOMException('The check was aborted', 'AbortError');
      }
      if ((await this.open()) !== 'ready') {
        wipe();
        return { status: this.status, errors: [this.error] };
      }
      const client = this.client;
      const now = new Date();
      const reply = await client.call('checkDirectory', {
        nir, birthDate, birthRank, beneficiary: Boolean(input.beneficiary),
        year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate(),
      }, { transfer: [nir.buffer, birthDate.buffer, birthRank.buffer], io: this.pageIo(anySignal([signal, this.closing.signal])) });
      wipe();
      if (!reply.ok) {
        if (client.failed) this.status = 'unavailable';
        return { status: reply.status, errors: [reply.code] };
      }
      const answers = new Map(reply.value.results.map(({ index, result }) => [index, result]));
      // The identity is one for every list: a refusal (invalid_input) is the same from each, and says so once.
      const refused = [...answers.values()].find((r) => r.status === 'invalid_input');
      if (refused) return { status: 'invalid_input', errors: refused.errors || [] };
      const lists = this.lists.map((list) => {
        const answer = answers.get(list.index)
          || (list.status === 'ready' ? { status: 'unavailable', errors: ['read_failed'] } : { status: list.status, errors: list.errors });
        const out = { ...this.listSummary(list), status: answer.status };
        for (const key of ['errors', 'warnings', 'exposed', 'notExposed', 'operators']) {
          if (answer[key] !== undefined && !(Array.isArray(answer[key]) && answer[key].length === 0 && key !== 'exposed')) out[key] = answer[key];
        }
        return out;
      });
      return { status: directoryStatus(lists), lists };
    }

    withDataset(result) {
      return result;
    }
  };
}
