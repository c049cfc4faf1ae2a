// SPDX-License-Identifier: MPL-2.0
// Data set readers: one interface, three sources. `read(offset, length, signal)` resolves to exactly `length`
// bytes or rejects with a ReadError whose `code` and `status` the checker reports (never "not found"). When the
// optional AbortSignal fires (the check was superseded or the checker closed), the read stops (an HTTP request
// is aborted) and rejects with the signal's reason, like fetch; PMTiles' Source.getBytes works the same way.
// `size` is the file's total size once known (Blob, bytes: at once; HTTP: from the first Content-Range).
// The readers run on the page; the engine's worker asks for bytes through the page (engine-client.js).

export class ReadError extends Error {
  constructor(code, status = 'unavailable') {
    super(code); // the message is the code: nothing typed, no URL, can be logged
    this.name = 'ReadError';
    this.code = code;
    this.status = status;
  }
}

/** Rejects with the signal's reason (an AbortError DOMException unless the caller gave one) once it fired. */
export function throwIfAborted(signal) {
  if (signal && signal.aborted) throw signal.reason ?? new DOMException('The read was aborted', 'AbortError');
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER; // offsets are exact below 2^53 (8 PiB): far beyond any data set

function checkRange(offset, length) {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length <= 0 ||
      offset + length > MAX_SAFE) {
    throw new ReadError('read_range', 'integrity_error');
  }
}

/** Bytes already in memory (bundled with a page, or read by the caller). */
export class BytesReader {
  constructor(buffer) {
    this.bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
    this.size = this.bytes.byteLength;
    this.kind = 'bytes';
  }
  async read(offset, length, signal) {
    throwIfAborted(signal);
    checkRange(offset, length);
    if (offset + length > this.size) throw new ReadError('bucket_truncated', 'integrity_error');
    return this.bytes.slice(offset, offset + length); // a copy: the caller transfers it to the worker
  }
}

/** A local File or Blob (the person picked the data set file: offline use). */
export class BlobReader {
  constructor(blob) {
    this.blob = blob;
    this.size = blob.size;
    this.kind = 'file';
  }
  async read(offset, length, signal) {
    throwIfAborted(signal);
    checkRange(offset, length);
    if (offset + length > this.size) throw new ReadError('bucket_truncated', 'integrity_error');
    let buffer;
    try {
      buffer = await this.blob.slice(offset, offset + length).arrayBuffer();
    } catch {
      throw new ReadError('read_failed'); // file moved or permission revoked since it was picked
    }
    throwIfAborted(signal); // a local read cannot be interrupted; its answer is dropped instead
    if (buffer.byteLength !== length) throw new ReadError('bucket_truncated', 'integrity_error');
    return new Uint8Array(buffer);
  }
}

// "bytes 10-19/1234" -> {start, end, total}; anything else (including "*" totals) -> null.
export function parseContentRange(value) {
  const m = /^bytes (\d{1,16})-(\d{1,16})\/(\d{1,16})$/.exec((value || '').trim());
  if (!m) return null;
  const [start, end, total] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (![start, end, total].every(Number.isSafeInteger) || end < start || end >= total) return null;
  return { start, end, total };
}

/**
 * HTTP Range reader. Every request: no cookies, no referrer, one exact byte range; the answer must be a
 * 206 whose Content-Range names that range and the same total every time (the header's computed size is
 * checked by the engine). A server that ignores Range and sends the whole file (200) is refused: the
 * widget never downloads or trusts a whole-file answer it did not ask for.
 */
export class RangeReader {
  constructor(url, { fetchImpl = globalThis.fetch.bind(globalThis), timeoutMs = 30000 } = {}) {
    this.url = String(url);
    this.fetch = fetchImpl;
    this.timeoutMs = timeoutMs;
    this.size = undefined;
    this.kind = 'http';
  }

  async read(offset, length, signal) {
    throwIfAborted(signal);
    checkRange(offset, length);
    const end = offset + length - 1;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    // The caller's signal aborts this request too (a superseded check stops its Range request).
    const onAbort = () => controller.abort();
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    let response;
    let body;
    try {
      response = await this.fetch(this.url, {
        method: 'GET',
        headers: { Range: `bytes=${offset}-${end}` },
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store', // a cached full-file 200 must never stand in for a range; the SW caches its own copy
        redirect: 'follow',
        mode: 'cors',
        signal: controller.signal,
      });
      if (response.status === 200) {
        controller.abort(); // stop the whole-file download at once
        throw new ReadError('range_ignored');
      }
      if (response.status === 416) throw new ReadError('range_not_satisfiable', 'integrity_error');
      if (response.status !== 206) throw new ReadError(response.status === 404 ? 'http_not_found' : 'http_error');
      const range = parseContentRange(response.headers.get('Content-Range'));
      if (!range || range.start !== offset || range.end !== end) throw new ReadError('range_mismatch');
      if (this.size !== undefined && range.total !== this.size) throw new ReadError('range_mismatch');
      this.size = range.total;
      body = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throwIfAborted(signal);
      if (error instanceof ReadError) throw error;
      throw new ReadError(controller.signal.aborted ? 'read_timeout' : 'read_failed');
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
    }
    if (body.byteLength !== length) throw new ReadError('range_mismatch');
    return body;
  }
}

/** Picks the reader for what the embedder passed: a URL (string or URL), a File/Blob, or bytes. */
export function createReader(dataset, options) {
  if (dataset instanceof ArrayBuffer || ArrayBuffer.isView(dataset)) {
    return new BytesReader(ArrayBuffer.isView(dataset)
      ? new Uint8Array(dataset.buffer, dataset.byteOffset, dataset.byteLength) : dataset);
  }
  if (typeof Blob !== 'undefined' && dataset instanceof Blob) return new BlobReader(dataset);
  if (typeof dataset === 'string' || dataset instanceof URL) {
    const base = typeof document !== 'undefined' ? document.baseURI : undefined;
    return new RangeReader(new URL(String(dataset), base).href, options);
  }
  // A custom reader with the same interface: read(offset, length, signal) on the page (docs/WIDGET.md).
  if (dataset && typeof dataset.read === 'function') return dataset;
  throw new TypeError('BreachCheck: dataset must be a URL, a File/Blob, an ArrayBuffer or a reader');
}
